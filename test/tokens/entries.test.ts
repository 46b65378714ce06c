// Lambda entry modules as the local runtime and Lambda load them: env read once, real SDK clients (dynalite), mocked Secrets Manager.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTenantStore } from '../../lambdas/shared/adapters/dynamodb-tenant-store';
import { ENV, ORIGIN_VERIFY_HEADER } from '../../lambdas/shared/definitions';
import { publicKeySetOf, signSessionToken } from '../../lambdas/shared/session-token';
import { ALLOWED_ORIGIN, tenantSettings } from './support/fixtures';
import { startLocalDynamoDb, type LocalDynamoDb } from './support/local-dynamodb';
import { ISSUER, audienceOf, claims, keyKit } from './support/token-kit';

const sm = mockClient(SecretsManagerClient);
let db: LocalDynamoDb;
const saved = { ...process.env };
const kit = keyKit();
const ORIGIN_SECRET = 'v'.repeat(48);

beforeAll(async () => {
  db = await startLocalDynamoDb();
  await new DynamoDbTenantStore(db.doc, db.tableName('tenants')).putTenant(tenantSettings('acme'));
  const endpoint = await db.client.config.endpoint!();
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    LOG_LEVEL: 'ERROR',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://${endpoint.hostname}:${endpoint.port}`,
    [ENV.cellRegion]: 'eu-west-1',
    [ENV.tenantsTable]: db.tableName('tenants'),
    [ENV.sessionsTable]: db.tableName('sessions'),
    [ENV.verificationKeysParameter]: 'verification-keys',
    [ENV.originVerifySecretId]: 'origin-verify',
    [ENV.signingKeySecretId]: 'signing-keys',
    [ENV.tokenIssuer]: ISSUER,
    [ENV.tokenAudience]: audienceOf('eu-west-1'),
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
    const { handler } = await import('../../lambdas/authorizer/handler');
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
  it('refuses to start without its environment', async () => {
    const { readRotationEnv } = await import('../../lambdas/signing-key-rotation/env');
    expect(() => readRotationEnv({})).toThrow(/SIGNING_KEY_SECRET_ID/);
  });
});
