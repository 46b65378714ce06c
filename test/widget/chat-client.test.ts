// SDK unit tests: connect, send, streaming, reconnect with backoff and fresh tokens, resume, dedupe, states.
import { ChatClient } from '../../widget/sdk/chat-client';
import type { ChatError, ChatClientOptions, ConnectionState } from '../../widget/sdk/types';
import { FakeSocket, ManualScheduler, flush, tokenLog, type TokenLog } from './support/fake-socket';

interface Harness {
  client: ChatClient;
  sockets: FakeSocket[];
  scheduler: ManualScheduler;
  tokens: TokenLog;
  states: ConnectionState[];
  errors: ChatError[];
  last: () => FakeSocket;
}

function harness(options: Partial<ChatClientOptions> = {}): Harness {
  const sockets: FakeSocket[] = [];
  const scheduler = new ManualScheduler();
  const tokens = tokenLog();
  let ids = 0;
  const client = new ChatClient({
    getToken: (request) => tokens.provider(request),
    createWebSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    scheduler,
    random: () => 0.5,
    generateId: () => `cm-${++ids}`,
    backoff: { initialDelayMs: 100, maxDelayMs: 1000, factor: 2, maxAttempts: 3 },
    ...options,
  });
  const states: ConnectionState[] = [];
  const errors: ChatError[] = [];
  client.on('state', (s) => states.push(s.state));
  client.on('error', (e) => errors.push(e));
  return { client, sockets, scheduler, tokens, states, errors, last: () => sockets[sockets.length - 1]! };
}

async function online(h: Harness): Promise<FakeSocket> {
  await h.client.connect();
  await flush();
  h.last().open();
  return h.last();
}

