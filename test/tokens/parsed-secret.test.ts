// ParsedSecret: parse once per value, reuse for the TTL, rate-limited forced refresh, fail closed on bad values.
import { ParsedSecret } from '../../lambdas/shared/parsed-secret';
import { testClock } from './support/fixtures';

function setup(values: string[]) {
  const clock = testClock();
  let reads = 0;
  let parses = 0;
  const secret = new ParsedSecret({
    read: async () => values[Math.min(reads++, values.length - 1)]!,
    parse: (v) => {
      parses += 1;
      if (v === 'bad') throw new Error('bad value');
      return { v };
    },
    ttlMs: 60_000,
    minRefreshIntervalMs: 5_000,
    clock,
  });
  return { secret, clock, reads: () => reads, parses: () => parses };
}

describe('ParsedSecret', () => {
  it('reads and parses once within the TTL, again after it', async () => {
    const s = setup(['a', 'a']);
    await Promise.all([s.secret.get(), s.secret.get(), s.secret.get()]);
    expect([s.reads(), s.parses()]).toEqual([1, 1]);
    s.clock.advanceSeconds(61);
    expect(await s.secret.get()).toEqual({ v: 'a' });
    expect([s.reads(), s.parses()]).toEqual([2, 1]);
  });

  it('forces a refresh at most once per interval and reports a changed value', async () => {
    const s = setup(['a', 'b', 'c']);
    await s.secret.get();
    expect(await s.secret.refresh()).toBe(false);
    s.clock.advanceSeconds(6);
    expect(await s.secret.refresh()).toBe(true);
    expect(await s.secret.get()).toEqual({ v: 'b' });
  });

  it('fails closed when the value cannot be parsed', async () => {
    const s = setup(['bad']);
    await expect(s.secret.get()).rejects.toThrow('bad value');
  });
});
