// The token issuer's environment, validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const schema = z.object({
  [ENV.tenantsTable]: z.string().min(1),
  [ENV.sessionsTable]: z.string().min(1),
  [ENV.conversationsTable]: z.string().min(1),
  [ENV.conversationRetentionDays]: z.coerce.number().int().min(1).max(3653),
  [ENV.signingKeySecretId]: z.string().min(1),
  [ENV.tokenIssuer]: z.string().min(1),
  [ENV.tokenAudience]: z.string().min(1),
  [ENV.websocketPublicUrl]: z.string().regex(/^wss?:\/\/[^\s?#]+$/, 'must be a ws:// or wss:// URL'),
});

export const readTokenIssuerEnv = (source: NodeJS.ProcessEnv = process.env) => {
  const env = readEnv(schema, source);
  return {
    tenantsTable: env[ENV.tenantsTable],
    sessionsTable: env[ENV.sessionsTable],
    conversationsTable: env[ENV.conversationsTable],
    conversationRetentionDays: env[ENV.conversationRetentionDays],
    signingKeySecretId: env[ENV.signingKeySecretId],
    issuer: env[ENV.tokenIssuer],
    audience: env[ENV.tokenAudience],
    websocketUrl: env[ENV.websocketPublicUrl],
  };
};
