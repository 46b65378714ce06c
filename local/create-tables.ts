// Creates every table of TABLES (keys, GSIs) on a DynamoDB-compatible server: used by tests and the local runtime.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type AttributeDefinition,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableName } from '../lambdas/shared/definitions';

/** Physical table name of a logical table under a prefix, e.g. `livechat-local-Conversations`. */
export function localTableName(name: TableName, prefix = 'livechat-local'): string {
  return `${prefix}-${TABLES[name].id}`;
}

/** Creates the tables that do not exist yet and waits until each is ACTIVE; returns logical → physical names. */
export async function createTables(
  client: DynamoDBClient,
  prefix = 'livechat-local',
): Promise<Record<TableName, string>> {
  const names = {} as Record<TableName, string>;
  for (const name of Object.keys(TABLES) as TableName[]) {
    const def = TABLES[name];
    const tableName = localTableName(name, prefix);
    names[name] = tableName;
    const attributes = new Map<string, AttributeDefinition>();
    const addAttribute = (a: { name: string; type: 'S' | 'N' }) =>
      attributes.set(a.name, { AttributeName: a.name, AttributeType: a.type });
    addAttribute(def.partitionKey);
    addAttribute(def.sortKey);
    for (const index of def.globalSecondaryIndexes) {
      addAttribute(index.partitionKey);
      if ('sortKey' in index && index.sortKey) addAttribute(index.sortKey);
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attributes.values()],
          KeySchema: [
            { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
          ],
          ...(def.globalSecondaryIndexes.length > 0
            ? {
                GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
                  IndexName: index.indexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
                    ...('sortKey' in index && index.sortKey
                      ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }]
                      : []),
                  ],
                  Projection: { ProjectionType: 'ALL' as const },
                })),
              }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilActive(client, tableName);
  }
  return names;
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}
