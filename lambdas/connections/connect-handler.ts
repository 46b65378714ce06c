// Lambda entry of WebSocket $connect: env, the tenant store, connection limiter and registry created once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConnectionLimiter } from '../shared/adapters/dynamodb-connection-limiter';
import { DynamoDbConnectionRegistry } from '../shared/adapters/dynamodb-connection-registry';
import { DynamoDbTenantStore } from '../shared/adapters/dynamodb-tenant-store';
import { logger } from '../shared/logger';
import { createConnectHandler } from './app';
import { readConnectEnv } from './env';

const env = readConnectEnv();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = createConnectHandler({
  registry: new DynamoDbConnectionRegistry(doc, env.sessionsTable),
  limiter: new DynamoDbConnectionLimiter(doc, env.sessionsTable),
  tenants: new DynamoDbTenantStore(doc, env.tenantsTable),
  clock: { now: () => Date.now() },
  logger,
});
