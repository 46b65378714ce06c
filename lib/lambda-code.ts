// Synth-time Lambda code: the entry bundled by lib/bundling.ts, exactly as the bench and the local runtime bundle it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, type BundlingOptions, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { REPO_ROOT } from './bundling';

const BUNDLE_SCRIPT = 'scripts/bundle-lambda.ts';
/** A hung bundler fails the synth instead of hanging it. */
const BUNDLE_TIMEOUT_MS = 300_000;
/** File name of the bundle inside the asset; the handler is `index.<export>`. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * Runs scripts/bundle-lambda.ts in a child process: esbuild plugins (lib/sdk-stand-ins.ts, lib/aws-sdk-pure-schemas.ts) need the
 * asynchronous esbuild API, which CDK's CLI-based NodejsFunction bundling cannot use.
 */
class EsbuildApiBundling implements ILocalBundling {
  constructor(private readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    const result = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), BUNDLE_SCRIPT, this.entry, join(outputDir, BUNDLE_FILE)],
      { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: BUNDLE_TIMEOUT_MS },
    );
    if (result.status !== 0) {
      throw new Error(`bundling ${this.entry} failed: ${result.stderr || result.error?.message}`);
    }
    return true;
  }
}

/** Lambda code for a repository-relative entry, bundled at synth time (skipped where CDK skips bundling). */
export function bundledLambdaCode(entry: string): lambda.Code {
  const bundling: BundlingOptions = {
    local: new EsbuildApiBundling(entry),
    // CDK requires an image, but it is never used: local bundling never declines (it bundles or fails
    // the synth), so no Lambda is ever built inside Docker.
    image: lambda.Runtime.NODEJS_22_X.bundlingImage,
    command: ['bash', '-c', `npx --no-install tsx ${BUNDLE_SCRIPT} ${entry} /asset-output/${BUNDLE_FILE}`],
  };
  return lambda.Code.fromAsset(REPO_ROOT, { assetHashType: AssetHashType.OUTPUT, bundling });
}
