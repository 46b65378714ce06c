// Construct contracts: refused misconfigurations and the reusable latency-routed record.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EgressFirewall } from '../../lib/constructs/egress-firewall';
import { FlowLoggedVpc } from '../../lib/constructs/flow-logged-vpc';
import { LatencyRecord } from '../../lib/constructs/latency-record';
import { SecureBucket } from '../../lib/constructs/secure-bucket';
import { contentSecurityPolicy } from '../../lib/constructs/security-headers';

const env = { account: '111111111111', region: 'eu-west-1' };
const newStack = () => {
  const app = new App({
    context: {
      [`availability-zones:account=${env.account}:region=${env.region}`]: ['eu-west-1a', 'eu-west-1b'],
    },
  });
  return new Stack(app, 'Test', { env });
};

describe('SecureBucket', () => {
  it('refuses a data bucket without server access logs', () => {
    expect(() => new SecureBucket(newStack(), 'Data')).toThrow(/needs serverAccessLogsBucket/);
  });

  it('refuses SSE-KMS on a log-delivery bucket (log delivery supports SSE-S3 only)', () => {
    const stack = newStack();
    const encryptionKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(() => new SecureBucket(stack, 'Logs', { logDelivery: 's3-access-logs', encryptionKey })).toThrow(
      /must use SSE-S3/,
    );
  });
});

describe('EgressFirewall', () => {
  it('refuses an empty domain allow-list (it would silently allow nothing and break egress)', () => {
    const stack = newStack();
    const logKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const { vpc } = new FlowLoggedVpc(stack, 'Net', {
      cidr: '10.0.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      natGateways: 1,
      logKey,
      logRetention: logs.RetentionDays.ONE_MONTH,
      firewallSubnets: true,
    });
    expect(
      () =>
        new EgressFirewall(stack, 'Fw', {
          vpc,
          namePrefix: 'test',
          allowedDomains: [],
          logKey,
          logRetention: logs.RetentionDays.ONE_MONTH,
        }),
    ).toThrow(/allowedDomains is empty/);
  });
});

describe('LatencyRecord', () => {
  it('creates a latency-routed record for the cell region guarded by an HTTPS health check', () => {
    const stack = newStack();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0123456789',
      zoneName: 'chat.example.com',
    });
    new LatencyRecord(stack, 'Ws', {
      zone,
      recordName: 'ws',
      region: 'eu-west-1',
      target: 'd111.cloudfront.net',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'd111.cloudfront.net',
        ResourcePath: '/health',
        Port: 443,
        EnableSNI: true,
        FailureThreshold: 3,
      },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'ws.chat.example.com.',
      Type: 'CNAME',
      Region: 'eu-west-1',
      SetIdentifier: 'eu-west-1',
      HealthCheckId: { Ref: Match.stringLikeRegexp('HealthCheck') },
      TTL: '60',
      ResourceRecords: ['d111.cloudfront.net'],
    });
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts and connections only from the listed sources and refuses plugins and base rewrites', () => {
    const csp = contentSecurityPolicy(['wss://*.example.com'], "'none'");
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self' wss://*.example.com",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
      ]),
    );
  });
});
