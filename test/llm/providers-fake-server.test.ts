// Both SDK-based providers against the local fake server: wire formats, every scripted fault, tools and prefixes.
import type { LlmProvider, LlmRequest, LlmStreamEvent } from '../../lambdas/llm-worker/ports';
import { AnthropicProvider } from '../../lambdas/llm-worker/providers/anthropic-provider';
import { ApiKeyResolver } from '../../lambdas/llm-worker/providers/api-keys';
import { OpenAiProvider } from '../../lambdas/llm-worker/providers/openai-provider';
import { LlmProviderError } from '../../lambdas/llm-worker/providers/provider-error';
import { startFakeLlmServer, type FakeLlmServer } from '../../local/fake-llm/server';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer({ port: 0, slowFirstTokenMs: 300 });
});
afterAll(() => server.close());

const keys = new ApiKeyResolver({ environmentKeys: { openai: 'test-key', anthropic: 'test-key' } });

function providers(timeouts = { firstTokenMs: 5_000, idleMs: 250 }): LlmProvider[] {
  return [
    new OpenAiProvider({ keys, baseURL: server.openaiBaseUrl, timeouts, requestTimeoutMs: 10_000 }),
    new AnthropicProvider({ keys, baseURL: server.url, timeouts, requestTimeoutMs: 10_000 }),
  ];
}

let unique = 0;
function request(question: string, extra: Partial<LlmRequest> = {}): LlmRequest {
  unique += 1;
  return {
    model: 'fake-model',
    system: 'You are a test assistant.',
    maxOutputTokens: 200,
    messages: [
      {
        role: 'user',
        content:
          '<documents>\n<document index="1" source="faq.md">\nParcels to Norway take 6 working days. Gift wrapping costs 4 EUR.\n</document>\n</documents>\n' +
          `<user_message>\n${question} (case ${unique})\n</user_message>`,
      },
    ],
    ...extra,
  };
}

async function run(
  provider: LlmProvider,
  req: LlmRequest,
): Promise<{ events: LlmStreamEvent[]; error?: LlmProviderError }> {
  const events: LlmStreamEvent[] = [];
  try {
    for await (const e of provider.stream(req)) events.push(e);
    return { events };
  } catch (error) {
    return { events, error: error as LlmProviderError };
  }
}

const textOf = (events: LlmStreamEvent[]) =>
  events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

