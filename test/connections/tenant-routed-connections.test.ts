// Routed connection adapters: every call reaches the adapter of the tenant it names (scoped credentials in AWS).
import {
  TenantRoutedConnectionLimiter,
  TenantRoutedConnectionRegistry,
} from '../../lambdas/shared/adapters/tenant-routed-connections';
import { perTenant } from '../../lambdas/shared/per-tenant';
import { FakeConnectionLimiter, FakeConnectionRegistry } from './support/fakes';

const record = (tenantId: string, connectionId: string) => ({
  tenantId,
  conversationId: 'c1',
  connectionId,
  userId: 'u1',
  connectedAt: new Date(1_800_000_000_000).toISOString(),
  expiresAt: 1_800_010_000,
});

describe('TenantRoutedConnectionRegistry', () => {
  it("sends each call to the tenant's own registry and never to another tenant's", async () => {
    const created: string[] = [];
    const registries = new Map<string, FakeConnectionRegistry>();
    const routed = new TenantRoutedConnectionRegistry(
      perTenant((tenantId) => {
        created.push(tenantId);
        const registry = new FakeConnectionRegistry();
        registries.set(tenantId, registry);
        return registry;
      }),
    );
    await routed.add(record('ta', 'A1='));
    await routed.add(record('tb', 'B1='));
    await routed.markGone('tb', 'c1', 'B1=');

    expect(await routed.list('ta', 'c1')).toEqual([record('ta', 'A1=')]);
    expect(await routed.list('tb', 'c1')).toEqual([]);
    expect([...registries.get('ta')!.records.values()].every((r) => r.tenantId === 'ta')).toBe(true);
    expect(await routed.remove('ta', 'c1', 'A1=')).toEqual(record('ta', 'A1='));
    expect(created).toEqual(['ta', 'tb']);
  });
});

describe('TenantRoutedConnectionLimiter', () => {
  it("counts in the tenant's own limiter", async () => {
    const limiters = new Map<string, FakeConnectionLimiter>();
    const routed = new TenantRoutedConnectionLimiter(
      perTenant((tenantId) => {
        const limiter = new FakeConnectionLimiter();
        limiters.set(tenantId, limiter);
        return limiter;
      }),
    );
    const at = 1_800_000_000_000;
    expect(await routed.tryOpen('ta', at, 1)).toBe(true);
    expect(await routed.tryOpen('tb', at, 1)).toBe(true);
    expect(await routed.tryOpen('ta', at, 1)).toBe(false);
    await routed.release('ta', at);
    expect(limiters.get('ta')!.releases).toBe(1);
    expect(limiters.get('tb')!.releases).toBe(0);
  });
});
