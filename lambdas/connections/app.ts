// (WebSocket $connect/$disconnect event) --> middy chain --> tenant connection limit + region-local connection registry.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import { PROTOCOL_LIMITS, CONNECTION_ID_PATTERN } from '../shared/definitions';
import { readAuthorizerContext } from '../shared/authorizer-context';
import type { Clock, ConnectionLimiter, ConnectionRegistry, TenantStore } from '../shared/ports';

/** The parts of API Gateway's WebSocket `$connect` / `$disconnect` event these handlers read. */
export interface WebSocketConnectionEvent {
  readonly requestContext: {
    readonly connectionId: string;
    /** Epoch milliseconds at which API Gateway accepted the connection (same value on every event of it). */
    readonly connectedAt?: number;
    readonly routeKey?: string;
    readonly eventType?: string;
    readonly authorizer?: unknown;
  };
}

export interface WebSocketResult {
  readonly statusCode: number;
}

export interface DisconnectHandlerDeps {
  readonly registry: ConnectionRegistry;
  readonly limiter: ConnectionLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ConnectHandlerDeps extends DisconnectHandlerDeps {
  /** The tenant's settings (its `limits.maxConnections`), cached per container by the adapter. */
  readonly tenants: TenantStore;
}

/** A record outlives API Gateway's 2 h connection maximum by this slack before TTL removes it. */
const RECORD_SLACK_SECONDS = 600;
/** Tolerated clock difference between API Gateway's `connectedAt` and this function's clock. */
const CLOCK_SKEW_MS = 60_000;

/** `$connect` refused because the tenant has `maxConnections` open connections in this cell. */
export const CONNECTION_LIMIT_STATUS = 429;
/** `$connect` refused because the tenant's settings are gone or it is no longer active. */
export const TENANT_UNAVAILABLE_STATUS = 403;

function connectionIdOf(event: WebSocketConnectionEvent): string {
  const id = event.requestContext?.connectionId;
  if (typeof id !== 'string' || !CONNECTION_ID_PATTERN.test(id))
    throw new Error('event has no valid connectionId');
  return id;
}

/**
 * API Gateway's `connectedAt` (ms), the key of the connection's count bucket on connect and disconnect alike;
 * undefined unless it is an integer between the longest connection ago and a little ahead of now.
 */
export function connectedAtOf(event: WebSocketConnectionEvent, nowMs: number): number | undefined {
  const value = event.requestContext?.connectedAt;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return undefined;
  const oldest = nowMs - (PROTOCOL_LIMITS.maxConnectionSeconds + RECORD_SLACK_SECONDS) * 1000;
  return value >= oldest && value <= nowMs + CLOCK_SKEW_MS ? value : undefined;
}

/**
 * `$connect` (after the authorizer allowed it):
 * 1. reads the verified identity, the connection id and API Gateway's `connectedAt`;
 * 2. reads the tenant's settings; a missing or inactive tenant is refused with 403;
 * 3. counts the connection against `limits.maxConnections` in this cell; over the limit → 429, nothing registered;
 * 4. registers the connection; if that fails the count is released and the error propagates (500).
 */
export function createConnectHandler(deps: ConnectHandlerDeps) {
  const handle = async (event: WebSocketConnectionEvent): Promise<WebSocketResult> => {
    const identity = readAuthorizerContext(event.requestContext.authorizer);
    const connectionId = connectionIdOf(event);
    const nowMs = deps.clock.now();
    const connectedAtMs = connectedAtOf(event, nowMs);
    // A connect is counted in the bucket of its connectedAt, so it must be now (not hours old: bucket b-2 is never read).
    if (connectedAtMs === undefined || Math.abs(nowMs - connectedAtMs) > CLOCK_SKEW_MS)
      throw new Error('event has no valid connectedAt');
    const { tenantId } = identity;

    const tenant = await deps.tenants.getTenant(tenantId);
    if (!tenant || tenant.status !== 'active') {
      deps.logger.warn('connection refused: tenant unavailable', { tenantId });
      return { statusCode: TENANT_UNAVAILABLE_STATUS };
    }
    const maxConnections = tenant.limits.maxConnections;
    if (!(await deps.limiter.tryOpen(tenantId, connectedAtMs, maxConnections))) {
      deps.logger.warn('connection refused: tenant connection limit reached', { tenantId, maxConnections });
      return { statusCode: CONNECTION_LIMIT_STATUS };
    }

    try {
      await deps.registry.add({
        tenantId,
        conversationId: identity.conversationId,
        connectionId,
        userId: identity.userId,
        connectedAt: new Date(connectedAtMs).toISOString(),
        expiresAt: Math.floor(nowMs / 1000) + PROTOCOL_LIMITS.maxConnectionSeconds + RECORD_SLACK_SECONDS,
      });
    } catch (error) {
      await deps.limiter.release(tenantId, connectedAtMs).catch((releaseError: unknown) =>
        deps.logger.error('connection count not released after a failed registration', {
          tenantId,
          error: releaseError,
        }),
      );
      throw error;
    }
    deps.logger.info('connection registered', { tenantId });
    return { statusCode: 200 };
  };
  return middy<WebSocketConnectionEvent, WebSocketResult>(handle).use(injectLambdaContext(deps.logger));
}

/**
 * `$disconnect` (best effort, possibly late or twice): removes the connection and, only when this call
 * removed its record, releases its count in the bucket of the connect time stored in that record (the
 * exact bucket `$connect` counted in; an old bucket's release is harmless).
 */
export function createDisconnectHandler(deps: DisconnectHandlerDeps) {
  const handle = async (event: WebSocketConnectionEvent): Promise<WebSocketResult> => {
    const identity = readAuthorizerContext(event.requestContext.authorizer);
    const { tenantId } = identity;
    const removed = await deps.registry.remove(tenantId, identity.conversationId, connectionIdOf(event));
    if (!removed) {
      deps.logger.info('connection already removed', { tenantId });
      return { statusCode: 200 };
    }
    const connectedAtMs = Date.parse(removed.connectedAt);
    if (!Number.isSafeInteger(connectedAtMs) || connectedAtMs <= 0) {
      // Without the bucket the count cannot be released; it stops counting once its bucket ages out (≤ 4 h).
      deps.logger.warn('connection removed without a valid connectedAt; its count ages out', { tenantId });
      return { statusCode: 200 };
    }
    await deps.limiter.release(tenantId, connectedAtMs);
    deps.logger.info('connection removed', { tenantId });
    return { statusCode: 200 };
  };
  return middy<WebSocketConnectionEvent, WebSocketResult>(handle).use(injectLambdaContext(deps.logger));
}
