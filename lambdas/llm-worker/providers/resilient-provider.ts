// Resilient chain over providers: retries with jitter honouring retry-after, circuit breakers and failover.
// A failure after text was streamed continues the answer: the next attempt gets the text so far as a prefix.
import type { LlmProviderName } from '../../shared/types';
import type { Clock } from '../../shared/ports';
import type { LlmProvider, LlmRequest, LlmStreamEvent } from '../ports';
import type { CircuitBreakers } from './circuit-breaker';
import { LlmProviderError } from './provider-error';

export interface ProviderRoute {
  readonly provider: LlmProvider;
  readonly model: string;
}

export interface RetryOptions {
  /** Attempts per provider before failing over. @default 3 */
  readonly maxAttemptsPerProvider?: number;
  /** Base of the exponential back-off (full jitter). @default 250 ms */
  readonly baseDelayMs?: number;
  /** Cap of one back-off wait. @default 4_000 ms */
  readonly maxDelayMs?: number;
  /** A retry-after longer than this fails over instead of waiting. @default 10_000 ms */
  readonly maxRetryAfterMs?: number;
  /** No new attempt starts after this much time since the chain started. @default 90_000 ms */
  readonly deadlineMs?: number;
}

export interface ResilientChainDependencies {
  readonly breakers: CircuitBreakers;
  readonly clock: Clock;
  readonly random: () => number;
  /** Waits; rejects early if the signal aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Observability hook, called once per failed attempt (never with secrets or text). */
  readonly onAttemptFailed?: (failure: AttemptFailure) => void;
}

export interface AttemptFailure {
  readonly provider: LlmProviderName;
  readonly model: string;
  readonly attempt: number;
  readonly kind: string;
  readonly retryable: boolean;
  readonly waitMs?: number;
}

export type ChainEvent =
  LlmStreamEvent | { readonly type: 'attempt'; readonly provider: LlmProviderName; readonly model: string };

export class AllProvidersFailedError extends Error {
  constructor(readonly failures: readonly LlmProviderError[]) {
    super(
      `All providers failed: ${failures.map((f) => `${f.provider}/${f.kind}`).join(', ') || 'none configured'}`,
    );
    this.name = 'AllProvidersFailedError';
  }
}

const CONTINUE_NOTE =
  '\n\nYour previous reply was interrupted. Continue it exactly where it stopped, without repeating any of it.';

/** Kinds that say nothing about the provider's health (our configuration or request). */
const NOT_HEALTH_RELATED = new Set(['bad_request', 'not_configured', 'circuit_open']);

export class ResilientLlmChain {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly deadlineMs: number;

  constructor(
    private readonly deps: ResilientChainDependencies,
    options: RetryOptions = {},
  ) {
    this.maxAttempts = options.maxAttemptsPerProvider ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 4_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.deadlineMs = options.deadlineMs ?? 90_000;
  }

  /** Streams from the first route that works; throws AllProvidersFailedError when none does. */
  async *stream(
    routes: readonly ProviderRoute[],
    base: Omit<LlmRequest, 'model'>,
  ): AsyncIterable<ChainEvent> {
    const started = this.deps.clock.now();
    const failures: LlmProviderError[] = [];
    let prefix = '';
    for (const route of routes) {
      const breaker = this.deps.breakers.for(route.provider.name);
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        if (base.signal?.aborted) throw new AllProvidersFailedError(failures);
        if (!breaker.tryAcquire()) {
          failures.push(new LlmProviderError(route.provider.name, 'circuit_open', 'circuit open'));
          this.report(route, attempt, failures[failures.length - 1]);
          break;
        }
        const request: LlmRequest = prefix
          ? {
              ...base,
              model: route.model,
              system: base.system + CONTINUE_NOTE,
              messages: [...base.messages, { role: 'assistant', content: prefix }],
            }
          : { ...base, model: route.model };
        yield { type: 'attempt', provider: route.provider.name, model: route.model };
        try {
          for await (const event of route.provider.stream(request)) {
            if (event.type === 'text') prefix += event.text;
            yield event;
          }
          breaker.recordSuccess();
          return;
        } catch (error) {
          const failure =
            error instanceof LlmProviderError
              ? error
              : new LlmProviderError(
                  route.provider.name,
                  'connection',
                  error instanceof Error ? error.message : 'failure',
                );
          if (base.signal?.aborted) {
            // Our own deadline, not the provider's health: stop without counting it against the breaker.
            breaker.releaseProbe();
            throw new AllProvidersFailedError([...failures, failure]);
          }
          if (NOT_HEALTH_RELATED.has(failure.kind)) breaker.releaseProbe();
          else breaker.recordFailure();
          failures.push(failure);
          const wait = this.waitBefore(failure, attempt);
          const elapsed = this.deps.clock.now() - started;
          const retrySameProvider = wait !== undefined && elapsed + wait < this.deadlineMs;
          this.report(route, attempt, failure, retrySameProvider ? wait : undefined);
          if (!retrySameProvider) break;
          await this.deps.sleep(wait, base.signal);
        }
      }
      if (this.deps.clock.now() - started >= this.deadlineMs) break;
    }
    throw new AllProvidersFailedError(failures);
  }

  /** The wait before retrying the same provider, or undefined to fail over now. */
  private waitBefore(failure: LlmProviderError, attempt: number): number | undefined {
    if (!failure.retryable || attempt >= this.maxAttempts) return undefined;
    const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    const jittered = Math.floor(this.deps.random() * backoff);
    if (failure.retryAfterMs === undefined) return jittered;
    if (failure.retryAfterMs > this.maxRetryAfterMs) return undefined;
    // Honour retry-after, with a little jitter on top so retries of many workers do not align.
    return failure.retryAfterMs + Math.floor(this.deps.random() * this.baseDelayMs);
  }

  private report(route: ProviderRoute, attempt: number, failure: LlmProviderError, waitMs?: number): void {
    this.deps.onAttemptFailed?.({
      provider: route.provider.name,
      model: route.model,
      attempt,
      kind: failure.kind,
      retryable: failure.retryable,
      ...(waitMs !== undefined ? { waitMs } : {}),
    });
  }
}

/** setTimeout-based sleep that stops early when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
