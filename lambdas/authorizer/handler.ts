// Lambda entry of the $connect REQUEST authorizer: env, clients and key caches created once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTenantStore } from '../shared/adapters/dynamodb-tenant-store';
import { DynamoDbTokenIdLedger } from '../shared/adapters/dynamodb-token-id-ledger';
import { SecretsManagerSecretSource } from '../shared/adapters/secrets-manager-secret-source';
import { logger } from '../shared/logger';
import { ParsedSecret } from '../shared/parsed-secret';
import { SESSION_TOKEN_POLICY, parseVerificationKeySet } from '../shared/session-token';
import { createAuthorizerHandler } from './app';
import { readAuthorizerEnv } from './env';
import { parseOriginVerifySecret } from './origin-verify';

const env = readAuthorizerEnv();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const secrets = new SecretsManagerSecretSource(new SecretsManagerClient({}), { ttlMs: 0 });
const verificationKeys = new ParsedSecret({
  read: () => secrets.getSecretString(env.verificationKeysSecretId),
  parse: parseVerificationKeySet,
  ttlMs: SESSION_TOKEN_POLICY.verificationKeysTtlMs,
});
const originVerify = new ParsedSecret({
  read: () => secrets.getSecretString(env.originVerifySecretId),
  parse: parseOriginVerifySecret,
  ttlMs: 300_000,
});

export const handler = createAuthorizerHandler({
  logger,
  verificationKeys: () => verificationKeys.get(),
  refreshVerificationKeys: () => verificationKeys.refresh(),
  originVerifyValues: () => originVerify.get(),
  tenants: new DynamoDbTenantStore(doc, env.tenantsTable),
  ledger: new DynamoDbTokenIdLedger(doc, env.sessionsTable),
  clock: { now: () => Date.now() },
  settings: { issuer: env.issuer, audience: env.audience, cell: env.cell },
});
