// Ports: the interfaces use cases depend on. Adapters (AWS SDK, local servers, fakes) implement them.
import type {
  ConnectionRecord,
  ConversationTurn,
  MessageRole,
  PartnerCertificate,
  ServerFrame,
  StoredMessage,
  TenantSettings,
} from './types';

export interface TenantStore {
  getTenant(tenantId: string): Promise<TenantSettings | undefined>;
  findCertificate(certKey: string): Promise<PartnerCertificate | undefined>;
}

export interface AppendMessageInput {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly role: MessageRole;
  readonly text: string;
  /** Idempotency key from the client (user messages) or the turn (assistant messages). */
  readonly idempotencyKey: string;
  /** Pre-assigned message id (the LLM worker streams deltas under it before storing); generated when absent. */
  readonly messageId?: string;
  readonly status?: StoredMessage['status'];
  readonly errorCode?: string;
  /**
   * The highest seq the caller saw stored in this conversation shortly before: the store may start from
   * it instead of reading the last seq again. It must be a seq that exists (never above the real last
   * seq, which would leave a gap); a stale, lower value only costs one retry. Never a guess below it:
   * TTL deletes the oldest messages first, so a seq under them would be free and sort below newer ones.
   */
  readonly knownLastSeq?: number;
}

export interface ConversationStore {
  /**
   * Persists a message with the next gap-free seq; a repeat of the same idempotency key returns the
   * stored message with `duplicate: true` and writes nothing.
   */
  appendMessage(input: AppendMessageInput): Promise<{ message: StoredMessage; duplicate: boolean }>;
  /** Messages with seq > afterSeq in ascending order, at most `limit`. */
  listMessagesAfter(
    tenantId: string,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredMessage[]>;
  /** The newest `limit` messages in ascending order. */
  recentMessages(tenantId: string, conversationId: string, limit: number): Promise<StoredMessage[]>;
  /** Binds a conversation to its end user: `created` the first time, `owned` for the same user, `foreign` otherwise. */
  claimConversation(
    tenantId: string,
    conversationId: string,
    userId: string,
  ): Promise<'created' | 'owned' | 'foreign'>;
}

export interface ConnectionRegistry {
  add(connection: ConnectionRecord): Promise<void>;
  /** Removes the record; returns it only when this call removed it (undefined when it was already gone). */
  remove(
    tenantId: string,
    conversationId: string,
    connectionId: string,
  ): Promise<ConnectionRecord | undefined>;
  /**
   * Hides a connection that answered 410 from `list` without deleting its record, so the `$disconnect`
   * that follows still finds it and releases its connection count (ADR 0023). No-op when it is gone.
   */
  markGone(tenantId: string, conversationId: string, connectionId: string): Promise<void>;
  list(tenantId: string, conversationId: string): Promise<ConnectionRecord[]>;
}

/**
 * Counts a tenant's open connections in this cell against its `maxConnections` (ADR 0023). A connection
 * is counted in the 2-hour bucket of its `connectedAt` (ms); connections live at most 2 hours.
 */
export interface ConnectionLimiter {
  /** Counts one connection opened at `connectedAtMs`; false (nothing left counted) when the tenant is at its limit. */
  tryOpen(tenantId: string, connectedAtMs: number, maxConnections: number): Promise<boolean>;
  /** Releases one count of the bucket of `connectedAtMs`; never goes below zero. */
  release(tenantId: string, connectedAtMs: number): Promise<void>;
}

export interface SocketPublisher {
  /** Posts one frame; `gone` when the connection no longer exists (HTTP 410). */
  post(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'>;
}

export interface TurnQueue {
  enqueue(turn: ConversationTurn): Promise<void>;
}

export interface TokenIdLedger {
  /** Records a token id as used; false when it was used before (replay). */
  consumeOnce(tenantId: string, jti: string, expiresAtEpochSeconds: number): Promise<boolean>;
}

export interface RateLimiter {
  /** Counts one event in the window; false when the limit is exceeded. */
  tryConsume(tenantId: string, scope: string, limit: number, windowSeconds: number): Promise<boolean>;
}

export interface SecretSource {
  /** The secret's string value, cached with a short TTL by the adapter. */
  getSecretString(secretId: string): Promise<string>;
}

export interface Clock {
  now(): number;
}

export interface IdGenerator {
  newId(): string;
}
