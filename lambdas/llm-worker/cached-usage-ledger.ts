// UsageLedger decorator: reuses a tenant's daily totals for a few seconds (plus this container's own additions).
import type { Clock } from '../shared/ports';
import type { UsageLedger, UsageTotals } from './ports';

export interface CachedUsageLedgerOptions {
  /**
   * How long totals read from the ledger are reused. Bounds how far other containers' spending can be
   * missed by the budget check: at most this long of the tenant's traffic in other containers.
   * @default 5_000 ms
   */
  readonly ttlMs?: number;
  readonly clock?: Clock;
  /** Tenant-days kept before the cache is cleared. @default 1_000 */
  readonly maxEntries?: number;
}

interface Entry {
  tokens: number;
  costUsd: number;
  readonly readAt: number;
}

/** Every addition is written through at once; only reads are served from the cache. */
export class CachedUsageLedger implements UsageLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly maxEntries: number;

  constructor(
    private readonly inner: UsageLedger,
    options: CachedUsageLedgerOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.maxEntries = options.maxEntries ?? 1_000;
  }

  async getDailyUsage(tenantId: string, day: string): Promise<UsageTotals> {
    const key = `${tenantId}|${day}`;
    const cached = this.entries.get(key);
    if (cached && this.clock.now() - cached.readAt < this.ttlMs)
      return { tokens: cached.tokens, costUsd: cached.costUsd };
    const totals = await this.inner.getDailyUsage(tenantId, day);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { ...totals, readAt: this.clock.now() });
    return totals;
  }

  async addUsage(tenantId: string, day: string, usage: UsageTotals): Promise<void> {
    await this.inner.addUsage(tenantId, day, usage);
    const cached = this.entries.get(`${tenantId}|${day}`);
    if (!cached) return;
    cached.tokens += usage.tokens;
    cached.costUsd += usage.costUsd;
  }
}
