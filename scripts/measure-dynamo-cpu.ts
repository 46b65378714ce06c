// One-off measurement: server CPU per request of the in-memory DynamoDB server vs dynalite (Get, Put, Update ADD, Query).
// Run: npx tsx scripts/measure-dynamo-cpu.ts [requests=5000]. Not part of `npm run bench`; prints a table.
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { processCpuMs } from '../bench/proc-cpu';
import { createTables } from '../local/create-tables';
import { startDynamo, type DynamoImplementation } from '../local/services/dynamo';

const REQUESTS = Number(process.argv[2] ?? 5000);
const IN_FLIGHT = 4;
const rootDir = resolve(__dirname, '..');

type Call = (doc: DynamoDBDocumentClient, tables: Record<string, string>, i: number) => Promise<unknown>;

const message = (i: number) => ({
  pk: 't#acme#conv#c1',
  sk: `msg#${String(i).padStart(10, '0')}`,
  role: 'user',
  text: 'How many days do I have to return an item? '.repeat(3),
  createdAt: new Date(1_700_000_000_000 + i).toISOString(),
  seq: i,
});

const CALLS: Record<string, Call> = {
  GetItem: (doc, t, i) =>
    doc.send(
      new GetCommand({ TableName: t.conversations, Key: { pk: 't#acme#conv#c1', sk: message(i % 20).sk } }),
    ),
  PutItem: (doc, t, i) =>
    doc.send(
      new PutCommand({
        TableName: t.conversations,
        Item: { ...message(1000 + i), pk: `t#acme#conv#p${i}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  'UpdateItem (ADD)': (doc, t, i) =>
    doc.send(
      new UpdateCommand({
        TableName: t.sessions,
        Key: { pk: 't#acme#rate#user-1', sk: `w#${i % 50}` },
        UpdateExpression: 'ADD #count :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: { ':one': 1, ':expiresAt': 1_700_000_000, ':limit': 1_000_000 },
      }),
    ),
  'Query (20 items)': (doc, t) =>
    doc.send(
      new QueryCommand({
        TableName: t.conversations,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: { ':pk': 't#acme#conv#c1', ':msg': 'msg#' },
        Limit: 20,
      }),
    ),
};

async function drive(
  doc: DynamoDBDocumentClient,
  tables: Record<string, string>,
  call: Call,
  count: number,
  offset: number,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await call(doc, tables, offset + next++);
    }),
  );
}

async function measure(implementation: DynamoImplementation): Promise<Record<string, number>> {
  const server = await startDynamo(rootDir, 0, 15_000, implementation);
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  const doc = DynamoDBDocumentClient.from(client);
  try {
    const tables = await createTables(client, 'measure');
    for (let i = 0; i < 20; i++)
      await doc.send(new PutCommand({ TableName: tables.conversations, Item: message(i) }));
    const figures: Record<string, number> = {};
    let offset = 0;
    for (const [name, call] of Object.entries(CALLS)) {
      await drive(doc, tables, call, 3000, (offset += 100_000)); // warm-up: JIT and caches
      const before = processCpuMs(server.pid);
      await drive(doc, tables, call, REQUESTS, (offset += 100_000));
      figures[name] = (processCpuMs(server.pid) - before) / REQUESTS;
    }
    return figures;
  } finally {
    client.destroy();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const memory = await measure('memory');
  const dynalite = await measure('dynalite');
  console.log(
    `server CPU per request (ms), ${REQUESTS} requests per operation, ${IN_FLIGHT} in flight, client in another process`,
  );
  console.log(
    `${'operation'.padEnd(20)} ${'memory'.padStart(8)} ${'dynalite'.padStart(9)} ${'ratio'.padStart(7)}`,
  );
  for (const name of Object.keys(CALLS)) {
    const m = memory[name]!;
    const d = dynalite[name]!;
    console.log(
      `${name.padEnd(20)} ${m.toFixed(3).padStart(8)} ${d.toFixed(3).padStart(9)} ${(d / m).toFixed(1).padStart(6)}×`,
    );
  }
}

void main();
