// A secret whose JSON is parsed once per value: reused for a TTL, re-read on demand (rate-limited), fail closed.
import type { Clock } from './ports';

export interface ParsedSecretOptions<T> {
  /** Reads the secret's current string (e.g. SecretsManagerSecretSource.getSecretString bound to an id). */
  readonly read: () => Promise<string>;
  /** Parses the string; throws on a bad value (the error propagates: fail closed). */
  readonly parse: (value: string) => T;
  /** How long a parsed value is reused. */
  readonly ttlMs: number;
  /** The least time between two forced refreshes (e.g. on an unknown `kid`). @default 5_000 ms */
  readonly minRefreshIntervalMs?: number;
  readonly clock?: Clock;
}

export class ParsedSecret<T> {
  private value: { raw: string; parsed: T } | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<T> | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: ParsedSecretOptions<T>) {
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  /** The parsed value, fetched again once the TTL has passed. */
  async get(): Promise<T> {
    if (this.value && this.clock.now() - this.fetchedAt < this.options.ttlMs) return this.value.parsed;
    return this.load();
  }

  /**
   * Re-reads the secret now unless it was read within the minimum interval; returns whether a new
   * value was loaded. Used when a token names a `kid` the cached set does not know yet.
   */
  async refresh(): Promise<boolean> {
    if (this.clock.now() - this.fetchedAt < (this.options.minRefreshIntervalMs ?? 5_000)) return false;
    const before = this.value?.raw;
    await this.load();
    return this.value?.raw !== before;
  }

  private load(): Promise<T> {
    this.inFlight ??= (async () => {
      try {
        const raw = await this.options.read();
        if (this.value?.raw !== raw) this.value = { raw, parsed: this.options.parse(raw) };
        this.fetchedAt = this.clock.now();
        return this.value.parsed;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }
}
