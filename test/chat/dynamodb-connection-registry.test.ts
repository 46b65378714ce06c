// Adapter test against dynalite: connections are stored under their tenant's conversation and expire.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/shared/definitions';
import { DynamoDbConnectionRegistry } from '../../lambdas/shared/adapters/dynamodb-connection-registry';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

let dynamo: LocalDynamo;
let registry: DynamoDbConnectionRegistry;
const now = 1_800_000_000_000;

beforeAll(async () => {
  dynamo = await startDynalite('registry');
  registry = new DynamoDbConnectionRegistry(dynamo.doc, dynamo.tables.sessions, { now: () => now });
});
afterAll(() => dynamo.stop());

const record = (
  tenantId: string,
  conversationId: string,
  connectionId: string,
  expiresAt = now / 1000 + 7_300,
) => ({
  tenantId,
  conversationId,
  connectionId,
  userId: 'u1',
  connectedAt: new Date(now).toISOString(),
  expiresAt,
});

describe('DynamoDbConnectionRegistry', () => {
  it('hides a connection marked gone from list but keeps its record for $disconnect to remove', async () => {
    await registry.add(record('ta', 'gone-conv', 'live='));
    await registry.add(record('ta', 'gone-conv', 'dead='));

    await registry.markGone('ta', 'gone-conv', 'dead=');

    expect((await registry.list('ta', 'gone-conv')).map((c) => c.connectionId)).toEqual(['live=']);
    expect(await registry.remove('ta', 'gone-conv', 'dead=')).toEqual(
      expect.objectContaining({ connectionId: 'dead=', connectedAt: new Date(now).toISOString() }),
    );
    expect(await registry.remove('ta', 'gone-conv', 'dead=')).toBeUndefined();
  });

  it('marking a connection that is already removed creates nothing', async () => {
    await registry.markGone('ta', 'never-conv', 'missing=');

    const item = await dynamo.doc.send(
      new GetCommand({
        TableName: dynamo.tables.sessions,
        Key: { pk: keys.connectionPk('ta', 'never-conv'), sk: keys.connectionSk('missing=') },
      }),
    );
    expect(item.Item).toBeUndefined();
  });

  it('stores a connection under the tenant-prefixed conversation key with its TTL', async () => {
    await registry.add(record('ta', 'c1', 'AbC123='));

    const item = await dynamo.doc.send(
      new GetCommand({
        TableName: dynamo.tables.sessions,
        Key: { pk: keys.connectionPk('ta', 'c1'), sk: keys.connectionSk('AbC123=') },
      }),
    );
    expect(item.Item).toMatchObject({
      pk: 't#ta#conv#c1',
      connectionId: 'AbC123=',
      expiresAt: now / 1000 + 7_300,
    });
  });

  it('lists the live connections of one conversation only and skips expired records', async () => {
    await registry.add(record('ta', 'c2', 'one'));
    await registry.add(record('ta', 'c2', 'two'));
    await registry.add(record('ta', 'c2', 'expired', now / 1000 - 1));
    await registry.add(record('tb', 'c2', 'other-tenant'));

    expect((await registry.list('ta', 'c2')).map((c) => c.connectionId).sort()).toEqual(['one', 'two']);
    expect((await registry.list('tb', 'c2')).map((c) => c.connectionId)).toEqual(['other-tenant']);
  });

  it('removes a connection', async () => {
    await registry.add(record('ta', 'c3', 'bye'));
    await registry.remove('ta', 'c3', 'bye');

    expect(await registry.list('ta', 'c3')).toEqual([]);
  });
});
