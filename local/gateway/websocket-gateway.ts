// A local API Gateway WebSocket API: $connect with the authorizer at the upgrade, route selection, limits, $disconnect.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import type { RuntimeLog } from '../console-log';
import type { LambdaInvoker } from '../handlers/lambda-host';
import {
  authorizerEvent,
  connectEvent,
  type ConnectionInfo,
  type GatewayIdentity,
  headerMaps,
  type HeaderMaps,
  methodArn,
  newConnectionId,
  queryMaps,
} from './apigw-events';
import { evaluateAuthorizer } from './authorizer-policy';
import { createConnectionsApi } from './connections-api';
import { enforceFrameLimit } from './frame-limit';
import { LiveConnection } from './live-connection';

export interface GatewayLimits {
  readonly maxFrameBytes: number;
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionMs: number;
}

export interface IdentitySource {
  readonly in: 'query' | 'header';
  readonly name: string;
}

export interface WebSocketGatewayOptions {
  /** An existing (possibly already listening) server to attach to. @default a new one */
  readonly server?: Server;
  readonly identity: GatewayIdentity;
  /** The authorizer's identity sources: when one is missing API Gateway answers 401 without calling it. */
  readonly identitySources?: readonly IdentitySource[];
  /** Path the WebSocket upgrade is accepted on. @default `/<stage>`, as on execute-api */
  readonly path?: string;
  readonly authorizer?: LambdaInvoker;
  readonly connect?: LambdaInvoker;
  readonly disconnect?: LambdaInvoker;
  /** Route key (`sendMessage`, …, `$default`) → integration. */
  readonly routes: Readonly<Record<string, LambdaInvoker>>;
  /** Routes whose integration response body is sent back to the caller (two-way routes). @default none */
  readonly returnResponseRoutes?: readonly string[];
  /** Headers added to every upgrade as the CloudFront distribution adds its origin custom headers. */
  readonly originHeaders?: () => Record<string, string>;
  readonly limits?: Partial<GatewayLimits>;
  readonly log: RuntimeLog;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxFrameBytes: PROTOCOL_LIMITS.maxFrameBytes,
  maxMessageBytes: PROTOCOL_LIMITS.maxMessageBytes,
  idleTimeoutMs: PROTOCOL_LIMITS.idleTimeoutSeconds * 1000,
  maxConnectionMs: PROTOCOL_LIMITS.maxConnectionSeconds * 1000,
};

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const ERROR_TYPE: Record<number, string> = {
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  429: 'LimitExceededException',
};

/** Answers the upgrade request with `status` and closes the socket (how API Gateway refuses a `$connect`). */
function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const text = STATUS_TEXT[status] ?? 'Error';
  const body = JSON.stringify({ message: status === 500 ? 'Internal server error' : text });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-ErrorType: ${ERROR_TYPE[status] ?? 'InternalServerErrorException'}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

export class WebSocketGateway {
  readonly server: Server;
  readonly connections = new Map<string, LiveConnection>();
  /** $disconnect integrations still running (awaited on close). */
  private readonly disconnecting = new Set<Promise<void>>();
  private readonly wss: WebSocketServer;
  private readonly limits: GatewayLimits;
  private readonly returnResponseRoutes: ReadonlySet<string>;

  constructor(private readonly options: WebSocketGatewayOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.returnResponseRoutes = new Set(options.returnResponseRoutes ?? []);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxMessageBytes,
      perMessageDeflate: false,
    });
    const api = createConnectionsApi({
      stage: options.identity.stage,
      connections: this.connections,
      log: options.log,
    });
    this.server = options.server ?? createServer();
    this.server.on('request', api);
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch((error: unknown) => {
        options.log.error('ws', 'upgrade failed', error);
        refuseUpgrade(socket, 500);
      });
    });
  }

  /** Closes every socket (1001, running $disconnect) and stops accepting connections. */
  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close(1001, 'Going away')));
    await Promise.all([...this.disconnecting]);
    this.wss.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    if (url.pathname !== (this.options.path ?? `/${this.options.identity.stage}`))
      return refuseUpgrade(socket, 404);
    const { identity, log } = this.options;
    const info: ConnectionInfo = {
      connectionId: newConnectionId(),
      connectedAt: Date.now(),
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      userAgent: req.headers['user-agent'],
    };
    const headers = headerMaps(req.rawHeaders, {
      'X-Forwarded-For': info.sourceIp,
      'X-Forwarded-Proto': 'https',
      ...this.options.originHeaders?.(),
    });
    const query = queryMaps(url.searchParams);
    const origin = req.headers.origin ?? '-';
    const refuse = (status: number, why: string) => {
      log.request(
        'ws',
        `$connect ${status} origin=${origin} ${why} (${Date.now() - started} ms)`,
        status >= 500,
      );
      refuseUpgrade(socket, status);
    };

    let context: Record<string, unknown> = {};
    const headerNames = new Set(Object.keys(headers.headers).map((n) => n.toLowerCase()));
    const missing = (this.options.identitySources ?? []).find((source) =>
      source.in === 'query'
        ? !url.searchParams.get(source.name)
        : !headerNames.has(source.name.toLowerCase()),
    );
    if (this.options.authorizer && missing) return refuse(401, `identity source ${missing.name} missing`);
    if (this.options.authorizer) {
      let result: unknown;
      let error: unknown;
      try {
        result = await this.options.authorizer(authorizerEvent(identity, info, headers, query));
      } catch (e) {
        error = e;
      }
      const decision = evaluateAuthorizer(result, error, methodArn(identity, '$connect'));
      if (decision.outcome === 'deny') return refuse(decision.status, decision.reason);
      context = decision.context;
    }
    if (this.options.connect) {
      try {
        const response = (await this.options.connect(
          connectEvent(identity, info, headers, query, context),
        )) as { statusCode?: number } | undefined;
        const status = response?.statusCode ?? 200;
        if (status < 200 || status > 299) {
          const tenant = typeof context.tenantId === 'string' ? `tenant=${context.tenantId} ` : '';
          return refuse(status, `${tenant}$connect integration refused with ${status}`);
        }
      } catch (error) {
        log.error('ws', '$connect integration failed', error);
        return refuse(500, '$connect integration failed');
      }
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      enforceFrameLimit(ws, this.limits.maxFrameBytes);
      this.register(ws, info, headers, context);
      const tenant = typeof context.tenantId === 'string' ? ` tenant=${context.tenantId}` : '';
      log.request(
        'ws',
        `$connect 101 ${info.connectionId}${tenant} origin=${origin} (${Date.now() - started} ms)`,
      );
    });
  }

  private register(
    ws: WebSocket,
    info: ConnectionInfo,
    headers: HeaderMaps,
    context: Record<string, unknown>,
  ): void {
    const connection = new LiveConnection({
      ws,
      info,
      headers,
      authorizer: context,
      identity: this.options.identity,
      limits: this.limits,
      routes: this.options.routes,
      returnResponseRoutes: this.returnResponseRoutes,
      disconnect: this.options.disconnect,
      log: this.options.log,
      onClosed: (disconnected) => {
        this.connections.delete(info.connectionId);
        this.disconnecting.add(disconnected);
        void disconnected.finally(() => this.disconnecting.delete(disconnected));
      },
    });
    this.connections.set(info.connectionId, connection);
  }
}
