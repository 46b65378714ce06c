// Applies a parsed UpdateExpression to an item copy-on-write: SET (+, -, if_not_exists, list_append), REMOVE, ADD, DELETE.
import { typeOf, type AttributeMap, type AttributeValue } from './attribute-values';
import type { ParsedUpdate, SetValue } from './expression-ast';
import type { ExpressionContext } from './expression-context';
import { operandValue } from './condition-evaluator';
import {
  assignPath,
  checkOverlaps,
  removePath,
  resolveSteps,
  valueAt,
  valueAtSteps,
  type Step,
} from './document-paths';
import { validation } from './errors';
import { addDecimals, formatDecimal, parseDecimal } from './numbers';

const OPERAND_TYPES: Record<string, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  L: 'LIST',
  M: 'MAP',
  SS: 'SET',
  NS: 'SET',
  BS: 'SET',
};
const wrongType = () => validation('An operand in the update expression has an incorrect data type');

export interface UpdateOutcome {
  readonly item: AttributeMap;
  /** The resolved paths the update touched (for ReturnValues UPDATED_OLD / UPDATED_NEW). */
  readonly paths: Step[][];
}

/** The updated item (a new object; `old` is not modified). `key` seeds a new item. */
export function applyUpdate(
  update: ParsedUpdate,
  old: AttributeMap | undefined,
  key: AttributeMap,
  keyNames: readonly string[],
  context: ExpressionContext,
): UpdateOutcome {
  const paths = update.actions.map((action) => resolveSteps(action.path, context));
  checkOverlaps(paths, 'UpdateExpression');
  for (const steps of paths) {
    if (keyNames.includes(steps[0] as string)) {
      throw validation(
        `One or more parameter values were invalid: Cannot update attribute ${steps[0]}. This attribute is part of the key`,
      );
    }
  }
  const source = old ?? key;
  const item: AttributeMap = { ...source };
  const removals: Step[][] = [];
  update.actions.forEach((action, i) => {
    const steps = paths[i]!;
    if (action.kind === 'SET') {
      assignPath(item, steps, setValue(action.value, source, context));
    } else if (action.kind === 'REMOVE') {
      removals.push(steps);
    } else {
      const operand = context.value(action.value);
      const type = typeOf(operand);
      const allowed = action.kind === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
      if (!allowed.includes(type)) {
        throw validation(
          `Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${action.kind}, operand type: ${OPERAND_TYPES[type]}`,
        );
      }
      const current = valueAtSteps(source, steps);
      const next = action.kind === 'ADD' ? add(current, operand, type) : remove(current, operand, type);
      if (next === undefined) removals.push(steps);
      else assignPath(item, steps, next);
    }
  });
  removals.sort((a, b) => {
    const x = a[a.length - 1];
    const y = b[b.length - 1];
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
  });
  for (const steps of removals) removePath(item, steps);
  return { item, paths };
}

function add(current: AttributeValue | undefined, operand: AttributeValue, type: string): AttributeValue {
  if (!current) return operand;
  if (typeOf(current) !== type) throw wrongType();
  if (type === 'N')
    return { N: formatDecimal(addDecimals(parseDecimal(current.N!), parseDecimal(operand.N!))) };
  const key = type as 'SS' | 'NS' | 'BS';
  const merged = new Set([...current[key]!, ...operand[key]!]);
  return { [key]: [...merged] };
}

function remove(
  current: AttributeValue | undefined,
  operand: AttributeValue,
  type: string,
): AttributeValue | undefined {
  if (!current) return undefined;
  if (typeOf(current) !== type) throw wrongType();
  const key = type as 'SS' | 'NS' | 'BS';
  const removed = new Set(operand[key]!);
  const left = current[key]!.filter((e) => !removed.has(e));
  return left.length === 0 ? undefined : { [key]: left };
}

function setValue(value: SetValue, item: AttributeMap, context: ExpressionContext): AttributeValue {
  switch (value.kind) {
    case 'arithmetic': {
      const left = setValue(value.left, item, context);
      const right = setValue(value.right, item, context);
      if (left.N === undefined || right.N === undefined) throw wrongType();
      const result = addDecimals(parseDecimal(left.N), parseDecimal(right.N), value.op === '-');
      return { N: formatDecimal(result) };
    }
    case 'if_not_exists':
      return valueAt(item, value.path, context) ?? setValue(value.fallback, item, context);
    case 'list_append': {
      const left = setValue(value.left, item, context);
      const right = setValue(value.right, item, context);
      if (!left.L || !right.L) throw wrongType();
      return { L: [...left.L, ...right.L] };
    }
    case 'size':
      throw validation(
        'Invalid UpdateExpression: The function is not allowed in an update expression; function: size',
      );
    default: {
      const result = operandValue(value, item, context);
      if (!result)
        throw validation('The provided expression refers to an attribute that does not exist in the item');
      return result;
    }
  }
}
