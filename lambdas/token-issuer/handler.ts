// Lambda entry of POST /v1/session-tokens: env, SDK clients and adapters created once, then the middy handler.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConversationStore } from '../shared/adapters/dynamodb-conversation-store';
import { DynamoDbRateLimiter } from '../shared/adapters/dynamodb-rate-limiter';
import { DynamoDbTenantStore } from '../shared/adapters/dynamodb-tenant-store';
import { SecretsManagerSecretSource } from '../shared/adapters/secrets-manager-secret-source';
import { logger } from '../shared/logger';
import { ParsedSecret } from '../shared/parsed-secret';
import { SESSION_TOKEN_POLICY, parseSigningKeySet } from '../shared/session-token';
import { createTokenIssuerHandler } from './app';
import { readTokenIssuerEnv } from './env';

const env = readTokenIssuerEnv();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const secrets = new SecretsManagerSecretSource(new SecretsManagerClient({}), { ttlMs: 0 });
const signingKeys = new ParsedSecret({
  read: () => secrets.getSecretString(env.signingKeySecretId),
  parse: parseSigningKeySet,
  ttlMs: SESSION_TOKEN_POLICY.signingKeysTtlMs,
});

export const handler = createTokenIssuerHandler({
  logger,
  tenants: new DynamoDbTenantStore(doc, env.tenantsTable),
  rateLimiter: new DynamoDbRateLimiter(doc, env.sessionsTable),
  conversations: new DynamoDbConversationStore(doc, env.conversationsTable, env.conversationRetentionDays),
  signingKey: () => signingKeys.get(),
  clock: { now: () => Date.now() },
  settings: { issuer: env.issuer, audience: env.audience, websocketUrl: env.websocketUrl },
});
