// The demo partner site: serves the page with the widget and its backend, which gets session tokens over mTLS.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent, request } from 'node:https';
import type { RuntimeLog } from './console-log';
import { readBody, sendJson } from './services/http-util';

export interface DemoPartner {
  readonly tenantId: string;
  readonly displayName: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface DemoServerOptions {
  /** An existing (possibly already listening) server to serve on. @default a new one */
  readonly server?: Server;
  /** `https://127.0.0.1:<port>/v1/session-tokens`. */
  readonly tokenUrl: string;
  /** CA that verifies the token endpoint's server certificate. */
  readonly serverCaPem: string;
  /** The partners this demo backend speaks for; the first one is the default tenant. */
  readonly partners: readonly DemoPartner[];
  /** Serves the page and the widget files; returns false when the request is not for it. */
  readonly staticHandler?: (req: IncomingMessage, res: ServerResponse) => boolean;
  readonly log: RuntimeLog;
}

const SESSION_COOKIE = 'demo_session';
const USER_ID = /^demo-user-[A-Za-z0-9_-]{1,40}$/;

/** The demo site's own login session: an HttpOnly cookie naming the end user (flow steps 1–2). */
function endUserOf(req: IncomingMessage, res: ServerResponse): string {
  const cookie = /(?:^|;\s*)demo_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (cookie && USER_ID.test(cookie)) return cookie;
  const userId = `demo-user-${randomBytes(9).toString('base64url')}`;
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${userId}; Path=/; HttpOnly; SameSite=Strict`);
  return userId;
}

/** Calls the token API with the partner's client certificate (flow step 3); the browser never sees it. */
function requestToken(
  options: DemoServerOptions,
  agents: Map<string, Agent>,
  partner: DemoPartner,
  payload: Record<string, string>,
): Promise<{ status: number; body: string }> {
  let agent = agents.get(partner.tenantId);
  if (!agent) {
    agent = new Agent({
      keepAlive: true,
      ca: options.serverCaPem,
      cert: partner.certPem,
      key: partner.keyPem,
    });
    agents.set(partner.tenantId, agent);
  }
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(
      options.tokenUrl,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function createDemoServer(options: DemoServerOptions): { server: Server; close: () => void } {
  const agents = new Map<string, Agent>();
  const byTenant = new Map(options.partners.map((p) => [p.tenantId, p]));

  async function sessionToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const userId = endUserOf(req, res);
    let input: { tenant?: unknown; conversationId?: unknown };
    try {
      const raw = await readBody(req, 4096);
      input = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as typeof input);
    } catch {
      return sendJson(res, 400, { error: { code: 'bad_request', message: 'Body must be JSON' } });
    }
    const tenant = typeof input.tenant === 'string' ? input.tenant : options.partners[0]?.tenantId;
    const partner = tenant ? byTenant.get(tenant) : undefined;
    if (!partner)
      return sendJson(res, 404, { error: { code: 'bad_request', message: 'Unknown demo tenant' } });
    const payload: Record<string, string> = { userId };
    if (typeof input.conversationId === 'string') payload.conversationId = input.conversationId;
    const answer = await requestToken(options, agents, partner, payload);
    res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(answer.body);
    options.log.request(
      'demo',
      `POST /api/session-token ${answer.status} tenant=${partner.tenantId} user=${userId}`,
    );
  }

  const server = options.server ?? createServer();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://demo.local').pathname;
    if (req.method === 'POST' && path === '/api/session-token') {
      sessionToken(req, res).catch((error: unknown) => {
        options.log.error('demo', 'session token request failed', error);
        if (!res.headersSent)
          sendJson(res, 502, { error: { code: 'internal_error', message: 'Token API unreachable' } });
      });
      return;
    }
    if (req.method === 'GET' && path === '/api/tenants') {
      return sendJson(res, 200, {
        tenants: options.partners.map((p) => ({ id: p.tenantId, displayName: p.displayName })),
      });
    }
    if (options.staticHandler?.(req, res)) return;
    sendJson(res, 404, { error: { code: 'bad_request', message: `No route for ${req.method} ${path}` } });
  });
  return { server, close: () => agents.forEach((a) => a.destroy()) };
}
