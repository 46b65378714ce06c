// Lambda entry of WebSocket $connect: env, the tenant store, connection limiter and registry created once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTenantStore } from '../shared/adapters/dynamodb-tenant-store';
import { logger } from '../shared/logger';
import { createConnectHandler } from './app';
import { readConnectEnv } from './env';
import { tenantConnections } from './tenant-connections';

const env = readConnectEnv();
const { registry, limiter } = tenantConnections(env.sessionsTable, env.tenantScopedRoleArn);

export const handler = createConnectHandler({
  registry,
  limiter,
  // Tenant settings are shared read-only data: read with the function's own role.
  tenants: new DynamoDbTenantStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), env.tenantsTable),
  clock: { now: () => Date.now() },
  logger,
});
