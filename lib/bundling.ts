// The one definition of how a Lambda entry is bundled: used by ChatFunction, the local runtime and the bench.
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { awsSdkPackageVersion } from './aws-sdk-package-version';
import { awsSdkPureSchemas } from './aws-sdk-pure-schemas';
import { sdkStandIns } from './sdk-stand-ins';

/** The repository root: entries and alias targets are relative to it. */
export const REPO_ROOT = join(__dirname, '..');

/** esbuild settings shared by every Lambda bundle. */
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

/**
 * Packages swapped for a narrower module at bundle time (repository-relative replacement paths).
 * Lambda hands every function its credentials in environment variables, so the default chain's
 * SSO / INI / process / web-identity / IMDS providers (and the STS/SSO clients they pull in) are
 * dead weight (docs/adr/0076-lambda-bundle-size.md).
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './lambdas/shared/bundling/env-credential-provider.ts',
};

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
    alias: Object.fromEntries(
      Object.entries(BUNDLE_ALIASES).map(([pkg, path]) => [pkg, join(REPO_ROOT, path)]),
    ),
    plugins: [sdkStandIns(), awsSdkPureSchemas(), awsSdkPackageVersion()],
    // A namespace member that no module exports would be `undefined` at run time: fail the build instead.
    logOverride: { 'import-is-undefined': 'error' },
    logLevel: 'silent',
  };
}
