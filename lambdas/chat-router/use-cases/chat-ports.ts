// The ports every chat use case receives, and the reply/guard steps they share.
import { createHash } from 'node:crypto';
import { markGoneQuietly } from '../../shared/broadcast';
import type {
  Clock,
  ConnectionRegistry,
  ConversationStore,
  RateLimiter,
  SocketPublisher,
  TenantStore,
  TurnQueue,
} from '../../shared/ports';
import { frames } from '../../shared/protocol';
import type { ServerFrame, TenantSettings } from '../../shared/types';
import type { Caller } from '../caller';

/** Ports bound to the caller's tenant (with scoped credentials in AWS). */
export interface ChatPorts {
  readonly conversations: ConversationStore;
  readonly connections: ConnectionRegistry;
  readonly publisher: SocketPublisher;
  readonly turns: TurnQueue;
  readonly rateLimiter: RateLimiter;
  readonly tenants: TenantStore;
  readonly clock: Clock;
}

/** Posts a frame to the caller's own socket; a gone socket is hidden from later broadcasts. */
export async function reply(ports: ChatPorts, caller: Caller, frame: ServerFrame): Promise<'sent' | 'gone'> {
  const outcome = await ports.publisher.post(caller.connectionId, frame);
  if (outcome === 'gone')
    await markGoneQuietly(ports.connections, caller.tenantId, caller.conversationId, caller.connectionId);
  return outcome;
}

/** The tenant's settings when it exists and is active; otherwise a `forbidden` error is sent. */
export async function activeTenant(ports: ChatPorts, caller: Caller): Promise<TenantSettings | undefined> {
  const tenant = await ports.tenants.getTenant(caller.tenantId);
  if (tenant?.status === 'active') return tenant;
  await reply(ports, caller, frames.error('forbidden', 'The tenant is not active.'));
  return undefined;
}

/** True when the caller's user owns (or just created) the conversation; otherwise a `forbidden` error is sent. */
export async function ownsConversation(
  ports: ChatPorts,
  caller: Caller,
  clientMessageId?: string,
): Promise<boolean> {
  const claim = await ports.conversations.claimConversation(
    caller.tenantId,
    caller.conversationId,
    caller.userId,
  );
  if (claim !== 'foreign') return true;
  await reply(
    ports,
    caller,
    frames.error('forbidden', 'The conversation belongs to another user.', clientMessageId),
  );
  return false;
}

/** A rate-limit scope for one connection (connection ids contain characters scopes do not allow). */
export function connectionScope(kind: string, connectionId: string): string {
  return `${kind}.${createHash('sha256').update(connectionId).digest('hex').slice(0, 40)}`;
}
