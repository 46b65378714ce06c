// KeyConditionExpression: the partition key's value and the sort-key condition as a range of a sorted partition.
import { compareKeyValues, typeOf, type KeyValue } from './attribute-values';
import type { Condition, PathElement } from './expression-ast';
import type { ExpressionContext } from './expression-context';
import { validation } from './errors';
import { partitionString, sortKeyValue, type Entry, type EntryStore } from './table';

/** First position whose sort key is ≥ value (or > value when `after`). */
function boundBySortKey(entries: readonly Entry[], value: KeyValue, after: boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareKeyValues(entries[middle]!.sortKey!, value);
    if (order < 0 || (after && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface KeyConditions {
  readonly partition: string;
  readonly sort: (Condition & { kind: 'compare' | 'between' | 'function' }) | undefined;
}

export function keyConditionsOf(
  condition: Condition,
  store: EntryStore,
  context: ExpressionContext,
): KeyConditions {
  const parts: Condition[] = [];
  const flatten = (c: Condition) => {
    if (c.kind === 'and') {
      flatten(c.left);
      flatten(c.right);
    } else {
      parts.push(c);
    }
  };
  flatten(condition);
  const { partitionKey, sortKey } = store.schema;
  let partition: string | undefined;
  let sort: KeyConditions['sort'];
  for (const part of parts) {
    if (part.kind === 'or' || part.kind === 'and' || part.kind === 'not' || part.kind === 'in') {
      throw validation(`Invalid operator used in KeyConditionExpression: ${part.kind.toUpperCase()}`);
    }
    if (part.kind === 'function' && part.name !== 'begins_with') {
      throw validation(`Invalid operator used in KeyConditionExpression: ${part.name}`);
    }
    if (part.kind === 'compare' && part.op === '<>')
      throw validation('Unsupported operator on KeyConditionExpression: operator: <>');
    const subject =
      part.kind === 'compare' ? part.left : part.kind === 'between' ? part.operand : part.args[0]!;
    const values =
      part.kind === 'compare'
        ? [part.right]
        : part.kind === 'between'
          ? [part.low, part.high]
          : [part.args[1]!];
    if (subject.kind !== 'path' || subject.path.length !== 1 || values.some((v) => v.kind !== 'value')) {
      throw validation(
        'Invalid KeyConditionExpression: the key condition must compare a key attribute with a value',
      );
    }
    const name = context.name(subject.path[0] as never);
    const key = name === partitionKey.name ? partitionKey : name === sortKey?.name ? sortKey : undefined;
    if (!key)
      throw validation(
        `Query condition missed key schema element${sortKey ? '' : ''}: ${name} is not a key attribute`,
      );
    for (const v of values) {
      const value = context.value((v as { name: string }).name);
      if (typeOf(value) !== key.type)
        throw validation(
          'One or more parameter values were invalid: Condition parameter type does not match schema type',
        );
    }
    if (key === partitionKey) {
      if (part.kind !== 'compare' || part.op !== '=' || partition !== undefined)
        throw validation('Query key condition not supported');
      partition = partitionString(context.value((part.right as { name: string }).name), key.type);
    } else {
      if (sort) throw validation('KeyConditionExpressions must only contain one condition per key');
      sort = part;
    }
  }
  if (partition === undefined)
    throw validation(`Query condition missed key schema element: ${partitionKey.name}`);
  return { partition, sort };
}

/** [start, end) of the entries the sort-key condition selects. */
export function rangeOf(
  entries: readonly Entry[],
  sort: KeyConditions['sort'],
  store: EntryStore,
  context: ExpressionContext,
): [number, number] {
  if (!sort) return [0, entries.length];
  const type = store.schema.sortKey!.type;
  const valueOf = (operand: { kind: string; name?: string }) =>
    sortKeyValue(context.value(operand.name!), type);
  if (sort.kind === 'between') {
    const low = valueOf(sort.low);
    const high = valueOf(sort.high);
    if (compareKeyValues(low, high) > 0) {
      throw validation(
        'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
      );
    }
    return [boundBySortKey(entries, low, false), boundBySortKey(entries, high, true)];
  }
  if (sort.kind === 'function') {
    const prefix = context.value((sort.args[1] as { name: string }).name);
    const start = boundBySortKey(entries, valueOf(sort.args[1]!), false);
    let end = start;
    if (prefix.S !== undefined)
      while (end < entries.length && (entries[end]!.sortKey as string).startsWith(prefix.S)) end++;
    else {
      const bytes = Buffer.from(prefix.B!, 'base64');
      while (
        end < entries.length &&
        (entries[end]!.sortKey as Buffer).subarray(0, bytes.length).equals(bytes)
      )
        end++;
    }
    return [start, end];
  }
  const value = valueOf(sort.right);
  switch (sort.op) {
    case '=':
      return [boundBySortKey(entries, value, false), boundBySortKey(entries, value, true)];
    case '<':
      return [0, boundBySortKey(entries, value, false)];
    case '<=':
      return [0, boundBySortKey(entries, value, true)];
    case '>':
      return [boundBySortKey(entries, value, true), entries.length];
    default:
      return [boundBySortKey(entries, value, false), entries.length];
  }
}

/** A Query's FilterExpression may not name the queried key attributes (DynamoDB refuses it). */
export function refuseKeyFilter(condition: Condition, store: EntryStore, context: ExpressionContext): void {
  const keys = [store.schema.partitionKey.name, store.schema.sortKey?.name];
  const visit = (c: Condition): void => {
    if (c.kind === 'or' || c.kind === 'and') {
      visit(c.left);
      visit(c.right);
      return;
    }
    if (c.kind === 'not') return visit(c.operand);
    const operands =
      c.kind === 'compare'
        ? [c.left, c.right]
        : c.kind === 'between'
          ? [c.operand, c.low, c.high]
          : c.kind === 'in'
            ? [c.operand, ...c.list]
            : c.args;
    for (const operand of operands) {
      if (operand.kind === 'value') continue;
      const name = context.name(operand.path[0] as PathElement & { kind: 'name' });
      if (keys.includes(name)) {
        throw validation(
          `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`,
        );
      }
    }
  };
  visit(condition);
}
