// Edge stack properties: CLOUDFRONT web ACL with logging, the static bucket behind OAC, the distribution's TLS and
// headers, and the same-origin admin dashboard and admin routes (ADR 0074).
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Template } from 'aws-cdk-lib/assertions';
import { EdgeStack } from '../../lib/stacks/edge-stack';
import { buildApp, resourcesOf, testConfig, type BuiltApp } from './support/synth-app';

let dev: BuiltApp;
let prod: BuiltApp;
let edge: Template;
let prodEdge: Template;

beforeAll(() => {
  dev = buildApp(testConfig('dev'));
  prod = buildApp(testConfig('prod'));
  edge = dev.template(dev.edge);
  prodEdge = prod.template(prod.edge);
});

const distributionConfig = (t: Template) =>
  resourcesOf(t, 'AWS::CloudFront::Distribution')[0][1].Properties.DistributionConfig;
const behaviourFor = (t: Template, pattern: string) =>
  distributionConfig(t).CacheBehaviors.find((b: any) => b.PathPattern === pattern);
const originOf = (t: Template, behaviour: any) =>
  distributionConfig(t).Origins.find((o: any) => o.Id === behaviour.TargetOriginId);
/** The response-headers policy a behaviour references, by logical id. */
const policyOf = (t: Template, behaviour: any) =>
  t.toJSON().Resources[behaviour.ResponseHeadersPolicyId.Ref].Properties.ResponseHeadersPolicyConfig;
const adminPolicy = (t: Template) => policyOf(t, behaviourFor(t, 'admin/*'));
const ADMIN_ROUTES = ['admin/v1/*', 'admin/login', 'oauth2/*'];
const headersPolicies = (t: Template) =>
  resourcesOf(t, 'AWS::CloudFront::ResponseHeadersPolicy').map(
    ([, r]) => r.Properties.ResponseHeadersPolicyConfig,
  );

