// Lambda entry of WebSocket $disconnect: env, the connection registry and limiter created once per container.
import { logger } from '../shared/logger';
import { createDisconnectHandler } from './app';
import { readConnectionsEnv } from './env';
import { tenantConnections } from './tenant-connections';

const env = readConnectionsEnv();
const { registry, limiter } = tenantConnections(env.sessionsTable, env.tenantScopedRoleArn);

export const handler = createDisconnectHandler({
  registry,
  limiter,
  clock: { now: () => Date.now() },
  logger,
});
