// CachedUsageLedger: reuses a tenant's daily totals within the TTL, adds its own spending, re-reads after.
import { CachedUsageLedger } from '../../lambdas/llm-worker/cached-usage-ledger';
import type { UsageLedger, UsageTotals } from '../../lambdas/llm-worker/ports';

class RecordingLedger implements UsageLedger {
  readonly totals = new Map<string, UsageTotals>();
  reads = 0;
  async getDailyUsage(tenantId: string, day: string): Promise<UsageTotals> {
    this.reads += 1;
    return this.totals.get(`${tenantId}|${day}`) ?? { tokens: 0, costUsd: 0 };
  }
  async addUsage(tenantId: string, day: string, usage: UsageTotals): Promise<void> {
    const key = `${tenantId}|${day}`;
    const before = this.totals.get(key) ?? { tokens: 0, costUsd: 0 };
    this.totals.set(key, { tokens: before.tokens + usage.tokens, costUsd: before.costUsd + usage.costUsd });
  }
}

function setup(ttlMs = 5_000) {
  let now = 1_000_000;
  const inner = new RecordingLedger();
  const ledger = new CachedUsageLedger(inner, { ttlMs, clock: { now: () => now } });
  return { inner, ledger, advance: (ms: number) => (now += ms) };
}

describe('CachedUsageLedger', () => {
  it('reads the ledger once within the TTL', async () => {
    const { inner, ledger } = setup();
    inner.totals.set('ta|2026-11-23', { tokens: 100, costUsd: 0.5 });

    expect(await ledger.getDailyUsage('ta', '2026-11-23')).toEqual({ tokens: 100, costUsd: 0.5 });
    expect(await ledger.getDailyUsage('ta', '2026-11-23')).toEqual({ tokens: 100, costUsd: 0.5 });
    expect(inner.reads).toBe(1);
  });

  it('writes every addition through and counts it in the cached totals at once', async () => {
    const { inner, ledger } = setup();
    await ledger.getDailyUsage('ta', '2026-11-23');
    await ledger.addUsage('ta', '2026-11-23', { tokens: 40, costUsd: 0.25 });

    expect(inner.totals.get('ta|2026-11-23')).toEqual({ tokens: 40, costUsd: 0.25 });
    expect(await ledger.getDailyUsage('ta', '2026-11-23')).toEqual({ tokens: 40, costUsd: 0.25 });
    expect(inner.reads).toBe(1);
  });

  it("sees other containers' spending once the TTL has passed", async () => {
    const { inner, ledger, advance } = setup(5_000);
    await ledger.getDailyUsage('ta', '2026-11-23');
    inner.totals.set('ta|2026-11-23', { tokens: 900, costUsd: 4 });

    expect((await ledger.getDailyUsage('ta', '2026-11-23')).tokens).toBe(0);
    advance(5_000);
    expect(await ledger.getDailyUsage('ta', '2026-11-23')).toEqual({ tokens: 900, costUsd: 4 });
    expect(inner.reads).toBe(2);
  });

  it('keeps tenants and days apart', async () => {
    const { inner, ledger } = setup();
    inner.totals.set('ta|2026-11-23', { tokens: 1, costUsd: 0 });
    inner.totals.set('tb|2026-11-23', { tokens: 2, costUsd: 0 });
    inner.totals.set('ta|2026-11-24', { tokens: 3, costUsd: 0 });

    expect((await ledger.getDailyUsage('ta', '2026-11-23')).tokens).toBe(1);
    expect((await ledger.getDailyUsage('tb', '2026-11-23')).tokens).toBe(2);
    expect((await ledger.getDailyUsage('ta', '2026-11-24')).tokens).toBe(3);
  });
});
