// isConditionalCheckFailed: the one classification every conditional-write adapter uses.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailed } from '../../lambdas/shared/adapters/dynamodb-errors';

describe('isConditionalCheckFailed', () => {
  it("recognises the SDK's exception and any error with its name", () => {
    const sdk = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
    });
    expect(isConditionalCheckFailed(sdk)).toBe(true);
    expect(
      isConditionalCheckFailed(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' })),
    ).toBe(true);
  });

  it('rejects every other error and non-errors', () => {
    for (const other of [
      new Error('boom'),
      { name: 'ThrottlingException' },
      null,
      undefined,
      'ConditionalCheckFailedException',
    ])
      expect(isConditionalCheckFailed(other)).toBe(false);
  });
});
