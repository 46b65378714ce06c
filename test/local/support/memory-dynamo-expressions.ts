// Shared helpers of the memory-dynamo expression suites: ValidationException messages, condition and update evaluation, a sample item.
import type { AttributeMap } from '../../../local/services/memory-dynamo/attribute-values';
import { evaluateCondition } from '../../../local/services/memory-dynamo/condition-evaluator';
import { DynamoError } from '../../../local/services/memory-dynamo/errors';
import {
  ExpressionContext,
  type ExpressionInput,
} from '../../../local/services/memory-dynamo/expression-context';
import { applyUpdate } from '../../../local/services/memory-dynamo/update-evaluator';

/** The ValidationException message a call throws. */
export function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoError);
    expect((error as DynamoError).type).toBe('ValidationException');
    return (error as DynamoError).message;
  }
  throw new Error('no ValidationException');
}

/** Evaluates a condition against an item the way ConditionExpression does. */
export function matches(
  expression: string,
  item: AttributeMap | undefined,
  input: ExpressionInput = {},
): boolean {
  const context = new ExpressionContext(input);
  const parsed = context.condition(expression, 'ConditionExpression')!;
  context.finish();
  return evaluateCondition(parsed.condition, item, context);
}

/** Applies an update expression to an item keyed by pk the way UpdateExpression does, returning the new item. */
export function update(expression: string, old: AttributeMap | undefined, input: ExpressionInput = {}) {
  const context = new ExpressionContext(input);
  const parsed = context.update(expression)!;
  context.finish();
  return applyUpdate(parsed, old, { pk: { S: 'k' } }, ['pk'], context).item;
}

export const ITEM: AttributeMap = {
  pk: { S: 'k' },
  n: { N: '5' },
  s: { S: 'hello' },
  tags: { SS: ['a', 'b'] },
  myList: { L: [{ N: '1' }, { M: { c: { S: 'deep' } } }] },
  myMap: { M: { deeper: { M: { x: { N: '1' } } } } },
};
