// (handler) --> typing --> the conversation's other sockets
import { broadcast } from '../../shared/broadcast';
import { frames } from '../../shared/protocol';
import type { Caller } from '../caller';
import { activeTenant, connectionScope, ownsConversation, type ChatPorts } from './chat-ports';

/** One typing notice per connection per window is relayed; the rest are dropped quietly (throttling). */
export const TYPING_WINDOW_SECONDS = 2;

/**
 * 1. throttle per connection; 2. the tenant is active and the caller owns the conversation;
 * 3. relay {"type":"typing","role":"user"} to the conversation's other connections.
 */
export async function relayTyping(
  ports: ChatPorts,
  caller: Caller,
): Promise<'relayed' | 'throttled' | 'forbidden'> {
  const allowed = await ports.rateLimiter.tryConsume(
    caller.tenantId,
    connectionScope('typing', caller.connectionId),
    1,
    TYPING_WINDOW_SECONDS,
  );
  if (!allowed) return 'throttled';
  if (!(await activeTenant(ports, caller)) || !(await ownsConversation(ports, caller))) return 'forbidden';
  await broadcast(
    ports.connections,
    ports.publisher,
    caller.tenantId,
    caller.conversationId,
    frames.typing('user'),
    {
      excludeConnectionId: caller.connectionId,
    },
  );
  return 'relayed';
}
