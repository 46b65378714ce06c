// Suspension reaches the token API and the $connect authorizer through their TenantStore within its cache TTL (≤ 30 s).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TenantStore } from '../../lambdas/shared/ports';
import { DynamoDbTenantAdminStore } from '../../lambdas/shared/adapters/dynamodb-tenant-admin-store';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const TOKENS_STORE = join(__dirname, '..', '..', 'lambdas', 'shared', 'adapters', 'dynamodb-tenant-store.ts');
type StoreCtor = new (
  doc: LocalDynamo['doc'],
  table: string,
  options: { ttlMs?: number; clock?: { now(): number } },
) => TenantStore;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.stop());

// The token API's store lives in the tokens part of the code base; this proof runs wherever both are present.
const withTokensStore = existsSync(TOKENS_STORE) ? it : it.skip;

withTokensStore(
  'a suspension written by the admin API is seen by the token-side store once its 30 s entry lapses',
  async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DynamoDbTenantStore } = require(TOKENS_STORE) as { DynamoDbTenantStore: StoreCtor };
    let now = Date.parse('2026-11-23T12:00:00Z');
    const clock = { now: () => now };
    const admin = new DynamoDbTenantAdminStore(dynamo.doc, dynamo.tables.tenants);
    const tenant = {
      tenantId: 'tenant-s',
      displayName: 'S',
      status: 'active' as const,
      allowedOrigins: ['https://s.example.com'],
      limits: {
        maxConnections: 10,
        messagesPerMinutePerConnection: 10,
        messagesPerSecondPerTenant: 10,
        tokensPerMinute: 10,
        maxOutputTokens: 100,
        dailyTokenBudget: 1000,
        dailyCostBudgetUsd: 1,
      },
      llm: { providers: [{ provider: 'openai' as const, model: 'gpt-4o-mini' }] },
      securityContact: { name: 'S', email: 's@example.com' },
      updatedAt: '2026-11-23T11:00:00.000Z',
    };
    await admin.createTenant(tenant);
    const tokenSide = new DynamoDbTenantStore(dynamo.doc, dynamo.tables.tenants, { ttlMs: 30_000, clock });
    expect((await tokenSide.getTenant('tenant-s'))?.status).toBe('active');

    await admin.replaceTenant(
      { ...tenant, status: 'suspended', updatedAt: '2026-11-23T12:00:00.000Z' },
      tenant.updatedAt,
    );
    // A fresh container (token request or connect on a cold Lambda) sees it immediately.
    const fresh = new DynamoDbTenantStore(dynamo.doc, dynamo.tables.tenants, { ttlMs: 30_000, clock });
    expect((await fresh.getTenant('tenant-s'))?.status).toBe('suspended');
    // A warm container sees it once its cache entry is 30 s old: that is the bound.
    now += 30_000;
    expect((await tokenSide.getTenant('tenant-s'))?.status).toBe('suspended');
  },
);

it('the admin store writes the suspension with a strongly consistent, versioned replace', async () => {
  const admin = new DynamoDbTenantAdminStore(dynamo.doc, dynamo.tables.tenants);
  const base = {
    tenantId: 'tenant-v',
    displayName: 'V',
    status: 'active' as const,
    allowedOrigins: [],
    limits: {
      maxConnections: 1,
      messagesPerMinutePerConnection: 1,
      messagesPerSecondPerTenant: 1,
      tokensPerMinute: 1,
      maxOutputTokens: 16,
      dailyTokenBudget: 1,
      dailyCostBudgetUsd: 1,
    },
    llm: { providers: [{ provider: 'openai' as const, model: 'm' }] },
    securityContact: { name: 'V', email: 'v@example.com' },
    updatedAt: 'v1',
  };
  await admin.createTenant(base);
  await admin.replaceTenant({ ...base, status: 'suspended', updatedAt: 'v2' }, 'v1');
  // A writer holding the old version loses instead of silently un-suspending the tenant.
  await expect(admin.replaceTenant({ ...base, status: 'active', updatedAt: 'v3' }, 'v1')).rejects.toThrow();
  expect((await admin.getTenant('tenant-v'))?.status).toBe('suspended');
});
