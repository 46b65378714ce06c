// Test helper: starts the in-memory DynamoDB server in-process on an ephemeral loopback port with every table of TABLES.
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../../local/create-tables';
import { createMemoryDynamoServer } from '../../local/services/memory-dynamo/server';
import type { LocalDynamo } from './dynalite';

export type { LocalDynamo } from './dynalite';

/** The in-memory server (transactions included) with the product's tables; call `stop()` in afterAll. */
export async function startMemoryDynamo(prefix = 'test'): Promise<LocalDynamo> {
  const server = createMemoryDynamoServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = await createTables(client, prefix);
  return {
    endpoint,
    client,
    doc,
    tables,
    stop: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
