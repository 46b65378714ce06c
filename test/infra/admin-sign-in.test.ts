// Admin sign-in across the app: each cell's Cognito callbacks name configured hosts the ALB certificate covers (ADR 0074).
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
      'https://admin.eu-west-1.chat.example.com:8443/oauth2/idpresponse',
    ]);
    for (const cell of prod.config.cells.filter((c) => c.region !== primary)) {
      expect(callbackUrls(prod.template(prod.cell(cell.region).chat))).toEqual([
        `https://${cell.adminHostName}:8443/oauth2/idpresponse`,
      ]);
    }
  });

  it('reads the default edge host name through a cross-region reference when no domain is configured', () => {
    const [edgeCallback, direct] = callbackUrls(dev.template(dev.cell(dev.config.primaryRegion).chat));
    expect(JSON.stringify(edgeCallback)).toMatch(/ExportsReader/);
    expect(JSON.stringify(edgeCallback)).toContain('/oauth2/idpresponse');
    expect(direct).toBe('https://admin.eu-west-1.dev.livechat.example.com:8443/oauth2/idpresponse');
  });
});
