// DynamoDbUsageLedger against dynalite: per-cell counters summed per tenant and day, tenants kept apart.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbUsageLedger } from '../../lambdas/shared/adapters/dynamodb-usage-ledger';
import { keys, TABLES, USAGE_COUNTER_ATTRIBUTES } from '../../lambdas/shared/definitions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;

let server: Server;
let doc: DynamoDBDocumentClient;
const table = 'tenants-usage-test';

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  doc = DynamoDBDocumentClient.from(client);
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: TABLES.tenants.partitionKey.name, AttributeType: 'S' },
        { AttributeName: TABLES.tenants.sortKey.name, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLES.tenants.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLES.tenants.sortKey.name, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  doc.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('DynamoDbUsageLedger', () => {
  it('sums the counters of every cell for the tenant and day', async () => {
    const eu = new DynamoDbUsageLedger(doc, table, 'eu-west-1');
    const us = new DynamoDbUsageLedger(doc, table, 'us-east-1');
    await eu.addUsage('acme', '2026-11-23', { tokens: 100, costUsd: 0.001 });
    await eu.addUsage('acme', '2026-11-23', { tokens: 50, costUsd: 0.0005 });
    await us.addUsage('acme', '2026-11-23', { tokens: 25, costUsd: 0.25 });
    expect(await eu.getDailyUsage('acme', '2026-11-23')).toEqual({ tokens: 175, costUsd: 0.2515 });
  });

  it('keeps each cell on its own item under the tenant key', async () => {
    const ledger = new DynamoDbUsageLedger(doc, table, 'ap-southeast-2');
    await ledger.addUsage('initech', '2026-11-23', { tokens: 7, costUsd: 0 });
    const item = await doc.send(
      new GetCommand({
        TableName: table,
        Key: { pk: keys.tenantPk('initech'), sk: 'usage#2026-11-23#ap-southeast-2' },
      }),
    );
    expect(item.Item).toEqual(expect.objectContaining({ tokens: 7, costMicros: 0, calls: 1 }));
  });

  it('keeps tenants and days apart', async () => {
    const ledger = new DynamoDbUsageLedger(doc, table, 'eu-west-1');
    await ledger.addUsage('globex', '2026-11-23', { tokens: 9, costUsd: 0.01 });
    await ledger.addUsage('globex', '2026-11-24', { tokens: 1, costUsd: 0 });
    expect(await ledger.getDailyUsage('globex', '2026-11-23')).toEqual({ tokens: 9, costUsd: 0.01 });
    expect(await ledger.getDailyUsage('nobody', '2026-11-23')).toEqual({ tokens: 0, costUsd: 0 });
  });

  it('rejects a malformed day instead of writing a stray key', async () => {
    const ledger = new DynamoDbUsageLedger(doc, table, 'eu-west-1');
    await expect(ledger.addUsage('acme', '2026-11-23#x', { tokens: 1, costUsd: 0 })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
    await expect(ledger.getDailyUsage('acme', '23/11/2026')).rejects.toThrow(/YYYY-MM-DD/);
  });

  it("touches only the attributes the worker's UpdateItem grant allows, and asks for no returned values", async () => {
    const sent: UpdateCommand[] = [];
    const send = jest.spyOn(doc, 'send');
    send.mockImplementation(((command: unknown) => {
      if (command instanceof UpdateCommand) sent.push(command);
      return (DynamoDBDocumentClient.prototype.send as (c: unknown) => Promise<unknown>).call(doc, command);
    }) as typeof doc.send);
    try {
      await new DynamoDbUsageLedger(doc, table, 'eu-west-1').addUsage('hooli', '2026-11-23', {
        tokens: 3,
        costUsd: 0.002,
      });
    } finally {
      send.mockRestore();
    }
    expect(sent).toHaveLength(1);
    const input = sent[0]!.input;
    const named = Object.values(input.ExpressionAttributeNames ?? {});
    const bare = (input.UpdateExpression ?? '')
      .replace(/:[A-Za-z0-9_]+/g, ' ')
      .split(/[\s,=+\-()]+/)
      .filter((word) => word && !/^(ADD|SET|REMOVE|DELETE)$/.test(word) && !word.startsWith('#'));
    const touched = new Set([...Object.keys(input.Key ?? {}), ...named, ...bare]);
    expect(touched).toEqual(new Set(USAGE_COUNTER_ATTRIBUTES));
    expect(input.ConditionExpression).toBeUndefined();
    expect(input.ReturnValues ?? 'NONE').toBe('NONE');
    const item = await doc.send(
      new GetCommand({
        TableName: table,
        Key: { pk: keys.tenantPk('hooli'), sk: 'usage#2026-11-23#eu-west-1' },
      }),
    );
    expect(Object.keys(item.Item ?? {}).sort()).toEqual([...USAGE_COUNTER_ATTRIBUTES].sort());
  });
});
