// Lambda entry of WebSocket $connect: env and the DynamoDB connection registry created once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConnectionRegistry } from '../shared/adapters/dynamodb-connection-registry';
import { logger } from '../shared/logger';
import { createConnectHandler } from './app';
import { readConnectionsEnv } from './env';

const env = readConnectionsEnv();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = createConnectHandler({
  registry: new DynamoDbConnectionRegistry(doc, env.sessionsTable),
  clock: { now: () => Date.now() },
  logger,
});
