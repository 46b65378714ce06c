// A table: key schema, items with sizes, GSIs with their projections, written through one put/delete path.
import { typeOf, validateMap, type AttributeMap, type KeyValue } from './attribute-values';
import { validation } from './errors';
import {
  EntryStore,
  checkKeyValue,
  partitionString,
  sortKeyValue,
  type Entry,
  type KeySchema,
} from './table';

export const MAX_ITEM_BYTES = 400 * 1024;

export interface Projection {
  readonly ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly NonKeyAttributes?: readonly string[];
}
export interface GlobalIndex {
  readonly name: string;
  readonly schema: KeySchema;
  readonly projection: Projection;
  readonly store: EntryStore;
  /** Attribute names an index entry keeps (undefined: all). */
  readonly projected: ReadonlySet<string> | undefined;
}
/** Where an item lives in the table. */
export interface Location {
  readonly partition: string;
  readonly sortKey: KeyValue | undefined;
}

export class MemoryTable {
  readonly store: EntryStore;
  readonly indexes = new Map<string, GlobalIndex>();
  readonly keyNames: readonly string[];
  itemCount = 0;
  sizeBytes = 0;

  constructor(
    readonly name: string,
    readonly schema: KeySchema,
    indexes: readonly { name: string; schema: KeySchema; projection: Projection }[],
  ) {
    this.store = new EntryStore(schema, false);
    this.keyNames = schema.sortKey
      ? [schema.partitionKey.name, schema.sortKey.name]
      : [schema.partitionKey.name];
    for (const index of indexes) {
      const keys = [
        ...this.keyNames,
        index.schema.partitionKey.name,
        ...(index.schema.sortKey ? [index.schema.sortKey.name] : []),
      ];
      const projected =
        index.projection.ProjectionType === 'ALL'
          ? undefined
          : new Set([
              ...keys,
              ...(index.projection.ProjectionType === 'INCLUDE'
                ? (index.projection.NonKeyAttributes ?? [])
                : []),
            ]);
      this.indexes.set(index.name, { ...index, store: new EntryStore(index.schema, true), projected });
    }
  }

  /** Validates a Key (exactly the key attributes, right types; numbers canonicalised) and returns where it lives. */
  locate(key: AttributeMap | undefined): Location {
    if (!key || typeof key !== 'object')
      throw validation('The provided key element does not match the schema');
    const { partitionKey, sortKey } = this.schema;
    let count = 0;
    for (const name in key) {
      if (name !== partitionKey.name && name !== sortKey?.name)
        throw validation('The provided key element does not match the schema');
      count++;
    }
    if (count !== this.keyNames.length)
      throw validation('The provided key element does not match the schema');
    validateMap(key);
    return this.locateItem(key, false);
  }

  /** Validates the key attributes of a whole item and returns where it lives. */
  locateItem(item: AttributeMap, inItem = true): Location {
    const { partitionKey, sortKey } = this.schema;
    const pk = item[partitionKey.name];
    checkKeyValue(pk, partitionKey, true, inItem);
    let sk: KeyValue | undefined;
    if (sortKey) {
      const value = item[sortKey.name];
      checkKeyValue(value, sortKey, false, inItem);
      sk = sortKeyValue(value!, sortKey.type);
    }
    return { partition: partitionString(pk!, partitionKey.type), sortKey: sk };
  }

  /** Checks an item about to be stored: size and GSI key types. */
  checkItem(item: AttributeMap, size: number): void {
    if (size > MAX_ITEM_BYTES) throw validation('Item size has exceeded the maximum allowed size');
    for (const index of this.indexes.values()) {
      for (const key of [index.schema.partitionKey, index.schema.sortKey]) {
        const value = key && item[key.name];
        if (!key || !value) continue;
        const type = typeOf(value);
        if (type !== key.type) {
          throw validation(
            `One or more parameter values were invalid: Type mismatch for Index Key ${key.name} Expected: ${key.type} Actual: ${type} IndexName: ${index.name}`,
          );
        }
        if ((value[type] as string).length === 0) {
          throw validation(
            `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${index.name}, IndexKey: ${key.name}`,
          );
        }
      }
    }
  }

  entryAt(location: Location): Entry | undefined {
    const entries = this.store.partitions.get(location.partition);
    if (!entries) return undefined;
    const probe: Entry = { sortKey: location.sortKey, item: {}, size: 0 };
    const at = this.store.lowerBound(entries, probe);
    const entry = entries[at];
    return entry && this.store.compare(entry, probe) === 0 ? entry : undefined;
  }

  get(location: Location): AttributeMap | undefined {
    return this.entryAt(location)?.item;
  }

  /** Stores `item` (already checked) at `location`, or deletes when `item` is undefined; keeps GSIs in step. */
  write(location: Location, item: AttributeMap | undefined, size = 0): void {
    const old = this.entryAt(location);
    if (old) {
      this.itemCount--;
      this.sizeBytes -= old.size;
      this.store.remove(location.partition, old);
      for (const index of this.indexes.values()) this.unindex(index, old, location);
    }
    if (!item) return;
    const entry: Entry = { sortKey: location.sortKey, item, size };
    this.itemCount++;
    this.sizeBytes += size;
    this.store.insert(location.partition, entry);
    for (const index of this.indexes.values()) this.index(index, entry, location);
  }

  private indexEntry(
    index: GlobalIndex,
    entry: Entry,
    location: Location,
  ): { partition: string; entry: Entry } | undefined {
    const { partitionKey, sortKey } = index.schema;
    const pk = entry.item[partitionKey.name];
    const sk = sortKey ? entry.item[sortKey.name] : undefined;
    if (!pk || (sortKey && !sk)) return undefined;
    return {
      partition: partitionString(pk, partitionKey.type),
      entry: {
        sortKey: sortKey ? sortKeyValue(sk!, sortKey.type) : undefined,
        item: entry.item,
        size: entry.size,
        tablePartition: location.partition,
        tableSortKey: location.sortKey,
      },
    };
  }

  private index(index: GlobalIndex, entry: Entry, location: Location): void {
    const target = this.indexEntry(index, entry, location);
    if (target) index.store.insert(target.partition, target.entry);
  }

  private unindex(index: GlobalIndex, entry: Entry, location: Location): void {
    const target = this.indexEntry(index, entry, location);
    if (target) index.store.remove(target.partition, target.entry);
  }

  /** The attributes an index returns for an item (its projection). */
  projectForIndex(index: GlobalIndex, item: AttributeMap): AttributeMap {
    if (!index.projected) return item;
    const result: AttributeMap = {};
    for (const name of index.projected) if (item[name] !== undefined) result[name] = item[name];
    return result;
  }

  /** The table key of an item. */
  keyOf(item: AttributeMap): AttributeMap {
    const key: AttributeMap = {};
    for (const name of this.keyNames) key[name] = item[name]!;
    return key;
  }
}
