// Chat stack security properties: ALB, mTLS trust store, WAF association, authorizer wiring, CloudFront entry, keys.
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { ListenerAction } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ORIGIN_VERIFY_HEADER } from '../../lambdas/shared/definitions';
import { ALB_CERTIFICATE_ARN, EDGE_WEB_ACL_ARN, chatStackFixture } from './support/chat-stack-fixture';

const { stack, template } = chatStackFixture();
const resources = (type: string) => template.findResources(type);
const only = (type: string) => {
  const found = Object.values(resources(type));
  expect(found).toHaveLength(1);
  return found[0] as { Properties: Record<string, any> };
};
const listenerOnPort = (port: number) =>
  Object.values(resources('AWS::ElasticLoadBalancingV2::Listener')).find(
    (l: any) => l.Properties.Port === port,
  ) as { Properties: Record<string, any> };
const lbAttribute = (key: string) =>
  only('AWS::ElasticLoadBalancingV2::LoadBalancer').Properties.LoadBalancerAttributes.find(
    (a: any) => a.Key === key,
  )?.Value;

describe('public ALB', () => {
  it('is internet-facing in public subnets', () => {
    expect(only('AWS::ElasticLoadBalancingV2::LoadBalancer').Properties.Scheme).toBe('internet-facing');
  });
  it('drops invalid header fields', () => {
    expect(lbAttribute('routing.http.drop_invalid_header_fields.enabled')).toBe('true');
  });
  it('writes access logs and connection logs', () => {
    expect(lbAttribute('access_logs.s3.enabled')).toBe('true');
    expect(lbAttribute('connection_logs.s3.enabled')).toBe('true');
  });
  it('has deletion protection in production only', () => {
    expect(lbAttribute('deletion_protection.enabled')).toBe('false');
    const production = chatStackFixture({
      settings: { ...chatStackFixture().cell.settings, production: true },
    });
    const attrs = Object.values(
      production.template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    )[0] as any;
    expect(attrs.Properties.LoadBalancerAttributes).toContainEqual({
      Key: 'deletion_protection.enabled',
      Value: 'true',
    });
  });
  it('redirects HTTP to HTTPS and serves nothing over HTTP', () => {
    const http = listenerOnPort(80);
    expect(http.Properties.Protocol).toBe('HTTP');
    expect(http.Properties.DefaultActions).toEqual([
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
    ]);
  });
  it('uses a TLS 1.2+ policy on the HTTPS listener', () => {
    const https = listenerOnPort(443);
    expect(https.Properties.Protocol).toBe('HTTPS');
    expect(https.Properties.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(https.Properties.Certificates).toEqual([{ CertificateArn: ALB_CERTIFICATE_ARN }]);
  });
  it('has only ports 443 and 80 open', () => {
    const sg = Object.values(resources('AWS::EC2::SecurityGroup')).find((g: any) =>
      String(g.Properties.GroupDescription).startsWith('Public ALB'),
    ) as any;
    expect(sg.Properties.SecurityGroupIngress.map((r: any) => r.FromPort).sort()).toEqual([443, 80, 8443]); // partner mTLS, redirect, admin (Cognito)
  });
});

describe('partner listener mutual TLS', () => {
  it('verifies client certificates against the partner trust store', () => {
    expect(listenerOnPort(443).Properties.MutualAuthentication).toEqual({
      Mode: 'verify',
      TrustStoreArn: { 'Fn::GetAtt': [expect.stringMatching(/PartnerTrustStore/), 'TrustStoreArn'] },
      IgnoreClientCertificateExpiry: false,
    });
  });
  it('loads a revocation list into the trust store', () => {
    const revocation = only('AWS::ElasticLoadBalancingV2::TrustStoreRevocation');
    expect(revocation.Properties.TrustStoreArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/PartnerTrustStore/), 'TrustStoreArn'],
    });
    expect(revocation.Properties.RevocationContents).toEqual([
      expect.objectContaining({ RevocationType: 'CRL', S3Key: expect.stringMatching(/\.pem$/) }),
    ]);
  });
  it('routes only POST /v1/session-tokens to the token Lambda and answers 404 otherwise', () => {
    expect(listenerOnPort(443).Properties.DefaultActions[0]).toMatchObject({
      Type: 'fixed-response',
      FixedResponseConfig: { StatusCode: '404', ContentType: 'application/json' },
    });
    const partnerRules = Object.values(resources('AWS::ElasticLoadBalancingV2::ListenerRule')).filter(
      (r: any) => JSON.stringify(r.Properties.ListenerArn).includes('PartnerApiAlbPartner'),
    ) as any[];
    expect(partnerRules).toHaveLength(1);
    const rule = partnerRules[0];
    expect(rule.Properties.Conditions).toEqual(
      expect.arrayContaining([
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/session-tokens'] } },
        { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } },
      ]),
    );
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      Targets: [{ Id: { 'Fn::GetAtt': [Match.stringLikeRegexp('TokenIssuerFunction'), 'Arn'] } }],
    });
  });
  it('lets admin add a separate HTTPS listener without mTLS on its own port', () => {
    const { template: t } = chatStackFixture({}, (s) =>
      s.partnerApi.addHttpsListener('Admin', 8443, ALB_CERTIFICATE_ARN, ListenerAction.fixedResponse(404)),
    );
    const admin = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener')).find(
      (l: any) => l.Properties.Port === 8443,
    ) as any;
    expect(admin.Properties.MutualAuthentication).toBeUndefined();
    expect(admin.Properties.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
  });
});

