// Test harness: the real admin app over dynalite and the real S3/CloudFront adapters (S3 client mocked), with dev identities.
import { generateKeyPairSync } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { createAdminApp, CSRF_HEADER, CSRF_VALUE } from '../../../lambdas/admin-api/admin-app';
import { composeAdminDeps } from '../../../lambdas/admin-api/compose';
import { AdminIdentityVerifier } from '../../../lambdas/admin-api/identity/admin-identity-verifier';
import type { AdminDeps } from '../../../lambdas/admin-api/use-cases/context';
import { CloudFrontUrlSigner } from '../../../lambdas/shared/adapters/cloudfront-url-signer';
import { DevIdentityProvider, type DevUser } from '../../../local/dev-identity';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';

export const MAX_UPLOAD_BYTES = 1024 * 1024;
export const DOWNLOADS_BASE_URL = 'https://downloads.example.test';

export interface AdminHarness {
  readonly dynamo: LocalDynamo;
  readonly s3: S3Client;
  readonly idp: DevIdentityProvider;
  readonly deps: AdminDeps;
  readonly downloadKeys: { readonly publicKey: string; readonly privateKey: string };
  call(
    user: DevUser | 'anonymous',
    method: string,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  /** Like `call`, but returns the ALB result as the Lambda produced it (status, headers, raw body). */
  invoke(
    user: DevUser | 'anonymous',
    method: string,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<ALBResult>;
  stop(): Promise<void>;
}

export async function startAdminHarness(): Promise<AdminHarness> {
  const dynamo = await startDynalite();
  const s3 = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  const idp = new DevIdentityProvider({ tenantIds: ['tenant-a', 'tenant-b'] });
  const downloadKeys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const deps = composeAdminDeps({
    doc: dynamo.doc,
    s3,
    tables: {
      tenants: dynamo.tables.tenants,
      audit: dynamo.tables.audit,
      conversations: dynamo.tables.conversations,
    },
    buckets: { knowledge: 'knowledge-bucket', exports: 'exports-bucket' },
    downloads: new CloudFrontUrlSigner({
      baseUrl: DOWNLOADS_BASE_URL,
      keyPairId: 'K2TESTKEYPAIR',
      privateKeySecretId: 'downloads-key',
      secrets: { getSecretString: async () => JSON.stringify({ privateKey: downloadKeys.privateKey }) },
    }),
    groups: idp,
    maxUploadBytes: MAX_UPLOAD_BYTES,
  });
  const app = createAdminApp({
    deps,
    verifier: new AdminIdentityVerifier({
      albArn: idp.albArn,
      issuer: idp.issuer,
      clientId: idp.clientId,
      albKeys: idp.albKeys,
      jwks: idp.jwks,
      clock: deps.clock,
    }),
  });
  let requests = 0;
  const invoke: AdminHarness['invoke'] = async (user, method, path, body, extraHeaders = {}) => {
    const [pathname, query = ''] = path.split('?');
    const event: ALBEvent = {
      requestContext: {
        elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/a/1' },
      },
      httpMethod: method,
      path: pathname!,
      queryStringParameters: Object.fromEntries(
        query
          .split('&')
          .filter(Boolean)
          .map((p) => p.split('=') as [string, string]),
      ),
      headers: {
        ...(user === 'anonymous' ? {} : idp.headersFor(user)),
        ...(method === 'GET' ? {} : { [CSRF_HEADER]: CSRF_VALUE }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extraHeaders,
      },
      body: body === undefined ? '' : JSON.stringify(body),
      isBase64Encoded: false,
    };
    return app(event, `req-${++requests}`);
  };
  return {
    dynamo,
    s3,
    idp,
    deps,
    downloadKeys,
    async call(user, method, path, body, extraHeaders = {}) {
      const result = await invoke(user, method, path, body, extraHeaders);
      return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
    },
    invoke,
    stop: () => dynamo.stop(),
  };
}

export const TENANT_INPUT = (tenantId: string) => ({
  tenantId,
  displayName: `Tenant ${tenantId}`,
  allowedOrigins: [`https://${tenantId}.example.com`],
  securityContact: { name: 'Sec Ops', email: `security@${tenantId}.example.com` },
});
