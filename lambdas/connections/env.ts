// The connect/disconnect handlers' environment, validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const disconnectSchema = z.object({ [ENV.sessionsTable]: z.string().min(1) });
const connectSchema = disconnectSchema.extend({ [ENV.tenantsTable]: z.string().min(1) });

/** `$disconnect`: the sessions table only. */
export const readConnectionsEnv = (source: NodeJS.ProcessEnv = process.env) => ({
  sessionsTable: readEnv(disconnectSchema, source)[ENV.sessionsTable],
});

/** `$connect`: the sessions table and the tenants table (for the tenant's `maxConnections`). */
export function readConnectEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = readEnv(connectSchema, source);
  return { sessionsTable: env[ENV.sessionsTable], tenantsTable: env[ENV.tenantsTable] };
}
