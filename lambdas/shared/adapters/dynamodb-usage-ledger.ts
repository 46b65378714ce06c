// UsageLedger over the global tenants table: one counter item per tenant, day and cell, summed on read.
// Per-cell items mean no two regions ever write the same item, so global-table replication loses no increments.
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UsageLedger, UsageTotals } from '../../llm-worker/ports';
import { keys } from '../definitions';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Cost is stored as integer micro-dollars so that additions stay exact. */
const MICROS = 1_000_000;

export class DynamoDbUsageLedger implements UsageLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cell: string,
  ) {}

  async getDailyUsage(tenantId: string, day: string): Promise<UsageTotals> {
    assertDay(day);
    let tokens = 0;
    let micros = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
          ExpressionAttributeValues: { ':pk': keys.tenantPk(tenantId), ':day': `${keys.usageSk(day)}#` },
          ProjectionExpression: 'tokens, costMicros',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        tokens += Number(item.tokens ?? 0);
        micros += Number(item.costMicros ?? 0);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { tokens, costUsd: micros / MICROS };
  }

  async addUsage(tenantId: string, day: string, usage: UsageTotals): Promise<void> {
    assertDay(day);
    const tokens = Math.max(0, Math.ceil(usage.tokens));
    const micros = Math.max(0, Math.ceil(usage.costUsd * MICROS));
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.tenantPk(tenantId), sk: `${keys.usageSk(day)}#${this.cell}` },
        UpdateExpression: 'ADD tokens :t, costMicros :c, calls :one SET countedAt = :now',
        // Only USAGE_COUNTER_ATTRIBUTES and no ReturnValues: the worker's IAM grant allows nothing else.
        ExpressionAttributeValues: {
          ':t': tokens,
          ':c': micros,
          ':one': 1,
          ':now': new Date().toISOString(),
        },
      }),
    );
  }
}

function assertDay(day: string): void {
  if (!DAY.test(day)) throw new Error('Usage day must be YYYY-MM-DD');
}