describe('ChatClient', () => {
  test('connects with the token in the query string and goes connecting → online', async () => {
    const h = harness();
    const socket = await online(h);

    expect(socket.url).toBe('wss://chat.example.test/ws?token=token-1');
    expect(h.tokens.requests).toEqual([{ reason: 'initial' }]);
    expect(h.states).toEqual(['connecting', 'online']);
    expect(h.client.conversationId).toBe('conv-1');
  });

  test('sends a message with a generated clientMessageId and marks it sent on ack', async () => {
    const h = harness();
    const socket = await online(h);

    const id = h.client.send('  What are your opening hours?  ');
    expect(socket.actions('sendMessage')).toEqual([
      { action: 'sendMessage', clientMessageId: id, text: 'What are your opening hours?' },
    ]);
    expect(h.client.messages[0]).toMatchObject({ status: 'sending', role: 'user' });

    socket.push({ type: 'ack', clientMessageId: id, messageId: 'm1', seq: 1 });
    expect(h.client.messages).toEqual([
      {
        key: id,
        role: 'user',
        text: 'What are your opening hours?',
        status: 'sent',
        clientMessageId: id,
        messageId: 'm1',
        seq: 1,
      },
    ]);
  });

  test('renders streamed deltas and replaces them with the final text on done', async () => {
    const h = harness();
    const socket = await online(h);
    const seen: string[] = [];
    h.client.on('message', (m) => m.role === 'assistant' && seen.push(`${m.status}:${m.text}`));

    socket.push({ type: 'assistant.delta', messageId: 'a1', text: 'We open ' });
    socket.push({ type: 'assistant.delta', messageId: 'a1', text: 'at 9.' });
    socket.push({ type: 'assistant.done', messageId: 'a1', seq: 2, text: 'We open at 9 am.' });
    socket.push({ type: 'assistant.delta', messageId: 'a1', text: ' late' });

    expect(seen).toEqual(['streaming:We open ', 'streaming:We open at 9.', 'done:We open at 9 am.']);
    expect(h.client.messages).toEqual([
      { key: 'a1', role: 'assistant', text: 'We open at 9 am.', status: 'done', messageId: 'a1', seq: 2 },
    ]);
  });

  test('reconnects with backoff, asks for a fresh token for the same conversation and resumes by seq', async () => {
    const h = harness();
    const first = await online(h);
    const id = h.client.send('hello')!;
    first.push({ type: 'ack', clientMessageId: id, messageId: 'm1', seq: 1 });
    first.push({ type: 'assistant.done', messageId: 'a1', seq: 2, text: 'Hi!' });

    first.drop();
    expect(h.client.state).toBe('reconnecting');
    expect(h.scheduler.pendingDelays()).toEqual([75]); // attempt 1: [50, 100] with random 0.5

    h.scheduler.advance(75);
    await flush();
    const second = h.last();
    expect(second).not.toBe(first);
    expect(second.token).toBe('token-2');
    expect(h.tokens.requests[1]).toEqual({ reason: 'reconnect', conversationId: 'conv-1' });

    second.open();
    expect(second.actions('resume')).toEqual([{ action: 'resume', afterSeq: 2 }]);
    expect(h.states).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  test('backoff grows per failed attempt and goes offline after maxAttempts, then connect() retries', async () => {
    const h = harness();
    await online(h);
    h.last().drop();
    expect(h.scheduler.pendingDelays()).toEqual([75]);

    h.scheduler.advance(75);
    await flush();
    h.last().drop(); // refused upgrade
    expect(h.scheduler.pendingDelays()).toEqual([150]);

    h.tokens.failNext = 1;
    h.scheduler.advance(150);
    await flush();
    expect(h.errors.map((e) => e.code)).toContain('token_unavailable');
    expect(h.scheduler.pendingDelays()).toEqual([300]);

    h.scheduler.advance(300);
    await flush();
    h.last().drop();
    expect(h.client.state).toBe('offline');
    expect(h.errors.map((e) => e.code)).toContain('reconnect_exhausted');
    expect(h.scheduler.pendingDelays()).toEqual([]);

    await h.client.connect();
    await flush();
    h.last().open();
    expect(h.client.state).toBe('online');
    expect(h.tokens.requests.every((r, i) => i === 0 || r.conversationId === 'conv-1')).toBe(true);
  });

  test('resumes after the last contiguous seq so a gap is replayed, and replays are deduplicated', async () => {
    const h = harness();
    const first = await online(h);
    const id = h.client.send('one')!;
    first.push({ type: 'ack', clientMessageId: id, messageId: 'm1', seq: 1 });
    first.push({ type: 'message', messageId: 'm3', seq: 3, role: 'user', text: 'three (other tab)' });
    first.drop();
    h.scheduler.advance(1000);
    await flush();
    const second = h.last();
    second.open();

    expect(second.actions('resume')).toEqual([{ action: 'resume', afterSeq: 1 }]);
    second.push({ type: 'message', messageId: 'a2', seq: 2, role: 'assistant', text: 'two' });
    second.push({ type: 'message', messageId: 'm3', seq: 3, role: 'user', text: 'three (other tab)' });
    second.push({ type: 'message', messageId: 'm1', seq: 1, role: 'user', text: 'one' });

    expect(h.client.messages.map((m) => `${m.seq}:${m.role}:${m.text}`)).toEqual([
      '1:user:one',
      '2:assistant:two',
      '3:user:three (other tab)',
    ]);
  });

  test('resends unacknowledged messages with the same clientMessageId and shows each once', async () => {
    const h = harness();
    const first = await online(h);
    const id = h.client.send('are you there?')!;
    first.drop(); // the ack never arrived
    h.scheduler.advance(1000);
    await flush();
    const second = h.last();
    second.open();

    expect(second.actions('sendMessage')).toEqual([
      { action: 'sendMessage', clientMessageId: id, text: 'are you there?' },
    ]);
    // The server had persisted it: the resume replays it and the idempotent resend acks it again.
    second.push({ type: 'message', messageId: 'm1', seq: 1, role: 'user', text: 'are you there?' });
    second.push({ type: 'ack', clientMessageId: id, messageId: 'm1', seq: 1 });
    second.push({ type: 'ack', clientMessageId: id, messageId: 'm1', seq: 1 });

    expect(h.client.messages).toEqual([
      {
        key: id,
        role: 'user',
        text: 'are you there?',
        status: 'sent',
        clientMessageId: id,
        messageId: 'm1',
        seq: 1,
      },
    ]);
  });

  test('a replayed user message that still awaits its ack is shown once, before and after the ack', async () => {
    const h = harness();
    const first = await online(h);
    const id = h.client.send('refund time?')!;
    first.drop();
    h.scheduler.advance(1000);
    await flush();
    const second = h.last();
    second.open();
    second.push({ type: 'message', messageId: 'm1', seq: 1, role: 'user', text: 'refund time?' });
    expect(h.client.messages.map((m) => `${m.seq}:${m.text}`)).toEqual(['1:refund time?']);
    second.push({ type: 'ack', clientMessageId: id, messageId: 'm1', seq: 1 });
    expect(h.client.messages).toEqual([
      {
        key: id,
        role: 'user',
        text: 'refund time?',
        status: 'sent',
        clientMessageId: id,
        messageId: 'm1',
        seq: 1,
      },
    ]);
  });

  test('an assistant.done under another id than its deltas finishes the streamed answer', async () => {
    const h = harness();
    const socket = await online(h);
    socket.push({ type: 'assistant.delta', messageId: 'stream-1', text: 'Five ' });
    socket.push({ type: 'assistant.done', messageId: 'stored-1', seq: 2, text: 'Five days.' });
    socket.push({ type: 'message', messageId: 'stored-1', seq: 2, role: 'assistant', text: 'Five days.' });
    socket.push({ type: 'assistant.delta', messageId: 'stream-1', text: 'late' });

    expect(h.client.messages).toEqual([
      {
        key: 'stream-1',
        role: 'assistant',
        text: 'Five days.',
        status: 'done',
        messageId: 'stored-1',
        seq: 2,
      },
    ]);
  });

  test('queues messages sent while reconnecting and sends them once online', async () => {
    const h = harness();
    const first = await online(h);
    first.drop();
    const id = h.client.send('queued');
    expect(first.sent).toEqual([]);
    h.scheduler.advance(1000);
    await flush();
    h.last().open();
    expect(h.last().actions('sendMessage')).toEqual([
      { action: 'sendMessage', clientMessageId: id, text: 'queued' },
    ]);
  });

  test('finishes an answer whose stream was cut by the drop from the replayed message', async () => {
    const h = harness();
    const first = await online(h);
    first.push({ type: 'assistant.delta', messageId: 'a1', text: 'Our ret' });
    first.drop();
    h.scheduler.advance(1000);
    await flush();
    h.last().open();
    h.last().push({
      type: 'message',
      messageId: 'a1',
      seq: 2,
      role: 'assistant',
      text: 'Our return window is 30 days.',
    });

    expect(h.client.messages).toEqual([
      {
        key: 'a1',
        role: 'assistant',
        text: 'Our return window is 30 days.',
        status: 'done',
        messageId: 'a1',
        seq: 2,
      },
    ]);
  });

  test('orders messages by seq whatever order the frames arrive in', async () => {
    const h = harness();
    const socket = await online(h);
    socket.push({ type: 'message', messageId: 'c', seq: 3, role: 'user', text: 'c' });
    socket.push({ type: 'message', messageId: 'a', seq: 1, role: 'user', text: 'a' });
    socket.push({ type: 'assistant.delta', messageId: 'd', text: 'streaming' });
    socket.push({ type: 'message', messageId: 'b', seq: 2, role: 'assistant', text: 'b' });

    expect(h.client.messages.map((m) => m.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('surfaces server errors as events and marks the unacknowledged message failed', async () => {
    const h = harness();
    const socket = await online(h);
    const id = h.client.send('spam');
    socket.push({ type: 'error', code: 'rate_limited', message: 'Slow down.', clientMessageId: id });
    socket.push({ type: 'error', code: 'assistant_unavailable', message: 'The assistant cannot answer.' });
    socket.push('not json');

    expect(h.errors).toEqual([
      { code: 'rate_limited', message: 'Slow down.', clientMessageId: id },
      { code: 'assistant_unavailable', message: 'The assistant cannot answer.' },
      { code: 'invalid_frame', message: 'Ignored a malformed frame from the server.' },
    ]);
    expect(h.client.messages[0]).toMatchObject({ status: 'failed' });
    expect(h.client.state).toBe('online');
  });

  test('an assistant failure mid-answer ends the stream so the list is not left busy', async () => {
    const h = harness();
    const socket = await online(h);
    socket.push({ type: 'assistant.delta', messageId: 'a1', text: 'Our ret' });
    socket.push({ type: 'error', code: 'assistant_unavailable', message: 'The assistant cannot answer.' });
    socket.push({ type: 'assistant.delta', messageId: 'a1', text: 'urn' });

    expect(h.client.messages).toEqual([
      { key: 'a1', role: 'assistant', text: 'Our ret', status: 'failed', messageId: 'a1' },
    ]);
    // A replay of the stored (partial) answer later completes it.
    socket.push({ type: 'message', messageId: 'a1', seq: 2, role: 'assistant', text: 'Our returns…' });
    expect(h.client.messages[0]).toMatchObject({ status: 'done', seq: 2, text: 'Our returns…' });
  });

  test('refuses empty and over-long messages without sending anything', async () => {
    const h = harness();
    const socket = await online(h);
    expect(h.client.send('   ')).toBeUndefined();
    expect(h.client.send('x'.repeat(4001))).toBeUndefined();
    expect(socket.sent).toEqual([]);
    expect(h.errors.map((e) => e.code)).toEqual(['empty_message', 'message_too_large']);
  });

  test('a ping without a pong within the timeout counts as a lost connection', async () => {
    const h = harness({ pingIntervalMs: 1000, pongTimeoutMs: 200 });
    const socket = await online(h);
    h.scheduler.advance(1000);
    expect(socket.actions('ping')).toHaveLength(1);
    socket.push({ type: 'pong' });
    h.scheduler.advance(1000);
    expect(socket.actions('ping')).toHaveLength(2);
    h.scheduler.advance(200);

    expect(socket.closedWith).toBe(4000);
    expect(h.client.state).toBe('reconnecting');
  });

  test('close() stops reconnecting and a late close event of the old socket changes nothing', async () => {
    const h = harness();
    const socket = await online(h);
    h.client.close();
    socket.drop();
    expect(h.client.state).toBe('offline');
    expect(h.scheduler.pendingDelays()).toEqual([]);
    expect(h.tokens.requests).toHaveLength(1);
  });

  test('typing notices are throttled and typing frames become events', async () => {
    let now = 0;
    const h = harness({ now: () => now, typingThrottleMs: 3000 });
    const socket = await online(h);
    const typing: string[] = [];
    h.client.on('typing', (t) => typing.push(t.role));
    h.client.notifyTyping();
    h.client.notifyTyping();
    now = 3000;
    h.client.notifyTyping();
    socket.push({ type: 'typing', role: 'assistant' });

    expect(socket.actions('typing')).toHaveLength(2);
    expect(typing).toEqual(['assistant']);
  });

  test('a token for a different conversation starts a new sequence instead of resuming the old one', async () => {
    const h = harness();
    const first = await online(h);
    first.push({ type: 'message', messageId: 'm1', seq: 1, role: 'user', text: 'old' });
    h.tokens.provider = async (request) => ({
      token: 'token-x',
      expiresAt: new Date().toISOString(),
      websocketUrl: 'wss://chat.example.test/ws',
      conversationId: request.conversationId === 'conv-1' ? 'conv-2' : 'conv-3',
    });
    const conversations: string[] = [];
    h.client.on('conversation', (c) => conversations.push(c.conversationId));
    first.drop();
    h.scheduler.advance(1000);
    await flush();
    h.last().open();

    expect(conversations).toEqual(['conv-2']);
    expect(h.last().actions('resume')).toEqual([{ action: 'resume', afterSeq: 0 }]);
    h.last().push({ type: 'message', messageId: 'n1', seq: 1, role: 'user', text: 'new' });
    expect(h.client.messages.map((m) => m.text)).toEqual(['old', 'new']);
  });

  test('rejects a token response without a usable websocketUrl', async () => {
    const h = harness({
      getToken: async () => ({
        token: 't',
        expiresAt: '',
        websocketUrl: 'https://evil.test',
        conversationId: 'c',
      }),
    });
    await h.client.connect();
    await flush();
    expect(h.errors[0]).toMatchObject({ code: 'token_unavailable' });
    expect(h.sockets).toHaveLength(0);
    expect(h.client.state).toBe('connecting');
  });
});
