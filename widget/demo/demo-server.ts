// Node request handler serving the built widget and the demo partner page with a strict CSP (local runtime, tests).
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

export interface DemoStaticOptions {
  /** The build output (widget/dist or a buildWidget outDir). */
  readonly distDir: string;
  /** URL prefix of the widget files; must match the build's publicPath. @default '/widget/' */
  readonly publicPath?: string;
  /** WebSocket URL(s) the page may connect to (their origins go into connect-src). */
  readonly websocketUrls: readonly string[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};
const HASHED_FILE = /\.[0-9a-f]{16}\.(js|css)$/;

/** The demo page's CSP: no inline script or style, no eval, Trusted Types enforced, sockets only to the chat. */
export function demoContentSecurityPolicy(websocketUrls: readonly string[]): string {
  const socketOrigins = websocketUrls.map((url) => {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  });
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${socketOrigins.join(' ')}`.trim(),
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/**
 * Returns a handler that answers `GET /` (the demo page) and `GET <publicPath>…` (the widget
 * files, with the same Cache-Control as the CDN) and returns false for anything else, so the
 * caller can route `POST /api/session-token` and the rest itself.
 */
export function createDemoStaticHandler(
  options: DemoStaticOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = resolve(options.distDir);
  const publicPath = options.publicPath ?? '/widget/';
  const csp = demoContentSecurityPolicy(options.websocketUrls);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let file: string | undefined;
    if (path === '/' || path === '/index.html') file = join(root, 'demo/index.html');
    else if (path.startsWith(publicPath))
      file = safeJoin(root, decodeURIComponent(path.slice(publicPath.length)));
    if (file === undefined) return false;
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
      res.end(
        existsSync(join(root, 'manifest.json')) ? 'not found' : 'widget not built: run npm run build:widget',
      );
      return true;
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    };
    if (type.startsWith('text/html')) {
      Object.assign(headers, {
        'content-security-policy': csp,
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
      });
    } else {
      // Cross-origin SRI needs CORS; hashed files never change, the rest is short-lived.
      headers['access-control-allow-origin'] = '*';
      headers['cache-control'] = HASHED_FILE.test(file)
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=60';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}

function safeJoin(root: string, relative: string): string | undefined {
  const target = normalize(join(root, relative));
  return target.startsWith(root + sep) ? target : undefined;
}
