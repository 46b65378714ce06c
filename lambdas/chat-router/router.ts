// (API Gateway event) --> router: reads the caller, picks the tenant's ports, never lets a frame crash the function.
import { logger } from '../shared/logger';
import type { SocketPublisher } from '../shared/ports';
import { frames } from '../shared/protocol';
import { CallerError, readCaller } from './caller';
import { routeFrame } from './route-frame';
import type { ChatPorts } from './use-cases/chat-ports';

/** The subset of API Gateway's WebSocket route event the router reads. */
export interface WebSocketRouteEvent {
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: {
    readonly routeKey: string;
    readonly connectionId: string;
    readonly authorizer?: Record<string, unknown>;
    readonly [key: string]: unknown;
  };
}

export interface ChatRouterDeps {
  readonly portsFor: (tenantId: string) => ChatPorts;
  /** Used for the internal_error reply when no tenant ports could be built. */
  readonly publisher: SocketPublisher;
}

/** Replies go through the management API; the integration response is always a bare 200 (or 403/500). */
export function createChatRouter(deps: ChatRouterDeps) {
  return async (event: WebSocketRouteEvent): Promise<{ statusCode: number }> => {
    const { requestContext } = event;
    let caller;
    try {
      caller = readCaller(requestContext);
    } catch (error) {
      if (!(error instanceof CallerError)) throw error;
      logger.warn('frame without a verified authorizer context', { reason: error.message });
      await postQuietly(
        deps.publisher,
        requestContext.connectionId,
        frames.error('unauthorized', 'No verified session.'),
      );
      return { statusCode: 403 };
    }
    logger.appendKeys({
      tenantId: caller.tenantId,
      conversationId: caller.conversationId,
      routeKey: requestContext.routeKey,
    });
    try {
      const body =
        event.isBase64Encoded && typeof event.body === 'string'
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
      await routeFrame(deps.portsFor(caller.tenantId), caller, requestContext.routeKey, body);
      return { statusCode: 200 };
    } catch (error) {
      logger.error('frame failed', { error });
      await postQuietly(
        deps.publisher,
        caller.connectionId,
        frames.error('internal_error', 'Something went wrong; try again.'),
      );
      return { statusCode: 500 };
    }
  };
}

async function postQuietly(
  publisher: SocketPublisher,
  connectionId: unknown,
  frame: ReturnType<typeof frames.error>,
) {
  if (typeof connectionId !== 'string' || connectionId.length === 0) return;
  try {
    await publisher.post(connectionId, frame);
  } catch (error) {
    logger.warn('could not post the error frame', { error });
  }
}
