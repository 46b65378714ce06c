// Adapter tests against dynalite: rate limiter windows, single-use token ids, tenant and certificate lookups.
import { X509Certificate } from 'node:crypto';
import { DynamoDbRateLimiter } from '../../lambdas/shared/adapters/dynamodb-rate-limiter';
import { DynamoDbTenantStore } from '../../lambdas/shared/adapters/dynamodb-tenant-store';
import { DynamoDbTokenIdLedger } from '../../lambdas/shared/adapters/dynamodb-token-id-ledger';
import { certificateIdentityFromPem } from '../../lambdas/shared/partner-certificate';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import {
  partnerCertificateRecord,
  tenantSettings,
  testCertificateAuthority,
  testClock,
} from './support/fixtures';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db.stop();
});

describe('DynamoDbRateLimiter', () => {
  it('allows exactly the limit per window and opens a new window afterwards', async () => {
    // Prepare
    const clock = testClock('2026-11-23T12:00:05Z');
    const limiter = new DynamoDbRateLimiter(db.doc, db.tables.sessions, clock);
    // Act
    const first = await Promise.all([1, 2, 3, 4].map(() => limiter.tryConsume('acme', 'token', 3, 60)));
    clock.advanceSeconds(60);
    const next = await limiter.tryConsume('acme', 'token', 3, 60);
    // Assess
    expect(first.filter(Boolean)).toHaveLength(3);
    expect(next).toBe(true);
  });

  it('counts tenants and scopes separately', async () => {
    const clock = testClock('2026-11-23T13:00:05Z');
    const limiter = new DynamoDbRateLimiter(db.doc, db.tables.sessions, clock);
    expect(await limiter.tryConsume('acme', 'token', 1, 60)).toBe(true);
    expect(await limiter.tryConsume('acme', 'token', 1, 60)).toBe(false);
    expect(await limiter.tryConsume('globex', 'token', 1, 60)).toBe(true);
    expect(await limiter.tryConsume('acme', 'messages', 1, 60)).toBe(true);
  });

  it('refuses key-injection in tenant or scope', async () => {
    const limiter = new DynamoDbRateLimiter(db.doc, db.tables.sessions);
    await expect(limiter.tryConsume('acme#rate', 'token', 1, 60)).rejects.toThrow('invalid tenant id');
    await expect(limiter.tryConsume('acme', 'to#ken', 1, 60)).rejects.toThrow('invalid scope');
  });
});

describe('DynamoDbTokenIdLedger', () => {
  it('accepts a token id once and refuses the replay', async () => {
    const ledger = new DynamoDbTokenIdLedger(db.doc, db.tables.sessions);
    expect(await ledger.consumeOnce('acme', 'jti-1', 2_000_000_000)).toBe(true);
    expect(await ledger.consumeOnce('acme', 'jti-1', 2_000_000_000)).toBe(false);
    expect(await ledger.consumeOnce('globex', 'jti-1', 2_000_000_000)).toBe(true);
  });

  it('lets exactly one of concurrent uses of the same token id win', async () => {
    const ledger = new DynamoDbTokenIdLedger(db.doc, db.tables.sessions);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ledger.consumeOnce('acme', 'jti-race', 2_000_000_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('DynamoDbTenantStore', () => {
  const ca = testCertificateAuthority();

  it('reads tenant settings written with the shared item shape', async () => {
    const store = new DynamoDbTenantStore(db.doc, db.tables.tenants);
    await store.putTenant(tenantSettings('acme'));
    expect(await store.getTenant('acme')).toEqual(tenantSettings('acme'));
    expect(await store.getTenant('nobody')).toBeUndefined();
    expect(await store.getTenant('acme#x')).toBeUndefined();
  });

  it('caches settings for the TTL so a suspension applies after it', async () => {
    const clock = testClock();
    const writer = new DynamoDbTenantStore(db.doc, db.tables.tenants);
    const reader = new DynamoDbTenantStore(db.doc, db.tables.tenants, { ttlMs: 30_000, clock });
    await writer.putTenant(tenantSettings('initech'));
    expect((await reader.getTenant('initech'))?.status).toBe('active');
    await writer.putTenant(tenantSettings('initech', { status: 'suspended' }));
    expect((await reader.getTenant('initech'))?.status).toBe('active');
    clock.advanceSeconds(31);
    expect((await reader.getTenant('initech'))?.status).toBe('suspended');
  });

  it('finds a partner certificate by the key derived from its PEM', async () => {
    const store = new DynamoDbTenantStore(db.doc, db.tables.tenants);
    const pem = ca.issue('acme-backend').pem;
    const registered = partnerCertificateRecord('acme', pem);
    expect(registered.certKey).toBe(new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase());
    await store.putCertificate(registered);
    expect(await store.findCertificate(registered.certKey)).toMatchObject({
      tenantId: 'acme',
      status: 'active',
    });
    const other = certificateIdentityFromPem(ca.issue('unknown-backend').pem);
    expect(await store.findCertificate(other.certKey)).toBeUndefined();
    expect(await store.findCertificate('not-a-key')).toBeUndefined();
  });

  it('ignores a malformed tenant item instead of trusting it', async () => {
    await db.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).PutCommand({
        TableName: db.tables.tenants,
        Item: { pk: 't#broken', sk: 'tenant', kind: 'tenant', tenantId: 'broken', status: 'active' },
      }),
    );
    const store = new DynamoDbTenantStore(db.doc, db.tables.tenants);
    expect(await store.getTenant('broken')).toBeUndefined();
  });
});
