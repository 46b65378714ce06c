// ConversationStore over DynamoDB: gap-free, idempotent appends with conditional writes only (ADR 0020).
import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { AppendInProgressError } from '../conversation-errors';
import { keys } from '../definitions';
import type { AppendMessageInput, Clock, ConversationStore, IdGenerator } from '../ports';
import type { StoredMessage } from '../types';

export { AppendInProgressError };

const MESSAGE_PREFIX = 'msg#';
const LAST_MESSAGE_SK = keys.messageSk(999_999_999_999);

export interface DynamoDbConversationStoreOptions {
  /**
   * Age after which a pending idempotency claim is treated as abandoned (its writer crashed) and taken
   * over. Must exceed the longest Lambda timeout of any writer so a live writer is never overtaken.
   * @default 130_000 ms (worker timeout 120 s + slack)
   */
  readonly claimTakeoverMs?: number;
  /** How long a duplicate waits for a fresh pending claim to complete. @default 3_000 ms */
  readonly pendingWaitMs?: number;
  /** Attempts to win the next seq under contention. @default 60 */
  readonly maxSeqAttempts?: number;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

interface ClaimRecord {
  readonly state: 'pending' | 'complete';
  readonly messageId: string;
  readonly claimToken: string;
  readonly claimedAt: number;
  /** Highest seq that existed before the claim: any message of this claim has a higher seq. */
  readonly floorSeq: number;
  readonly seq?: number;
}

type MessageItem = StoredMessage & { readonly idempotencyKey: string };

export class DynamoDbConversationStore implements ConversationStore {
  private readonly claimTakeoverMs: number;
  private readonly pendingWaitMs: number;
  private readonly maxSeqAttempts: number;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
    options: DynamoDbConversationStoreOptions = {},
  ) {
    this.claimTakeoverMs = options.claimTakeoverMs ?? 130_000;
    this.pendingWaitMs = options.pendingWaitMs ?? 3_000;
    this.maxSeqAttempts = options.maxSeqAttempts ?? 60;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.ids = options.ids ?? { newId: () => randomUUID() };
  }

  /**
   * 1. read the last seq L; 2. claim `cmid#<key>` (pending, floorSeq L) or find the existing claim;
   * 3. put `msg#(last+1)` if absent, re-reading last on conflict; 4. mark the claim complete.
   * A stale pending claim (crashed writer) is taken over: its message is found above floorSeq or written.
   */
  async appendMessage(input: AppendMessageInput): Promise<{ message: StoredMessage; duplicate: boolean }> {
    const pk = keys.conversationPk(input.tenantId, input.conversationId);
    const claimSk = keys.clientMessageSk(input.idempotencyKey);
    const floorSeq = await this.lastSeq(pk);
    const claim: ClaimRecord = {
      state: 'pending',
      messageId: this.ids.newId(),
      claimToken: randomUUID(),
      claimedAt: this.clock.now(),
      floorSeq,
    };
    const won = await this.putIfAbsent({
      pk,
      sk: claimSk,
      kind: 'claim',
      ...claim,
      expiresAt: this.expiresAt(),
    });
    if (won) return { message: await this.writeMessage(pk, claimSk, claim, input), duplicate: false };
    return this.resolveExistingClaim(pk, claimSk, input);
  }

