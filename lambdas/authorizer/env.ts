// The authorizer's environment, validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const schema = z.object({
  [ENV.cellRegion]: z.string().regex(/^[a-z0-9-]{1,32}$/),
  [ENV.tenantsTable]: z.string().min(1),
  [ENV.sessionsTable]: z.string().min(1),
  [ENV.verificationKeysSecretId]: z.string().min(1),
  [ENV.originVerifySecretId]: z.string().min(1),
  [ENV.tokenIssuer]: z.string().min(1),
  [ENV.tokenAudience]: z.string().min(1),
});

export const readAuthorizerEnv = (source: NodeJS.ProcessEnv = process.env) => {
  const env = readEnv(schema, source);
  return {
    cell: env[ENV.cellRegion],
    tenantsTable: env[ENV.tenantsTable],
    sessionsTable: env[ENV.sessionsTable],
    verificationKeysSecretId: env[ENV.verificationKeysSecretId],
    originVerifySecretId: env[ENV.originVerifySecretId],
    issuer: env[ENV.tokenIssuer],
    audience: env[ENV.tokenAudience],
  };
};
