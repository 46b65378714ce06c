// Lambda entry of the signing-key rotation (Secrets Manager schedule) and the operator's revoke operation.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { logger } from '../shared/logger';
import { createRotationHandler } from './app';
import { readRotationEnv } from './env';
import { SigningKeyRotation } from './rotate-signing-keys';

const env = readRotationEnv();

export const handler = createRotationHandler({
  rotation: new SigningKeyRotation({ client: new SecretsManagerClient({}), ...env }),
  logger,
});
