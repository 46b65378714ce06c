// Single-item writes as plans: validated up front, `evaluate` checks the condition and computes the item, `commit` stores it.
import { itemSize, validateMap, type AttributeMap } from './attribute-values';
import { evaluateCondition } from './condition-evaluator';
import { ExpressionContext } from './expression-context';
import { conditionalCheckFailed, validation } from './errors';
import type { Location, MemoryTable } from './memory-table';
import type { TableCatalog } from './table-catalog';
import { applyUpdate } from './update-evaluator';
import type { Step } from './document-paths';
import type { ParsedCondition } from './expression-ast';

type Input = Record<string, unknown>;
const LEGACY = [
  'Expected',
  'AttributeUpdates',
  'AttributesToGet',
  'ConditionalOperator',
  'KeyConditions',
  'QueryFilter',
  'ScanFilter',
];

/** Refuses the pre-expression parameters this server does not implement. */
export function refuseLegacy(input: Input): void {
  for (const name of LEGACY) {
    if (input[name] !== undefined)
      throw validation(
        `The legacy parameter ${name} is not supported by the in-memory server; use expressions`,
      );
  }
}

export interface WriteOutcome {
  readonly old: AttributeMap | undefined;
  /** The item to store; undefined deletes; absent `write` means no change (ConditionCheck). */
  readonly next: AttributeMap | undefined;
  readonly write: boolean;
  readonly size: number;
  readonly paths?: Step[][];
}

/** A validated single-item write: `evaluate` checks it against the current item, `commit` applies it. */
export interface WritePlan {
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly table: MemoryTable;
  readonly location: Location;
  evaluate(): WriteOutcome;
}

export function commit(plan: WritePlan, outcome: WriteOutcome): void {
  if (outcome.write) plan.table.write(plan.location, outcome.next, outcome.size);
}

/** The request's ConditionExpression (parsed once) and what a failure returns. */
interface Guard {
  readonly condition: ParsedCondition | undefined;
  readonly returnOld: boolean;
  readonly context: ExpressionContext;
}

function guardOf(input: Input, context: ExpressionContext): Guard {
  const condition = context.condition(input.ConditionExpression as string | undefined, 'ConditionExpression');
  const mode = input.ReturnValuesOnConditionCheckFailure ?? 'NONE';
  if (mode !== 'NONE' && mode !== 'ALL_OLD') {
    throw validation('ReturnValuesOnConditionCheckFailure must be NONE or ALL_OLD');
  }
  return { condition, returnOld: mode === 'ALL_OLD', context };
}

/** The current item, after checking the condition against it (ConditionalCheckFailedException otherwise). */
function currentItem(table: MemoryTable, location: Location, guard: Guard): AttributeMap | undefined {
  const old = table.get(location);
  const { condition, context } = guard;
  if (condition && !evaluateCondition(condition.condition, old, context)) {
    throw conditionalCheckFailed(guard.returnOld ? old : undefined);
  }
  return old;
}

export function planPut(catalog: TableCatalog, input: Input): WritePlan {
  refuseLegacy(input);
  const table = catalog.table(input.TableName);
  const item = input.Item as AttributeMap;
  if (!item || typeof item !== 'object') throw validation('Item is required');
  const size = validateMap(item);
  const location = table.locateItem(item);
  table.checkItem(item, size);
  const context = new ExpressionContext(input);
  const guard = guardOf(input, context);
  context.finish();
  return {
    kind: 'Put',
    table,
    location,
    evaluate: () => ({ old: currentItem(table, location, guard), next: item, write: true, size }),
  };
}

export function planDelete(catalog: TableCatalog, input: Input): WritePlan {
  refuseLegacy(input);
  const table = catalog.table(input.TableName);
  const location = table.locate(input.Key as AttributeMap);
  const context = new ExpressionContext(input);
  const guard = guardOf(input, context);
  context.finish();
  return {
    kind: 'Delete',
    table,
    location,
    evaluate: () => {
      const old = currentItem(table, location, guard);
      return { old, next: undefined, write: old !== undefined, size: 0 };
    },
  };
}

export function planConditionCheck(catalog: TableCatalog, input: Input): WritePlan {
  const table = catalog.table(input.TableName);
  const location = table.locate(input.Key as AttributeMap);
  if (typeof input.ConditionExpression !== 'string') {
    throw validation('ConditionCheck requires a ConditionExpression');
  }
  const context = new ExpressionContext(input);
  const guard = guardOf(input, context);
  context.finish();
  return {
    kind: 'ConditionCheck',
    table,
    location,
    evaluate: () => {
      const old = currentItem(table, location, guard);
      return { old, next: old, write: false, size: 0 };
    },
  };
}

export function planUpdate(catalog: TableCatalog, input: Input): WritePlan {
  refuseLegacy(input);
  const table = catalog.table(input.TableName);
  const key = input.Key as AttributeMap;
  const location = table.locate(key);
  const context = new ExpressionContext(input);
  const update = context.update(input.UpdateExpression as string | undefined);
  const guard = guardOf(input, context);
  context.finish();
  return {
    kind: 'Update',
    table,
    location,
    evaluate: () => {
      const old = currentItem(table, location, guard);
      if (!update) {
        const next = old ?? { ...key };
        return { old, next, write: true, size: itemSize(next) };
      }
      const { item, paths } = applyUpdate(update, old, key, table.keyNames, context);
      const size = itemSize(item);
      table.checkItem(item, size);
      return { old, next: item, write: true, size, paths };
    },
  };
}