describe('regional WAF', () => {
  it('is a REGIONAL ACL with managed rule groups and a per-IP rate rule', () => {
    const acl = only('AWS::WAFv2::WebACL').Properties;
    expect(acl.Scope).toBe('REGIONAL');
    const names = acl.Rules.map((r: any) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean);
    expect(names).toEqual(
      expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']),
    );
    const rate = acl.Rules.find((r: any) => r.Statement.RateBasedStatement);
    expect(rate).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } },
    });
  });
  it('is associated with the ALB', () => {
    expect(only('AWS::WAFv2::WebACLAssociation').Properties).toEqual({
      ResourceArn: { Ref: expect.stringMatching(/PartnerApiAlb/) },
      WebACLArn: { 'Fn::GetAtt': [expect.stringMatching(/RegionalWebAcl/), 'Arn'] },
    });
  });
  it('logs to an aws-waf-logs- log group', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-livechat-test-partner-eu-west-1$'),
      KmsKeyId: Match.anyValue(),
    });
  });
  it('redacts the cookie header (the ALB admin session cookie) and authorization from its logs', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
      ]),
    });
  });
});

describe('WebSocket API and $connect authorizer', () => {
  it('selects routes on $request.body.action', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });
  it('guards $connect with a REQUEST Lambda authorizer on the token, Origin and origin-verify header', () => {
    const authorizer = only('AWS::ApiGatewayV2::Authorizer').Properties;
    expect(authorizer.AuthorizerType).toBe('REQUEST');
    expect(authorizer.IdentitySource).toEqual([
      'route.request.querystring.token',
      'route.request.header.Origin',
      `route.request.header.${ORIGIN_VERIFY_HEADER}`,
    ]);
    expect(JSON.stringify(authorizer.AuthorizerUri)).toMatch(/WebSocketAuthorizerFunction/);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('TokenAuthorizer') },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$disconnect',
      AuthorizationType: 'NONE',
    });
  });
  it('gives the authorizer only the public key set and the origin-verify secret, not the signing keys', () => {
    const fn = Object.values(resources('AWS::Lambda::Function')).find((f: any) =>
      String(f.Properties.Description).includes('authorizer'),
    ) as any;
    const env = fn.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'VERIFICATION_KEYS_SECRET_ID',
        'ORIGIN_VERIFY_SECRET_ID',
        'TOKEN_AUDIENCE',
        'CELL_REGION',
      ]),
    );
    expect(env.SIGNING_KEY_SECRET_ID).toBeUndefined();
    expect(env.TOKEN_AUDIENCE).toBe('urn:livechat:livechat-test:cell:eu-west-1');
    const policies = Object.values(resources('AWS::IAM::Policy')).filter((p: any) =>
      JSON.stringify(p.Properties.Roles).includes('WebSocketAuthorizer'),
    );
    expect(JSON.stringify(policies)).not.toMatch(/SigningKeySet/);
  });
  it('lets the authorizer decrypt its secrets only through Secrets Manager', () => {
    const policy = Object.values(resources('AWS::IAM::Policy')).find((p: any) =>
      JSON.stringify(p.Properties.Roles).includes('WebSocketAuthorizer'),
    ) as any;
    const kms = policy.Properties.PolicyDocument.Statement.find(
      (s: any) => s.Condition?.StringEquals?.['kms:ViaService'],
    );
    expect(kms).toMatchObject({
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });
  it('has a stage ws with access logs and throttling', () => {
    const stage = only('AWS::ApiGatewayV2::Stage').Properties;
    expect(stage.StageName).toBe('ws');
    expect(stage.AccessLogSettings.DestinationArn).toBeDefined();
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({
      connectionId: '$context.connectionId',
    });
    expect(stage.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 500,
      ThrottlingBurstLimit: 1000,
    });
  });
  it('runs every Lambda in the VPC', () => {
    for (const fn of Object.values(resources('AWS::Lambda::Function')) as any[]) {
      expect(fn.Properties.VpcConfig?.SubnetIds).toBeDefined();
    }
  });
  it('exposes callbackUrl and publicUrl of the cell', () => {
    const resolve = (v: string) => JSON.stringify(stack.resolve(v));
    expect(resolve(stack.websocket.callbackUrl)).toMatch(/execute-api/);
    expect(resolve(stack.websocket.publicUrl)).toMatch(/wss:\/\/.*DomainName.*\/ws/);
  });
});

