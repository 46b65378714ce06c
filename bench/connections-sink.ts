// The @connections endpoint for the direct-handler floor: answers every PostToConnection and notes when each frame came.
import { createServer, type Server } from 'node:http';
import { readBody, sendJson } from '../local/services/http-util';
import { now } from './open-loop';

/** One frame a handler posted to a connection, as far as the bench needs it. */
export interface SinkFrame {
  readonly type: string;
  readonly clientMessageId?: string;
  readonly code?: string;
}

export interface ConnectionsSinkOptions {
  /** The stage in the management API's path (`/<stage>/@connections/<id>`). */
  readonly stage: string;
  /** Whether a connection id is open; a POST to another id answers 410 GoneException. */
  readonly isOpen: (connectionId: string) => boolean;
  /** Called with each posted frame and its receive time (epoch ms, sub-millisecond). */
  readonly onFrame: (connectionId: string, frame: SinkFrame, receivedAt: number) => void;
}

/**
 * A server shaped like the local gateway's management API (local/gateway/connections-api.ts) but with no
 * socket behind it: the handlers' ApiGatewayManagementApiClient keeps the stage in the path and
 * URL-encodes the id; 410 carries `x-amzn-errortype: GoneException` so the SDK maps it.
 */
export function createConnectionsSink(options: ConnectionsSinkOptions): Server {
  return createServer((req, res) => {
    const segments = (req.url ?? '/').split('?')[0]!.split('/');
    if (
      req.method !== 'POST' ||
      segments.length !== 4 ||
      segments[1] !== options.stage ||
      segments[2] !== '@connections'
    ) {
      sendJson(res, 403, { message: 'Forbidden' }, { 'x-amzn-errortype': 'ForbiddenException' });
      return;
    }
    const connectionId = decodeURIComponent(segments[3]!);
    readBody(req, 128 * 1024).then(
      (body) => {
        const receivedAt = now();
        if (!options.isOpen(connectionId)) {
          sendJson(res, 410, { message: null }, { 'x-amzn-errortype': 'GoneException' });
          return;
        }
        options.onFrame(connectionId, JSON.parse(body.toString('utf8')) as SinkFrame, receivedAt);
        res.writeHead(200, { 'content-length': '0' }).end();
      },
      () =>
        sendJson(
          res,
          413,
          { message: 'Request entity too large' },
          { 'x-amzn-errortype': 'PayloadTooLargeException' },
        ),
    );
  });
}
