// Resilient chain: retry-after honoured, jittered back-off, failover, circuit breaker and mid-stream continuation.
import type { LlmProvider, LlmRequest, LlmStreamEvent } from '../../lambdas/llm-worker/ports';
import { CircuitBreaker, CircuitBreakers } from '../../lambdas/llm-worker/providers/circuit-breaker';
import { LlmProviderError, parseRetryAfter } from '../../lambdas/llm-worker/providers/provider-error';
import {
  AllProvidersFailedError,
  ResilientLlmChain,
  type ChainEvent,
} from '../../lambdas/llm-worker/providers/resilient-provider';
import type { LlmProviderName } from '../../lambdas/shared/types';

type Step = { fail: LlmProviderError; after?: string[] } | { text: string[] };

/** A provider that plays one scripted step per call and records the requests. */
function scripted(name: LlmProviderName, steps: Step[]): LlmProvider & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    name,
    requests,
    async *stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
      requests.push(request);
      const step = steps.shift() ?? { text: ['ok'] };
      if ('fail' in step) {
        for (const t of step.after ?? []) yield { type: 'text', text: t };
        throw step.fail;
      }
      for (const t of step.text) yield { type: 'text', text: t };
      yield { type: 'end', reason: 'stop' };
    },
  };
}

function chain(overrides: { random?: () => number; breakers?: CircuitBreakers; now?: () => number } = {}) {
  const waits: number[] = [];
  const failures: string[] = [];
  const instance = new ResilientLlmChain(
    {
      breakers: overrides.breakers ?? new CircuitBreakers(),
      clock: { now: overrides.now ?? (() => 0) },
      random: overrides.random ?? (() => 0.5),
      sleep: async (ms) => {
        waits.push(ms);
      },
      onAttemptFailed: (f) => failures.push(`${f.provider}:${f.kind}`),
    },
    { maxAttemptsPerProvider: 3, baseDelayMs: 200, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 },
  );
  return { instance, waits, failures };
}

const base = { system: 'sys', messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 50 };

