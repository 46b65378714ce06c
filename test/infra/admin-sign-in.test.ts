// Admin sign-in across the app: Cognito callbacks, listener certificates and /admin/login per cell (ADR 0074).
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp, resourcesOf, testConfig, type BuiltApp } from './support/synth-app';

let dev: BuiltApp;
let prod: BuiltApp;

beforeAll(() => {
  dev = buildApp(testConfig('dev'));
  prod = buildApp(testConfig('prod'));
});

const callbackUrls = (t: Template): unknown[] => {
  const [[, client]] = resourcesOf(t, 'AWS::Cognito::UserPoolClient');
  return client.Properties.CallbackURLs as unknown[];
};

describe('admin sign-in callbacks', () => {
  it('Cognito callback URLs use the configured host names (no elb.amazonaws.com host)', () => {
    for (const built of [dev, prod]) {
      for (const cell of built.config.cells) {
        const urls = callbackUrls(built.template(built.cell(cell.region).chat));
        expect(urls).toContain(`https://${cell.adminHostName}:8443/oauth2/idpresponse`);
        expect(JSON.stringify(urls)).not.toMatch(/elb\.amazonaws\.com|DNSName/);
      }
    }
  });

  it('lets only the primary cell sign admins in through the edge distribution host', () => {
    const primary = prod.config.primaryRegion;
    expect(callbackUrls(prod.template(prod.cell(primary).chat))).toEqual([
      'https://static.chat.example.com/oauth2/idpresponse',
      'https://admin-eu-west-1.chat.example.com:8443/oauth2/idpresponse',
    ]);
    for (const cell of prod.config.cells.filter((c) => c.region !== primary)) {
      expect(callbackUrls(prod.template(prod.cell(cell.region).chat))).toEqual([
        `https://${cell.adminHostName}:8443/oauth2/idpresponse`,
      ]);
    }
  });

  it('accepts no edge (cloudfront.net) callback in any cell when no domain is configured', () => {
    for (const cell of dev.config.cells) {
      expect(callbackUrls(dev.template(dev.cell(cell.region).chat))).toEqual([
        `https://${cell.adminHostName}:8443/oauth2/idpresponse`,
      ]);
    }
  });
});

const adminListeners = (t: Template) =>
  resourcesOf(t, 'AWS::ElasticLoadBalancingV2::Listener').filter(([, r]) => r.Properties.Port === 8443);
/** Every certificate ARN of the admin listener: its default one and the extra SNI ones. */
const adminListenerCertificates = (t: Template): unknown[] => {
  const [[listenerId, listener]] = adminListeners(t);
  const extra = resourcesOf(t, 'AWS::ElasticLoadBalancingV2::ListenerCertificate')
    .filter(([, r]) => r.Properties.ListenerArn?.Ref === listenerId)
    .flatMap(([, r]) => r.Properties.Certificates);
  return [...listener.Properties.Certificates, ...extra].map((c: any) => c.CertificateArn);
};

describe('admin listener certificates (CloudFront checks the origin certificate against the forwarded Host)', () => {
  it('gives the primary admin listener the edge host certificate besides its own', () => {
    const primary = prod.config.cells.find((c) => c.region === prod.config.primaryRegion)!;
    expect(adminListenerCertificates(prod.template(prod.cell(primary.region).chat))).toEqual([
      primary.albCertificateArn,
      prod.config.domain!.primaryAdminEdgeCertificateArn,
    ]);
  });

  it('gives the other cells admin listeners only their own certificate', () => {
    for (const cell of prod.config.cells.filter((c) => c.region !== prod.config.primaryRegion)) {
      expect(adminListenerCertificates(prod.template(prod.cell(cell.region).chat))).toEqual([
        cell.albCertificateArn,
      ]);
    }
  });

  it('gives no admin listener an extra certificate when no domain is configured', () => {
    for (const cell of dev.config.cells) {
      expect(adminListenerCertificates(dev.template(dev.cell(cell.region).chat))).toEqual([
        cell.albCertificateArn,
      ]);
    }
  });
});

/** The actions of the admin listener's /admin/login rule, in order. */
const loginActions = (t: Template): any[] => {
  const [[, rule]] = resourcesOf(t, 'AWS::ElasticLoadBalancingV2::ListenerRule').filter(([, r]) =>
    JSON.stringify(r.Properties.Conditions).includes('/admin/login'),
  );
  return [...rule.Properties.Actions].sort((a: any, b: any) => a.Order - b.Order);
};

describe('/admin/login after sign-in', () => {
  it('redirects the primary cell admins to the edge dashboard, whose API is their cell', () => {
    const [authenticate, redirect] = loginActions(prod.template(prod.cell(prod.config.primaryRegion).chat));
    expect(authenticate.Type).toBe('authenticate-cognito');
    expect(redirect.RedirectConfig).toMatchObject({
      Host: 'static.chat.example.com',
      Path: '/admin/',
      Protocol: 'HTTPS',
    });
  });

  it('answers a JSON note instead of redirecting to a dashboard of another cell pool', () => {
    const nonPrimary = prod.config.cells.filter((c) => c.region !== prod.config.primaryRegion);
    const templates = [
      ...nonPrimary.map((c) => prod.template(prod.cell(c.region).chat)),
      // Without a domain no cell has a dashboard, the primary included.
      ...dev.cells.map((c) => dev.template(c.chat)),
    ];
    for (const t of templates) {
      const [authenticate, answer] = loginActions(t);
      expect(authenticate.Type).toBe('authenticate-cognito');
      expect(answer.Type).toBe('fixed-response');
      expect(answer.FixedResponseConfig).toMatchObject({
        StatusCode: '200',
        ContentType: 'application/json',
      });
      expect(JSON.parse(answer.FixedResponseConfig.MessageBody)).toMatchObject({
        signedIn: true,
        api: '/admin/v1/',
      });
    }
  });
});
