// ConnectionLimiter over the region-local sessions table: per-tenant 2-hour bucket counters, conditional ADDs, no transactions.
import { isConditionalCheckFailed } from './dynamodb-errors';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ID_PATTERN, keys, PROTOCOL_LIMITS } from '../definitions';
import type { ConnectionLimiter } from '../ports';

/** A bucket spans API Gateway's maximum connection duration, so a live connection was opened in b or b-1. */
export const CONNECTION_BUCKET_MS = PROTOCOL_LIMITS.maxConnectionSeconds * 1000;
/** TTL slack after the last moment a bucket can matter (its end plus one more bucket). */
const EXPIRY_SLACK_SECONDS = 600;

/** The 2-hour bucket a connection opened at `connectedAtMs` is counted in. */
export const connectionBucketOf = (connectedAtMs: number): number =>
  Math.floor(connectedAtMs / CONNECTION_BUCKET_MS);

function checkInput(tenantId: string, connectedAtMs: number): void {
  if (!ID_PATTERN.test(tenantId)) throw new Error('connection limiter: invalid tenant id');
  if (!Number.isSafeInteger(connectedAtMs) || connectedAtMs <= 0)
    throw new Error('connection limiter: invalid connectedAt');
}

export class DynamoDbConnectionLimiter implements ConnectionLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * 1. ADD open 1 on bucket b unless it already holds `maxConnections`.
   * 2. Read bucket b-1 (strongly consistent); if open(b) + open(b-1) exceeds the limit, undo step 1.
   * Step 1 returns this connect's own post-increment value, so racing connects of one bucket never overshoot;
   * a count landing in b-1 after step 2 (a connect stamped just before the boundary) can, by a few.
   */
  async tryOpen(tenantId: string, connectedAtMs: number, maxConnections: number): Promise<boolean> {
    checkInput(tenantId, connectedAtMs);
    if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) return false;
    const bucket = connectionBucketOf(connectedAtMs);
    let openInBucket: number;
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(tenantId, bucket),
          UpdateExpression: 'ADD #open :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#open) OR #open < :max',
          ExpressionAttributeNames: { '#open': 'open', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': maxConnections,
            ':expiresAt': expiresAtOf(bucket),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      openInBucket = Number(out.Attributes?.open);
      if (!Number.isFinite(openInBucket)) throw new Error('connection limiter: counter missing after update');
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    let previous;
    try {
      previous = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: this.keyOf(tenantId, bucket - 1),
          ConsistentRead: true,
          ProjectionExpression: '#open',
          ExpressionAttributeNames: { '#open': 'open' },
        }),
      );
    } catch (error) {
      // The connect fails (500): give back the count step 1 took rather than hold the slot for hours.
      await this.release(tenantId, connectedAtMs).catch(() => undefined);
      throw error;
    }
    const openInPrevious = Math.max(0, Number(previous.Item?.open ?? 0) || 0);
    if (openInBucket + openInPrevious <= maxConnections) return true;
    await this.release(tenantId, connectedAtMs);
    return false;
  }

  /** ADD open -1 on the connection's bucket only while it is positive; a missing or zero counter stays as is. */
  async release(tenantId: string, connectedAtMs: number): Promise<void> {
    checkInput(tenantId, connectedAtMs);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(tenantId, connectionBucketOf(connectedAtMs)),
          UpdateExpression: 'ADD #open :minusOne',
          ConditionExpression: '#open > :zero',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  private keyOf(tenantId: string, bucket: number) {
    return { pk: keys.connectionCountPk(tenantId), sk: keys.connectionCountSk(bucket) };
  }
}

/** End of the bucket, plus one more bucket (while b+1 still reads it as b-1), plus slack: for TTL cleanup only. */
const expiresAtOf = (bucket: number): number =>
  ((bucket + 2) * CONNECTION_BUCKET_MS) / 1000 + EXPIRY_SLACK_SECONDS;
