// Test client of the local runtime: the token API over mTLS, WebSocket sessions, frame waiting.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { LocalEndpoints } from '../../../local/runtime';

export type Tenant = LocalEndpoints['tenants'][number];
export type Frame = Record<string, any>;

export function tlsOf(rootDir: string, tenant: Tenant): { ca: Buffer; cert: Buffer; key: Buffer } {
  return {
    ca: readFileSync(join(rootDir, tenant.serverCa)),
    cert: readFileSync(join(rootDir, tenant.cert)),
    key: readFileSync(join(rootDir, tenant.key)),
  };
}

/** POST to an HTTPS URL with the given TLS material; resolves status and parsed JSON. */
export function postJson(
  url: string,
  body: unknown,
  tls: { ca: Buffer; cert?: Buffer; key?: Buffer },
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ...tls, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A WebSocket session that records every frame. */
export class Session {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Opens `websocketUrl?token=…` with an Origin; resolves the session or the refusal's HTTP status. */
  static open(websocketUrl: string, token: string, origin: string): Promise<Session | number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${websocketUrl}?token=${encodeURIComponent(token)}`, { headers: { origin } });
      ws.once('open', () => resolve(new Session(ws)));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });
  }

  send(frame: Frame): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Waits for the first recorded frame matching `predicate` (frames already received count). */
  async waitFor(predicate: (f: Frame) => boolean, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
