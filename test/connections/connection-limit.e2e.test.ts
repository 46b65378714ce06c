// End to end through the local runtime: a tenant at its maxConnections gets 429 at the upgrade; a closed socket frees a slot.
import { REPO_ROOT, useLocalRuntime } from '../local/support/local-runtime-fixture';
import { AdminBrowserClient } from '../admin/support/admin-browser-client';
import { postJson, Session, tlsOf, type Tenant } from '../local/support/runtime-client';

const LIMIT = 2;

const fixture = useLocalRuntime('livechat-conn-limit');
const rootDir = REPO_ROOT;
const tenant = (id: string): Tenant => fixture.tenant(id);

/** A fresh session token (single use) and a socket from the tenant's origin; the socket or the refusal status. */
async function open(of: Tenant, userId: string): Promise<Session | number> {
  const token = await postJson(fixture.runtime.endpoints.tokenUrl, { userId }, tlsOf(rootDir, of));
  expect(token.status).toBe(201);
  return Session.open(token.json.websocketUrl, token.json.token, of.origin);
}

/**
 * Lowers the tenant's maxConnections through the admin API as a platform admin, before any socket of the tenant
 * opened: the $connect container has not cached the tenant yet, so its first read sees the new limit.
 */
async function setMaxConnections(tenantId: string, maxConnections: number): Promise<void> {
  const admin = await AdminBrowserClient.signIn(fixture.runtime.adminUrl, 'platform-admin');
  const current = await admin.call('GET', `/tenants/${tenantId}/settings`);
  expect(current.status).toBe(200);
  const { displayName, allowedOrigins, limits, llm, securityContact } = current.body;
  const updated = await admin.call('PUT', `/tenants/${tenantId}/settings`, {
    displayName,
    allowedOrigins,
    limits: { ...limits, maxConnections },
    llm,
    securityContact,
  });
  expect(updated.status).toBe(200);
  expect(updated.body.limits.maxConnections).toBe(maxConnections);
}

test('a tenant at maxConnections gets 429 on the extra connect; other tenants do not; closing a socket lets the next in', async () => {
  const globex = tenant('globex');
  const acme = tenant('acme');
  await setMaxConnections('globex', LIMIT);

  const sessions: Session[] = [];
  for (let i = 0; i < LIMIT; i += 1) {
    const session = await open(globex, `user-${i}`);
    if (!(session instanceof Session)) throw new Error(`connect ${i} refused with ${session}`);
    sessions.push(session);
  }
  expect(await open(globex, 'user-extra')).toBe(429);

  // The limit is per tenant: acme (limits sized for the benchmark) still connects.
  const other = await open(acme, 'user-acme');
  expect(other).toBeInstanceOf(Session);
  await (other as Session).close();

  // Closing a socket runs $disconnect, which releases its count; the next connect gets in once it has.
  await sessions.shift()!.close();
  let next: Session | number = 429;
  const deadline = Date.now() + 30_000;
  while (next === 429 && Date.now() < deadline) {
    next = await open(globex, 'user-next');
    if (next === 429) await new Promise((r) => setTimeout(r, 100));
  }
  expect(next).toBeInstanceOf(Session);
  sessions.push(next as Session);
  // Back at the limit: the next extra connect is refused again.
  expect(await open(globex, 'user-extra-2')).toBe(429);
  await Promise.all(sessions.map((s) => s.close()));
}, 120_000);
