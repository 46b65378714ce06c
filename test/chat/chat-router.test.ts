// Chat use cases through the router with plain fakes: every route, limits, idempotency, ownership, failures.
import { AppendInProgressError } from '../../lambdas/shared/conversation-errors';
import { createChatRouter, type WebSocketRouteEvent } from '../../lambdas/chat-router/router';
import type { ChatPorts } from '../../lambdas/chat-router/use-cases/chat-ports';
import {
  FakeConnectionRegistry,
  FakeConversationStore,
  FakeRateLimiter,
  FakeSocketPublisher,
  FakeTenantStore,
  FakeTurnQueue,
  tenantSettings,
} from './support/fakes';

interface World {
  ports: ChatPorts & {
    conversations: FakeConversationStore;
    connections: FakeConnectionRegistry;
    publisher: FakeSocketPublisher;
    turns: FakeTurnQueue;
    rateLimiter: FakeRateLimiter;
    tenants: FakeTenantStore;
  };
  route: ReturnType<typeof createChatRouter>;
  portsRequestedFor: string[];
}

function world(limits: Parameters<typeof tenantSettings>[1] = {}): World {
  const ports = {
    conversations: new FakeConversationStore(),
    connections: new FakeConnectionRegistry(),
    publisher: new FakeSocketPublisher(),
    turns: new FakeTurnQueue(),
    rateLimiter: new FakeRateLimiter(),
    tenants: new FakeTenantStore(
      tenantSettings('ta', limits),
      tenantSettings('tb'),
      tenantSettings('tsusp', {}, 'suspended'),
    ),
    clock: { now: () => 1_700_000_000_000 },
  };
  const portsRequestedFor: string[] = [];
  const route = createChatRouter({
    portsFor: (tenantId) => {
      portsRequestedFor.push(tenantId);
      return ports;
    },
    publisher: ports.publisher,
  });
  ports.connections.connect('ta', 'c1', 'me', 'alice');
  ports.connections.connect('ta', 'c1', 'my-other-tab', 'alice');
  return { ports, route, portsRequestedFor };
}

/** The context the authorizer sets on every route; a test overrides the identity fields it is about. */
const AUTHORIZER_CONTEXT = {
  tenantId: 'ta',
  userId: 'alice',
  conversationId: 'c1',
  jti: 'j',
  cell: 'eu-west-1',
  tokenExpiresAt: '1700000300',
};

const event = (
  routeKey: string,
  body: unknown,
  identity: Record<string, unknown> = {},
  connectionId = 'me',
): WebSocketRouteEvent => ({
  body: typeof body === 'string' ? body : JSON.stringify(body),
  requestContext: { routeKey, connectionId, authorizer: { ...AUTHORIZER_CONTEXT, ...identity } },
});
const sendMessage = (clientMessageId: string, text = `text ${clientMessageId}`) =>
  event('sendMessage', { action: 'sendMessage', clientMessageId, text });

