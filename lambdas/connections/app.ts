// (WebSocket $connect/$disconnect event) --> middy chain --> region-local connection registry.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import { PROTOCOL_LIMITS } from '../shared/definitions';
import { readAuthorizerContext } from '../shared/authorizer-context';
import type { Clock, ConnectionRegistry } from '../shared/ports';

/** The parts of API Gateway's WebSocket `$connect` / `$disconnect` event these handlers read. */
export interface WebSocketConnectionEvent {
  readonly requestContext: {
    readonly connectionId: string;
    readonly routeKey?: string;
    readonly eventType?: string;
    readonly authorizer?: unknown;
  };
}

export interface WebSocketResult {
  readonly statusCode: number;
}

export interface ConnectionHandlerDeps {
  readonly registry: ConnectionRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A record outlives API Gateway's 2 h connection maximum by this slack before TTL removes it. */
const RECORD_SLACK_SECONDS = 600;
const CONNECTION_ID = /^[A-Za-z0-9_=+/-]{1,128}$/;

function connectionIdOf(event: WebSocketConnectionEvent): string {
  const id = event.requestContext?.connectionId;
  if (typeof id !== 'string' || !CONNECTION_ID.test(id)) throw new Error('event has no valid connectionId');
  return id;
}

/** `$connect` (after the authorizer allowed it): registers the connection under the verified tenant. */
export function createConnectHandler(deps: ConnectionHandlerDeps) {
  const handle = async (event: WebSocketConnectionEvent): Promise<WebSocketResult> => {
    const identity = readAuthorizerContext(event.requestContext.authorizer);
    const nowMs = deps.clock.now();
    await deps.registry.add({
      tenantId: identity.tenantId,
      conversationId: identity.conversationId,
      connectionId: connectionIdOf(event),
      userId: identity.userId,
      connectedAt: new Date(nowMs).toISOString(),
      expiresAt: Math.floor(nowMs / 1000) + PROTOCOL_LIMITS.maxConnectionSeconds + RECORD_SLACK_SECONDS,
    });
    deps.logger.info('connection registered', { tenantId: identity.tenantId });
    return { statusCode: 200 };
  };
  return middy<WebSocketConnectionEvent, WebSocketResult>(handle).use(injectLambdaContext(deps.logger));
}

/** `$disconnect`: removes the connection (idempotent; API Gateway may deliver it late or twice). */
export function createDisconnectHandler(deps: ConnectionHandlerDeps) {
  const handle = async (event: WebSocketConnectionEvent): Promise<WebSocketResult> => {
    const identity = readAuthorizerContext(event.requestContext.authorizer);
    await deps.registry.remove(identity.tenantId, identity.conversationId, connectionIdOf(event));
    deps.logger.info('connection removed', { tenantId: identity.tenantId });
    return { statusCode: 200 };
  };
  return middy<WebSocketConnectionEvent, WebSocketResult>(handle).use(injectLambdaContext(deps.logger));
}
