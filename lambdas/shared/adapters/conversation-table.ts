// Item-level access to the conversations table (conditional puts, consistent reads), shared by the store's parts.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionalCheckFailed } from './dynamodb-errors';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys } from '../definitions';
import type { Clock } from '../ports';
import type { StoredMessage } from '../types';

export const MESSAGE_PREFIX = 'msg#';
export const LAST_MESSAGE_SK = keys.messageSk(999_999_999_999);

/** A stored message item: the domain message plus the idempotency key it was stored under. */
export type MessageItem = StoredMessage & { readonly idempotencyKey: string };

export class ConversationTable {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  /** Epoch seconds at which an item written now expires (the TTL attribute `expiresAt`). */
  expiresAt(): number {
    return Math.floor(this.clock.now() / 1000) + this.retentionDays * 86_400;
  }

  /**
   * Puts the item with its TTL unless an item with that key exists; that item comes back instead
   * (`ReturnValuesOnConditionCheckFailure`), or `undefined` when the server did not return it.
   */
  async putIfAbsentOrGetExisting(
    item: Record<string, unknown>,
  ): Promise<{ created: true } | { created: false; existing?: Record<string, unknown> }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, expiresAt: this.expiresAt() },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      return { created: false, ...(old ? { existing: unmarshall(old) } : {}) };
    }
  }

  /**
   * Puts every item with its TTL in one transaction, each only if no item with its key exists; throws
   * `TransactionCanceledException` (reasons in the order of `writes`) when any exists. An item marked
   * `returnExistingOnConflict` reports the existing item in its cancellation reason.
   */
  async transactPutIfAbsent(
    writes: ReadonlyArray<{ item: Record<string, unknown>; returnExistingOnConflict?: boolean }>,
  ): Promise<void> {
    const expiresAt = this.expiresAt();
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: writes.map(({ item, returnExistingOnConflict }) => ({
          Put: {
            TableName: this.tableName,
            Item: { ...item, expiresAt },
            ConditionExpression: 'attribute_not_exists(pk)',
            ...(returnExistingOnConflict ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
          },
        })),
      }),
    );
  }

  /** Runs a (conditional) update; false when its condition failed. */
  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }),
    );
    return out.Item;
  }

  /** The highest stored seq of the conversation partition, 0 when it has no message. */
  async lastSeq(pk: string): Promise<number> {
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

  /** Messages with seq > afterSeq in ascending order (one page). */
  async messagesAfter(
    pk: string,
    afterSeq: number,
    options: { limit?: number } = {},
  ): Promise<{ messages: StoredMessage[] }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': keys.messageSk(Math.max(0, Math.floor(afterSeq)) + 1),
          ':to': LAST_MESSAGE_SK,
        },
        ConsistentRead: true,
        Limit: options.limit,
      }),
    );
    return { messages: (out.Items ?? []).map((item) => toStoredMessage(item as MessageItem)) };
  }

  /** The newest `limit` messages in ascending order. */
  async newestMessages(pk: string, limit: number): Promise<StoredMessage[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: { ':pk': pk, ':msg': MESSAGE_PREFIX },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => toStoredMessage(item as MessageItem)).reverse();
  }
}

/** The domain view of a stored item (drops key, kind, TTL and idempotency attributes). */
export function toStoredMessage(item: MessageItem): StoredMessage {
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