describe('sendMessage', () => {
  it('persists, enqueues the turn, then acks with messageId and seq', async () => {
    const w = world();

    expect(await w.route(sendMessage('m1'))).toEqual({ statusCode: 200 });

    const stored = await w.ports.conversations.listMessagesAfter('ta', 'c1', 0, 10);
    expect(stored).toEqual([
      expect.objectContaining({ role: 'user', text: 'text m1', seq: 1, clientMessageId: 'm1' }),
    ]);
    expect(w.ports.turns.turns).toEqual([
      {
        tenantId: 'ta',
        conversationId: 'c1',
        userMessageId: stored[0]!.messageId,
        userSeq: 1,
        acceptedAt: 1_700_000_000_000,
      },
    ]);
    expect(w.ports.publisher.framesTo('me')[0]).toEqual({
      type: 'ack',
      clientMessageId: 'm1',
      messageId: stored[0]!.messageId,
      seq: 1,
    });
  });

  it("shows the message on the user's other sockets and leaves the assistant's typing state to the worker", async () => {
    const w = world();
    await w.route(sendMessage('m1'));

    expect(w.ports.publisher.framesTo('my-other-tab')).toEqual([
      expect.objectContaining({ type: 'message', role: 'user', text: 'text m1', seq: 1 }),
    ]);
    expect(w.ports.publisher.framesTo('me')).toEqual([expect.objectContaining({ type: 'ack' })]);
  });

  it('numbers sends 1, 2, 3 and acks a repeat of a clientMessageId with the same messageId, storing nothing new', async () => {
    const w = world();
    await w.route(sendMessage('m1'));
    await w.route(sendMessage('m2'));
    await w.route(sendMessage('m1', 'retried'));
    await w.route(sendMessage('m3'));

    const acks = w.ports.publisher.framesTo('me').filter((f) => f.type === 'ack');
    expect(acks.map((a) => a.type === 'ack' && [a.clientMessageId, a.seq])).toEqual([
      ['m1', 1],
      ['m2', 2],
      ['m1', 1],
      ['m3', 3],
    ]);
    expect(acks[0]).toEqual(acks[2]);
    expect(await w.ports.conversations.listMessagesAfter('ta', 'c1', 0, 10)).toHaveLength(3);
  });

  it('re-enqueues the turn of a repeat so a crash between persist and enqueue cannot lose it', async () => {
    const w = world();
    w.ports.turns.fail = true;
    await w.route(sendMessage('m1'));
    expect(w.ports.publisher.framesTo('me')).toEqual([
      expect.objectContaining({ type: 'error', code: 'internal_error', clientMessageId: 'm1' }),
    ]);

    w.ports.turns.fail = false;
    await w.route(sendMessage('m1'));

    expect(w.ports.turns.turns).toHaveLength(1);
    expect(w.ports.publisher.framesTo('me').at(-1)).toMatchObject({
      type: 'ack',
      clientMessageId: 'm1',
      seq: 1,
    });
  });

  it('never acks a message that was not persisted', async () => {
    const w = world();
    w.ports.conversations.failAppend = true;

    expect(await w.route(sendMessage('m1'))).toEqual({ statusCode: 500 });

    expect(w.ports.publisher.framesTo('me')).toEqual([
      expect.objectContaining({ type: 'error', code: 'internal_error' }),
    ]);
    expect(w.ports.turns.turns).toEqual([]);
  });

  it('answers a concurrent duplicate still being stored with a retryable error', async () => {
    const w = world();
    w.ports.conversations.appendMessage = async () => {
      throw new AppendInProgressError('m1');
    };
    await w.route(sendMessage('m1'));

    expect(w.ports.publisher.framesTo('me')).toEqual([
      expect.objectContaining({ type: 'error', code: 'internal_error', clientMessageId: 'm1' }),
    ]);
  });

  it('refuses over the per-connection limit with rate_limited and stores nothing', async () => {
    const w = world({ messagesPerMinutePerConnection: 2 });
    for (const id of ['m1', 'm2', 'm3']) await w.route(sendMessage(id));

    expect(w.ports.publisher.framesTo('me').filter((f) => f.type === 'error')).toEqual([
      {
        type: 'error',
        code: 'rate_limited',
        message: expect.stringContaining('connection'),
        clientMessageId: 'm3',
      },
    ]);
    expect(await w.ports.conversations.listMessagesAfter('ta', 'c1', 0, 10)).toHaveLength(2);
    expect(w.ports.rateLimiter.calls[0]).toMatchObject({ tenantId: 'ta', limit: 2, windowSeconds: 60 });
    expect(w.ports.rateLimiter.calls[0]!.scope).toMatch(/^msg\.[0-9a-f]{40}$/);
  });

  it('refuses over the per-tenant limit across connections with rate_limited', async () => {
    const w = world({ messagesPerSecondPerTenant: 1 });
    await w.route(sendMessage('m1'));
    await w.route({
      ...sendMessage('m2'),
      requestContext: { ...sendMessage('m2').requestContext, connectionId: 'my-other-tab' },
    });

    expect(w.ports.publisher.framesTo('my-other-tab').filter((f) => f.type === 'error')).toEqual([
      {
        type: 'error',
        code: 'rate_limited',
        message: expect.stringContaining('tenant'),
        clientMessageId: 'm2',
      },
    ]);
    expect(w.ports.rateLimiter.calls.find((c) => c.scope === 'messages')).toMatchObject({
      limit: 1,
      windowSeconds: 1,
    });
  });

  it('refuses a conversation that belongs to another user of the tenant', async () => {
    const w = world();
    await w.ports.conversations.claimConversation('ta', 'c1', 'bob');
    await w.route(sendMessage('m1'));

    expect(w.ports.publisher.framesTo('me')).toEqual([
      expect.objectContaining({ type: 'error', code: 'forbidden', clientMessageId: 'm1' }),
    ]);
    expect(w.ports.turns.turns).toEqual([]);
  });

  it('refuses a suspended tenant', async () => {
    const w = world();
    await w.route(
      event(
        'sendMessage',
        { action: 'sendMessage', clientMessageId: 'm1', text: 'x' },
        { tenantId: 'tsusp', userId: 'u', conversationId: 'c1' },
      ),
    );

    expect(w.ports.publisher.framesTo('me')).toEqual([
      expect.objectContaining({ type: 'error', code: 'forbidden' }),
    ]);
  });

  it('takes the tenant from the authorizer, never from the frame', async () => {
    const w = world();
    await w.route(
      event('sendMessage', { action: 'sendMessage', clientMessageId: 'm1', text: 'x', tenantId: 'tb' }),
    );
    await w.route(sendMessage('m2'));

    expect(w.portsRequestedFor).toEqual(['ta', 'ta']);
    expect(w.ports.publisher.framesTo('me')[0]).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(await w.ports.conversations.listMessagesAfter('tb', 'c1', 0, 10)).toEqual([]);
  });
});

