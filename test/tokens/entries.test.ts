// Lambda entry modules as the local runtime and Lambda load them: env read once, real SDK clients (dynalite), mocked Secrets Manager.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTenantStore } from '../../lambdas/shared/adapters/dynamodb-tenant-store';
import { ENV, ORIGIN_VERIFY_HEADER } from '../../lambdas/shared/definitions';
import { publicKeySetOf, signSessionToken, verifySessionToken } from '../../lambdas/shared/session-token';
import { readRotationEnv } from '../../lambdas/signing-key-rotation/env';
import { DynamoDbConnectionRegistry } from '../../lambdas/shared/adapters/dynamodb-connection-registry';
import {
  ALLOWED_ORIGIN,
  partnerCertificateRecord,
  tenantSettings,
  testCertificateAuthority,
} from './support/fixtures';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { ISSUER, audienceOf, claims, keyKit } from './support/token-kit';

const sm = mockClient(SecretsManagerClient);
let db: LocalDynamo;
const saved = { ...process.env };
const kit = keyKit();
const ORIGIN_SECRET = 'v'.repeat(48);
const partnerCert = testCertificateAuthority().issue('acme-backend', {
  from: '2026-01-01T00:00:00Z',
  to: '2036-01-01T00:00:00Z',
});

beforeAll(async () => {
  db = await startDynalite();
  const tenants = new DynamoDbTenantStore(db.doc, db.tables.tenants);
  await tenants.putTenant(tenantSettings('acme'));
  await tenants.putCertificate(partnerCertificateRecord('acme', partnerCert.pem));
  const endpoint = await db.client.config.endpoint!();
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    LOG_LEVEL: 'ERROR',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://${endpoint.hostname}:${endpoint.port}`,
    [ENV.cellRegion]: 'eu-west-1',
    [ENV.tenantsTable]: db.tables.tenants,
    [ENV.sessionsTable]: db.tables.sessions,
    [ENV.verificationKeysSecretId]: 'verification-keys',
    [ENV.originVerifySecretId]: 'origin-verify',
    [ENV.signingKeySecretId]: 'signing-keys',
    [ENV.tokenIssuer]: ISSUER,
    [ENV.tokenAudience]: audienceOf('eu-west-1'),
    [ENV.conversationsTable]: db.tables.conversations,
    [ENV.conversationRetentionDays]: '30',
    [ENV.websocketPublicUrl]: 'wss://chat-eu.example.com/ws',
  });
  sm.on(GetSecretValueCommand, { SecretId: 'signing-keys' }).resolves({
    SecretString: JSON.stringify(kit.set),
  });
  sm.on(GetSecretValueCommand, { SecretId: 'verification-keys' }).resolves({
    SecretString: JSON.stringify(publicKeySetOf(kit.set)),
  });
  sm.on(GetSecretValueCommand, { SecretId: 'origin-verify' }).resolves({
    SecretString: JSON.stringify({ current: ORIGIN_SECRET }),
  });
});

afterAll(async () => {
  process.env = saved;
  sm.restore();
  await db.stop();
});

describe('authorizer entry (lambdas/authorizer/handler.ts)', () => {
  it('allows a fresh token once, refuses its replay, against the real ledger', async () => {
    // Loaded only now: the entry reads its environment at import, like a Lambda cold start.
    type Entry = typeof import('../../lambdas/authorizer/handler');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../lambdas/authorizer/handler') as Entry;
    const now = Math.floor(Date.now() / 1000);
    const token = signSessionToken(claims({ iat: now, nbf: now, exp: now + 300 }), kit.signingKey);
    const event = {
      type: 'REQUEST' as const,
      methodArn: 'arn:aws:execute-api:eu-west-1:111111111111:api/ws/$connect',
      headers: { Origin: ALLOWED_ORIGIN, [ORIGIN_VERIFY_HEADER]: ORIGIN_SECRET },
      queryStringParameters: { token },
    };
    const first = await handler(event, {} as never);
    const replay = await handler(event, {} as never);
    expect(first.policyDocument.Statement[0]!.Effect).toBe('Allow');
    expect(first.context).toMatchObject({ tenantId: 'acme', cell: 'eu-west-1' });
    expect(replay.policyDocument.Statement[0]!.Effect).toBe('Deny');
  });
});

describe('rotation entry (lambdas/signing-key-rotation/handler.ts)', () => {
  it('refuses to start without its environment', () => {
    expect(() => readRotationEnv({})).toThrow(/SIGNING_KEY_SECRET_ID/);
  });
});

describe('token issuer entry (lambdas/token-issuer/handler.ts)', () => {
  const request = (body: object) => ({
    requestContext: { elb: { targetGroupArn: 'tg' } },
    httpMethod: 'POST',
    path: '/v1/session-tokens',
    headers: {
      'content-type': 'application/json',
      'x-amzn-mtls-clientcert-leaf': encodeURIComponent(partnerCert.pem),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  });

  it('mints a verifiable cell-bound token and keeps conversations per user', async () => {
    type Entry = typeof import('../../lambdas/token-issuer/handler');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../lambdas/token-issuer/handler') as Entry;
    const issued = await handler(request({ userId: 'alice' }), {} as never);
    expect(issued.statusCode).toBe(201);
    const body = JSON.parse(issued.body ?? '{}');
    expect(body.websocketUrl).toBe('wss://chat-eu.example.com/ws');
    const verified = verifySessionToken(body.token, kit.resolver, {
      issuer: ISSUER,
      audience: audienceOf('eu-west-1'),
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    expect(verified.ok && verified.claims).toMatchObject({ tenant: 'acme', sub: 'alice' });
    const again = await handler(
      request({ userId: 'alice', conversationId: body.conversationId }),
      {} as never,
    );
    const foreign = await handler(
      request({ userId: 'mallory', conversationId: body.conversationId }),
      {} as never,
    );
    expect([again.statusCode, foreign.statusCode]).toEqual([201, 403]);
  });
});

describe('connect / disconnect entries (lambdas/connections/*-handler.ts)', () => {
  it('registers and removes the connection in the region-local sessions table', async () => {
    type ConnectEntry = typeof import('../../lambdas/connections/connect-handler');
    type DisconnectEntry = typeof import('../../lambdas/connections/disconnect-handler');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const connect = require('../../lambdas/connections/connect-handler') as ConnectEntry;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const disconnect = require('../../lambdas/connections/disconnect-handler') as DisconnectEntry;
    const authorizer = {
      tenantId: 'acme',
      userId: 'alice',
      conversationId: 'conv-entry',
      jti: 'jti-entry',
      cell: 'eu-west-1',
      tokenExpiresAt: Math.floor(Date.now() / 1000) + 300,
    };
    const event = {
      requestContext: { connectionId: 'Conn1=', routeKey: '$connect', connectedAt: Date.now(), authorizer },
    };
    const registry = new DynamoDbConnectionRegistry(db.doc, db.tables.sessions);
    expect(await connect.handler(event, {} as never)).toEqual({ statusCode: 200 });
    expect((await registry.list('acme', 'conv-entry')).map((c) => c.connectionId)).toEqual(['Conn1=']);
    expect(await disconnect.handler(event, {} as never)).toEqual({ statusCode: 200 });
    expect(await registry.list('acme', 'conv-entry')).toEqual([]);
  });
});