async function collect(events: AsyncIterable<ChainEvent>): Promise<ChainEvent[]> {
  const out: ChainEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const text = (events: ChainEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

describe('parseRetryAfter', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500' }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 10:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('ResilientLlmChain', () => {
  it('waits at least retry-after before retrying the same provider', async () => {
    const openai = scripted('openai', [
      { fail: new LlmProviderError('openai', 'rate_limited', '429', 2_000, 429) },
    ]);
    const { instance, waits } = chain();
    const events = await collect(instance.stream([{ provider: openai, model: 'm' }], base));
    expect(text(events)).toBe('ok');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(waits[0]).toBeLessThan(2_000 + 200);
    expect(openai.requests).toHaveLength(2);
  });

  it('uses full-jitter exponential back-off without retry-after', async () => {
    const openai = scripted('openai', [
      { fail: new LlmProviderError('openai', 'overloaded', '529') },
      { fail: new LlmProviderError('openai', 'overloaded', '529') },
    ]);
    const { instance, waits } = chain({ random: () => 0.5 });
    await collect(instance.stream([{ provider: openai, model: 'm' }], base));
    expect(waits).toEqual([100, 200]);
  });

  it('fails over to the next provider when retry-after is longer than allowed', async () => {
    const openai = scripted('openai', [
      { fail: new LlmProviderError('openai', 'rate_limited', '429', 60_000, 429) },
    ]);
    const anthropic = scripted('anthropic', []);
    const { instance, waits, failures } = chain();
    const events = await collect(
      instance.stream(
        [
          { provider: openai, model: 'a' },
          { provider: anthropic, model: 'b' },
        ],
        base,
      ),
    );
    expect(waits).toEqual([]);
    expect(failures).toEqual(['openai:rate_limited']);
    expect(events.filter((e) => e.type === 'attempt')).toEqual([
      { type: 'attempt', provider: 'openai', model: 'a' },
      { type: 'attempt', provider: 'anthropic', model: 'b' },
    ]);
    expect(text(events)).toBe('ok');
  });

  it('fails over at once on a non-retryable error', async () => {
    const openai = scripted('openai', [{ fail: new LlmProviderError('openai', 'auth', '401') }]);
    const anthropic = scripted('anthropic', []);
    const { instance, waits } = chain();
    await collect(
      instance.stream(
        [
          { provider: openai, model: 'a' },
          { provider: anthropic, model: 'b' },
        ],
        base,
      ),
    );
    expect(openai.requests).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('continues after a mid-stream failure with the text so far as a prefix', async () => {
    const openai = scripted('openai', [
      { fail: new LlmProviderError('openai', 'stream_error', 'boom'), after: ['The answer ', 'is '] },
      { text: ['42.'] },
    ]);
    const { instance } = chain();
    const events = await collect(instance.stream([{ provider: openai, model: 'm' }], base));
    expect(text(events)).toBe('The answer is 42.');
    const retry = openai.requests[1];
    expect(retry.messages[retry.messages.length - 1]).toEqual({
      role: 'assistant',
      content: 'The answer is ',
    });
    expect(retry.system).toContain('Continue it exactly where it stopped');
  });

  it('throws AllProvidersFailedError listing every failure when nothing works', async () => {
    const fail = (p: LlmProviderName) => ({ fail: new LlmProviderError(p, 'server_error', '500') });
    const openai = scripted('openai', [fail('openai'), fail('openai'), fail('openai')]);
    const anthropic = scripted('anthropic', [fail('anthropic'), fail('anthropic'), fail('anthropic')]);
    const { instance } = chain();
    await expect(
      collect(
        instance.stream(
          [
            { provider: openai, model: 'a' },
            { provider: anthropic, model: 'b' },
          ],
          base,
        ),
      ),
    ).rejects.toThrow(AllProvidersFailedError);
    expect(openai.requests).toHaveLength(3);
    expect(anthropic.requests).toHaveLength(3);
  });

  it('skips a provider whose circuit is open', async () => {
    const breakers = new CircuitBreakers({ failureThreshold: 1, coolDownMs: 60_000 });
    breakers.for('openai').recordFailure();
    const openai = scripted('openai', []);
    const anthropic = scripted('anthropic', []);
    const { instance, failures } = chain({ breakers });
    const events = await collect(
      instance.stream(
        [
          { provider: openai, model: 'a' },
          { provider: anthropic, model: 'b' },
        ],
        base,
      ),
    );
    expect(openai.requests).toHaveLength(0);
    expect(failures).toEqual(['openai:circuit_open']);
    expect(text(events)).toBe('ok');
  });

  it('stops starting attempts after the deadline', async () => {
    let now = 0;
    const openai = scripted('openai', [{ fail: new LlmProviderError('openai', 'server_error', '500') }]);
    const anthropic = scripted('anthropic', []);
    const instance = new ResilientLlmChain(
      {
        breakers: new CircuitBreakers(),
        clock: { now: () => now },
        random: () => 0,
        sleep: async () => undefined,
      },
      { deadlineMs: 1_000 },
    );
    const run = collect(
      (async function* () {
        for await (const e of instance.stream(
          [
            { provider: openai, model: 'a' },
            { provider: anthropic, model: 'b' },
          ],
          base,
        )) {
          now = 5_000;
          yield e;
        }
      })(),
    );
    await expect(run).rejects.toThrow(AllProvidersFailedError);
    expect(anthropic.requests).toHaveLength(0);
  });
});

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one probe through after the cool-down and closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 1_000, clock: { now: () => now } });
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1_000;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('re-opens when the probe fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1_000, clock: { now: () => now } });
    breaker.recordFailure();
    now = 1_500;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });
});

describe('ResilientLlmChain and the turn deadline', () => {
  it('stops at once when the turn is aborted and does not count it against the breaker', async () => {
    const controller = new AbortController();
    const breakers = new CircuitBreakers({ failureThreshold: 1 });
    const provider: LlmProvider = {
      name: 'openai',
      async *stream(): AsyncIterable<LlmStreamEvent> {
        yield { type: 'text', text: 'partial ' };
        controller.abort();
        throw new LlmProviderError('openai', 'connection', 'aborted by the caller');
      },
    };
    const anthropic = scripted('anthropic', []);
    const { instance } = chain({ breakers });
    await expect(
      collect(
        instance.stream(
          [
            { provider, model: 'a' },
            { provider: anthropic, model: 'b' },
          ],
          {
            ...base,
            signal: controller.signal,
          },
        ),
      ),
    ).rejects.toThrow(AllProvidersFailedError);
    expect(anthropic.requests).toHaveLength(0);
    expect(breakers.for('openai').state).toBe('closed');
  });
});