describe('resume', () => {
  it('replays every user and assistant message after afterSeq, in order, to the caller only', async () => {
    const w = world();
    await w.route(sendMessage('m1'));
    await w.ports.conversations.appendMessage({
      tenantId: 'ta',
      conversationId: 'c1',
      role: 'assistant',
      text: 'answer',
      idempotencyKey: 'turn#msg-1',
    });
    await w.route(sendMessage('m2'));
    w.ports.publisher.posts.length = 0;

    await w.route(event('resume', { action: 'resume', afterSeq: 1 }));

    expect(w.ports.publisher.posts).toEqual([
      {
        connectionId: 'me',
        frame: expect.objectContaining({ type: 'message', seq: 2, role: 'assistant', text: 'answer' }),
      },
      {
        connectionId: 'me',
        frame: expect.objectContaining({ type: 'message', seq: 3, role: 'user', text: 'text m2' }),
      },
    ]);
  });

  it('pages through long conversations', async () => {
    const w = world();
    for (let i = 0; i < 250; i++)
      await w.ports.conversations.appendMessage({
        tenantId: 'ta',
        conversationId: 'c1',
        role: 'user',
        text: `t${i}`,
        idempotencyKey: `k${i}`,
      });

    await w.route(event('resume', { action: 'resume', afterSeq: 0 }));

    const seqs = w.ports.publisher.framesTo('me').map((f) => (f.type === 'message' ? f.seq : -1));
    expect(seqs).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('stops replaying when the socket is gone and removes it from the registry', async () => {
    const w = world();
    await w.route(sendMessage('m1'));
    w.ports.publisher.gone.add('me');

    await w.route(event('resume', { action: 'resume', afterSeq: 0 }));

    expect((await w.ports.connections.list('ta', 'c1')).map((c) => c.connectionId)).toEqual(['my-other-tab']);
  });

  it("shows tenant B nothing of tenant A's conversation with the same id", async () => {
    const w = world();
    await w.route(sendMessage('secret'));
    w.ports.publisher.posts.length = 0;

    await w.route(
      event(
        'resume',
        { action: 'resume', afterSeq: 0 },
        { tenantId: 'tb', userId: 'alice', conversationId: 'c1' },
        'b-conn',
      ),
    );

    expect(w.ports.publisher.posts).toEqual([]);
  });

  it("refuses to replay another user's conversation", async () => {
    const w = world();
    await w.route(sendMessage('m1'));
    w.ports.publisher.posts.length = 0;

    await w.route(
      event(
        'resume',
        { action: 'resume', afterSeq: 0 },
        { tenantId: 'ta', userId: 'mallory', conversationId: 'c1' },
        'evil',
      ),
    );

    expect(w.ports.publisher.posts).toEqual([
      { connectionId: 'evil', frame: expect.objectContaining({ type: 'error', code: 'forbidden' }) },
    ]);
  });
});

describe('typing', () => {
  it('relays {"type":"typing","role":"user"} to the other connections only', async () => {
    const w = world();
    await w.route(event('typing', { action: 'typing' }));

    expect(w.ports.publisher.posts).toEqual([
      { connectionId: 'my-other-tab', frame: { type: 'typing', role: 'user' } },
    ]);
  });

  it('is refused for a suspended tenant', async () => {
    const w = world();
    w.ports.connections.connect('tsusp', 'c1', 'peer', 'u');
    await w.route(
      event('typing', { action: 'typing' }, { tenantId: 'tsusp', userId: 'u', conversationId: 'c1' }),
    );

    expect(w.ports.publisher.posts).toEqual([
      { connectionId: 'me', frame: expect.objectContaining({ type: 'error', code: 'forbidden' }) },
    ]);
  });

  it('is throttled per connection: the second notice in the window is dropped quietly', async () => {
    const w = world();
    await w.route(event('typing', { action: 'typing' }));
    await w.route(event('typing', { action: 'typing' }));

    expect(w.ports.publisher.posts).toHaveLength(1);
    expect(w.ports.rateLimiter.calls[1]).toMatchObject({ limit: 1, windowSeconds: 2 });
  });
});

describe('ping and $default', () => {
  it('answers ping with pong', async () => {
    const w = world();
    await w.route(event('ping', { action: 'ping' }));
    expect(w.ports.publisher.posts).toEqual([{ connectionId: 'me', frame: { type: 'pong' } }]);
  });

  it.each([
    ['not JSON', 'hello', 'invalid_frame'],
    ['an unknown action', { action: 'shutdown' }, 'unknown_action'],
    ['no action', { text: 'x' }, 'unknown_action'],
  ])('answers %s on $default with an error frame', async (_name, body, code) => {
    const w = world();
    expect(await w.route(event('$default', body))).toEqual({ statusCode: 200 });
    expect(w.ports.publisher.posts).toEqual([
      { connectionId: 'me', frame: expect.objectContaining({ type: 'error', code }) },
    ]);
  });

  it('refuses a valid frame that arrives on another route', async () => {
    const w = world();
    await w.route(event('$default', { action: 'ping' }));
    expect(w.ports.publisher.framesTo('me')).toEqual([
      expect.objectContaining({ type: 'error', code: 'unknown_action' }),
    ]);
  });

  it('decodes base64 bodies', async () => {
    const w = world();
    await w.route({
      ...event('ping', ''),
      body: Buffer.from('{"action":"ping"}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(w.ports.publisher.posts).toEqual([{ connectionId: 'me', frame: { type: 'pong' } }]);
  });
});

describe('the caller', () => {
  it.each([
    ['no authorizer context', undefined],
    ['a tenant id with a delimiter', { tenantId: 'ta#x', userId: 'alice', conversationId: 'c1' }],
    ['a numeric tenant id', { tenantId: 5, userId: 'alice', conversationId: 'c1' }],
    ['no conversation', { tenantId: 'ta', userId: 'alice' }],
  ])('refuses a frame with %s and touches no tenant data', async (_name, authorizer) => {
    const w = world();
    const base = event('ping', { action: 'ping' });
    const result = await w.route({
      ...base,
      requestContext: { routeKey: 'ping', connectionId: 'me', ...(authorizer ? { authorizer } : {}) },
    });

    expect(result).toEqual({ statusCode: 403 });
    expect(w.portsRequestedFor).toEqual([]);
    expect(w.ports.publisher.posts).toEqual([
      { connectionId: 'me', frame: expect.objectContaining({ type: 'error', code: 'unauthorized' }) },
    ]);
  });

  it('survives a publisher that fails while reporting an error', async () => {
    const w = world();
    w.ports.publisher.failing.add('me');
    w.ports.conversations.failAppend = true;

    await expect(w.route(sendMessage('m1'))).resolves.toEqual({ statusCode: 500 });
  });
});
