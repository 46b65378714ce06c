// The browser-facing admin surface locally: the admin helper's mount (admin API, dev sign-in, dashboard) on its own port.
import type { Server } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableName } from '../lambdas/shared/definitions';
import { createLocalAdmin } from './admin-local';
import type { RuntimeLog } from './console-log';
import { DevIdentityProvider } from './dev-identity';
import { sendJson } from './services/http-util';

export interface AdminServerOptions {
  /** An already listening server to serve on (its port is the admin origin). */
  readonly server: Server;
  readonly origin: string;
  readonly doc: DynamoDBDocumentClient;
  readonly s3Endpoint: string;
  readonly region: string;
  readonly tables: Readonly<Record<TableName, string>>;
  readonly buckets: { readonly knowledge: string; readonly exports: string };
  readonly tenantIds: readonly string[];
  /** Where the dashboard is built (on its first request). */
  readonly dashboardDir: string;
  readonly log: RuntimeLog;
}

/** Mounts the admin app (signed in through the dev identity provider, as the ALB's Cognito action would). */
export function startAdminServer(options: AdminServerOptions): { server: Server; close: () => void } {
  const s3 = new S3Client({
    endpoint: options.s3Endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const admin = createLocalAdmin({
    idp: new DevIdentityProvider({ tenantIds: options.tenantIds, region: options.region }),
    doc: options.doc,
    s3,
    tables: options.tables,
    buckets: options.buckets,
    publicBaseUrl: options.origin,
    s3Origin: new URL(options.s3Endpoint).origin,
    dashboardDir: options.dashboardDir,
  });
  const server = options.server;
  server.on('request', (req, res) => {
    const started = Date.now();
    admin.handle(req, res).then(
      (handled) => {
        if (!handled) {
          if (req.url === '/' && req.method === 'GET') {
            res.writeHead(303, { location: '/dev-login' }).end();
          } else {
            sendJson(res, 404, {
              error: { code: 'bad_request', message: `No route for ${req.method} ${req.url}` },
            });
          }
        }
        options.log.request(
          'admin',
          `${req.method} ${req.url?.split('?')[0]} ${res.statusCode} (${Date.now() - started} ms)`,
        );
      },
      (error: unknown) => {
        options.log.error('admin', `${req.method} ${req.url} failed`, error);
        if (!res.headersSent)
          sendJson(res, 500, { error: { code: 'internal_error', message: 'Admin request failed' } });
      },
    );
  });
  return { server, close: () => s3.destroy() };
}
