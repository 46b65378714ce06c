// Mounts the admin API, the dashboard, a dev login and HMAC-signed export downloads into the local HTTP server.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ALBEvent } from 'aws-lambda';
import { createAdminApp } from '../lambdas/admin-api/admin-app';
import { composeAdminDeps } from '../lambdas/admin-api/compose';
import { AdminIdentityVerifier } from '../lambdas/admin-api/identity/admin-identity-verifier';
import type { AdminDeps } from '../lambdas/admin-api/use-cases/context';
import type { DownloadUrlSigner } from '../lambdas/shared/admin-ports';
import { buildDashboard } from '../scripts/build-dashboard';
import type { DevIdentityProvider } from './dev-identity';

export const DEV_SESSION_COOKIE = 'dev_admin_session';
const REPO_ROOT = join(__dirname, '..');
const MAX_BODY_BYTES = 256 * 1024;

export interface LocalAdminOptions {
  readonly idp: DevIdentityProvider;
  /** Document client pointed at the local DynamoDB-compatible server. */
  readonly doc: DynamoDBDocumentClient;
  /** S3 client pointed at the local S3 server (forcePathStyle). */
  readonly s3: S3Client;
  readonly tables: { readonly tenants: string; readonly audit: string; readonly conversations: string };
  readonly buckets: { readonly knowledge: string; readonly exports: string };
  /** Origin of the server this is mounted in, e.g. `http://127.0.0.1:8787` (download links point here). */
  readonly publicBaseUrl: string;
  /** Origin of the local S3 server, allowed in the dashboard's CSP connect-src for presigned POSTs. */
  readonly s3Origin: string;
  /** Built dashboard; built on first request when absent. @default <repo>/.local/admin-dashboard */
  readonly dashboardDir?: string;
  readonly maxUploadBytes?: number;
}

/** Local stand-in for CloudFront signed URLs: HMAC over key + expiry, served by this module, same ≤ 5 min expiry. */
export class LocalDownloadSigner implements DownloadUrlSigner {
  private readonly secret = randomBytes(32);
  constructor(private readonly baseUrl: string) {}

  async sign(key: string, expiresAt: number): Promise<string> {
    return `${this.baseUrl}/admin-downloads/${key.split('/').map(encodeURIComponent).join('/')}?Expires=${expiresAt}&Signature=${this.mac(key, expiresAt)}`;
  }

