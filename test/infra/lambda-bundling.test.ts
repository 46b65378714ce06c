// Budget-relevant bundle config: the env-only credential chain and the OpenAI stand-ins apply in CDK and esbuildOptionsFor alike.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BUNDLE_ALIASES, esbuildOptionsFor } from '../../lib/bundling';
import { ChatFunction, REPO_ROOT } from '../../lib/constructs/chat-function';
import { FUNCTIONS } from '../../lambdas/shared/definitions';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const PROBE_ENTRY = 'test/infra/fixtures/credential-chain-probe.ts';

/** Synthesizes one ChatFunction with bundling on and returns the bundle CDK would deploy. */
function cdkBundleOf(entry: string): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-bundle-'));
  const app = new App({
    outdir,
    context: {
      [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['eu-west-1a', 'eu-west-1b'],
    },
  });
  const stack = new Stack(app, 'Bundled', { env: ENV });
  new ChatFunction(stack, 'Probe', {
    definition: { ...FUNCTIONS.chatRouter, entry },
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    logRetention: logs.RetentionDays.ONE_MONTH,
    logKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const assembly = app.synth();
  const bundles = readdirSync(assembly.directory)
    .map((dir) => join(assembly.directory, dir, 'index.mjs'))
    .filter((file) => existsSync(file));
  expect(bundles).toHaveLength(1);
  return bundles[0]!;
}

/** Runs the bundle's handler in a fresh Node process with only the given environment. */
function invoke(bundle: string, env: Record<string, string>): Record<string, unknown> {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(JSON.stringify(await m.handler()));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe('Lambda bundle configuration', () => {
  it('esbuildOptionsFor aliases the default credential chain to the env-only provider module', () => {
    const options = esbuildOptionsFor('entry.ts', 'out.mjs');
    const replacement = options.alias?.['@aws-sdk/credential-provider-node'];
    expect(replacement).toBe(join(REPO_ROOT, BUNDLE_ALIASES['@aws-sdk/credential-provider-node']!));
    expect(existsSync(replacement!)).toBe(true);
  });

  it('esbuildOptionsFor installs the SDK stand-ins and the AWS SDK schema purity pass, and fails on undefined namespace imports', () => {
    const options = esbuildOptionsFor('entry.ts', 'out.mjs');
    expect(options.plugins?.map((p) => p.name)).toEqual([
      'sdk-stand-ins',
      'aws-sdk-pure-schemas',
      'aws-sdk-package-version',
    ]);
    expect(options.logOverride).toEqual({ 'import-is-undefined': 'error' });
  });

  describe('the bundle ChatFunction deploys', () => {
    let bundle: string;
    let iniDir: string;
    beforeAll(() => {
      bundle = cdkBundleOf(PROBE_ENTRY);
      iniDir = mkdtempSync(join(tmpdir(), 'aws-ini-'));
      writeFileSync(
        join(iniDir, 'credentials'),
        '[default]\naws_access_key_id = FROMINI\naws_secret_access_key = fromini\n',
      );
    }, 120_000);

    it('takes credentials, session token included, from the environment', () => {
      expect(
        invoke(bundle, {
          AWS_ACCESS_KEY_ID: 'ASIAENV',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_SESSION_TOKEN: 'session-token',
        }),
      ).toEqual({ ok: true, accessKeyId: 'ASIAENV', sessionToken: 'session-token' });
    });

    it('fails with CredentialsProviderError without env credentials, even when a shared credentials file exists', () => {
      expect(invoke(bundle, { AWS_SHARED_CREDENTIALS_FILE: join(iniDir, 'credentials') })).toEqual({
        ok: false,
        name: 'CredentialsProviderError',
        message: 'Unable to find environment variable credentials.',
      });
    });
  });
});
