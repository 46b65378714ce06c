// The demo page's static files: the widget helper's handler over widget/dist when the widget is built.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { RuntimeLog } from './console-log';

type StaticHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

interface WidgetDemoModule {
  createDemoStaticHandler(options: { distDir: string; websocketUrls: readonly string[] }): StaticHandler;
}

/** Page shown when widget/dist is missing: says how to build it instead of a blank 404. */
function notBuiltHandler(): StaticHandler {
  const page =
    '<!doctype html><meta charset="utf-8"><title>Live chat demo</title>' +
    '<p>The widget is not built yet: run <code>npm run build:widget</code>, then restart <code>npm run dev</code>.</p>';
  return (req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://demo.local').pathname !== '/') return false;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    });
    res.end(page);
    return true;
  };
}

/**
 * Loads widget/demo/demo-server.ts (owned by the widget) at run time, so the runtime also starts in a
 * checkout without the widget; serves widget/dist through it with the page's CSP.
 */
export async function loadDemoStaticHandler(
  rootDir: string,
  websocketUrls: readonly string[],
  log: RuntimeLog,
): Promise<StaticHandler> {
  const moduleFile = join(rootDir, 'widget', 'demo', 'demo-server.ts');
  const distDir = join(rootDir, 'widget', 'dist');
  if (!existsSync(moduleFile) || !existsSync(join(distDir, 'demo', 'index.html'))) {
    log.error('demo', 'widget/dist is missing: the demo page only explains how to build it');
    return notBuiltHandler();
  }
  // A plain absolute path: resolvable by Node's loader (tsx) and by Jest's require alike.
  const widget = (await import(moduleFile)) as WidgetDemoModule;
  return widget.createDemoStaticHandler({ distDir, websocketUrls });
}