  verify(key: string, expires: string | null, signature: string | null, nowMs: number): boolean {
    if (!expires || !signature || !/^\d+$/.test(expires) || Number(expires) * 1000 <= nowMs) return false;
    const expected = Buffer.from(this.mac(key, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(key: string, expiresAt: number): string {
    return createHmac('sha256', this.secret).update(`${key}|${expiresAt}`).digest('base64url');
  }
}

/** The admin handler's ports over the local DynamoDB and S3 servers (the same adapters as in Lambda). */
export function buildLocalAdminDeps(options: LocalAdminOptions, downloads: DownloadUrlSigner): AdminDeps {
  return composeAdminDeps({
    doc: options.doc,
    s3: options.s3,
    tables: options.tables,
    buckets: options.buckets,
    downloads,
    groups: options.idp,
    maxUploadBytes: options.maxUploadBytes,
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Returns `handle(req, res)`, true when it answered: `GET|POST /dev-login`, `POST /dev-logout`,
 * `/admin/v1/*` (the real admin app, with ALB-shaped headers signed for the session's dev user),
 * `/admin/` (dashboard) and `/admin-downloads/*` (signed export links).
 */
export function createLocalAdmin(options: LocalAdminOptions) {
  const downloads = new LocalDownloadSigner(options.publicBaseUrl);
  const deps = buildLocalAdminDeps(options, downloads);
  const { idp } = options;
  const verifier = new AdminIdentityVerifier({
    albArn: idp.albArn,
    issuer: idp.issuer,
    clientId: idp.clientId,
    albKeys: idp.albKeys,
    jwks: idp.jwks,
    clock: deps.clock,
  });
  const app = createAdminApp({ deps, verifier });
  const dashboardDir = options.dashboardDir ?? join(REPO_ROOT, '.local', 'admin-dashboard');
  let dashboardReady: Promise<unknown> | undefined;
  const ensureDashboard = () =>
    (dashboardReady ??= existsSync(join(dashboardDir, 'index.html'))
      ? Promise.resolve()
      : buildDashboard({ outDir: dashboardDir, loginUrl: '/dev-login' }));
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${options.s3Origin}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const pageHeaders = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/dev-login' && method === 'GET') {
      const buttons = idp.users
        .map(
          (u) =>
            `<li><button type="submit" name="user" value="${escapeHtml(u.id)}">${escapeHtml(u.label)}</button></li>`,
        )
        .join('');
      res.writeHead(200, { ...pageHeaders, 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev sign-in</title></head><body><h1>Dev sign-in (local only)</h1><form method="post" action="/dev-login"><ul>${buttons}</ul></form></body></html>`,
      );
      return true;
    }
    if (url.pathname === '/dev-login' && method === 'POST') {
      const user = idp.findUser(new URLSearchParams(await readBody(req)).get('user') ?? '');
      if (!user) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown dev user');
        return true;
      }
      res.writeHead(303, {
        location: '/admin/',
        'set-cookie': `${DEV_SESSION_COOKIE}=${idp.sessionCookieFor(user)}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return true;
    }
    if (url.pathname === '/dev-logout' && method === 'POST') {
      res
        .writeHead(303, { location: '/dev-login', 'set-cookie': `${DEV_SESSION_COOKIE}=; Max-Age=0; Path=/` })
        .end();
      return true;
    }
    if (url.pathname.startsWith('/admin/v1/') || url.pathname === '/admin/v1') {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        // Like the ALB, drop whatever identity headers the client sent and add only the signed ones.
        if (typeof value === 'string' && !name.startsWith('x-amzn-oidc-')) headers[name] = value;
      }
      const user = idp.userFromSessionCookie(cookie(req, DEV_SESSION_COOKIE));
      if (user) Object.assign(headers, idp.headersFor(user));
      let body: string;
      try {
        body = await readBody(req);
      } catch {
        res
          .writeHead(413, { 'content-type': 'application/json' })
          .end('{"error":{"code":"payload_too_large","message":"request body too large"}}');
        return true;
      }
      const query: Record<string, string> = {};
      for (const pair of (req.url ?? '').split('?')[1]?.split('&') ?? []) {
        if (!pair) continue;
        const [k, ...v] = pair.split('=');
        query[k!] = v.join('=');
      }
      const event: ALBEvent = {
        requestContext: {
          elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:local:000000000000:targetgroup/admin/0' },
        },
        httpMethod: method,
        path: url.pathname,
        queryStringParameters: query,
        headers,
        body,
        isBase64Encoded: false,
      };
      const result = await app(event, randomUUID());
      res.writeHead(result.statusCode, result.headers as Record<string, string>);
      res.end(result.body ?? '');
      return true;
    }
    if (url.pathname.startsWith('/admin-downloads/') && method === 'GET') {
      const key = url.pathname.slice('/admin-downloads/'.length).split('/').map(decodeURIComponent).join('/');
      if (
        !downloads.verify(key, url.searchParams.get('Expires'), url.searchParams.get('Signature'), Date.now())
      ) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('signature invalid or expired');
        return true;
      }
      const object = await options.s3.send(
        new GetObjectCommand({ Bucket: options.buckets.exports, Key: key }),
      );
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-disposition': 'attachment',
        'cache-control': 'no-store',
      });
      res.end(await object.Body?.transformToString());
      return true;
    }
    if ((url.pathname === '/admin' || url.pathname.startsWith('/admin/')) && method === 'GET') {
      await ensureDashboard();
      const name =
        url.pathname === '/admin' || url.pathname === '/admin/'
          ? 'index.html'
          : url.pathname.slice('/admin/'.length);
      const ext = name.slice(name.lastIndexOf('.'));
      const file = join(dashboardDir, name);
      if (!/^[a-z0-9-]+\.(html|js|css)$/.test(name) || !existsSync(file)) {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(existsSync(dashboardDir) ? 'not found' : 'run npm run build:dashboard');
        return true;
      }
      res.writeHead(200, { ...pageHeaders, 'content-type': STATIC_TYPES[ext] ?? 'application/octet-stream' });
      // Locally, an unauthenticated dashboard goes to the dev sign-in page instead of the ALB's /admin/login.
      res.end(
        name === 'index.html'
          ? readFileSync(file, 'utf8').replace('content="/admin/login"', 'content="/dev-login"')
          : readFileSync(file),
      );
      return true;
    }
    return false;
  }

  return { handle, app, deps, downloads };
}
