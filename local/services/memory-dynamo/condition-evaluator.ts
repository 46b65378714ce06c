// Evaluates parsed conditions (ConditionExpression, FilterExpression) against an item.
import {
  compareScalars,
  typeOf,
  valuesEqual,
  type AttributeMap,
  type AttributeValue,
} from './attribute-values';
import type { Condition, Operand } from './expression-ast';
import type { ExpressionContext } from './expression-context';
import { valueAt } from './document-paths';
import { validation } from './errors';

const TYPE_NAMES = new Set(['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M']);

/** True when `item` (undefined: no item) satisfies the condition. */
export function evaluateCondition(
  condition: Condition,
  item: AttributeMap | undefined,
  context: ExpressionContext,
): boolean {
  switch (condition.kind) {
    case 'or':
      return (
        evaluateCondition(condition.left, item, context) || evaluateCondition(condition.right, item, context)
      );
    case 'and':
      return (
        evaluateCondition(condition.left, item, context) && evaluateCondition(condition.right, item, context)
      );
    case 'not':
      return !evaluateCondition(condition.operand, item, context);
    case 'compare': {
      const left = operandValue(condition.left, item, context);
      const right = operandValue(condition.right, item, context);
      if (condition.op === '=') return !!left && !!right && valuesEqual(left, right);
      if (condition.op === '<>') return !left || !right || !valuesEqual(left, right);
      if (!left || !right) return false;
      const order = compareScalars(left, right);
      if (order === undefined) return false;
      if (condition.op === '<') return order < 0;
      if (condition.op === '<=') return order <= 0;
      if (condition.op === '>') return order > 0;
      return order >= 0;
    }
    case 'between': {
      const value = operandValue(condition.operand, item, context);
      const low = operandValue(condition.low, item, context);
      const high = operandValue(condition.high, item, context);
      if (!value || !low || !high) return false;
      const fromLow = compareScalars(value, low);
      const toHigh = compareScalars(value, high);
      return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
    }
    case 'in': {
      const value = operandValue(condition.operand, item, context);
      if (!value) return false;
      return condition.list.some((candidate) => {
        const other = operandValue(candidate, item, context);
        return !!other && valuesEqual(value, other);
      });
    }
    case 'function':
      return evaluateFunction(condition, item, context);
  }
}

function evaluateFunction(
  condition: Condition & { kind: 'function' },
  item: AttributeMap | undefined,
  context: ExpressionContext,
): boolean {
  const [first, second] = condition.args;
  const value = operandValue(first!, item, context);
  switch (condition.name) {
    case 'attribute_exists':
      return value !== undefined;
    case 'attribute_not_exists':
      return value === undefined;
    case 'attribute_type': {
      const wanted = operandValue(second!, item, context)!;
      return value !== undefined && typeOf(value) === wanted.S;
    }
    case 'begins_with': {
      const prefix = operandValue(second!, item, context);
      if (!value || !prefix) return false;
      if (value.S !== undefined && prefix.S !== undefined) return value.S.startsWith(prefix.S);
      if (value.B !== undefined && prefix.B !== undefined) {
        const bytes = Buffer.from(value.B, 'base64');
        const start = Buffer.from(prefix.B, 'base64');
        return bytes.subarray(0, start.length).equals(start);
      }
      return false;
    }
    case 'contains':
      return contains(value, operandValue(second!, item, context));
  }
}

function contains(value: AttributeValue | undefined, element: AttributeValue | undefined): boolean {
  if (!value || !element) return false;
  if (value.S !== undefined) return element.S !== undefined && value.S.includes(element.S);
  if (value.B !== undefined) {
    return (
      element.B !== undefined && Buffer.from(value.B, 'base64').includes(Buffer.from(element.B, 'base64'))
    );
  }
  if (value.SS) return element.S !== undefined && value.SS.includes(element.S);
  if (value.NS) return element.N !== undefined && value.NS.includes(element.N);
  if (value.BS) return element.B !== undefined && value.BS.includes(element.B);
  if (value.L) return value.L.some((e) => valuesEqual(e, element));
  return false;
}

/** The value of an operand: a path's value, a placeholder's value or size(path). */
export function operandValue(
  operand: Operand,
  item: AttributeMap | undefined,
  context: ExpressionContext,
): AttributeValue | undefined {
  if (operand.kind === 'value') return context.value(operand.name);
  const value = valueAt(item, operand.path, context);
  if (operand.kind === 'path' || !value) return value;
  return sizeOf(value);
}

function sizeOf(value: AttributeValue): AttributeValue | undefined {
  const type = typeOf(value);
  switch (type) {
    case 'S':
      return { N: String(value.S!.length) };
    case 'B':
      return { N: String(Buffer.from(value.B!, 'base64').length) };
    case 'SS':
    case 'NS':
    case 'BS':
    case 'L':
      return { N: String(value[type]!.length) };
    case 'M':
      return { N: String(Object.keys(value.M!).length) };
    default:
      return undefined;
  }
}

/** DynamoDB's up-front checks of literal operands, run per request even where evaluation would short-circuit. */
export function checkValueOperands(
  checks: readonly Condition[],
  context: ExpressionContext,
  label: string,
): void {
  for (const check of checks) {
    if (check.kind === 'between') {
      const low = context.value((check.low as { name: string }).name);
      const high = context.value((check.high as { name: string }).name);
      const order = compareScalars(low, high);
      if (order !== undefined && order > 0) {
        throw validation(
          `Invalid ${label}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${JSON.stringify(low)}, upper bound operand: AttributeValue: ${JSON.stringify(high)}`,
        );
      }
    } else if (check.kind === 'function') {
      const value = context.value((check.args[1] as { name: string }).name);
      if (check.name === 'attribute_type' && (value.S === undefined || !TYPE_NAMES.has(value.S))) {
        throw validation(
          `Invalid ${label}: Invalid attribute type name found; type: ${value.S ?? typeOf(value)}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
        );
      }
      if (check.name === 'begins_with' && value.S === undefined && value.B === undefined) {
        throw validation(
          `Invalid ${label}: Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${typeOf(value)}`,
        );
      }
    }
  }
}