describe('CloudFront in front of the WebSocket API', () => {
  const distribution = () => {
    const found = Object.values(resources('AWS::CloudFront::Distribution')).filter((d: any) =>
      String(d.Properties.DistributionConfig.Comment).startsWith('Chat WebSocket entry'),
    ) as any[];
    expect(found).toHaveLength(1);
    return found[0].Properties.DistributionConfig;
  };
  it('is protected by the edge web ACL and logs to the declared bucket', () => {
    expect(distribution().WebACLId).toBe(EDGE_WEB_ACL_ARN);
    expect(distribution().Logging.Bucket).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/CdnLogs/), 'RegionalDomainName'],
    });
  });
  it('is HTTPS only to viewers and TLS 1.2 to the origin, with caching disabled', () => {
    const behavior = distribution().DefaultCacheBehavior;
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    const origin = distribution().Origins[0];
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });
  it('sends the origin-verify header from the secret as a dynamic reference, never a literal', () => {
    const header = distribution().Origins[0].OriginCustomHeaders[0];
    expect(header.HeaderName).toBe(ORIGIN_VERIFY_HEADER);
    expect(JSON.stringify(header.HeaderValue)).toMatch(
      /\{\{resolve:secretsmanager:.*:SecretString:current::\}\}/,
    );
  });
  it('forwards WebSocket headers, Origin and query strings but not Host', () => {
    const policy = only('AWS::CloudFront::OriginRequestPolicy').Properties.OriginRequestPolicyConfig;
    expect(policy.HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(policy.HeadersConfig.Headers).toEqual(
      expect.arrayContaining(['Origin', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version']),
    );
    expect(policy.HeadersConfig.Headers).not.toContain('Host');
    expect(policy.QueryStringsConfig.QueryStringBehavior).toBe('all');
  });
});

describe('signing keys', () => {
  it('encrypts both key-set secrets and the origin-verify secret with the data key', () => {
    const secrets = (Object.values(resources('AWS::SecretsManager::Secret')) as any[]).filter((s) =>
      /Session-token|origin-verify/.test(String(s.Properties.Description)),
    );
    expect(secrets).toHaveLength(3);
    for (const s of secrets) expect(JSON.stringify(s.Properties.KmsKeyId)).toMatch(/DataKey/);
  });
  it('rotates the signing key set every 30 days with the rotation function', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('SigningKeySet') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('SigningKeysRotation'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });
  it('gives the signing key set only to the token issuer and the rotation function', () => {
    const readers = Object.values(resources('AWS::IAM::Policy'))
      .filter((p: any) => /SigningKeySet[A-F0-9]/.test(JSON.stringify(p.Properties.PolicyDocument)))
      .map((p: any) => JSON.stringify(p.Properties.Roles));
    expect(readers.length).toBeGreaterThan(0);
    for (const roles of readers) expect(roles).toMatch(/TokenIssuer|SigningKeysRotation/);
  });
  it('tells the token issuer its cell audience and websocketUrl', () => {
    const fn = Object.values(resources('AWS::Lambda::Function')).find((f: any) =>
      String(f.Properties.Description).includes('session-tokens'),
    ) as any;
    const env = fn.Properties.Environment.Variables;
    expect(env.TOKEN_AUDIENCE).toBe('urn:livechat:livechat-test:cell:eu-west-1');
    expect(JSON.stringify(env.WEBSOCKET_PUBLIC_URL)).toMatch(/wss:\/\//);
  });
});

describe('Shield Advanced', () => {
  it('is off unless configured: no protection in the default cell', () => {
    template.resourceCountIs('AWS::Shield::Protection', 0);
  });

  it('protects the partner ALB with automatic L7 mitigation and a DDoSDetected alarm when configured', () => {
    const shielded = chatStackFixture({ shieldAdvanced: true });
    const albRef = { Ref: Match.stringLikeRegexp('PartnerApiAlb') };
    shielded.template.hasResourceProperties('AWS::Shield::Protection', {
      ResourceArn: albRef,
      ApplicationLayerAutomaticResponseConfiguration: { Status: 'ENABLED', Action: { Count: {} } },
    });
    shielded.template.hasResourceProperties('AWS::Shield::ProtectionGroup', {
      Aggregation: 'MAX',
      Members: [albRef],
    });
    shielded.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/DDoSProtection',
      MetricName: 'DDoSDetected',
      Dimensions: [{ Name: 'ResourceArn', Value: albRef }],
    });
  });
});

describe('example trust material in production', () => {
  const production = (overrides: Parameters<typeof chatStackFixture>[0] = {}) =>
    Annotations.fromStack(
      chatStackFixture({ settings: { ...chatStackFixture().cell.settings, production: true }, ...overrides })
        .stack,
    );

  it('warns when a production cell deploys the example partner CA and transcript key', () => {
    const annotations = production();
    annotations.hasWarning('*', Match.stringLikeRegexp('example partner CA'));
    annotations.hasWarning('*', Match.stringLikeRegexp('example transcript-signing key'));
  });

  it('does not warn once the production files are configured', () => {
    const annotations = production({
      partnerTrust: {
        caBundlePath: 'deploy/partner-trust/example/ca-bundle.example.pem',
        revocationListPath: 'deploy/partner-trust/example/revocation-list.example.crl.pem',
      },
      transcriptSigningPublicKeyPath: 'deploy/transcript-signing/example-public-key.pem',
    });
    annotations.hasNoWarning('*', Match.stringLikeRegexp('example partner CA'));
    annotations.hasNoWarning('*', Match.stringLikeRegexp('example transcript-signing key'));
  });
});
