// Posts one frame to every connection of a conversation concurrently; gone sockets leave the registry.
import type { ConnectionRegistry, SocketPublisher } from './ports';
import type { ServerFrame } from './types';
import { logger } from './logger';

export interface BroadcastOptions {
  /** A connection that must not receive the frame (e.g. the sender of a typing notice). */
  readonly excludeConnectionId?: string;
}

export interface BroadcastResult {
  readonly sent: number;
  readonly gone: number;
  readonly failed: number;
}

/** One failing connection never blocks the others: every post settles independently. */
export async function broadcast(
  registry: ConnectionRegistry,
  publisher: SocketPublisher,
  tenantId: string,
  conversationId: string,
  frame: ServerFrame,
  options: BroadcastOptions = {},
): Promise<BroadcastResult> {
  const connections = (await registry.list(tenantId, conversationId)).filter(
    (c) => c.connectionId !== options.excludeConnectionId,
  );
  const outcomes = await Promise.allSettled(
    connections.map(async (c) => {
      const outcome = await publisher.post(c.connectionId, frame);
      if (outcome === 'gone') await markGoneQuietly(registry, tenantId, conversationId, c.connectionId);
      return outcome;
    }),
  );
  let sent = 0;
  let gone = 0;
  let failed = 0;
  outcomes.forEach((o, i) => {
    if (o.status === 'rejected') {
      failed++;
      logger.warn('post to connection failed', {
        connectionId: connections[i]?.connectionId,
        error: o.reason,
      });
    } else if (o.value === 'gone') gone++;
    else sent++;
  });
  return { sent, gone, failed };
}

/**
 * Hides a connection that answered 410 from later broadcasts; its `$disconnect` removes the record and
 * releases its connection count. A failure is logged; the TTL cleans up later.
 */
export async function markGoneQuietly(
  registry: ConnectionRegistry,
  tenantId: string,
  conversationId: string,
  connectionId: string,
): Promise<void> {
  try {
    await registry.markGone(tenantId, conversationId, connectionId);
  } catch (error) {
    logger.warn('could not mark a gone connection', { connectionId, error });
  }
}
