// (rotation or revoke event) --> middy chain --> validate --> SigningKeyRotation.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import type { SigningKeyRotation } from './rotate-signing-keys';

const eventSchema = z.union([
  z.object({
    SecretId: z.string().min(1),
    ClientRequestToken: z.string().min(1),
    Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
  }),
  z.strictObject({ operation: z.literal('revoke'), kid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
]);

export function createRotationHandler(deps: { rotation: SigningKeyRotation; logger: Logger }) {
  const handle = async (event: unknown): Promise<void> => {
    const parsed = eventSchema.parse(event);
    if ('operation' in parsed) {
      deps.logger.warn('revoking signing key', { kid: parsed.kid });
      await deps.rotation.revoke(parsed);
      return;
    }
    deps.logger.info('rotation step', { step: parsed.Step });
    await deps.rotation.rotate(parsed);
  };
  return middy<unknown, void>(handle).use(injectLambdaContext(deps.logger));
}