describe('edge stack', () => {
  it('lives in us-east-1 and hands its web ACL ARN to a stack in another region', () => {
    expect(dev.edge.region).toBe('us-east-1');
    const built = buildApp(testConfig('dev'));
    const consumer = new Stack(built.app, 'WsEdgeConsumer', {
      env: { account: '111111111111', region: 'eu-west-1' },
      crossRegionReferences: true,
    });
    new ssm.StringParameter(consumer, 'WebAclArn', { stringValue: built.edge.webAcl.webAcl.attrArn });
    const writers = built.template(built.edge).findResources('Custom::CrossRegionExportWriter');
    const written = JSON.stringify(Object.values(writers).map((w: any) => w.Properties.WriterProps));
    // One writer per consuming region: the cells' chat stacks and this test's consumer all read the ACL ARN.
    for (const region of ['eu-west-1', 'ap-southeast-2']) expect(written).toContain(`"region":"${region}"`);
    expect(written).toContain('/cdk/exports/WsEdgeConsumer/');
    expect(written).toContain('WebAcl');
  });

  it('has a CLOUDFRONT-scope web ACL with the AWS common, known-bad-inputs and IP-reputation rule groups', () => {
    const [[, acl]] = resourcesOf(edge, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const groups = acl.Properties.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement).map(
      (r: any) =>
        `${r.Statement.ManagedRuleGroupStatement.VendorName}/${r.Statement.ManagedRuleGroupStatement.Name}`,
    );
    expect(groups.sort()).toEqual([
      'AWS/AWSManagedRulesAmazonIpReputationList',
      'AWS/AWSManagedRulesCommonRuleSet',
      'AWS/AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    for (const rule of acl.Properties.Rules)
      expect(rule.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
  });

  it('blocks a client IP above the configured request rate, before the managed rules', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Priority: 0,
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: { Limit: dev.config.waf.edgeRateLimitPer5Min, AggregateKeyType: 'IP' },
          },
        }),
      ]),
    });
  });

  it('logs WAF decisions to an encrypted aws-waf-logs-* group with the token query string redacted', () => {
    edge.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-livechat-dev-edge',
      KmsKeyId: Match.anyValue(),
      RetentionInDays: dev.config.retention.logDays,
    });
    edge.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] },
      LogDestinationConfigs: [
        Match.objectLike({
          'Fn::Join': [
            '',
            Match.arrayWith([Match.stringLikeRegexp(':log-group:aws-waf-logs-livechat-dev-edge$')]),
          ],
        }),
      ],
      RedactedFields: Match.arrayWith([{ QueryString: {} }, { SingleHeader: { Name: 'authorization' } }]),
    });
  });

  it('redacts the cookie header (the ALB admin session cookie) from the edge WAF logs', () => {
    for (const t of [edge, prodEdge]) {
      t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'cookie' } }]),
      });
    }
  });

  it('reaches the static bucket only through Origin Access Control (no OAI, no public access)', () => {
    edge.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    edge.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const [origin] = distributionConfig(edge).Origins;
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    edge.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('keeps the static bucket versioned, KMS-encrypted and access-logged', () => {
    edge.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 's3-static/' },
    });
  });

  it('serves HTTPS only, on every behaviour', () => {
    // dev: default, widget/*, sdk/*; prod (custom domain) adds the three admin routes and admin/*.
    for (const [t, count] of [
      [edge, 3],
      [prodEdge, 7],
    ] as const) {
      const config = distributionConfig(t);
      const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
      expect(behaviours).toHaveLength(count);
      for (const b of behaviours) expect(b.ViewerProtocolPolicy).toBe('https-only');
    }
  });

  it('uses TLS 1.2+ with the custom domain certificate when a domain is configured', () => {
    const config = distributionConfig(prodEdge);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: prod.config.domain!.edgeCertificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(config.Aliases).toEqual(['static.chat.example.com']);
    prodEdge.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'static.chat.example.com.',
      Type: 'A',
    });
    prodEdge.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'static.chat.example.com.',
      Type: 'AAAA',
    });
  });

  it('attaches the web ACL and writes standard logs to the declared log bucket', () => {
    const config = distributionConfig(edge);
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/WebAcl/), 'Arn'] });
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/EdgeLogs/), 'RegionalDomainName'] },
      Prefix: 'cloudfront-static/',
    });
    edge.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: dev.config.retention.accessLogDays })]),
      },
    });
  });

  it('sends a Content-Security-Policy whose connect-src admits the cells wss endpoints', () => {
    const csp = (t: Template) =>
      headersPolicies(t).map(
        (p) => p.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string,
      );
    // dev serves no dashboard, so it has no admin policy.
    expect(headersPolicies(edge).map((p) => p.Comment)).not.toContain(
      'Admin dashboard and API: strict CSP, HSTS, no framing',
    );
    for (const policy of csp(edge)) {
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toMatch(/connect-src 'self' wss:\/\/\*\.cloudfront\.net/);
    }
    const prodAdminCsp =
      adminPolicy(prodEdge).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    for (const policy of csp(prodEdge).filter((p) => p !== prodAdminCsp))
      expect(policy).toMatch(/connect-src 'self' wss:\/\/\*\.chat\.example\.com/);
    expect(csp(edge).some((p) => p.includes("frame-ancestors 'none'"))).toBe(true);
  });

  it('sends HSTS (two years, sub-domains, preload), nosniff and a strict referrer policy', () => {
    for (const policy of headersPolicies(edge)) {
      expect(policy.SecurityHeadersConfig.StrictTransportSecurity).toEqual({
        AccessControlMaxAgeSec: 63072000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      });
      expect(policy.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
      expect(policy.SecurityHeadersConfig.ReferrerPolicy.ReferrerPolicy).toBe(
        'strict-origin-when-cross-origin',
      );
    }
  });

  it('protects the distribution with Shield Advanced when the switch is on', () => {
    prodEdge.hasResourceProperties('AWS::Shield::Protection', {
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    edge.resourceCountIs('AWS::Shield::Protection', 0);
  });

  describe('admin routes (same origin as the dashboard, with a custom domain)', () => {
    it('has no admin routes, admin/* behaviour or dashboard deployment without a custom domain', () => {
      const patterns = distributionConfig(edge).CacheBehaviors.map((b: any) => b.PathPattern);
      for (const pattern of [...ADMIN_ROUTES, 'admin/*']) expect(patterns).not.toContain(pattern);
      const ports = distributionConfig(edge).Origins.map((o: any) => o.CustomOriginConfig?.HTTPSPort);
      expect(ports).not.toContain(8443);
      const dashboardDeployments = resourcesOf(edge, 'Custom::CDKBucketDeployment').filter(
        ([, r]) => r.Properties.DestinationBucketKeyPrefix === 'admin/',
      );
      expect(dashboardDeployments).toEqual([]);
    });

    it('refuses admin routes without a custom domain (no listener certificate can cover *.cloudfront.net)', () => {
      const app = new App();
      expect(
        () =>
          new EdgeStack(app, 'Edge', {
            env: { account: '111111111111', region: 'us-east-1' },
            prefix: 'livechat-test',
            rateLimitPer5Min: 1000,
            logRetentionDays: 30,
            accessLogDays: 30,
            admin: { originHostName: 'admin-eu-west-1.example.com', uploadOrigins: [] },
          }),
      ).toThrow(/admin routes need a custom domain/);
    });

    it('routes /admin/v1/*, /admin/login and /oauth2/* to the primary cell admin host name, before admin/*', () => {
      const patterns = distributionConfig(prodEdge).CacheBehaviors.map((b: any) => b.PathPattern);
      expect(patterns.slice(0, 4)).toEqual([...ADMIN_ROUTES, 'admin/*']);
      const primary = prod.config.cells.find((c) => c.region === prod.config.primaryRegion)!;
      for (const pattern of ADMIN_ROUTES) {
        expect(originOf(prodEdge, behaviourFor(prodEdge, pattern)).DomainName).toBe(primary.adminHostName);
      }
    });

    it('reaches the admin listener over HTTPS only, on port 8443 with TLS 1.2', () => {
      for (const pattern of ADMIN_ROUTES) {
        expect(originOf(prodEdge, behaviourFor(prodEdge, pattern)).CustomOriginConfig).toEqual({
          OriginProtocolPolicy: 'https-only',
          HTTPSPort: 8443,
          OriginSSLProtocols: ['TLSv1.2'],
        });
      }
    });

    it('serves the admin routes to viewers over HTTPS only', () => {
      for (const pattern of ADMIN_ROUTES)
        expect(behaviourFor(prodEdge, pattern).ViewerProtocolPolicy).toBe('https-only');
    });

    it('disables caching on the admin routes', () => {
      for (const pattern of ADMIN_ROUTES) {
        expect(behaviourFor(prodEdge, pattern).CachePolicyId).toBe(
          cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        );
      }
    });

    it('forwards every viewer header (Host), cookie (ALB session) and query string to the admin listener', () => {
      for (const pattern of ADMIN_ROUTES) {
        expect(behaviourFor(prodEdge, pattern).OriginRequestPolicyId).toBe(
          cloudfront.OriginRequestPolicy.ALL_VIEWER.originRequestPolicyId,
        );
      }
    });

    it('allows every HTTP method on the admin routes', () => {
      for (const pattern of ADMIN_ROUTES) {
        expect([...behaviourFor(prodEdge, pattern).AllowedMethods].sort()).toEqual(
          ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
        );
      }
    });

    it('passes the admin API error answers through (no distribution-wide custom error pages)', () => {
      expect(distributionConfig(edge).CustomErrorResponses).toBeUndefined();
      expect(distributionConfig(prodEdge).CustomErrorResponses).toBeUndefined();
    });

    it('serves admin/* from the static bucket (OAC) with admin/ mapped to its index.html', () => {
      const dashboard = behaviourFor(prodEdge, 'admin/*');
      expect(originOf(prodEdge, dashboard).S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
      expect(dashboard.ViewerProtocolPolicy).toBe('https-only');
      const [association] = dashboard.FunctionAssociations;
      expect(association.EventType).toBe('viewer-request');
      const [[, fn]] = resourcesOf(prodEdge, 'AWS::CloudFront::Function');
      expect(fn.Properties.FunctionCode).toContain("request.uri += 'index.html'");
    });

    it('applies the unframeable CSP to admin/* and the admin routes, admitting uploads to the knowledge bucket', () => {
      const policy = adminPolicy(prodEdge);
      const csp = policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(
        "connect-src 'self' https://livechat-prod-kb-222222222222-eu-west-1.s3.eu-west-1.amazonaws.com;",
      );
      expect(policy.SecurityHeadersConfig.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(policy.CorsConfig).toBeUndefined();
      for (const pattern of ADMIN_ROUTES) {
        expect(behaviourFor(prodEdge, pattern).ResponseHeadersPolicyId).toEqual(
          behaviourFor(prodEdge, 'admin/*').ResponseHeadersPolicyId,
        );
      }
    });

    it('deploys the built dashboard into the static bucket under admin/', () => {
      const staticBucket = resourcesOf(prodEdge, 'AWS::S3::Bucket').find(([id]) =>
        /StaticFiles/.test(id),
      )![0];
      const deployments = resourcesOf(prodEdge, 'Custom::CDKBucketDeployment')
        .map(([, r]) => r.Properties)
        .filter((p) => p.DestinationBucketKeyPrefix === 'admin/');
      expect(deployments).toHaveLength(2);
      for (const p of deployments) {
        expect(p.DestinationBucketName).toEqual({ Ref: staticBucket });
        expect(p).toMatchObject({ Prune: false, RetainOnDelete: true });
      }
    });

    it('caches the hashed dashboard files for a year as immutable and index.html for a minute', () => {
      prodEdge.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketKeyPrefix: 'admin/',
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
        Exclude: ['index.html'],
      });
      prodEdge.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketKeyPrefix: 'admin/',
        SystemMetadata: { 'cache-control': 'public, max-age=60' },
        Exclude: ['*'],
        Include: ['index.html'],
        DistributionPaths: ['/admin/index.html'],
      });
    });

    it('names the admin origin by a literal host name, so the edge never depends on a cell stack', () => {
      const origins = JSON.stringify(distributionConfig(prodEdge).Origins);
      expect(origins).not.toMatch(/elb\.amazonaws\.com|Fn::ImportValue|ExportsReader/);
      const cellStacks = prod.cells.flatMap((c) => [c.network, c.data, c.secops, c.chat]);
      for (const dependency of prod.edge.dependencies) expect(cellStacks).not.toContain(dependency);
    });
  });
});
