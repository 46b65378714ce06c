// The contract of .local/endpoints.json (DESIGN.md, Local runtime): what clients, tests and the bench read.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { DEMO_TENANTS } from './demo-tenants';
import type { LocalPki } from './pki/local-ca';

export interface LocalEndpoints {
  /** `ws://127.0.0.1:<port>/ws` (open with `?token=…`). */
  readonly websocketUrl: string;
  /** `https://localhost:<port>/v1/session-tokens` (mTLS). */
  readonly tokenUrl: string;
  /** `http://127.0.0.1:<port>/`, the demo partner page. */
  readonly demoUrl: string;
  /** The demo page's origin (every demo tenant allows it). */
  readonly allowedOrigin: string;
  readonly tenants: ReadonlyArray<{
    readonly id: string;
    /** An origin this tenant allows. */
    readonly origin: string;
    /** PEM paths relative to the repository root. */
    readonly serverCa: string;
    readonly cert: string;
    readonly key: string;
  }>;
}

export function localEndpoints(input: {
  rootDir: string;
  websocketUrl: string;
  tokenUrl: string;
  demoUrl: string;
  allowedOrigin: string;
  pki: LocalPki;
}): LocalEndpoints {
  const rel = (path: string) => relative(input.rootDir, path);
  return {
    websocketUrl: input.websocketUrl,
    tokenUrl: input.tokenUrl,
    demoUrl: input.demoUrl,
    allowedOrigin: input.allowedOrigin,
    tenants: DEMO_TENANTS.map((t) => {
      const client = input.pki.clients[t.tenantId];
      if (!client) throw new Error(`No client certificate for tenant ${t.tenantId}`);
      return {
        id: t.tenantId,
        origin: t.ownOrigin,
        serverCa: rel(input.pki.ca.certFile),
        cert: rel(client.certFile),
        key: rel(client.keyFile),
      };
    }),
  };
}

/** Written last, once everything answers: its existence is the readiness signal. */
export async function writeEndpoints(file: string, endpoints: LocalEndpoints): Promise<void> {
  await writeFile(file, `${JSON.stringify(endpoints, null, 2)}\n`);
}
