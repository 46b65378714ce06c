// Plain in-memory fakes of the ports the connect/disconnect use cases take, plus a tenant fixture and a fixed clock.
import { Logger } from '@aws-lambda-powertools/logger';
import type { ConnectionLimiter, TenantStore } from '../../../lambdas/shared/ports';
import type { TenantSettings } from '../../../lambdas/shared/types';

const BUCKET_MS = 7_200_000;

export function tenantWithLimit(tenantId: string, maxConnections: number): TenantSettings {
  return {
    tenantId,
    displayName: `Tenant ${tenantId}`,
    status: 'active',
    allowedOrigins: ['https://shop.example.com'],
    limits: {
      maxConnections,
      messagesPerMinutePerConnection: 60,
      messagesPerSecondPerTenant: 100,
      tokensPerMinute: 60,
      maxOutputTokens: 1024,
      dailyTokenBudget: 1_000_000,
      dailyCostBudgetUsd: 50,
    },
    llm: { providers: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
    securityContact: { name: 'Security', email: 'security@example.com' },
    updatedAt: '2026-11-23T00:00:00.000Z',
  };
}

export class FakeTenantStore implements TenantStore {
  readonly tenants = new Map<string, TenantSettings>();
  async getTenant(tenantId: string) {
    return this.tenants.get(tenantId);
  }
  async findCertificate() {
    return undefined;
  }
}

/** The limiter's contract in memory: counters per tenant per 2-hour bucket, b and b-1 both count. */
export class FakeConnectionLimiter implements ConnectionLimiter {
  readonly open = new Map<string, number>();
  releases = 0;
  private key = (tenantId: string, bucket: number) => `${tenantId}|${bucket}`;

  async tryOpen(tenantId: string, connectedAtMs: number, maxConnections: number): Promise<boolean> {
    const bucket = Math.floor(connectedAtMs / BUCKET_MS);
    const current = this.open.get(this.key(tenantId, bucket)) ?? 0;
    const previous = this.open.get(this.key(tenantId, bucket - 1)) ?? 0;
    if (current >= maxConnections || current + 1 + previous > maxConnections) return false;
    this.open.set(this.key(tenantId, bucket), current + 1);
    return true;
  }

  async release(tenantId: string, connectedAtMs: number): Promise<void> {
    this.releases += 1;
    const key = this.key(tenantId, Math.floor(connectedAtMs / BUCKET_MS));
    this.open.set(key, Math.max(0, (this.open.get(key) ?? 0) - 1));
  }

  /** Open connections the tenant counts at `atMs` (its bucket and the one before). */
  counted(tenantId: string, atMs: number): number {
    const bucket = Math.floor(atMs / BUCKET_MS);
    return (
      (this.open.get(this.key(tenantId, bucket)) ?? 0) + (this.open.get(this.key(tenantId, bucket - 1)) ?? 0)
    );
  }
}

/** The chat tests' registry fake (with `failAdd` for a failed registration). */
export { FakeConnectionRegistry } from '../../chat/support/fakes';

/** A logger whose lines are kept for assertions instead of printed. */
export function recordingLogger() {
  const lines: string[] = [];
  const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
  for (const level of ['info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      lines.push(JSON.stringify(args, (_k, v) => (v instanceof Error ? v.message : v)));
    });
  }
  return { logger, lines };
}

export function testClock(startIso = '2026-11-23T12:00:00Z') {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    advanceSeconds(seconds: number) {
      now += seconds * 1000;
    },
  };
}
