// One table's items: partitions keyed by partition key, each sorted by sort key, with its GSIs kept in step.
import {
  compareKeyValues,
  compareUtf8,
  typeOf,
  type AttributeMap,
  type AttributeValue,
  type KeyType,
  type KeyValue,
} from './attribute-values';
import { validation } from './errors';
import { formatDecimal, parseDecimal, type Decimal } from './numbers';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}
export interface KeySchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}
/** An item (never mutated once stored) with its sort key and size. */
export interface Entry {
  readonly sortKey: KeyValue | undefined;
  readonly item: AttributeMap;
  readonly size: number;
  /** Index entries only: the table's partition and sort key, the tie-breakers inside an index partition. */
  readonly tablePartition?: string;
  readonly tableSortKey?: KeyValue | undefined;
}

/** A sorted store of entries keyed by partition (the table itself or one GSI). */
export class EntryStore {
  readonly partitions = new Map<string, Entry[]>();
  private sortedKeys: string[] | undefined;

  constructor(
    readonly schema: KeySchema,
    private readonly withTableKeys: boolean,
  ) {}

  /** Order of two entries of one partition (index entries break ties on the table key). */
  compare(a: Entry, b: Entry): number {
    if (a.sortKey !== undefined && b.sortKey !== undefined) {
      const order = compareKeyValues(a.sortKey, b.sortKey);
      if (order !== 0 || !this.withTableKeys) return order;
    }
    if (!this.withTableKeys) return 0;
    const byPartition = compareUtf8(a.tablePartition!, b.tablePartition!);
    if (byPartition !== 0) return byPartition;
    return a.tableSortKey === undefined ? 0 : compareKeyValues(a.tableSortKey, b.tableSortKey!);
  }

  /** First position in `entries` whose entry is not before `probe`. */
  lowerBound(entries: readonly Entry[], probe: Entry): number {
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(entries[middle]!, probe) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  insert(partition: string, entry: Entry): void {
    let entries = this.partitions.get(partition);
    if (!entries) {
      this.partitions.set(partition, (entries = []));
      this.sortedKeys = undefined;
    }
    const at = this.lowerBound(entries, entry);
    if (at < entries.length && this.compare(entries[at]!, entry) === 0) entries[at] = entry;
    else entries.splice(at, 0, entry);
  }

  remove(partition: string, probe: Entry): void {
    const entries = this.partitions.get(partition);
    if (!entries) return;
    const at = this.lowerBound(entries, probe);
    if (at < entries.length && this.compare(entries[at]!, probe) === 0) entries.splice(at, 1);
    if (entries.length === 0) {
      this.partitions.delete(partition);
      this.sortedKeys = undefined;
    }
  }

  /** Partition keys in a stable order (Scan's order). */
  orderedPartitions(): string[] {
    return (this.sortedKeys ??= [...this.partitions.keys()].sort(compareUtf8));
  }
}

/** The string a partition key value is stored under (numbers and binaries are canonical already). */
export const partitionString = (value: AttributeValue, type: KeyType): string => value[type] as string;

/** The comparable sort key of a value of the key's type. */
export function sortKeyValue(value: AttributeValue, type: KeyType): KeyValue {
  if (type === 'S') return value.S!;
  if (type === 'B') return Buffer.from(value.B!, 'base64');
  return parseDecimalCached(value.N!);
}

const decimals = new Map<string, Decimal>();
function parseDecimalCached(text: string): Decimal {
  let value = decimals.get(text);
  if (!value) {
    if (decimals.size > 100_000) decimals.clear();
    decimals.set(text, (value = parseDecimal(text)));
  }
  return value;
}

/** Checks an item's value for a key attribute: present, of the right type, not empty, within size limits. */
export function checkKeyValue(
  value: AttributeValue | undefined,
  key: KeyAttribute,
  isPartition: boolean,
  inItem: boolean,
): void {
  if (value === undefined) {
    throw validation(
      inItem
        ? `One or more parameter values were invalid: Missing the key ${key.name} in the item`
        : 'The provided key element does not match the schema',
    );
  }
  const type = typeOf(value);
  if (type !== key.type) {
    throw validation(
      inItem
        ? `One or more parameter values were invalid: Type mismatch for key ${key.name} expected: ${key.type} actual: ${type}`
        : 'The provided key element does not match the schema',
    );
  }
  const raw = value[type] as string;
  if (raw.length === 0) {
    throw validation(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value. Key: ${key.name}`,
    );
  }
  const size = type === 'B' ? Buffer.byteLength(raw, 'base64') : Buffer.byteLength(raw);
  if (isPartition && size > 2048) {
    throw validation(
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
  }
  if (!isPartition && size > 1024) {
    throw validation(
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  }
}

/** A sort key as text, to tell items apart (duplicate checks in batches and transactions). */
export const sortKeyText = (value: KeyValue | undefined): string =>
  value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : Buffer.isBuffer(value)
        ? value.toString('base64')
        : formatDecimal(value);
