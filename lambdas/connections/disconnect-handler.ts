// Lambda entry of WebSocket $disconnect: env, the connection registry and limiter created once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConnectionLimiter } from '../shared/adapters/dynamodb-connection-limiter';
import { DynamoDbConnectionRegistry } from '../shared/adapters/dynamodb-connection-registry';
import { logger } from '../shared/logger';
import { createDisconnectHandler } from './app';
import { readConnectionsEnv } from './env';

const env = readConnectionsEnv();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = createDisconnectHandler({
  registry: new DynamoDbConnectionRegistry(doc, env.sessionsTable),
  limiter: new DynamoDbConnectionLimiter(doc, env.sessionsTable),
  clock: { now: () => Date.now() },
  logger,
});
