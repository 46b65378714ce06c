// The @connections management API (POST, GET, DELETE /<stage>/@connections/<id>) the real SDK client calls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeLog } from '../console-log';
import { PayloadTooLargeError, readBody, sendJson } from '../services/http-util';
import type { LiveConnection } from './live-connection';

export interface ConnectionsApiOptions {
  readonly stage: string;
  readonly connections: ReadonlyMap<string, LiveConnection>;
  readonly log: RuntimeLog;
  /** PostToConnection payload cap. @default 128 KB */
  readonly maxPayloadBytes?: number;
}

function error(res: ServerResponse, status: number, type: string, message: string | null): void {
  sendJson(res, status, { message }, { 'x-amzn-errortype': type });
}

/** Request listener serving the management API; anything else answers 403 as API Gateway does. */
export function createConnectionsApi(options: ConnectionsApiOptions) {
  const maxPayload = options.maxPayloadBytes ?? 128 * 1024;
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch((e: unknown) => {
      options.log.error('@connections', `${req.method} ${req.url} failed`, e);
      if (!res.headersSent) error(res, 500, 'InternalServerErrorException', 'Internal server error');
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const segments = path.split('/');
    // ['', stage, '@connections', id]
    if (segments.length !== 4 || segments[2] !== '@connections' || segments[1] !== options.stage) {
      options.log.request('@connections', `${req.method} ${path} 403 (no such stage or route)`, true);
      return error(res, 403, 'ForbiddenException', 'Forbidden');
    }
    let connectionId: string;
    try {
      connectionId = decodeURIComponent(segments[3]!);
    } catch {
      return error(res, 400, 'BadRequestException', 'Invalid connection id');
    }
    const connection = options.connections.get(connectionId);
    const line = (status: number) => `${req.method} ${connectionId} ${status}`;
    if (!connection) {
      options.log.debug('@connections', line(410));
      return error(res, 410, 'GoneException', null);
    }
    switch (req.method) {
      case 'POST': {
        let data: Buffer;
        try {
          data = await readBody(req, maxPayload);
        } catch (e) {
          if (e instanceof PayloadTooLargeError) {
            options.log.request('@connections', line(413), true);
            return error(res, 413, 'PayloadTooLargeException', 'Request entity too large');
          }
          throw e;
        }
        try {
          await connection.send(data);
        } catch {
          options.log.debug('@connections', line(410));
          return error(res, 410, 'GoneException', null);
        }
        options.log.debug('@connections', `${line(200)} ${data.length} bytes`);
        res.writeHead(200, { 'content-length': '0' }).end();
        return;
      }
      case 'GET': {
        const { info } = connection;
        options.log.debug('@connections', line(200));
        return sendJson(res, 200, {
          connectedAt: new Date(info.connectedAt).toISOString(),
          identity: { sourceIp: info.sourceIp, userAgent: info.userAgent },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        });
      }
      case 'DELETE': {
        options.log.request('@connections', line(204));
        res.writeHead(204).end();
        await connection.close(1000, '');
        return;
      }
      default:
        return error(res, 403, 'ForbiddenException', 'Forbidden');
    }
  }
}
