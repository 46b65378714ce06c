// Adapter tests against the local DynamoDB server: gap-free seq under concurrency, idempotency, atomic appends, tenant isolation.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/shared/definitions';
import {
  DynamoDbConversationStore,
  OwnerCache,
} from '../../lambdas/shared/adapters/dynamodb-conversation-store';
import { startMemoryDynamo, type LocalDynamo } from '../support/memory-dynamo';

let dynamo: LocalDynamo;
let store: DynamoDbConversationStore;
let counter = 0;
const conversation = () => `conv-${++counter}`;

beforeAll(async () => {
  dynamo = await startMemoryDynamo('store');
  store = new DynamoDbConversationStore(dynamo.doc, dynamo.tables.conversations, 30);
});
afterAll(() => dynamo.stop());

const userMessage = (
  conversationId: string,
  clientMessageId: string,
  text = `text of ${clientMessageId}`,
) => ({
  tenantId: 'tenant-a',
  conversationId,
  role: 'user' as const,
  text,
  idempotencyKey: clientMessageId,
});

describe('appendMessage', () => {
  it('assigns seq 1, 2, 3 in order and stores the message with a retention TTL', async () => {
    const conv = conversation();
    const results = [];
    for (const id of ['m1', 'm2', 'm3']) results.push(await store.appendMessage(userMessage(conv, id)));

    expect(results.map((r) => r.message.seq)).toEqual([1, 2, 3]);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const item = await dynamo.doc.send(
      new GetCommand({
        TableName: dynamo.tables.conversations,
        Key: { pk: keys.conversationPk('tenant-a', conv), sk: keys.messageSk(2) },
      }),
    );
    expect(item.Item).toMatchObject({ role: 'user', text: 'text of m2', clientMessageId: 'm2', seq: 2 });
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(item.Item?.expiresAt).toBeGreaterThanOrEqual(nowSeconds + 30 * 86_400 - 5);
    expect(item.Item?.expiresAt).toBeLessThanOrEqual(nowSeconds + 30 * 86_400 + 5);
  });

  it('is idempotent on the key: a repeat returns the same messageId and stores nothing new', async () => {
    const conv = conversation();
    const first = await store.appendMessage(userMessage(conv, 'same'));
    const repeat = await store.appendMessage(userMessage(conv, 'same', 'different text'));

    expect(repeat.duplicate).toBe(true);
    expect(repeat.message.messageId).toBe(first.message.messageId);
    expect(repeat.message.seq).toBe(1);
    expect(repeat.message.text).toBe('text of same');
    expect(await store.listMessagesAfter('tenant-a', conv, 0, 100)).toHaveLength(1);
  });

  it('keeps seq gap-free and unique under 40 concurrent sends from 4 writers', async () => {
    const conv = conversation();
    const writers = Array.from(
      { length: 4 },
      () => new DynamoDbConversationStore(dynamo.doc, dynamo.tables.conversations, 30),
    );
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => writers[i % 4]!.appendMessage(userMessage(conv, `c${i}`))),
    );

    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const stored = await store.listMessagesAfter('tenant-a', conv, 0, 100);
    expect(stored.map((m) => m.seq)).toEqual(seqs);
    expect(new Set(stored.map((m) => m.clientMessageId)).size).toBe(40);
  });

  it('stores exactly one message when the same key is sent concurrently', async () => {
    const conv = conversation();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.appendMessage(userMessage(conv, 'double-click'))),
    );

    expect(new Set(results.map((r) => r.message.messageId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await store.listMessagesAfter('tenant-a', conv, 0, 100)).toHaveLength(1);
  });

  it('stores the assistant answer once per turn key with its status', async () => {
    const conv = conversation();
    const user = await store.appendMessage(userMessage(conv, 'q'));
    const turnKey = `turn#${user.message.messageId}`;
    const answer = {
      tenantId: 'tenant-a',
      conversationId: conv,
      role: 'assistant' as const,
      text: 'a',
      idempotencyKey: turnKey,
    };
    const first = await store.appendMessage(answer);
    const redelivered = await store.appendMessage(answer);

    expect(first.message).toMatchObject({ seq: 2, role: 'assistant', status: 'complete' });
    expect(first.message.clientMessageId).toBeUndefined();
    expect(redelivered).toEqual({ message: first.message, duplicate: true });
  });
});

