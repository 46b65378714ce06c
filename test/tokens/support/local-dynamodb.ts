// Test support: an in-process dynalite server with the product's tables, and a document client pointed at it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES, type TableName } from '../../../lambdas/shared/definitions';

// dynalite ships no types; it returns a plain node:http server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;

export interface LocalDynamoDb {
  readonly doc: DynamoDBDocumentClient;
  readonly client: DynamoDBClient;
  tableName(name: TableName): string;
  stop(): Promise<void>;
}

/** Starts dynalite on a free loopback port and creates every table of TABLES (with its indexes). */
export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableName = (name: TableName) => `test-${TABLES[name].id.toLowerCase()}`;
  for (const name of Object.keys(TABLES) as TableName[]) {
    const def = TABLES[name];
    const indexKeys = def.globalSecondaryIndexes.flatMap((i) =>
      'sortKey' in i ? [i.partitionKey, i.sortKey] : [i.partitionKey],
    );
    const attributes = new Map(
      [def.partitionKey, def.sortKey, ...indexKeys].map((a) => [a.name, a.type] as const),
    );
    await client.send(
      new CreateTableCommand({
        TableName: tableName(name),
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
            : def.globalSecondaryIndexes.map((i) => ({
                IndexName: i.indexName,
                KeySchema: [
                  { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
                  ...('sortKey' in i ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
                ],
                Projection: { ProjectionType: 'ALL' as const },
              })),
      }),
    );
  }
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    doc,
    client,
    tableName,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
