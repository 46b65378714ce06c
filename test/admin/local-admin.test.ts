// Local runtime mount: dev sign-in, ALB-shaped signed headers, client-sent identity headers ignored, CSP, signed downloads.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { buildDashboard } from '../../scripts/build-dashboard';
import { createLocalAdmin, DEV_SESSION_COOKIE } from '../../local/admin-local';
import { DevIdentityProvider } from '../../local/dev-identity';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

let dynamo: LocalDynamo;
let server: Server;
let base: string;
let idp: DevIdentityProvider;
let local: ReturnType<typeof createLocalAdmin>;

beforeAll(async () => {
  dynamo = await startDynalite();
  const s3 = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  mockClient(s3);
  idp = new DevIdentityProvider({ tenantIds: ['tenant-a', 'tenant-b'] });
  const dashboardDir = await buildDashboard({ outDir: mkdtempSync(join(tmpdir(), 'dashboard-')) });
  server = createServer((req, res) => {
    void local.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  local = createLocalAdmin({
    idp,
    doc: dynamo.doc,
    s3,
    tables: {
      tenants: dynamo.tables.tenants,
      audit: dynamo.tables.audit,
      conversations: dynamo.tables.conversations,
    },
    buckets: { knowledge: 'knowledge', exports: 'exports' },
    publicBaseUrl: base,
    s3Origin: 'http://127.0.0.1:4569',
    dashboardDir,
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dynamo.stop();
});

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${base}/dev-login`, {
    method: 'POST',
    body: new URLSearchParams({ user: userId }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('local admin mount', () => {
  it('refuses the API without a dev session (401) and shows the dev sign-in page', async () => {
    expect((await fetch(`${base}/admin/v1/me`)).status).toBe(401);
    const page = await fetch(`${base}/dev-login`);
    expect(await page.text()).toContain('value="admin-tenant-a"');
  });

  it('signs ALB-shaped headers for the signed-in dev user', async () => {
    const cookie = await signIn('admin-tenant-a');
    const me = await (await fetch(`${base}/admin/v1/me`, { headers: { cookie } })).json();
    expect(me).toMatchObject({ platformAdmin: false, tenantIds: ['tenant-a'] });
  });

  it('ignores identity headers sent by the client, as the ALB overwrites them', async () => {
    const cookie = await signIn('admin-tenant-a');
    const platformHeaders = idp.headersFor(idp.findUser('platform-admin')!);
    const me = await (await fetch(`${base}/admin/v1/me`, { headers: { cookie, ...platformHeaders } })).json();
    expect(me.platformAdmin).toBe(false);
    expect((await fetch(`${base}/admin/v1/me`, { headers: platformHeaders })).status).toBe(401);
  });

  it('refuses a tampered session cookie', async () => {
    const cookie = await signIn('admin-tenant-a');
    const forged = cookie.replace(
      `${DEV_SESSION_COOKIE}=admin-tenant-a`,
      `${DEV_SESSION_COOKIE}=platform-admin`,
    );
    expect((await fetch(`${base}/admin/v1/me`, { headers: { cookie: forged } })).status).toBe(401);
  });

  it('serves the dashboard with a strict CSP and no inline script or style', async () => {
    const res = await fetch(`${base}/admin/`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style|style="/);
    expect(html).toContain('content="/dev-login"');
  });

  it('serves export downloads only with a valid, unexpired signature', async () => {
    const expired = await local.downloads.sign(
      't/tenant-a/exports/c/x.json',
      Math.floor(Date.now() / 1000) - 1,
    );
    expect((await fetch(expired)).status).toBe(403);
    const valid = new URL(
      await local.downloads.sign('t/tenant-a/exports/c/x.json', Math.floor(Date.now() / 1000) + 60),
    );
    valid.searchParams.set('Signature', 'forged');
    expect((await fetch(valid)).status).toBe(403);
  });
});
