// End to end through the local runtime: token over mTLS → connect → send → ack → streamed answer → resume → tenancy.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postJson, Session, tlsOf, type Tenant } from './support/runtime-client';

const rootDir = resolve(__dirname, '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'livechat-local-'));
let runtime: LocalRuntime;
let acme: Tenant;
let globex: Tenant;

const RETURN_QUESTION = 'How many days do I have to return an item?';

beforeAll(async () => {
  runtime = await startLocalRuntime({ rootDir, stateDir, ports: 0, logLevel: 'quiet', env: {} });
  [acme, globex] = runtime.endpoints.tenants as [Tenant, Tenant];
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const tokenFor = (tenant: Tenant, body: Record<string, unknown> = { userId: 'user-1' }) =>
  postJson(runtime.endpoints.tokenUrl, body, tlsOf(rootDir, tenant));

async function connect(tenant: Tenant, body?: Record<string, unknown>, origin = tenant.origin) {
  const token = await tokenFor(tenant, body);
  expect(token.status).toBe(201);
  const session = await Session.open(token.json.websocketUrl, token.json.token, origin);
  if (!(session instanceof Session)) throw new Error(`connect refused with ${session}`);
  return { session, token: token.json };
}

async function ask(session: Session, clientMessageId: string, text: string) {
  session.send({ action: 'sendMessage', clientMessageId, text });
  const ack = await session.waitFor((f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
  const done = await session.waitFor((f) => f.type === 'assistant.done' && f.seq === ack.seq + 1);
  return { ack, done };
}

describe('endpoints.json', () => {
  it('follows the contract: ws:// and http:// on loopback, HTTPS token URL, repo-relative PEMs, two tenants', () => {
    const onDisk = JSON.parse(readFileSync(runtime.endpointsFile, 'utf8'));
    expect(onDisk).toEqual(runtime.endpoints);
    expect(Object.keys(onDisk).sort()).toEqual([
      'allowedOrigin',
      'demoUrl',
      'tenants',
      'tokenUrl',
      'websocketUrl',
    ]);
    expect(onDisk.websocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(onDisk.demoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(onDisk.tokenUrl).toMatch(/^https:\/\/localhost:\d+\/v1\/session-tokens$/);
    expect(onDisk.tenants.length).toBeGreaterThanOrEqual(2);
    for (const tenant of onDisk.tenants) {
      expect(Object.keys(tenant).sort()).toEqual(['cert', 'id', 'key', 'origin', 'serverCa']);
      for (const file of [tenant.serverCa, tenant.cert, tenant.key]) {
        expect(file.startsWith('/')).toBe(false);
        expect(existsSync(join(rootDir, file))).toBe(true);
      }
    }
  });
});

describe('the chat flow', () => {
  it('token over mTLS → connect → send → ack → streamed answer from the tenant FAQ → resume replays in order', async () => {
    const { session, token } = await connect(acme);
    expect(token).toMatchObject({
      websocketUrl: runtime.endpoints.websocketUrl,
      conversationId: expect.any(String),
    });
    const { ack, done } = await ask(session, 'm-1', RETURN_QUESTION);
    expect(ack).toMatchObject({ type: 'ack', clientMessageId: 'm-1', seq: 1 });
    const deltas = session.frames.filter((f) => f.type === 'assistant.delta').map((f) => f.text as string);
    expect(deltas.length).toBeGreaterThan(0);
    expect(done.text).toContain('30 days');
    await session.close();

    const again = await connect(acme, { userId: 'user-1', conversationId: token.conversationId });
    again.session.send({ action: 'resume', afterSeq: 0 });
    const replayed = await again.session.waitFor((f) => f.type === 'message' && f.seq === 2);
    const user = again.session.frames.find((f) => f.type === 'message' && f.seq === 1);
    expect(user).toMatchObject({ role: 'user', text: RETURN_QUESTION });
    expect(replayed).toMatchObject({ role: 'assistant', text: done.text });
    await again.session.close();
  });

  it('acknowledges a resent message with its stored seq and stores and answers it once (bundled store, real transaction cancellation)', async () => {
    const { session, token } = await connect(acme);
    const { ack } = await ask(session, 'm-dup', RETURN_QUESTION);
    session.send({ action: 'sendMessage', clientMessageId: 'm-dup', text: RETURN_QUESTION });
    const repeated = await session.waitFor(
      (f) => f.type === 'ack' && f.clientMessageId === 'm-dup' && f !== ack,
    );
    expect(repeated).toEqual(ack);
    await session.close();

    const again = await connect(acme, { userId: 'user-1', conversationId: token.conversationId });
    again.session.send({ action: 'resume', afterSeq: 0 });
    await again.session.waitFor((f) => f.type === 'message' && f.seq === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(again.session.frames.filter((f) => f.type === 'message').map((f) => f.seq)).toEqual([1, 2]);
    await again.session.close();
  });

  it('answers each tenant from its own FAQ only', async () => {
    const { session } = await connect(globex);
    const { done } = await ask(session, 'g-1', RETURN_QUESTION);
    expect(done.text).toContain('14 days');
    expect(done.text).not.toContain('30 days');
    await session.close();
  });

  it("scopes a conversation id to the calling tenant: another tenant's id shows none of its messages", async () => {
    const first = await connect(acme, { userId: 'user-2' });
    await ask(first.session, 'x-1', RETURN_QUESTION);
    await first.session.close();
    const { session } = await connect(globex, {
      userId: 'user-2',
      conversationId: first.token.conversationId,
    });
    session.send({ action: 'resume', afterSeq: 0 });
    session.send({ action: 'ping' });
    await session.waitFor((f) => f.type === 'pong');
    expect(session.frames.filter((f) => f.type === 'message')).toEqual([]);
    await session.close();
  });
});

describe('refusals', () => {
  it('refuses a malformed or forged token at the upgrade', async () => {
    const origin = acme.origin;
    expect([401, 403]).toContain(await Session.open(runtime.endpoints.websocketUrl, 'not-a-token', origin));
    const { json } = await tokenFor(acme);
    const [header, payload] = json.token.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`;
    expect([401, 403]).toContain(await Session.open(runtime.endpoints.websocketUrl, forged, origin));
  });

  it('refuses a missing token with 401 and a used token on its second use', async () => {
    expect(await Session.open(runtime.endpoints.websocketUrl, '', acme.origin)).toBe(401);
    const { json } = await tokenFor(acme);
    const first = await Session.open(json.websocketUrl, json.token, acme.origin);
    expect(first).toBeInstanceOf(Session);
    await (first as Session).close();
    expect([401, 403]).toContain(await Session.open(json.websocketUrl, json.token, acme.origin));
  });

  it("refuses an Origin the tenant does not allow, including the other tenant's origin", async () => {
    const { json } = await tokenFor(acme);
    expect(await Session.open(json.websocketUrl, json.token, globex.origin)).toBe(403);
    const other = await tokenFor(acme);
    expect(await Session.open(other.json.websocketUrl, other.json.token, 'https://evil.example')).toBe(403);
  });

  it('refuses the token API without a client certificate at the TLS handshake', async () => {
    const { ca } = tlsOf(rootDir, acme);
    await expect(postJson(runtime.endpoints.tokenUrl, { userId: 'u' }, { ca })).rejects.toThrow();
  });

  it('answers bad input to the token API with a JSON 400', async () => {
    const res = await tokenFor(acme, { userId: '' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

describe('demo partner site', () => {
  it('serves the page with the built widget under a CSP that allows only the chat socket', async () => {
    const page = await fetch(runtime.endpoints.demoUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const socketOrigin = new URL(runtime.endpoints.websocketUrl).host;
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://${socketOrigin}`);
    const html = await page.text();
    const script = /src="(\/widget\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(new URL(script!, runtime.endpoints.demoUrl))).status).toBe(200);
  });

  it('gets a session token for its page over mTLS without exposing the certificate', async () => {
    const res = await fetch(new URL('/api/session-token', runtime.endpoints.demoUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'globex' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const body = (await res.json()) as { token: string; websocketUrl: string };
    const session = await Session.open(body.websocketUrl, body.token, runtime.endpoints.allowedOrigin);
    expect(session).toBeInstanceOf(Session);
    await (session as Session).close();
  });
});

describe('admin surface', () => {
  it("signs a tenant admin in through the dev identity provider and keeps them to their tenant's settings", async () => {
    const login = await fetch(new URL('/dev-login', runtime.adminUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=admin-acme',
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const own = await fetch(new URL('/admin/v1/tenants/acme/settings', runtime.adminUrl), {
      headers: { cookie },
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { allowedOrigins: string[] }).allowedOrigins).toContain(acme.origin);
    const other = await fetch(new URL('/admin/v1/tenants/globex/settings', runtime.adminUrl), {
      headers: { cookie },
    });
    expect(other.status).toBe(403);
  });
});
