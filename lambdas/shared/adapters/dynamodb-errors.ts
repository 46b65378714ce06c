// DynamoDB error classification shared by the adapters that use conditional writes.

/**
 * True for a failed ConditionExpression. Checked by name, which the SDK's
 * `ConditionalCheckFailedException` carries too, so errors from another copy of the SDK also match.
 */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}
