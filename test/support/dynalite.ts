// Test helper: starts dynalite on an ephemeral loopback port and creates every table of TABLES.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import type { TableName } from '../../lambdas/shared/definitions';
import { createTables } from '../../local/create-tables';

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly tables: Record<TableName, string>;
  stop(): Promise<void>;
}

/** In-memory dynalite with the product's tables; call `stop()` in afterAll. */
export async function startDynalite(prefix = 'test'): Promise<LocalDynamo> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return connectLocalDynamo(server, prefix);
}

/** Listens on an ephemeral loopback port, creates every table of TABLES, and returns SDK clients for it. */
export async function connectLocalDynamo(server: Server, prefix: string): Promise<LocalDynamo> {
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
