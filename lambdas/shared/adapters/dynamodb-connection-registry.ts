// ConnectionRegistry over the region-local sessions table: one item per socket under its conversation.
import { isConditionalCheckFailed } from './dynamodb-errors';
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { keys } from '../definitions';
import type { Clock, ConnectionRegistry } from '../ports';
import type { ConnectionRecord } from '../types';

const CONNECTION_PREFIX = 'conn#';

export class DynamoDbConnectionRegistry implements ConnectionRegistry {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  async add(connection: ConnectionRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.connectionPk(connection.tenantId, connection.conversationId),
          sk: keys.connectionSk(connection.connectionId),
          kind: 'connection',
          ...connection,
        },
      }),
    );
  }

  /**
   * Deletes the record and returns it when it existed, so a repeated `$disconnect` can tell it was already
   * removed and the first one knows the connect time its count was taken under.
   */
  async remove(
    tenantId: string,
    conversationId: string,
    connectionId: string,
  ): Promise<ConnectionRecord | undefined> {
    const out = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: keys.connectionPk(tenantId, conversationId), sk: keys.connectionSk(connectionId) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes ? toRecord(out.Attributes) : undefined;
  }

  /** Sets `goneAt` on an existing record (only that attribute, returning nothing: the worker's grant allows no more). */
  async markGone(tenantId: string, conversationId: string, connectionId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.connectionPk(tenantId, conversationId), sk: keys.connectionSk(connectionId) },
          UpdateExpression: 'SET goneAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': new Date(this.clock.now()).toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /**
   * Live connections of the conversation; records past `expiresAt` (TTL deletes lazily) or marked gone
   * after a 410 are skipped.
   */
  async list(tenantId: string, conversationId: string): Promise<ConnectionRecord[]> {
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const connections: ConnectionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :conn)',
          ExpressionAttributeValues: {
            ':pk': keys.connectionPk(tenantId, conversationId),
            ':conn': CONNECTION_PREFIX,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        if (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds) continue;
        if (item.goneAt !== undefined) continue;
        connections.push(toRecord(item));
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return connections;
  }
}

function toRecord(item: Record<string, unknown>): ConnectionRecord {
  return {
    tenantId: item.tenantId as string,
    conversationId: item.conversationId as string,
    connectionId: item.connectionId as string,
    userId: item.userId as string,
    connectedAt: item.connectedAt as string,
    expiresAt: item.expiresAt as number,
  };
}
