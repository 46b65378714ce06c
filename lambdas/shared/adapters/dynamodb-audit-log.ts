// Append-only AuditLog over DynamoDB: a conditional PutItem that can never overwrite; the role has no Update/Delete.
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog } from '../admin-ports';
import { keys } from '../definitions';

export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.auditPk(entry.tenantId),
          sk: keys.auditSk(entry.at, entry.id),
          ...entry,
          // before/after are stored as JSON text so any shape (including nested empties) round-trips unchanged.
          before: entry.before === undefined ? undefined : JSON.stringify(entry.before),
          after: entry.after === undefined ? undefined : JSON.stringify(entry.after),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(tenantId: string, limit: number): Promise<AuditEntry[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPk(tenantId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      id: String(item.id),
      tenantId: String(item.tenantId),
      action: String(item.action),
      who: item.who as AuditEntry['who'],
      before: typeof item.before === 'string' ? (JSON.parse(item.before) as unknown) : undefined,
      after: typeof item.after === 'string' ? (JSON.parse(item.after) as unknown) : undefined,
      at: String(item.at),
      requestId: String(item.requestId),
    }));
  }
}