describe('atomic append (claim and message in one transaction)', () => {
  const pk = (conv: string) => keys.conversationPk('tenant-a', conv);
  const putRaw = (item: Record<string, unknown>) =>
    dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.conversations, Item: item }));
  const getRaw = (conv: string, sk: string) =>
    dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.conversations, Key: { pk: pk(conv), sk } }));

  it('stores the claim already complete, pointing at its message', async () => {
    const conv = conversation();
    const { message } = await store.appendMessage(userMessage(conv, 'claimed'));

    const claim = await getRaw(conv, keys.clientMessageSk('claimed'));
    expect(claim.Item).toMatchObject({ kind: 'claim', messageId: message.messageId, seq: message.seq });
    expect(claim.Item?.expiresAt).toEqual(expect.any(Number));
  });

  it('writes neither item when the seq is taken, and moves to the next free seq', async () => {
    const conv = conversation();
    await store.appendMessage(userMessage(conv, 'first'));
    // Another writer's message took seq 2 after this writer read the last seq (1).
    await putRaw({ pk: pk(conv), sk: keys.messageSk(2), kind: 'message', messageId: 'other', seq: 2 });

    const appended = await store.appendMessage({ ...userMessage(conv, 'late'), knownLastSeq: 1 });

    expect(appended.message.seq).toBe(3);
    const claim = await getRaw(conv, keys.clientMessageSk('late'));
    expect(claim.Item).toMatchObject({ seq: 3, messageId: appended.message.messageId });
    expect((await getRaw(conv, keys.messageSk(2))).Item?.messageId).toBe('other');
  });

  it('refuses a claim that carries no seq (not written by this store) instead of guessing', async () => {
    const conv = conversation();
    await putRaw({ pk: pk(conv), sk: keys.clientMessageSk('foreign'), kind: 'claim', messageId: 'x' });

    await expect(store.appendMessage(userMessage(conv, 'foreign'))).rejects.toThrow(/has no message seq/);
    expect(await store.listMessagesAfter('tenant-a', conv, 0, 10)).toHaveLength(0);
  });

  it('lets a redelivered turn find the stored user message it answers', async () => {
    const conv = conversation();
    const user = await store.appendMessage(userMessage(conv, 'turn-user'));
    // The worker died mid-turn; on redelivery it reads the conversation and finds the user message.
    const history = await store.recentMessages('tenant-a', conv, 20);

    expect(history.find((m) => m.messageId === user.message.messageId)).toMatchObject({
      role: 'user',
      seq: user.message.seq,
      text: 'text of turn-user',
    });
  });
});

describe('reads', () => {
  it('lists messages after a seq in order and honours the limit; recentMessages returns the newest ascending', async () => {
    const conv = conversation();
    for (let i = 1; i <= 6; i++) await store.appendMessage(userMessage(conv, `r${i}`));

    expect((await store.listMessagesAfter('tenant-a', conv, 2, 100)).map((m) => m.seq)).toEqual([3, 4, 5, 6]);
    expect((await store.listMessagesAfter('tenant-a', conv, 2, 2)).map((m) => m.seq)).toEqual([3, 4]);
    expect((await store.recentMessages('tenant-a', conv, 3)).map((m) => m.seq)).toEqual([4, 5, 6]);
  });
});

describe('tenant isolation', () => {
  it("shows tenant B nothing of tenant A's conversation with the same id", async () => {
    const conv = conversation();
    await store.claimConversation('tenant-a', conv, 'alice');
    await store.appendMessage(userMessage(conv, 'secret', 'tenant A secret'));

    expect(await store.listMessagesAfter('tenant-b', conv, 0, 100)).toEqual([]);
    expect(await store.recentMessages('tenant-b', conv, 100)).toEqual([]);
    expect(await store.claimConversation('tenant-b', conv, 'alice')).toBe('created');
    const b = await store.appendMessage({
      ...userMessage(conv, 'secret', 'tenant B text'),
      tenantId: 'tenant-b',
    });
    expect(b).toMatchObject({
      duplicate: false,
      message: { seq: 1, tenantId: 'tenant-b', text: 'tenant B text' },
    });
    const raw = await dynamo.doc.send(
      new QueryCommand({
        TableName: dynamo.tables.conversations,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.conversationPk('tenant-b', conv) },
      }),
    );
    expect(raw.Items?.every((i) => String(i.pk).startsWith('t#tenant-b#'))).toBe(true);
    expect(JSON.stringify(raw.Items)).not.toContain('tenant A secret');
  });
});

