// The rotation function's environment, validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const schema = z.object({
  [ENV.signingKeySecretId]: z.string().min(1),
  [ENV.verificationKeysSecretId]: z.string().min(1),
});

export const readRotationEnv = (source: NodeJS.ProcessEnv = process.env) => {
  const env = readEnv(schema, source);
  return {
    signingKeySecretId: env[ENV.signingKeySecretId],
    verificationKeysSecretId: env[ENV.verificationKeysSecretId],
  };
};
