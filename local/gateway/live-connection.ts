// One open WebSocket: route selection on `action`, integration calls, idle/max timers and $disconnect.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { RuntimeLog } from '../console-log';
import type { LambdaInvoker } from '../handlers/lambda-host';
import {
  type ConnectionInfo,
  disconnectEvent,
  type GatewayIdentity,
  type HeaderMaps,
  messageEvent,
} from './apigw-events';

export interface LiveConnectionOptions {
  readonly ws: WebSocket;
  readonly info: ConnectionInfo;
  readonly headers: HeaderMaps;
  readonly authorizer: Record<string, unknown>;
  readonly identity: GatewayIdentity;
  readonly limits: { readonly idleTimeoutMs: number; readonly maxConnectionMs: number };
  readonly routes: Readonly<Record<string, LambdaInvoker>>;
  readonly returnResponseRoutes: ReadonlySet<string>;
  readonly disconnect?: LambdaInvoker;
  readonly log: RuntimeLog;
  /** Called when the socket closed, with the promise of its $disconnect integration. */
  readonly onClosed: (disconnected: Promise<void>) => void;
}

/** The route key API Gateway selects with `$request.body.action`; `$default` when it cannot evaluate. */
export function selectRoute(body: string, routes: Readonly<Record<string, unknown>>): string | undefined {
  let action: unknown;
  try {
    action = (JSON.parse(body) as { action?: unknown } | null)?.action;
  } catch {
    action = undefined;
  }
  if (typeof action === 'string' && action !== '$default' && Object.hasOwn(routes, action)) return action;
  return Object.hasOwn(routes, '$default') ? '$default' : undefined;
}

export class LiveConnection {
  lastActiveAt: number;
  private idleTimer?: NodeJS.Timeout;
  private readonly maxTimer: NodeJS.Timeout;
  private closed?: Promise<void>;
  private resolveClosed?: () => void;

  constructor(private readonly options: LiveConnectionOptions) {
    const { ws, limits } = options;
    this.lastActiveAt = Date.now();
    this.touch();
    this.maxTimer = setTimeout(() => this.close(1001, 'Going away'), limits.maxConnectionMs);
    this.maxTimer.unref();
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.options.onClosed(this.onClose(code, reason.toString('utf8'))));
    ws.on('error', (error) => options.log.debug('ws', `${this.id} socket error: ${error.message}`));
  }

  get id(): string {
    return this.options.info.connectionId;
  }

  get info(): ConnectionInfo {
    return this.options.info;
  }

  /** Sends data posted through @connections (text when it is UTF-8, binary otherwise). */
  send(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.options.ws.send(data, { binary: !isUtf8(data) }, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Closes the socket and resolves after $disconnect ran. */
  close(code = 1000, reason = ''): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    if (this.options.ws.readyState === this.options.ws.OPEN) this.options.ws.close(code, reason);
    else if (this.options.ws.readyState !== this.options.ws.CLOSING) this.options.ws.terminate();
    return this.closed;
  }

  private touch(): void {
    this.lastActiveAt = Date.now();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(1001, 'Going away'), this.options.limits.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.touch();
    const buffer = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    const body = isBinary ? buffer.toString('base64') : buffer.toString('utf8');
    const routeKey = isBinary
      ? '$default' in this.options.routes
        ? '$default'
        : undefined
      : selectRoute(body, this.options.routes);
    if (!routeKey) {
      this.sendGatewayError('Forbidden');
      this.options.log.request('ws', `MESSAGE ${this.id} no route matches and no $default`, true);
      return;
    }
    void this.invokeRoute(routeKey, body, isBinary);
  }

  private async invokeRoute(routeKey: string, body: string, isBinary: boolean): Promise<void> {
    const started = Date.now();
    const { identity, info, authorizer, routes, log } = this.options;
    try {
      const result = (await routes[routeKey]!(
        messageEvent(identity, info, routeKey, body, isBinary, authorizer),
      )) as { statusCode?: number; body?: unknown } | undefined;
      if (
        this.options.returnResponseRoutes.has(routeKey) &&
        typeof result?.body === 'string' &&
        result.body
      ) {
        await this.send(Buffer.from(result.body, 'utf8')).catch(() => undefined);
      }
      log.request('ws', `${routeKey} ${this.id} ${result?.statusCode ?? 200} (${Date.now() - started} ms)`);
    } catch (error) {
      log.error('ws', `${routeKey} ${this.id} integration failed`, error);
      this.sendGatewayError('Internal server error');
    }
  }

  /** The frame API Gateway itself sends when a route cannot be served. */
  private sendGatewayError(message: string): void {
    const frame = JSON.stringify({ message, connectionId: this.id, requestId: randomUUID() });
    if (this.options.ws.readyState === this.options.ws.OPEN) this.options.ws.send(frame);
  }

  private async onClose(code: number, reason: string): Promise<void> {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    const { disconnect, identity, info, headers, authorizer, log } = this.options;
    const started = Date.now();
    try {
      if (disconnect) await disconnect(disconnectEvent(identity, info, headers, authorizer, code, reason));
      log.request('ws', `$disconnect ${this.id} code=${code} (${Date.now() - started} ms)`);
    } catch (error) {
      log.error('ws', `$disconnect ${this.id} integration failed`, error);
    } finally {
      this.closed ??= Promise.resolve();
      this.resolveClosed?.();
    }
  }
}
