// The one definition of how a Lambda entry is bundled: used by ChatFunction, the local runtime and the bench.
import type { BuildOptions } from 'esbuild';

/** esbuild settings shared by every Lambda bundle (CDK passes the same values to its esbuild call). */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  target: 'node22',
  platform: 'node',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  /** ESM bundles still contain CommonJS dependencies that call require(). */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** esbuild options producing exactly the bundle CDK deploys, written to `outfile` (`.mjs`). */
export function esbuildOptionsFor(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    platform: LAMBDA_BUNDLING.platform,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    logLevel: 'silent',
  };
}
