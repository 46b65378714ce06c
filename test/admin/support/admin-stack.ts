// Test support: a cell fixture stack with a test ALB and the admin identity, downloads and API constructs.
import { generateKeyPairSync } from 'node:crypto';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AdminApi } from '../../../lib/constructs/admin-api';
import { AdminIdentity } from '../../../lib/constructs/admin-identity';
import { TranscriptDownloads } from '../../../lib/constructs/transcript-downloads';
import { cellFixture } from '../../support/cell-fixture';

export const PUBLIC_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

export function adminStack(beforeSynth?: (app: import('aws-cdk-lib').App) => void) {
  const fixture = cellFixture('AdminUnderTest');
  beforeSynth?.(fixture.app);
  const { stack, network, data } = fixture;
  // The ALB stands in for the partner token API's; it is not under test here.
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'TestAlb', {
    vpc: network.vpc,
    internetFacing: true,
  });
  const identity = new AdminIdentity(stack, 'AdminIdentity', {
    domainPrefix: 'livechat-test-eu-west-1-admin',
    callbackUrls: [
      'https://static.example.com/oauth2/idpresponse',
      'https://admin.eu-west-1.example.com:8443/oauth2/idpresponse',
    ],
    tenantIds: ['tenant-a'],
  });
  const downloads = new TranscriptDownloads(stack, 'TranscriptDownloads', {
    signingPublicKeyPem: PUBLIC_KEY_PEM,
    encryptionKey: data.dataKey,
    accessLogsBucket: data.accessLogsBucket,
  });
  const api = new AdminApi(stack, 'AdminApi', {
    network,
    data,
    loadBalancer,
    certificates: [
      elbv2.ListenerCertificate.fromCertificateManager(
        acm.Certificate.fromCertificateArn(
          stack,
          'Cert',
          'arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
        ),
      ),
    ],
    identity,
    downloads,
    logRetention: logs.RetentionDays.ONE_MONTH,
    dashboardHost: 'static.example.com',
  });
  return { ...fixture, loadBalancer, identity, downloads, api };
}
