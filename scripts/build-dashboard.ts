// Builds the admin dashboard SPA into dist/dashboard: bundled app.js, app.css and index.html (no inline code).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..');

export interface DashboardBuildOptions {
  /** @default <repo>/dist/dashboard */
  readonly outDir?: string;
  /** Origin of the admin API; empty means same origin. @default '' */
  readonly apiBase?: string;
  /** Where an unauthenticated dashboard sends the browser. @default '/admin/login' */
  readonly loginUrl?: string;
}

export async function buildDashboard(options: DashboardBuildOptions = {}): Promise<string> {
  const outDir = options.outDir ?? join(ROOT, 'dist', 'dashboard');
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'dashboard', 'src', 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'dashboard', 'app.css'), join(outDir, 'app.css'));
  const attr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = readFileSync(join(ROOT, 'dashboard', 'index.html'), 'utf8')
    .replace('__ADMIN_API_BASE__', attr(options.apiBase ?? ''))
    .replace('__ADMIN_LOGIN_URL__', attr(options.loginUrl ?? '/admin/login'));
  writeFileSync(join(outDir, 'index.html'), html);
  return outDir;
}

if (require.main === module) {
  buildDashboard({ apiBase: process.env.ADMIN_API_BASE, loginUrl: process.env.ADMIN_LOGIN_URL })
    .then((dir) => console.log(`dashboard built in ${dir}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
