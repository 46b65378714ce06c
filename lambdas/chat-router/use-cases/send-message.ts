// (handler) --> send message --> conversation store, turn queue, sockets
import { AppendInProgressError } from '../../shared/conversation-errors';
import { broadcast } from '../../shared/broadcast';
import { logger } from '../../shared/logger';
import { frames, type SendMessageFrame } from '../../shared/protocol';
import type { Caller } from '../caller';
import { activeTenant, connectionScope, ownsConversation, reply, type ChatPorts } from './chat-ports';

export type SendMessageOutcome =
  'acknowledged' | 'duplicate' | 'rate_limited' | 'forbidden' | 'in_progress' | 'not_handed_over';

/**
 * 1. the tenant is active; 2. per-connection (per minute), then per-tenant (per second) limits;
 * 3. the caller owns the conversation; 4. persist (idempotent on clientMessageId, gap-free seq);
 * 5. enqueue the turn (also for a duplicate: a crash between persist and enqueue is healed by the
 *    client's retry; FIFO dedup and the worker's turn key keep it to one answer); 6. ack the sender;
 * 7. show the new message on the conversation's other sockets (the worker sends the assistant's typing
 *    state when it takes the turn, so it is not sent twice).
 */
export async function sendMessage(
  ports: ChatPorts,
  caller: Caller,
  frame: SendMessageFrame,
): Promise<SendMessageOutcome> {
  const { clientMessageId } = frame;
  const tenant = await activeTenant(ports, caller);
  if (!tenant) return 'forbidden';

  // One after the other: a message the connection's window refuses must not use up the tenant's window,
  // or one user sending past their limit would lock every other user of the tenant out.
  const perConnection = await ports.rateLimiter.tryConsume(
    caller.tenantId,
    connectionScope('msg', caller.connectionId),
    tenant.limits.messagesPerMinutePerConnection,
    60,
  );
  const perTenant =
    perConnection &&
    (await ports.rateLimiter.tryConsume(
      caller.tenantId,
      'messages',
      tenant.limits.messagesPerSecondPerTenant,
      1,
    ));
  if (!perConnection || !perTenant) {
    const scope = perConnection ? 'this tenant' : 'this connection';
    await reply(
      ports,
      caller,
      frames.error('rate_limited', `Too many messages from ${scope}; slow down.`, clientMessageId),
    );
    return 'rate_limited';
  }

  if (!(await ownsConversation(ports, caller, clientMessageId))) return 'forbidden';

  let appended;
  try {
    appended = await ports.conversations.appendMessage({
      tenantId: caller.tenantId,
      conversationId: caller.conversationId,
      role: 'user',
      text: frame.text,
      idempotencyKey: clientMessageId,
    });
  } catch (error) {
    if (!(error instanceof AppendInProgressError)) throw error;
    await reply(
      ports,
      caller,
      frames.error('internal_error', 'The message is still being stored; send it again.', clientMessageId),
    );
    return 'in_progress';
  }
  const { message, duplicate } = appended;

  try {
    await ports.turns.enqueue({
      tenantId: caller.tenantId,
      conversationId: caller.conversationId,
      userMessageId: message.messageId,
      userSeq: message.seq,
      acceptedAt: ports.clock.now(),
    });
  } catch (error) {
    logger.error('turn not handed to the assistant; the client retries with the same id', {
      error,
      clientMessageId,
    });
    await reply(
      ports,
      caller,
      frames.error(
        'internal_error',
        'The message was stored but not yet handed to the assistant; send it again.',
        clientMessageId,
      ),
    );
    return 'not_handed_over';
  }

  await reply(ports, caller, frames.ack(clientMessageId, message.messageId, message.seq));
  if (duplicate) return 'duplicate';
  await broadcast(
    ports.connections,
    ports.publisher,
    caller.tenantId,
    caller.conversationId,
    frames.message(message),
    {
      excludeConnectionId: caller.connectionId,
    },
  );
  return 'acknowledged';
}
