// DynamoDB service errors: the `__type` name, the message and any extra members (Item, CancellationReasons).
import type { AttributeMap } from './attribute-values';

/** An error the server returns as `{ "__type": "com.amazonaws.dynamodb.v20120810#<type>", "message" }`. */
export class DynamoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** Extra members of the error body, e.g. `Item` or `CancellationReasons`. */
    readonly extra: Record<string, unknown> = {},
    readonly status = 400,
  ) {
    super(message);
  }
}

export const validation = (message: string): DynamoError => new DynamoError('ValidationException', message);

export const tableNotFound = (): DynamoError =>
  new DynamoError('ResourceNotFoundException', 'Requested resource not found');

/** A failed ConditionExpression; `item` is the old item when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
export const conditionalCheckFailed = (item?: AttributeMap): DynamoError =>
  new DynamoError(
    'ConditionalCheckFailedException',
    'The conditional request failed',
    item ? { Item: item } : {},
  );
