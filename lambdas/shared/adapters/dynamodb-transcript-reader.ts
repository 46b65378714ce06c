// TranscriptReader over the conversations table: tenant-scoped key queries only (t#<tenant>#conv#<id>).
import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConversationSummary, TranscriptReader } from '../admin-ports';
import { keys } from '../definitions';
import type { StoredMessage } from '../types';

const MESSAGE_PREFIX = 'msg#';

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeCursor(tenantId: string, cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor is only honoured inside the caller's own tenant key space.
    if (typeof key.pk === 'string' && key.pk.startsWith(keys.conversationPk(tenantId, ''))) return key;
  } catch {
    /* fall through */
  }
  throw new RangeError('invalid cursor');
}

export class DynamoDbTranscriptReader implements TranscriptReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The conversations table has no per-tenant index, so listing filters a scan on the tenant's key prefix.
   * It is an admin-only, paginated, low-rate read; a `byTenant` index is the scale path (docs/admin-api.md).
   */
  async listConversations(
    tenantId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ conversations: ConversationSummary[]; nextCursor?: string }> {
    const prefix = keys.conversationPk(tenantId, '');
    const conversations: ConversationSummary[] = [];
    let startKey = decodeCursor(tenantId, cursor);
    let pages = 0;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix) AND sk = :meta',
          ExpressionAttributeValues: { ':prefix': prefix, ':meta': keys.conversationMetaSk },
          ExclusiveStartKey: startKey,
          Limit: 500,
        }),
      );
      for (const item of out.Items ?? []) {
        conversations.push({
          conversationId: String(item.pk).slice(prefix.length),
          userId: typeof item.userId === 'string' ? item.userId : undefined,
          createdAt: typeof item.createdAt === 'string' ? item.createdAt : undefined,
        });
      }
      startKey = out.LastEvaluatedKey;
      pages += 1;
    } while (startKey && conversations.length < limit && pages < 20);
    return { conversations: conversations.slice(0, limit), nextCursor: encodeCursor(startKey) };
  }

  async readTranscript(tenantId: string, conversationId: string): Promise<StoredMessage[] | undefined> {
    const pk = keys.conversationPk(tenantId, conversationId);
    const messages: StoredMessage[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
          ExpressionAttributeValues: { ':pk': pk, ':msg': MESSAGE_PREFIX },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        messages.push({
          tenantId,
          conversationId,
          messageId: String(item.messageId),
          seq: Number(item.seq),
          role: item.role === 'assistant' ? 'assistant' : 'user',
          text: String(item.text ?? ''),
          clientMessageId: typeof item.clientMessageId === 'string' ? item.clientMessageId : undefined,
          createdAt: String(item.createdAt ?? ''),
          status: item.status === 'failed' ? 'failed' : 'complete',
          errorCode: typeof item.errorCode === 'string' ? item.errorCode : undefined,
        });
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    if (messages.length > 0) return messages;
    const meta = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: 1,
      }),
    );
    return (meta.Items ?? []).length > 0 ? [] : undefined;
  }
}
