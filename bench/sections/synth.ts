// Time of `cdk synth` for every stack of the app, next to a one-stack app synthesized the same way.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize, round } from '../stats';
import type { SectionResult } from '../types';

const REPO_ROOT = join(__dirname, '..', '..');
const CDK = join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

function timeSynth(args: string[]): number {
  const started = performance.now();
  execFileSync(CDK, ['synth', '--quiet', ...args], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
    env: { ...process.env, CI: 'true' },
  });
  return (performance.now() - started) / 1000;
}

export function benchSynth(options: { runs: number }): SectionResult {
  // Inside the repository so the one-stack app resolves aws-cdk-lib from node_modules.
  mkdirSync(join(REPO_ROOT, '.local'), { recursive: true });
  const dir = mkdtempSync(join(REPO_ROOT, '.local', 'bench-synth-'));
  const oneStackApp = join(dir, 'one-stack-app.ts');
  writeFileSync(
    oneStackApp,
    [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import * as s3 from 'aws-cdk-lib/aws-s3';",
      'const app = new App();',
      "const stack = new Stack(app, 'OneStack', { env: { account: '111111111111', region: 'eu-west-1' } });",
      "new s3.Bucket(stack, 'Bucket', { enforceSSL: true });",
      'app.synth();',
    ].join('\n'),
  );
  const all = Array.from({ length: options.runs }, () => round(timeSynth(['--output', join(dir, 'all')])));
  const one = Array.from({ length: options.runs }, () =>
    round(timeSynth(['--app', `${TSX} ${oneStackApp}`, '--output', join(dir, 'one')])),
  );
  return {
    name: 'CDK synth',
    figures: [
      {
        id: 'synth.allStacks.seconds',
        label: '`cdk synth` of every stack (dev config, nag on)',
        unit: 's',
        value: summarize(all),
        floor: { label: 'one-stack app', value: summarize(one) },
        budget: { limit: 60, direction: 'max', statistic: 'max' },
      },
    ],
  };
}
