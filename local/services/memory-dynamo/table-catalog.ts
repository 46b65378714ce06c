// The server's tables: CreateTable, DescribeTable, ListTables and DeleteTable (tables are ACTIVE at once).
import { randomUUID } from 'node:crypto';
import type { KeyType } from './attribute-values';
import { DynamoError, tableNotFound, validation } from './errors';
import { MemoryTable, type Projection } from './memory-table';
import type { KeySchema } from './table';

type Input = Record<string, unknown>;
interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}
interface IndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection?: Projection;
}
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const ACCOUNT = '000000000000';
const REGION = 'local';

interface TableRecord {
  readonly table: MemoryTable;
  readonly input: Input;
  readonly createdAt: number;
  readonly id: string;
}

export class TableCatalog {
  private readonly tables = new Map<string, TableRecord>();

  /** The table named by a request, or ResourceNotFoundException. */
  table(name: unknown): MemoryTable {
    if (typeof name !== 'string' || !TABLE_NAME.test(name)) {
      throw validation(
        `1 validation error detected: Value '${String(name)}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`,
      );
    }
    const record = this.tables.get(name);
    if (!record) throw tableNotFound();
    return record.table;
  }

  createTable(input: Input): unknown {
    const name = input.TableName;
    if (typeof name !== 'string' || !TABLE_NAME.test(name))
      throw validation('TableName must be 3-255 characters of [a-zA-Z0-9_.-]');
    if (this.tables.has(name))
      throw new DynamoError('ResourceInUseException', `Table already exists: ${name}`);
    const definitions = new Map<string, KeyType>();
    for (const d of (input.AttributeDefinitions as
      { AttributeName: string; AttributeType: KeyType }[] | undefined) ?? []) {
      if (!['S', 'N', 'B'].includes(d.AttributeType))
        throw validation(`Invalid AttributeType ${d.AttributeType} for ${d.AttributeName}`);
      definitions.set(d.AttributeName, d.AttributeType);
    }
    const used = new Set<string>();
    const schemaOf = (elements: KeySchemaElement[] | undefined, owner: string): KeySchema => {
      const hash = elements?.filter((e) => e.KeyType === 'HASH') ?? [];
      const range = elements?.filter((e) => e.KeyType === 'RANGE') ?? [];
      if (hash.length !== 1 || range.length > 1 || (elements?.length ?? 0) !== hash.length + range.length) {
        throw validation(`Invalid KeySchema of ${owner}: exactly one HASH and at most one RANGE key`);
      }
      const attribute = (e: KeySchemaElement) => {
        const type = definitions.get(e.AttributeName);
        if (!type) {
          throw validation(
            `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${e.AttributeName}], AttributeDefinitions: [${[...definitions.keys()].join(', ')}]`,
          );
        }
        used.add(e.AttributeName);
        return { name: e.AttributeName, type };
      };
      return { partitionKey: attribute(hash[0]!), ...(range[0] ? { sortKey: attribute(range[0]) } : {}) };
    };
    const schema = schemaOf(input.KeySchema as KeySchemaElement[] | undefined, 'the table');
    const indexInputs = (input.GlobalSecondaryIndexes as IndexInput[] | undefined) ?? [];
    const indexNames = new Set<string>();
    const indexes = indexInputs.map((index) => {
      if (indexNames.has(index.IndexName)) throw validation(`Duplicate index name: ${index.IndexName}`);
      indexNames.add(index.IndexName);
      const projection = index.Projection ?? { ProjectionType: 'ALL' as const };
      if (!['ALL', 'KEYS_ONLY', 'INCLUDE'].includes(projection.ProjectionType))
        throw validation('Invalid ProjectionType');
      return { name: index.IndexName, schema: schemaOf(index.KeySchema, index.IndexName), projection };
    });
    if (input.LocalSecondaryIndexes)
      throw validation('LocalSecondaryIndexes are not supported by the in-memory server');
    if (used.size !== definitions.size) {
      throw validation(
        'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
      );
    }
    const record: TableRecord = {
      table: new MemoryTable(name, schema, indexes),
      input,
      createdAt: Date.now() / 1000,
      id: randomUUID(),
    };
    this.tables.set(name, record);
    return { TableDescription: this.describe(record, 'ACTIVE') };
  }

  describeTable(input: Input): unknown {
    this.table(input.TableName);
    return { Table: this.describe(this.tables.get(input.TableName as string)!, 'ACTIVE') };
  }

  deleteTable(input: Input): unknown {
    this.table(input.TableName);
    const record = this.tables.get(input.TableName as string)!;
    this.tables.delete(input.TableName as string);
    return { TableDescription: this.describe(record, 'DELETING') };
  }

  listTables(input: Input): unknown {
    const limit = typeof input.Limit === 'number' ? input.Limit : 100;
    if (limit < 1 || limit > 100) throw validation('Limit must be between 1 and 100');
    const start =
      typeof input.ExclusiveStartTableName === 'string' ? input.ExclusiveStartTableName : undefined;
    const names = [...this.tables.keys()].sort().filter((n) => start === undefined || n > start);
    const page = names.slice(0, limit);
    return {
      TableNames: page,
      ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}),
    };
  }

  private describe(record: TableRecord, status: string): unknown {
    const { table, input } = record;
    const arn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table.name}`;
    const onDemand = input.BillingMode === 'PAY_PER_REQUEST';
    const throughput = (given: unknown) => ({
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: onDemand
        ? 0
        : ((given as { ReadCapacityUnits?: number } | undefined)?.ReadCapacityUnits ?? 0),
      WriteCapacityUnits: onDemand
        ? 0
        : ((given as { WriteCapacityUnits?: number } | undefined)?.WriteCapacityUnits ?? 0),
    });
    const indexInputs =
      (input.GlobalSecondaryIndexes as (IndexInput & { ProvisionedThroughput?: unknown })[] | undefined) ??
      [];
    return {
      TableName: table.name,
      TableStatus: status,
      TableArn: arn,
      TableId: record.id,
      CreationDateTime: record.createdAt,
      AttributeDefinitions: input.AttributeDefinitions,
      KeySchema: input.KeySchema,
      ItemCount: table.itemCount,
      TableSizeBytes: table.sizeBytes,
      ProvisionedThroughput: throughput(input.ProvisionedThroughput),
      ...(input.BillingMode ? { BillingModeSummary: { BillingMode: input.BillingMode } } : {}),
      ...(indexInputs.length > 0
        ? {
            GlobalSecondaryIndexes: indexInputs.map((index) => {
              const live = table.indexes.get(index.IndexName)!;
              let count = 0;
              let bytes = 0;
              for (const entries of live.store.partitions.values()) {
                count += entries.length;
                for (const entry of entries) bytes += entry.size;
              }
              return {
                IndexName: index.IndexName,
                KeySchema: index.KeySchema,
                Projection: live.projection,
                IndexStatus: status === 'ACTIVE' ? 'ACTIVE' : status,
                ItemCount: count,
                IndexSizeBytes: bytes,
                IndexArn: `${arn}/index/${index.IndexName}`,
                ProvisionedThroughput: throughput(index.ProvisionedThroughput),
              };
            }),
          }
        : {}),
    };
  }
}