  async listMessagesAfter(
    tenantId: string,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredMessage[]> {
    const from = keys.messageSk(Math.max(0, Math.floor(afterSeq)) + 1);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(tenantId, conversationId),
          ':from': from,
          ':to': LAST_MESSAGE_SK,
        },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => toStoredMessage(item as MessageItem));
  }

  async recentMessages(tenantId: string, conversationId: string, limit: number): Promise<StoredMessage[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: {
          ':pk': keys.conversationPk(tenantId, conversationId),
          ':msg': MESSAGE_PREFIX,
        },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => toStoredMessage(item as MessageItem)).reverse();
  }

  /** Reads the owner first (the common case is one read); creates the conversation with a conditional put. */
  async claimConversation(
    tenantId: string,
    conversationId: string,
    userId: string,
  ): Promise<'created' | 'owned' | 'foreign'> {
    const pk = keys.conversationPk(tenantId, conversationId);
    const existing = await this.get(pk, keys.conversationMetaSk);
    if (existing) {
      if (existing.ownerUserId !== userId) return 'foreign';
      await this.extendRetention(pk, existing.expiresAt);
      return 'owned';
    }
    const created = await this.putIfAbsent({
      pk,
      sk: keys.conversationMetaSk,
      kind: 'conversation',
      tenantId,
      conversationId,
      ownerUserId: userId,
      createdAt: new Date(this.clock.now()).toISOString(),
      expiresAt: this.expiresAt(),
    });
    if (created) return 'created';
    const winner = await this.get(pk, keys.conversationMetaSk);
    return winner?.ownerUserId === userId ? 'owned' : 'foreign';
  }

  /** Keeps an active conversation's owner record alive: refreshed once half its retention has passed. */
  private async extendRetention(pk: string, expiresAt: unknown): Promise<void> {
    const halfRetention = (this.retentionDays * 86_400) / 2;
    if (typeof expiresAt === 'number' && expiresAt > this.expiresAt() - halfRetention) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk: keys.conversationMetaSk },
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ExpressionAttributeValues: { ':expiresAt': this.expiresAt() },
      }),
    );
  }

  private async resolveExistingClaim(
    pk: string,
    claimSk: string,
    input: AppendMessageInput,
  ): Promise<{ message: StoredMessage; duplicate: boolean }> {
    const deadline = this.clock.now() + this.pendingWaitMs;
    for (let attempt = 0; ; attempt++) {
      const existing = (await this.get(pk, claimSk)) as ClaimRecord | undefined;
      if (!existing) throw new Error(`Claim ${claimSk} vanished while resolving a duplicate`);
      if (existing.state === 'complete' && existing.seq !== undefined) {
        const stored = await this.get(pk, keys.messageSk(existing.seq));
        if (!stored) throw new Error(`Message ${existing.seq} of a completed claim is missing`);
        return { message: toStoredMessage(stored as unknown as MessageItem), duplicate: true };
      }
      if (this.clock.now() - existing.claimedAt >= this.claimTakeoverMs) {
        const taken = await this.takeOver(pk, claimSk, existing);
        if (taken) return this.finishTakenOverClaim(pk, claimSk, taken, input);
        continue; // someone else took it over or completed it first: read again
      }
      if (this.clock.now() >= deadline) throw new AppendInProgressError(input.idempotencyKey);
      await sleep(Math.min(200, 20 * 2 ** attempt));
    }
  }

  /** Completes an abandoned claim: reuses the message its writer already stored, or stores it now. */
  private async finishTakenOverClaim(
    pk: string,
    claimSk: string,
    claim: ClaimRecord,
    input: AppendMessageInput,
  ): Promise<{ message: StoredMessage; duplicate: boolean }> {
    const written = await this.findMessageAbove(pk, claim.floorSeq, claim.messageId);
    if (written) {
      await this.complete(pk, claimSk, claim, written.seq);
      return { message: written, duplicate: true };
    }
    return { message: await this.writeMessage(pk, claimSk, claim, input), duplicate: false };
  }

  private async takeOver(pk: string, claimSk: string, stale: ClaimRecord): Promise<ClaimRecord | undefined> {
    const claimToken = randomUUID();
    const claimedAt = this.clock.now();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk: claimSk },
          UpdateExpression: 'SET claimToken = :new, claimedAt = :now',
          ConditionExpression: '#state = :pending AND claimToken = :old',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':new': claimToken,
            ':now': claimedAt,
            ':pending': 'pending',
            ':old': stale.claimToken,
          },
        }),
      );
      return { ...stale, claimToken, claimedAt };
    } catch (error) {
      if (isConditionalFailure(error)) return undefined;
      throw error;
    }
  }

  /** Puts the message at the next free seq (gap-free: seq N is only tried once N-1 exists), then completes the claim. */
  private async writeMessage(
    pk: string,
    claimSk: string,
    claim: ClaimRecord,
    input: AppendMessageInput,
  ): Promise<StoredMessage> {
    let seq = (await this.lastSeq(pk)) + 1;
    for (let attempt = 0; attempt < this.maxSeqAttempts; attempt++) {
      const message: MessageItem = {
        tenantId: input.tenantId,
        conversationId: input.conversationId,
        messageId: claim.messageId,
        seq,
        role: input.role,
        text: input.text,
        ...(input.role === 'user' ? { clientMessageId: input.idempotencyKey } : {}),
        idempotencyKey: input.idempotencyKey,
        createdAt: new Date(this.clock.now()).toISOString(),
        status: input.status ?? 'complete',
        ...(input.errorCode ? { errorCode: input.errorCode } : {}),
      };
      const stored = await this.putIfAbsent({
        pk,
        sk: keys.messageSk(seq),
        kind: 'message',
        ...message,
        expiresAt: this.expiresAt(),
      });
      if (stored) {
        await this.complete(pk, claimSk, claim, seq);
        return toStoredMessage(message);
      }
      await sleep(Math.floor(Math.random() * Math.min(100, 5 * 2 ** attempt)));
      seq = (await this.lastSeq(pk)) + 1;
    }
    throw new Error(
      `Could not allocate a seq for ${input.idempotencyKey} after ${this.maxSeqAttempts} attempts`,
    );
  }

  private async complete(pk: string, claimSk: string, claim: ClaimRecord, seq: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk: claimSk },
          UpdateExpression: 'SET #state = :complete, seq = :seq',
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':complete': 'complete', ':seq': seq, ':token': claim.claimToken },
        }),
      );
    } catch (error) {
      // Overtaken (only possible after claimTakeoverMs): the taker finds this message above floorSeq.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  private async findMessageAbove(
    pk: string,
    floorSeq: number,
    messageId: string,
  ): Promise<StoredMessage | undefined> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          FilterExpression: 'messageId = :id',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':from': keys.messageSk(floorSeq + 1),
            ':to': LAST_MESSAGE_SK,
            ':id': messageId,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      const found = out.Items?.[0];
      if (found) return toStoredMessage(found as MessageItem);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return undefined;
  }

  private async lastSeq(pk: string): Promise<number> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: { ':pk': pk, ':msg': MESSAGE_PREFIX },
        ProjectionExpression: 'seq',
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const last = out.Items?.[0]?.seq;
    return typeof last === 'number' ? last : 0;
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  private async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }),
    );
    return out.Item;
  }

  private expiresAt(): number {
    return Math.floor(this.clock.now() / 1000) + this.retentionDays * 86_400;
  }
}

function toStoredMessage(item: MessageItem): StoredMessage {
  return {
    tenantId: item.tenantId,
    conversationId: item.conversationId,
    messageId: item.messageId,
    seq: item.seq,
    role: item.role,
    text: item.text,
    ...(item.clientMessageId ? { clientMessageId: item.clientMessageId } : {}),
    createdAt: item.createdAt,
    status: item.status,
    ...(item.errorCode ? { errorCode: item.errorCode } : {}),
  };
}

function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
