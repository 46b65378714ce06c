// Bundles each FUNCTIONS entry with the CDK's esbuild options into .local/build/<id>.mjs, plus the container host.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../../lambdas/shared/definitions';

/** The options lib/constructs/chat-function.ts gives NodejsFunction's bundling. */
export const CDK_BUNDLING: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
};

export interface BundledFunction {
  readonly name: FunctionName;
  readonly file: string;
}

export interface Bundles {
  readonly functions: BundledFunction[];
  /** Function entries that do not exist in this checkout. */
  readonly missing: FunctionName[];
  /** The worker-thread entry that hosts one function (local/handlers/function-host.ts). */
  readonly hostFile: string;
}

/** Bundles the given functions and the host in one esbuild run. */
export async function bundleFunctions(
  rootDir: string,
  names: readonly FunctionName[],
  exists: (path: string) => boolean,
): Promise<Bundles> {
  const outdir = join(rootDir, '.local', 'build');
  await mkdir(outdir, { recursive: true });
  const present = names.filter((n) => exists(join(rootDir, FUNCTIONS[n].entry)));
  const missing = names.filter((n) => !present.includes(n));
  await build({
    ...CDK_BUNDLING,
    absWorkingDir: rootDir,
    entryPoints: {
      ...Object.fromEntries(present.map((n) => [FUNCTIONS[n].id, join(rootDir, FUNCTIONS[n].entry)])),
      'function-host': join(rootDir, 'local', 'handlers', 'function-host.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  return {
    functions: present.map((name) => ({ name, file: join(outdir, `${FUNCTIONS[name].id}.mjs`) })),
    missing,
    hostFile: join(outdir, 'function-host.mjs'),
  };
}
