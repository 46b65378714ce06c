// DynamoDbConnectionLimiter and the registry's conditional removal against dynalite: conditional counts, the b-1 read, never negative.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CONNECTION_BUCKET_MS,
  connectionBucketOf,
  DynamoDbConnectionLimiter,
} from '../../lambdas/shared/adapters/dynamodb-connection-limiter';
import { DynamoDbConnectionRegistry } from '../../lambdas/shared/adapters/dynamodb-connection-registry';
import { keys } from '../../lambdas/shared/definitions';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

let dynamo: LocalDynamo;
let limiter: DynamoDbConnectionLimiter;

beforeAll(async () => {
  dynamo = await startDynalite();
  limiter = new DynamoDbConnectionLimiter(dynamo.doc, dynamo.tables.sessions);
});
afterAll(() => dynamo.stop());

const NOON = Date.parse('2026-11-23T12:00:00Z');

async function counter(tenantId: string, atMs: number): Promise<Record<string, unknown> | undefined> {
  const out = await dynamo.doc.send(
    new GetCommand({
      TableName: dynamo.tables.sessions,
      Key: { pk: keys.connectionCountPk(tenantId), sk: keys.connectionCountSk(connectionBucketOf(atMs)) },
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

describe('DynamoDbConnectionLimiter', () => {
  it('gives the count back when the previous-bucket read fails, so a failed connect holds no slot', async () => {
    const failingReads = {
      send: (command: unknown) =>
        command instanceof GetCommand
          ? Promise.reject(new Error('read throttled'))
          : dynamo.doc.send(command as GetCommand),
    } as unknown as typeof dynamo.doc;
    const flaky = new DynamoDbConnectionLimiter(failingReads, dynamo.tables.sessions);

    await expect(flaky.tryOpen('lim-fail', NOON, 3)).rejects.toThrow('read throttled');
    expect((await counter('lim-fail', NOON))?.open).toBe(0);
  });

  it('counts up to the limit in one bucket under the tenant key, then refuses without counting', async () => {
    for (let i = 0; i < 3; i += 1) expect(await limiter.tryOpen('lim-a', NOON + i, 3)).toBe(true);
    expect(await limiter.tryOpen('lim-a', NOON + 10, 3)).toBe(false);
    const item = await counter('lim-a', NOON);
    expect(item).toMatchObject({ pk: 't#lim-a#conns', sk: `b#${connectionBucketOf(NOON)}`, open: 3 });
    expect(String(item!.pk).startsWith('t#lim-a#')).toBe(true);
  });

  it('sets expiresAt after the bucket can no longer be read as b-1, for TTL cleanup in AWS', async () => {
    await limiter.tryOpen('lim-ttl', NOON, 5);
    const bucket = connectionBucketOf(NOON);
    const item = await counter('lim-ttl', NOON);
    expect(item!.expiresAt).toBeGreaterThanOrEqual(((bucket + 2) * CONNECTION_BUCKET_MS) / 1000);
  });

  it('counts the previous bucket: open(b) + open(b-1) over the limit is undone and refused', async () => {
    const previous = NOON - 30 * 60_000;
    expect(await limiter.tryOpen('lim-b', previous, 2)).toBe(true);
    expect(await limiter.tryOpen('lim-b', previous + 1, 2)).toBe(true);
    expect(await limiter.tryOpen('lim-b', NOON + 10 * 60_000, 2)).toBe(false);
    // The refused attempt left bucket b at zero, not at one.
    expect((await counter('lim-b', NOON))?.open).toBe(0);
    // Releasing one of the previous bucket's connections frees a slot in the new bucket.
    await limiter.release('lim-b', previous);
    expect(await limiter.tryOpen('lim-b', NOON + 11 * 60_000, 2)).toBe(true);
  });

  it('ignores buckets two or more back: a leaked count stops counting after at most two buckets', async () => {
    const old = NOON - 2 * CONNECTION_BUCKET_MS;
    expect(await limiter.tryOpen('lim-c', old, 1)).toBe(true); // its $disconnect never comes
    expect(await limiter.tryOpen('lim-c', NOON, 1)).toBe(true);
  });

  it('never decrements below zero and creates no counter when releasing an unknown bucket', async () => {
    expect(await limiter.tryOpen('lim-d', NOON, 5)).toBe(true);
    await limiter.release('lim-d', NOON);
    await limiter.release('lim-d', NOON);
    expect((await counter('lim-d', NOON))?.open).toBe(0);
    await limiter.release('lim-d', NOON - CONNECTION_BUCKET_MS);
    expect(await counter('lim-d', NOON - CONNECTION_BUCKET_MS)).toBeUndefined();
  });

  it('keeps tenants apart: one tenant at its limit does not refuse another', async () => {
    expect(await limiter.tryOpen('lim-e', NOON, 1)).toBe(true);
    expect(await limiter.tryOpen('lim-e', NOON, 1)).toBe(false);
    expect(await limiter.tryOpen('lim-f', NOON, 1)).toBe(true);
  });

  it('refuses bad input with a clear error and a non-positive limit without counting', async () => {
    await expect(limiter.tryOpen('a#b', NOON, 5)).rejects.toThrow('invalid tenant id');
    await expect(limiter.tryOpen('lim-g', Number.NaN, 5)).rejects.toThrow('invalid connectedAt');
    await expect(limiter.release('lim-g', -1)).rejects.toThrow('invalid connectedAt');
    expect(await limiter.tryOpen('lim-g', NOON, 0)).toBe(false);
    expect(await counter('lim-g', NOON)).toBeUndefined();
  });

  it('never lets concurrent connects within one bucket exceed the limit (the conditional ADD serializes them)', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => limiter.tryOpen('lim-h', NOON + i, 4)),
    );
    expect(results.filter(Boolean)).toHaveLength(4);
    expect((await counter('lim-h', NOON))?.open).toBe(4);
  });
});

describe('DynamoDbConnectionRegistry.remove', () => {
  it('is true only for the call that removed the record', async () => {
    const registry = new DynamoDbConnectionRegistry(dynamo.doc, dynamo.tables.sessions);
    await registry.add({
      tenantId: 'lim-r',
      conversationId: 'c1',
      connectionId: 'Gone1=',
      userId: 'u1',
      connectedAt: new Date(NOON).toISOString(),
      expiresAt: NOON / 1000 + 7800,
    });
    expect(await registry.remove('lim-r', 'c1', 'Gone1=')).toEqual(
      expect.objectContaining({ connectionId: 'Gone1=', tenantId: 'lim-r' }),
    );
    expect(await registry.remove('lim-r', 'c1', 'Gone1=')).toBeUndefined();
  });
});