describe('appendMessage with a known last seq', () => {
  const countingStore = () => {
    const counts = { queries: 0 };
    const doc = {
      send: (command: unknown) => {
        if (command instanceof QueryCommand) counts.queries += 1;
        return dynamo.doc.send(command as QueryCommand);
      },
    } as unknown as typeof dynamo.doc;
    return { counts, store: new DynamoDbConversationStore(doc, dynamo.tables.conversations, 30) };
  };

  it('skips the last-seq read when the caller just saw the last seq', async () => {
    const conv = conversation();
    await store.appendMessage(userMessage(conv, 'k1'));
    const { counts, store: counted } = countingStore();

    const { message } = await counted.appendMessage({ ...userMessage(conv, 'k2'), knownLastSeq: 1 });

    expect(message.seq).toBe(2);
    expect(counts.queries).toBe(0);
  });

  it('still appends at the next gap-free seq when the known last seq is stale', async () => {
    const conv = conversation();
    for (const id of ['s1', 's2', 's3']) await store.appendMessage(userMessage(conv, id));
    const { store: counted } = countingStore();

    const { message } = await counted.appendMessage({ ...userMessage(conv, 's4'), knownLastSeq: 1 });

    expect(message.seq).toBe(4);
    const seqs = (await store.listMessagesAfter('tenant-a', conv, 0, 10)).map((m) => m.seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });
});

describe('claimConversation', () => {
  it('binds the conversation to its first user', async () => {
    const conv = conversation();
    expect(await store.claimConversation('tenant-a', conv, 'alice')).toBe('created');
    expect(await store.claimConversation('tenant-a', conv, 'alice')).toBe('owned');
    expect(await store.claimConversation('tenant-a', conv, 'mallory')).toBe('foreign');
  });

  it("extends the owner record's retention while the conversation stays active", async () => {
    const conv = conversation();
    let now = Date.UTC(2026, 0, 1);
    const clocked = new DynamoDbConversationStore(dynamo.doc, dynamo.tables.conversations, 30, {
      clock: { now: () => now },
    });
    await clocked.claimConversation('tenant-a', conv, 'alice');
    const meta = () =>
      dynamo.doc.send(
        new GetCommand({
          TableName: dynamo.tables.conversations,
          Key: { pk: keys.conversationPk('tenant-a', conv), sk: 'meta' },
        }),
      );
    const created = (await meta()).Item?.expiresAt as number;

    now += 20 * 86_400_000;
    expect(await clocked.claimConversation('tenant-a', conv, 'alice')).toBe('owned');

    expect((await meta()).Item?.expiresAt).toBe(created + 20 * 86_400);
  });

  it('remembers a verified owner for ownerCacheMs, so later claims make no call, and still refuses others with one read', async () => {
    const conv = conversation();
    let now = Date.UTC(2026, 0, 1);
    const calls: string[] = [];
    const countingDoc = {
      send: (command: { constructor: { name: string } }) => {
        calls.push(command.constructor.name);
        return dynamo.doc.send(command as GetCommand);
      },
    } as unknown as typeof dynamo.doc;
    const cached = new DynamoDbConversationStore(countingDoc, dynamo.tables.conversations, 30, {
      clock: { now: () => now },
      ownerCacheMs: 60_000,
    });
    expect(await cached.claimConversation('tenant-a', conv, 'alice')).toBe('created');
    expect(calls).toEqual(['GetCommand', 'PutCommand']);
    expect(await cached.claimConversation('tenant-a', conv, 'alice')).toBe('owned');
    expect(calls).toHaveLength(2);

    expect(await cached.claimConversation('tenant-a', conv, 'mallory')).toBe('foreign');
    expect(calls).toEqual(['GetCommand', 'PutCommand', 'GetCommand']);

    now += 60_001;
    expect(await cached.claimConversation('tenant-a', conv, 'alice')).toBe('owned');
    expect(calls).toEqual(['GetCommand', 'PutCommand', 'GetCommand', 'GetCommand']);
  });

  it('shares one bounded owner cache between tenant stores without mixing tenants', async () => {
    const conv = conversation();
    const ownerCache = new OwnerCache(2);
    const storeFor = () =>
      new DynamoDbConversationStore(dynamo.doc, dynamo.tables.conversations, 30, {
        ownerCacheMs: 60_000,
        ownerCache,
      });
    expect(await storeFor().claimConversation('tenant-a', conv, 'alice')).toBe('created');
    expect(ownerCache.isOwner(keys.conversationPk('tenant-a', conv), 'alice', Date.now())).toBe(true);
    expect(ownerCache.isOwner(keys.conversationPk('tenant-b', conv), 'alice', Date.now())).toBe(false);
    expect(await storeFor().claimConversation('tenant-b', conv, 'bob')).toBe('created');

    ownerCache.remember('third', 'carol', Date.now() + 60_000);
    expect(ownerCache.isOwner(keys.conversationPk('tenant-a', conv), 'alice', Date.now())).toBe(false);
    expect(ownerCache.isOwner('third', 'carol', Date.now())).toBe(true);
  });

  it('gives a conversation claimed concurrently by two users to exactly one of them', async () => {
    const conv = conversation();
    const [a, b] = await Promise.all([
      store.claimConversation('tenant-a', conv, 'alice'),
      store.claimConversation('tenant-a', conv, 'bob'),
    ]);

    expect([a, b].sort()).toEqual(['created', 'foreign']);
  });
});
