// Query and Scan: key conditions as ranges over sorted partitions, Limit before the filter, 1 MB pages, paging keys.
import { compareUtf8, validateMap, type AttributeMap } from './attribute-values';
import { evaluateCondition } from './condition-evaluator';
import { projectPaths } from './document-paths';
import type { ParsedCondition, ParsedProjection } from './expression-ast';
import { ExpressionContext } from './expression-context';
import { validation } from './errors';
import { keyConditionsOf, rangeOf, refuseKeyFilter } from './key-conditions';
import type { GlobalIndex, MemoryTable } from './memory-table';
import {
  checkKeyValue,
  partitionString,
  sortKeyValue,
  type Entry,
  type EntryStore,
  type KeyAttribute,
} from './table';
import { refuseLegacy } from './write-plans';
import type { TableCatalog } from './table-catalog';

type Input = Record<string, unknown>;
const PAGE_BYTES = 1024 * 1024;

interface Target {
  readonly table: MemoryTable;
  readonly index: GlobalIndex | undefined;
  readonly store: EntryStore;
  /** Attribute names of LastEvaluatedKey: table key plus index key. */
  readonly pageKeys: readonly KeyAttribute[];
}

function targetOf(catalog: TableCatalog, input: Input): Target {
  refuseLegacy(input);
  const table = catalog.table(input.TableName);
  if (input.IndexName === undefined) {
    const { partitionKey, sortKey } = table.schema;
    return {
      table,
      index: undefined,
      store: table.store,
      pageKeys: sortKey ? [partitionKey, sortKey] : [partitionKey],
    };
  }
  const index = table.indexes.get(input.IndexName as string);
  if (!index) throw validation(`The table does not have the specified index: ${String(input.IndexName)}`);
  if (input.ConsistentRead === true)
    throw validation('Consistent reads are not supported on global secondary indexes');
  const keys = [
    table.schema.partitionKey,
    table.schema.sortKey,
    index.schema.partitionKey,
    index.schema.sortKey,
  ];
  const pageKeys = keys.filter(
    (k, i): k is KeyAttribute => !!k && keys.findIndex((o) => o?.name === k.name) === i,
  );
  return { table, index, store: index.store, pageKeys };
}

interface Reading {
  readonly context: ExpressionContext;
  readonly filter: ParsedCondition | undefined;
  readonly projection: ParsedProjection | undefined;
  readonly count: boolean;
  readonly limit: number;
}

