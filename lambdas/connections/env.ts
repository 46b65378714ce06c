// The connect/disconnect handlers' environment, validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const disconnectSchema = z.object({
  [ENV.sessionsTable]: z.string().min(1),
  /** Absent only in the local runtime (no STS): then the function's own credentials are used. */
  [ENV.tenantScopedRoleArn]: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/)
    .optional(),
});
const connectSchema = disconnectSchema.extend({ [ENV.tenantsTable]: z.string().min(1) });

/** `$disconnect`: the sessions table, reached through the tenant-scoped role when one is given. */
export function readConnectionsEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = readEnv(disconnectSchema, source);
  return { sessionsTable: env[ENV.sessionsTable], tenantScopedRoleArn: env[ENV.tenantScopedRoleArn] };
}

/** `$connect`: the sessions table and the tenants table (for the tenant's `maxConnections`). */
export function readConnectEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = readEnv(connectSchema, source);
  return {
    sessionsTable: env[ENV.sessionsTable],
    tenantsTable: env[ENV.tenantsTable],
    tenantScopedRoleArn: env[ENV.tenantScopedRoleArn],
  };
}
