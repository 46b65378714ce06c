// Builds the admin dashboard SPA into dist/dashboard: content-hashed app-<hash>.js/.css and index.html (no inline code).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..');

/** The one file that names the current build; everything else the build writes is content-hashed. */
export const DASHBOARD_ENTRY_FILE = 'index.html';

export interface DashboardBuildOptions {
  /** Emptied of earlier build files first. @default <repo>/dist/dashboard */
  readonly outDir?: string;
  /** Origin of the admin API; empty means same origin. @default '' */
  readonly apiBase?: string;
  /** Where an unauthenticated dashboard sends the browser. @default '/admin/login' */
  readonly loginUrl?: string;
}

export interface DashboardBuild {
  readonly outDir: string;
  /** File names relative to outDir: `app-<sha256-16>.js`, `app-<sha256-16>.css`. */
  readonly js: string;
  readonly css: string;
}

const contentHash = (content: Uint8Array): string =>
  createHash('sha256').update(content).digest('hex').slice(0, 16);

/** Synchronous (CDK asset bundling calls it during synth) and deterministic: same sources, same bytes. */
export function buildDashboardSync(options: DashboardBuildOptions = {}): DashboardBuild {
  const outDir = options.outDir ?? join(ROOT, 'dist', 'dashboard');
  const result = buildSync({
    entryPoints: [join(ROOT, 'dashboard', 'src', 'main.ts')],
    bundle: true,
    write: false,
    outfile: 'app.js',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const jsBytes = result.outputFiles[0]!.contents;
  const cssBytes = readFileSync(join(ROOT, 'dashboard', 'app.css'));
  const js = `app-${contentHash(jsBytes)}.js`;
  const css = `app-${contentHash(cssBytes)}.css`;

  mkdirSync(outDir, { recursive: true });
  for (const old of readdirSync(outDir).filter((f) => /^app(-[0-9a-f]{16})?\.(js|css)$/.test(f))) {
    rmSync(join(outDir, old));
  }
  writeFileSync(join(outDir, js), jsBytes);
  writeFileSync(join(outDir, css), cssBytes);
  const attr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = readFileSync(join(ROOT, 'dashboard', 'index.html'), 'utf8')
    .replace('__ADMIN_API_BASE__', attr(options.apiBase ?? ''))
    .replace('__ADMIN_LOGIN_URL__', attr(options.loginUrl ?? '/admin/login'))
    .replace('href="app.css"', `href="${css}"`)
    .replace('src="app.js"', `src="${js}"`);
  if (!html.includes(js) || !html.includes(css)) {
    throw new Error(
      'dashboard/index.html must load app.css and app.js (they are renamed to the hashed files)',
    );
  }
  writeFileSync(join(outDir, DASHBOARD_ENTRY_FILE), html);
  return { outDir, js, css };
}

/** Async wrapper kept for the local runtime and tests; returns the output directory. */
export async function buildDashboard(options: DashboardBuildOptions = {}): Promise<string> {
  return buildDashboardSync(options).outDir;
}

if (require.main === module) {
  try {
    const built = buildDashboardSync({
      apiBase: process.env.ADMIN_API_BASE,
      loginUrl: process.env.ADMIN_LOGIN_URL,
    });
    console.log(`dashboard built in ${built.outDir} (${built.js}, ${built.css})`);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}
