// Bundles each FUNCTIONS entry with the CDK's esbuild options into .local/build/<id>.mjs and imports the bundles.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../../lambdas/shared/definitions';
import type { LambdaHandler } from './lambda-host';

/** The same options lib/constructs/chat-function.ts gives NodejsFunction's bundling (minify aside). */
const CDK_BUNDLING: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
};

export interface BundledFunction {
  readonly name: FunctionName;
  readonly file: string;
}

/** Bundles the given functions in one esbuild run (entries that do not exist yet are reported, not built). */
export async function bundleFunctions(
  rootDir: string,
  names: readonly FunctionName[],
  exists: (path: string) => boolean,
): Promise<{ bundled: BundledFunction[]; missing: FunctionName[] }> {
  const outdir = join(rootDir, '.local', 'build');
  await mkdir(outdir, { recursive: true });
  const present = names.filter((n) => exists(join(rootDir, FUNCTIONS[n].entry)));
  const missing = names.filter((n) => !present.includes(n));
  if (present.length === 0) return { bundled: [], missing };
  await build({
    ...CDK_BUNDLING,
    absWorkingDir: rootDir,
    entryPoints: Object.fromEntries(present.map((n) => [FUNCTIONS[n].id, join(rootDir, FUNCTIONS[n].entry)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  return { bundled: present.map((name) => ({ name, file: join(outdir, `${FUNCTIONS[name].id}.mjs`) })), missing };
}

/**
 * Imports a bundle and returns its exported handler. Call only after process.env holds the
 * function's environment: handlers read it once at cold start, as in Lambda.
 */
export async function importHandler(bundle: BundledFunction): Promise<LambdaHandler> {
  const definition = FUNCTIONS[bundle.name];
  const url = `${pathToFileURL(bundle.file).href}?v=${Date.now()}`;
  const module = (await import(url)) as Record<string, unknown>;
  const handler = module[definition.handler];
  if (typeof handler !== 'function') {
    throw new Error(`${definition.entry} does not export a function named ${definition.handler}`);
  }
  return handler as LambdaHandler;
}
