// The product's DynamoDB tables in one cell: global tables (owned by the primary) and regional ones.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  TABLES,
  type KeyAttribute,
  type TableDefinition,
  type TableName,
} from '../../lambdas/shared/definitions';

export interface GlobalTablesProps {
  /** True in the primary cell, which owns the global tables (replicas are its children). */
  readonly isPrimary: boolean;
  /** Regions of the other cells: replica regions of every global table. */
  readonly replicaRegions: readonly string[];
  /** This cell's data key; encrypts the local table or replica. */
  readonly dataKey: kms.IKey;
  /** Key (or alias) ARN per replica region, for the replicas' customer-managed encryption. */
  readonly replicaKeyArns: Readonly<Record<string, string>>;
  /** Physical name of a table from its definition id (the same in every region). */
  readonly tableName: (tableId: string) => string;
  /** Deletion protection on every table and replica (production). @default true */
  readonly deletionProtection?: boolean;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const attribute = (a: KeyAttribute): dynamodb.Attribute => ({
  name: a.name,
  type: a.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

/**
 * Builds every table of `TABLES`: regional tables in each cell; global tables with a replica per
 * cell in the primary, imported by name (with the cell's key) in the other cells.
 */
export class GlobalTables extends Construct {
  /** Every table as seen in this cell. */
  public readonly tables: Readonly<Record<TableName, dynamodb.ITableV2>>;
  /** Tables this cell's stack creates (the global ones only in the primary). */
  public readonly ownedTables: readonly dynamodb.TableV2[];

  constructor(scope: Construct, id: string, props: GlobalTablesProps) {
    super(scope, id);
    const owned: dynamodb.TableV2[] = [];
    const entries = (Object.keys(TABLES) as TableName[]).map((name): [TableName, dynamodb.ITableV2] => {
      const def: TableDefinition = TABLES[name];
      const byName = (id: string) =>
        dynamodb.TableV2.fromTableAttributes(this, id, {
          tableName: props.tableName(def.id),
          encryptionKey: props.dataKey,
          globalIndexes: def.globalSecondaryIndexes.map((i) => i.indexName),
          grantIndexPermissions: true,
        });
      if (def.scope === 'global' && !props.isPrimary) return [name, byName(def.id)];
      const table = this.createTable(def, props);
      owned.push(table);
      // Consumers get a by-name reference: grants then name the table ARN directly (no cross-stack export
      // per grant, and the same policy text in every cell). The stacks order the deployment.
      return [name, byName(`${def.id}Reference`)];
    });
    this.tables = Object.fromEntries(entries) as Record<TableName, dynamodb.ITableV2>;
    this.ownedTables = owned;
  }

  private createTable(def: TableDefinition, props: GlobalTablesProps): dynamodb.TableV2 {
    const isGlobal = def.scope === 'global';
    const deletionProtection = props.deletionProtection ?? true;
    return new dynamodb.TableV2(this, def.id, {
      tableName: props.tableName(def.id),
      partitionKey: attribute(def.partitionKey),
      sortKey: attribute(def.sortKey),
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: def.timeToLiveAttribute,
      globalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      encryption: isGlobal
        ? dynamodb.TableEncryptionV2.customerManagedKey(props.dataKey, { ...props.replicaKeyArns })
        : dynamodb.TableEncryptionV2.customerManagedKey(props.dataKey),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection,
      // Transactions (the message append, ADR 0077) are atomic in the writing region and replicate item
      // by item; strongly consistent multi-region tables refuse TransactWriteItems altogether.
      ...(isGlobal ? { multiRegionConsistency: dynamodb.MultiRegionConsistency.EVENTUAL } : {}),
      replicas: isGlobal
        ? props.replicaRegions.map((region) => ({
            region,
            deletionProtection,
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          }))
        : undefined,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
