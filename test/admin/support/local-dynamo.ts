// Test helper: dynalite on an ephemeral loopback port with every table of TABLES (and their indexes) created.
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES, type TableName } from '../../../lambdas/shared/definitions';

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number }) => import('node:http').Server;

export interface AdminDynamo {
  readonly doc: DynamoDBDocumentClient;
  readonly client: DynamoDBClient;
  readonly tables: Record<TableName, string>;
  stop(): Promise<void>;
}

export async function startAdminDynamo(): Promise<AdminDynamo> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = {} as Record<TableName, string>;
  for (const name of Object.keys(TABLES) as TableName[]) {
    const def = TABLES[name];
    const tableName = `test-${def.id.toLowerCase()}`;
    const attributes = new Map<string, 'S' | 'N'>([
      [def.partitionKey.name, def.partitionKey.type],
      [def.sortKey.name, def.sortKey.type],
    ]);
    for (const index of def.globalSecondaryIndexes) {
      attributes.set(index.partitionKey.name, index.partitionKey.type);
      if ('sortKey' in index && index.sortKey) attributes.set(index.sortKey.name, index.sortKey.type);
    }
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes:
          def.globalSecondaryIndexes.length === 0
            ? undefined
            : def.globalSecondaryIndexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: [
                  { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
                  ...('sortKey' in index && index.sortKey
                    ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }]
                    : []),
                ],
                Projection: { ProjectionType: 'ALL' as const },
              })),
      }),
    );
    tables[name] = tableName;
  }
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    doc,
    client,
    tables,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
