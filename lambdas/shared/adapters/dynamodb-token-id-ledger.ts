// TokenIdLedger over the region-local sessions table: a conditional put makes each `jti` usable once.
import { isConditionalCheckFailed } from './dynamodb-errors';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ID_PATTERN, keys } from '../definitions';
import type { TokenIdLedger } from '../ports';

export class DynamoDbTokenIdLedger implements TokenIdLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records the token id; false when it was recorded before (a replay). The record outlives the
   * token (TTL at its expiry), so a replay within the token's life is always caught in this cell.
   */
  async consumeOnce(tenantId: string, jti: string, expiresAtEpochSeconds: number): Promise<boolean> {
    if (!ID_PATTERN.test(tenantId) || !ID_PATTERN.test(jti)) throw new Error('token ledger: invalid id');
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.tokenIdPk(tenantId, jti),
            sk: keys.tokenIdSk,
            expiresAt: expiresAtEpochSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