function readingOf(input: Input, target: Target, context: ExpressionContext): Reading {
  const filter = context.condition(input.FilterExpression as string | undefined, 'FilterExpression');
  const projection = context.projection(input.ProjectionExpression as string | undefined);
  context.finish();
  const select =
    (input.Select as string | undefined) ??
    (projection ? 'SPECIFIC_ATTRIBUTES' : target.index ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES');
  if (projection && select !== 'SPECIFIC_ATTRIBUTES') {
    throw validation(`Cannot specify the ProjectionExpression when choosing to get ${select}`);
  }
  if (select === 'ALL_ATTRIBUTES' && target.index?.projected) {
    throw validation(
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index',
    );
  }
  const limit = input.Limit === undefined ? Infinity : Number(input.Limit);
  if (!Number.isInteger(limit) && limit !== Infinity) throw validation('Limit must be an integer');
  if (limit < 1)
    throw validation(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  return { context, filter, projection, count: select === 'COUNT', limit };
}

/** Reads entries in order from a cursor, stopping at Limit or 1 MB; filters, projects and builds the page. */
function page(target: Target, reading: Reading, next: () => Entry | undefined): unknown {
  const items: AttributeMap[] = [];
  let matched = 0;
  let scanned = 0;
  let bytes = 0;
  let last: Entry | undefined;
  let entry: Entry | undefined;
  while (scanned < reading.limit && bytes < PAGE_BYTES && (entry = next())) {
    scanned++;
    bytes += entry.size;
    last = entry;
    const visible = target.index ? target.table.projectForIndex(target.index, entry.item) : entry.item;
    if (reading.filter && !evaluateCondition(reading.filter.condition, visible, reading.context)) continue;
    matched++;
    if (!reading.count) {
      items.push(
        reading.projection ? projectPaths(visible, reading.projection.paths, reading.context) : visible,
      );
    }
  }
  const stopped = last && (scanned >= reading.limit || bytes >= PAGE_BYTES);
  const result: Record<string, unknown> = { Count: matched, ScannedCount: scanned };
  if (!reading.count) result.Items = items;
  if (stopped) {
    const key: AttributeMap = {};
    for (const attribute of target.pageKeys) key[attribute.name] = last!.item[attribute.name]!;
    result.LastEvaluatedKey = key;
  }
  return result;
}

/** The entry the ExclusiveStartKey names, as a probe for the store's order. */
function startProbe(target: Target, input: Input): { partition: string; probe: Entry } | undefined {
  const start = input.ExclusiveStartKey as AttributeMap | undefined;
  if (start === undefined) return undefined;
  validateMap(start);
  const invalid = () =>
    validation('The provided starting key is invalid: The provided key element does not match the schema');
  if (Object.keys(start).length !== target.pageKeys.length) throw invalid();
  for (const attribute of target.pageKeys) {
    try {
      checkKeyValue(start[attribute.name], attribute, false, false);
    } catch {
      throw invalid();
    }
  }
  const { table, store } = target;
  const tablePartition = partitionString(
    start[table.schema.partitionKey.name]!,
    table.schema.partitionKey.type,
  );
  const tableSortKey = table.schema.sortKey
    ? sortKeyValue(start[table.schema.sortKey.name]!, table.schema.sortKey.type)
    : undefined;
  if (!target.index)
    return { partition: tablePartition, probe: { sortKey: tableSortKey, item: {}, size: 0 } };
  const { partitionKey, sortKey } = store.schema;
  return {
    partition: partitionString(start[partitionKey.name]!, partitionKey.type),
    probe: {
      sortKey: sortKey ? sortKeyValue(start[sortKey.name]!, sortKey.type) : undefined,
      item: {},
      size: 0,
      tablePartition,
      tableSortKey,
    },
  };
}

export function query(catalog: TableCatalog, input: Input): unknown {
  const target = targetOf(catalog, input);
  const context = new ExpressionContext(input);
  if (typeof input.KeyConditionExpression !== 'string') {
    throw validation(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  }
  const keyCondition = context.condition(input.KeyConditionExpression, 'KeyConditionExpression')!;
  const reading = readingOf(input, target, context);
  const { partition, sort } = keyConditionsOf(keyCondition.condition, target.store, context);
  if (reading.filter) refuseKeyFilter(reading.filter.condition, target.store, context);
  const entries = target.store.partitions.get(partition) ?? [];
  let [start, end] = rangeOf(entries, sort, target.store, context);
  const forward = input.ScanIndexForward !== false;
  const from = startProbe(target, input);
  if (from) {
    if (from.partition !== partition)
      throw validation(
        'The provided starting key is invalid: The provided key element does not match the schema',
      );
    const at = target.store.lowerBound(entries, from.probe);
    const exact = at < entries.length && target.store.compare(entries[at]!, from.probe) === 0;
    if (forward) start = Math.max(start, exact ? at + 1 : at);
    else end = Math.min(end, at);
  }
  let position = forward ? start : end - 1;
  return page(target, reading, () => {
    if (forward ? position >= end : position < start) return undefined;
    const entry = entries[position]!;
    position += forward ? 1 : -1;
    return entry;
  });
}

export function scan(catalog: TableCatalog, input: Input): unknown {
  const target = targetOf(catalog, input);
  const context = new ExpressionContext(input);
  const reading = readingOf(input, target, context);
  const segments = (input.TotalSegments as number | undefined) ?? 1;
  const segment = (input.Segment as number | undefined) ?? 0;
  if (
    !Number.isInteger(segments) ||
    segments < 1 ||
    !Number.isInteger(segment) ||
    segment < 0 ||
    segment >= segments
  ) {
    throw validation('Segment must be in [0, TotalSegments)');
  }
  const partitions = target.store.orderedPartitions();
  let partitionIndex = 0;
  let position = 0;
  const from = startProbe(target, input);
  if (from) {
    partitionIndex = lowerBoundString(partitions, from.partition);
    if (partitions[partitionIndex] === from.partition) {
      const entries = target.store.partitions.get(from.partition)!;
      const at = target.store.lowerBound(entries, from.probe);
      position = at < entries.length && target.store.compare(entries[at]!, from.probe) === 0 ? at + 1 : at;
    }
  }
  return page(target, reading, () => {
    for (;;) {
      if (partitionIndex >= partitions.length) return undefined;
      const key = partitions[partitionIndex]!;
      const entries = target.store.partitions.get(key);
      if (partitionIndex % segments === segment && entries && position < entries.length)
        return entries[position++]!;
      partitionIndex++;
      position = 0;
    }
  });
}

function lowerBoundString(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareUtf8(sorted[middle]!, value) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
