// The demo page's static files: the widget, built on each start into the state directory, with the page's CSP.
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildWidget } from '../widget/build';
import { createDemoStaticHandler } from '../widget/demo/demo-server';
import type { RuntimeLog } from './console-log';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Builds the widget (widget/build.ts, esbuild, a fraction of a second) into `<stateDir>/widget` so a
 * fresh clone serves the real widget without a separate build step and the repository's
 * widget/dist is left alone; then serves it through the widget's own demo handler.
 */
export function createDemoStaticSite(
  stateDir: string,
  websocketUrls: readonly string[],
  log: RuntimeLog,
): StaticHandler {
  const started = Date.now();
  const { outDir, manifest } = buildWidget({ outDir: join(stateDir, 'widget') });
  log.info('demo', `built widget ${manifest.version} into ${outDir} (${Date.now() - started} ms)`);
  return createDemoStaticHandler({ distDir: outDir, publicPath: manifest.publicPath, websocketUrls });
}
