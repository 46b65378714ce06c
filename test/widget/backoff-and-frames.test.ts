// SDK unit tests: the backoff curve, the frame parser and the token-endpoint provider.
import { backoffDelay } from '../../widget/sdk/backoff';
import { parseServerFrame } from '../../widget/sdk/frames';
import { tokenFromEndpoint } from '../../widget/sdk/token-endpoint';

describe('backoffDelay', () => {
  test('doubles per attempt up to the maximum, jittered within [d/2, d]', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  test('refuses a non-positive attempt', () => {
    expect(() => backoffDelay(0)).toThrow(RangeError);
  });
});

describe('parseServerFrame', () => {
  test('accepts every documented server frame', () => {
    const frames = [
      { type: 'ack', clientMessageId: 'c', messageId: 'm', seq: 1 },
      { type: 'assistant.delta', messageId: 'm', text: 'x' },
      { type: 'assistant.done', messageId: 'm', seq: 2, text: 'x' },
      { type: 'message', messageId: 'm', seq: 3, role: 'assistant', text: 'x' },
      { type: 'typing', role: 'assistant' },
      { type: 'error', code: 'rate_limited', message: 'slow', clientMessageId: 'c' },
      { type: 'pong' },
    ];
    for (const frame of frames) expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  test.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['an unknown type', '{"type":"html","html":"<b>"}'],
    ['a seq that is not a positive integer', '{"type":"ack","clientMessageId":"c","messageId":"m","seq":0}'],
    [
      'a role outside user/assistant',
      '{"type":"message","messageId":"m","seq":1,"role":"system","text":"x"}',
    ],
    ['text that is not a string', '{"type":"assistant.delta","messageId":"m","text":{"toString":1}}'],
  ])('rejects %s', (_name, data) => {
    expect(parseServerFrame(data)).toBeUndefined();
  });

  test('drops unknown fields instead of passing them on', () => {
    expect(parseServerFrame('{"type":"pong","extra":"<img>"}')).toEqual({ type: 'pong' });
  });
});

describe('tokenFromEndpoint', () => {
  test('POSTs tenant and conversation id as JSON with same-origin credentials', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const body = { token: 't', expiresAt: 'e', websocketUrl: 'ws://x/ws', conversationId: 'c1' };
    const provider = tokenFromEndpoint({
      url: '/api/session-token',
      tenant: 'acme',
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return new Response(JSON.stringify(body), { status: 201 });
      }) as typeof fetch,
    });

    await expect(provider({ reason: 'reconnect', conversationId: 'c1' })).resolves.toEqual(body);
    expect(calls[0]!.url).toBe('/api/session-token');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ tenant: 'acme', conversationId: 'c1' });
  });

  test('turns a non-2xx answer into an error naming the status', async () => {
    const provider = tokenFromEndpoint({
      url: '/api/session-token',
      fetch: (async () => new Response('{"error":{"code":"rate_limited"}}', { status: 429 })) as typeof fetch,
    });
    await expect(provider({ reason: 'initial' })).rejects.toThrow(/429/);
  });
});
