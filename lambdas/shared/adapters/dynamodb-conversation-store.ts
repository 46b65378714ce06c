// ConversationStore over DynamoDB: gap-free, idempotent appends in one transaction each (ADR 0077).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AppendInProgressError } from '../conversation-errors';
import { keys } from '../definitions';
import type { AppendMessageInput, Clock, ConversationStore } from '../ports';
import type { StoredMessage } from '../types';
import {
  TransactionalMessageAppend,
  type TransactionalMessageAppendOptions,
} from './transactional-message-append';
import { ConversationTable } from './conversation-table';

export { AppendInProgressError };

export interface DynamoDbConversationStoreOptions extends TransactionalMessageAppendOptions {
  readonly clock?: Clock;
  /**
   * How long a verified owner is remembered per container, so a conversation's later messages skip the
   * owner read. Safe because an owner never changes (the `meta` item is only ever created once).
   * @default 0 (always read)
   */
  readonly ownerCacheMs?: number;
  /**
   * Where verified owners are remembered; pass one cache to every tenant's store so a container holds
   * one bounded cache. @default - a cache of this store
   */
  readonly ownerCache?: OwnerCache;
}

/** Verified conversation owners by conversation key, bounded: cleared when full. */
export class OwnerCache {
  private readonly entries = new Map<string, { readonly userId: string; readonly until: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  /** True when `userId` was verified as the owner of `pk` and the entry has not expired at `now`. */
  isOwner(pk: string, userId: string, now: number): boolean {
    const entry = this.entries.get(pk);
    return entry !== undefined && entry.until > now && entry.userId === userId;
  }

  remember(pk: string, userId: string, until: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(pk, { userId, until });
  }
}

/** Conversation items live under `t#<tenant>#conv#<id>`: `meta` (owner), `msg#<seq>`, `cmid#<idempotency key>`. */
export class DynamoDbConversationStore implements ConversationStore {
  private readonly table: ConversationTable;
  private readonly appender: TransactionalMessageAppend;
  private readonly ownerCacheMs: number;
  private readonly owners: OwnerCache;

  constructor(
    doc: DynamoDBDocumentClient,
    tableName: string,
    private readonly retentionDays: number,
    options: DynamoDbConversationStoreOptions = {},
  ) {
    this.table = new ConversationTable(
      doc,
      tableName,
      options.clock ?? { now: () => Date.now() },
      retentionDays,
    );
    this.appender = new TransactionalMessageAppend(this.table, options);
    this.ownerCacheMs = options.ownerCacheMs ?? 0;
    this.owners = options.ownerCache ?? new OwnerCache();
  }

  appendMessage(input: AppendMessageInput): Promise<{ message: StoredMessage; duplicate: boolean }> {
    return this.appender.append(input);
  }

  async listMessagesAfter(
    tenantId: string,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredMessage[]> {
    const page = await this.table.messagesAfter(keys.conversationPk(tenantId, conversationId), afterSeq, {
      limit,
    });
    return page.messages;
  }

  recentMessages(tenantId: string, conversationId: string, limit: number): Promise<StoredMessage[]> {
    return this.table.newestMessages(keys.conversationPk(tenantId, conversationId), limit);
  }

  /**
   * Reads the owner first (the common case is one read: a failed conditional put would cost a write
   * unit); creates the conversation with a conditional put that, when it loses a race, returns the
   * winner's record instead of a second read. A remembered owner needs no call.
   */
  async claimConversation(
    tenantId: string,
    conversationId: string,
    userId: string,
  ): Promise<'created' | 'owned' | 'foreign'> {
    const pk = keys.conversationPk(tenantId, conversationId);
    if (this.owners.isOwner(pk, userId, this.table.clock.now())) return 'owned';
    let existing = await this.table.get(pk, keys.conversationMetaSk);
    if (!existing) {
      const claim = await this.table.putIfAbsentOrGetExisting({
        pk,
        sk: keys.conversationMetaSk,
        kind: 'conversation',
        tenantId,
        conversationId,
        ownerUserId: userId,
        createdAt: new Date(this.table.clock.now()).toISOString(),
      });
      if (claim.created) {
        this.rememberOwner(pk, userId);
        return 'created';
      }
      existing = claim.existing ?? (await this.table.get(pk, keys.conversationMetaSk));
    }
    if (existing?.ownerUserId !== userId) return 'foreign';
    // Only a record that is still there is extended (and its owner remembered): TTL may delete it.
    if (await this.extendRetention(pk, userId, existing.expiresAt)) this.rememberOwner(pk, userId);
    return 'owned';
  }

  private rememberOwner(pk: string, userId: string): void {
    if (this.ownerCacheMs <= 0) return;
    this.owners.remember(pk, userId, this.table.clock.now() + this.ownerCacheMs);
  }

  /**
   * Keeps an active conversation's owner record alive: refreshed once half its retention has passed.
   * False when the record vanished meanwhile (TTL).
   */
  private async extendRetention(pk: string, ownerUserId: string, expiresAt: unknown): Promise<boolean> {
    const halfRetention = (this.retentionDays * 86_400) / 2;
    if (typeof expiresAt === 'number' && expiresAt > this.table.expiresAt() - halfRetention) return true;
    // Conditional on the owner, so an update racing TTL's delete never re-creates an ownerless record.
    return this.table.update({
      Key: { pk, sk: keys.conversationMetaSk },
      UpdateExpression: 'SET expiresAt = :expiresAt',
      ConditionExpression: 'ownerUserId = :owner',
      ExpressionAttributeValues: { ':expiresAt': this.table.expiresAt(), ':owner': ownerUserId },
    });
  }
}
