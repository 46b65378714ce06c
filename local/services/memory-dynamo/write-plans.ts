// Single-item writes as plans: validated up front, `evaluate` checks the condition and computes the item, `commit` stores it.
import { itemSize, validateMap, type AttributeMap } from './attribute-values';
import { evaluateCondition } from './condition-evaluator';
import { ExpressionContext } from './expression-context';
import { conditionalCheckFailed, validation } from './errors';
import type { Location, MemoryTable } from './memory-table';
import type { TableCatalog } from './table-catalog';
import { applyUpdate } from './update-evaluator';
import type { Step } from './document-paths';

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
  readonly returnOldOnFailure: boolean;
  evaluate(): WriteOutcome;
}

export function commit(plan: WritePlan, outcome: WriteOutcome): void {
  if (outcome.write) plan.table.write(plan.location, outcome.next, outcome.size);
}

function conditionOf(input: Input, context: ExpressionContext) {
  return context.condition(input.ConditionExpression as string | undefined, 'ConditionExpression');
}

function failureMode(input: Input): boolean {
  const mode = input.ReturnValuesOnConditionCheckFailure ?? 'NONE';
  if (mode !== 'NONE' && mode !== 'ALL_OLD')
    throw validation('ReturnValuesOnConditionCheckFailure must be NONE or ALL_OLD');
  return mode === 'ALL_OLD';
}

function checked(
  table: MemoryTable,
  location: Location,
  input: Input,
  context: ExpressionContext,
): { old: AttributeMap | undefined; passes: () => void } {
  const condition = conditionOf(input, context);
  const returnOld = failureMode(input);
  const old = table.get(location);
  return {
    old,
    passes: () => {
      if (condition && !evaluateCondition(condition.condition, old, context, 'ConditionExpression')) {
        throw conditionalCheckFailed(returnOld ? old : undefined);
      }
    },
  };
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
  conditionOf(input, context);
  context.finish();
  return {
    kind: 'Put',
    table,
    location,
    returnOldOnFailure: failureMode(input),
    evaluate: () => {
      const { old, passes } = checked(table, location, input, context);
      passes();
      return { old, next: item, write: true, size };
    },
  };
}

export function planDelete(catalog: TableCatalog, input: Input): WritePlan {
  refuseLegacy(input);
  const table = catalog.table(input.TableName);
  const location = table.locate(input.Key as AttributeMap);
  const context = new ExpressionContext(input);
  conditionOf(input, context);
  context.finish();
  return {
    kind: 'Delete',
    table,
    location,
    returnOldOnFailure: failureMode(input),
    evaluate: () => {
      const { old, passes } = checked(table, location, input, context);
      passes();
      return { old, next: undefined, write: old !== undefined, size: 0 };
    },
  };
}

export function planConditionCheck(catalog: TableCatalog, input: Input): WritePlan {
  const table = catalog.table(input.TableName);
  const location = table.locate(input.Key as AttributeMap);
  if (typeof input.ConditionExpression !== 'string')
    throw validation('ConditionCheck requires a ConditionExpression');
  const context = new ExpressionContext(input);
  conditionOf(input, context);
  context.finish();
  return {
    kind: 'ConditionCheck',
    table,
    location,
    returnOldOnFailure: failureMode(input),
    evaluate: () => {
      const { old, passes } = checked(table, location, input, context);
      passes();
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
  conditionOf(input, context);
  context.finish();
  return {
    kind: 'Update',
    table,
    location,
    returnOldOnFailure: failureMode(input),
    evaluate: () => {
      const { old, passes } = checked(table, location, input, context);
      passes();
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
