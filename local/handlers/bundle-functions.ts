// Bundles each FUNCTIONS entry with the CDK's esbuild options into .local/build/<id>.mjs, plus the container host.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../lib/bundling';
import { FUNCTIONS, type FunctionName } from '../../lambdas/shared/definitions';

/** The esbuild options ChatFunction gives NodejsFunction (lib/bundling.ts), for multi-entry builds. */
const { entryPoints: _single, outfile: _outfile, ...CDK_BUNDLING } = esbuildOptionsFor('', '');

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
  /** Whether the previous bundles were reused (no input changed). */
  readonly reused: boolean;
}

/** Bundles the given functions and the host in one esbuild run, or reuses the bundles when no input changed. */
export async function bundleFunctions(
  rootDir: string,
  outdir: string,
  names: readonly FunctionName[],
  exists: (path: string) => boolean,
): Promise<Bundles> {
  await mkdir(outdir, { recursive: true });
  const present = names.filter((n) => exists(join(rootDir, FUNCTIONS[n].entry)));
  const missing = names.filter((n) => !present.includes(n));
  const entryPoints = {
    ...Object.fromEntries(present.map((n) => [FUNCTIONS[n].id, join(rootDir, FUNCTIONS[n].entry)])),
    'function-host': join(rootDir, 'local', 'handlers', 'function-host.ts'),
  };
  const manifestFile = join(outdir, 'manifest.json');
  const reused = await upToDate(rootDir, manifestFile, Object.keys(entryPoints));
  if (!reused) {
    const result = await build({
      ...CDK_BUNDLING,
      absWorkingDir: rootDir,
      entryPoints,
      outdir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.fromEntries(
      Object.keys(result.metafile.inputs).map((file) => [file, fingerprint(join(rootDir, file))]),
    );
    await writeFile(manifestFile, JSON.stringify({ entries: Object.keys(entryPoints).sort(), inputs }));
  }
  return {
    functions: present.map((name) => ({ name, file: join(outdir, `${FUNCTIONS[name].id}.mjs`) })),
    missing,
    hostFile: join(outdir, 'function-host.mjs'),
    reused,
  };
}

const fingerprint = (file: string): string => {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
};

/** True when the last build had the same entries and none of its input files changed since. */
async function upToDate(rootDir: string, manifestFile: string, entries: string[]): Promise<boolean> {
  if (!existsSync(manifestFile)) return false;
  try {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
      entries: string[];
      inputs: Record<string, string>;
    };
    if (manifest.entries.join() !== [...entries].sort().join()) return false;
    return Object.entries(manifest.inputs).every(
      ([file, print]) => fingerprint(join(rootDir, file)) === print,
    );
  } catch {
    return false;
  }
}
