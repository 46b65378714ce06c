// RateLimiter over the region-local sessions table: fixed windows counted with a conditional ADD (no transactions).
import { isConditionalCheckFailed } from './dynamodb-errors';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ID_PATTERN, keys } from '../definitions';
import type { Clock, RateLimiter } from '../ports';

const SCOPE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export class DynamoDbRateLimiter implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  /**
   * Counts one event in the current fixed window of `windowSeconds`; false once `limit` events were
   * counted. The window item expires (TTL) one window after it closes.
   */
  async tryConsume(tenantId: string, scope: string, limit: number, windowSeconds: number): Promise<boolean> {
    if (!ID_PATTERN.test(tenantId)) throw new Error('rate limiter: invalid tenant id');
    if (!SCOPE_PATTERN.test(scope)) throw new Error('rate limiter: invalid scope');
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1)
      throw new Error('rate limiter: invalid window');
    if (!Number.isInteger(limit) || limit < 1) return false;
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const window = Math.floor(nowSeconds / windowSeconds);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.rateWindowPk(tenantId, scope, window), sk: keys.rateWindowSk },
          UpdateExpression: 'ADD #count :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':expiresAt': (window + 2) * windowSeconds,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