describe.each(['openai', 'anthropic'])('%s provider against the fake server', (name) => {
  const pick = (timeouts?: { firstTokenMs: number; idleMs: number }) =>
    providers(timeouts).find((p) => p.name === name)!;

  it('streams the FAQ sentence that answers the question, with usage and a stop reason', async () => {
    const { events, error } = await run(pick(), request('How long do parcels to Norway take?'));
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe('According to our FAQ: Parcels to Norway take 6 working days.');
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
    expect(events.find((e) => e.type === 'usage')).toEqual(expect.objectContaining({ type: 'usage' }));
    expect(events[events.length - 1]).toEqual({ type: 'end', reason: 'stop' });
    const recorded = server.requests[server.requests.length - 1];
    expect(recorded).toEqual(expect.objectContaining({ api: name, stream: true, model: 'fake-model' }));
  });

  it('maps 429 to rate_limited with the retry-after delay', async () => {
    const { error } = await run(pick(), request('Gift wrapping price? [[fault:429]]'));
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toEqual(
      expect.objectContaining({ kind: 'rate_limited', retryable: true, retryAfterMs: 1_000, status: 429 }),
    );
  });

  it('maps 529 to overloaded', async () => {
    const { error } = await run(pick(), request('Gift wrapping price? [[fault:529]]'));
    expect(error).toEqual(expect.objectContaining({ kind: 'overloaded', retryable: true }));
  });

  it('reports a mid-stream error event after the text already streamed', async () => {
    const { events, error } = await run(pick(), request('Gift wrapping price? [[fault:mid-stream-error]]'));
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(error).toEqual(
      expect.objectContaining({ kind: expect.stringMatching(/stream_error|overloaded/), retryable: true }),
    );
  });

  it('detects a truncated stream (no terminator)', async () => {
    const { events, error } = await run(pick(), request('Gift wrapping price? [[fault:truncated]]'));
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(error).toEqual(expect.objectContaining({ kind: 'truncated', retryable: true }));
  });

  it('gives up on a stalled stream after the idle timeout', async () => {
    const { error } = await run(pick(), request('Gift wrapping price? [[fault:stall]]'));
    expect(error).toEqual(expect.objectContaining({ kind: 'stalled', retryable: true }));
  });

  it('waits for a slow first token within the first-token timeout', async () => {
    const { events, error } = await run(pick(), request('Gift wrapping price? [[fault:slow-first-token]]'));
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe('According to our FAQ: Gift wrapping costs 4 EUR.');
  });

  it('times out a first token slower than the first-token timeout', async () => {
    const { error } = await run(
      pick({ firstTokenMs: 100, idleMs: 100 }),
      request('Gift wrapping? [[fault:slow-first-token]]'),
    );
    expect(error).toEqual(expect.objectContaining({ kind: 'timeout', retryable: true }));
  });

  it('continues from an assistant prefix', async () => {
    const req = request('How long do parcels to Norway take?');
    const { events } = await run(pick(), {
      ...req,
      messages: [...req.messages, { role: 'assistant', content: 'According to our FAQ: Parcels to ' }],
    });
    expect(textOf(events)).toBe('Norway take 6 working days.');
  });

  it('streams a tool call and then answers from the tool result', async () => {
    const tools = [
      {
        name: 'get_order',
        description: 'Order status',
        inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      },
    ];
    const first = await run(pick(), request('Where is my order? [[tool:get_order {"id":"A1"}]]', { tools }));
    const call = first.events.find((e) => e.type === 'tool_call');
    expect(call).toEqual({
      type: 'tool_call',
      call: expect.objectContaining({ name: 'get_order', argumentsJson: '{"id":"A1"}' }),
    });
    expect(first.events[first.events.length - 1]).toEqual({ type: 'end', reason: 'tool_use' });
    if (call?.type !== 'tool_call') throw new Error('no tool call');
    const req = request('Where is my order? [[tool:get_order {"id":"A1"}]]', { tools });
    const second = await run(pick(), {
      ...req,
      messages: [
        ...req.messages,
        { role: 'assistant', content: '', toolCalls: [call.call] },
        { role: 'tool', toolCallId: call.call.id, name: 'get_order', content: 'Order A1 shipped yesterday.' },
      ],
    });
    expect(textOf(second.events)).toBe('Here is what your account shows: Order A1 shipped yesterday.');
  });

  it('refuses to call without an API key (not_configured, no request sent)', async () => {
    const before = server.requests.length;
    const noKeys = new ApiKeyResolver({});
    const timeouts = { firstTokenMs: 1_000, idleMs: 1_000 };
    const provider =
      name === 'openai'
        ? new OpenAiProvider({
            keys: noKeys,
            baseURL: server.openaiBaseUrl,
            timeouts,
            requestTimeoutMs: 1_000,
          })
        : new AnthropicProvider({ keys: noKeys, baseURL: server.url, timeouts, requestTimeoutMs: 1_000 });
    const { error } = await run(provider, request('Gift wrapping?'));
    expect(error).toEqual(expect.objectContaining({ kind: 'not_configured', retryable: false }));
    expect(server.requests.length).toBe(before);
  });
});

describe('fake server fault selection', () => {
  it('hits a fault once by default, N times with *N and always with *always', async () => {
    const [openai] = providers();
    const once = request('Gift wrapping? [[fault:500]]');
    expect((await run(openai, once)).error?.kind).toBe('server_error');
    expect((await run(openai, once)).error).toBeUndefined();
    const twice = request('Gift wrapping? [[fault:500*2]]');
    expect((await run(openai, twice)).error?.kind).toBe('server_error');
    expect((await run(openai, twice)).error?.kind).toBe('server_error');
    expect((await run(openai, twice)).error).toBeUndefined();
  });

  it('selects a fault from the model name', async () => {
    const [, anthropic] = providers();
    const req = { ...request('Gift wrapping?'), model: 'fake-model fault:529*always' };
    expect((await run(anthropic, req)).error?.kind).toBe('overloaded');
    expect((await run(anthropic, req)).error?.kind).toBe('overloaded');
  });
});
