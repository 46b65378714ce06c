// Per-provider circuit breaker (per container): opens after consecutive failures, probes again after a cool-down.
import type { Clock } from '../../shared/ports';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long an open circuit refuses calls before one probe is let through. @default 30_000 ms */
  readonly coolDownMs?: number;
  readonly clock?: Clock;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly clock: Clock;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.clock.now() - this.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  /** Whether a call may go ahead now; in half-open state only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  recordFailure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.openedAt !== undefined || this.failures >= this.threshold) this.openedAt = this.clock.now();
  }

  /** Releases a half-open probe whose outcome says nothing about the provider's health. */
  releaseProbe(): void {
    this.probing = false;
  }
}

/** One breaker per provider name, kept for the life of the container. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: CircuitBreakerOptions = {}) {}

  for(name: string): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(name, breaker);
    }
    return breaker;
  }
}
