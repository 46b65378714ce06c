// Bundle size and cold import time of every Lambda, next to an empty handler bundled the same way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ADMIN_ENV, ENV, FUNCTIONS } from '../../lambdas/shared/definitions';
import { esbuildOptionsFor } from '../../lib/bundling';
import { summarize, round } from '../stats';
import type { Figure, SectionResult } from '../types';

const REPO_ROOT = join(__dirname, '..', '..');

/** Environment a deployed function would see, so cold import runs the same validation and client setup. */
function lambdaLikeEnvironment(): NodeJS.ProcessEnv {
  const arn = (name: string) =>
    `arn:aws:secretsmanager:eu-west-1:111111111111:secret:livechat-bench/${name}-AbCdEf`;
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    [ENV.cellRegion]: 'eu-west-1',
    [ENV.tenantsTable]: 'livechat-bench-tenants',
    [ENV.conversationsTable]: 'livechat-bench-conversations',
    [ENV.sessionsTable]: 'livechat-bench-sessions',
    [ENV.auditTable]: 'livechat-bench-audit',
    [ENV.turnQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/111111111111/livechat-bench-turns.fifo',
    [ENV.knowledgeBucket]: 'livechat-bench-knowledge',
    [ENV.signingKeySecretId]: arn('signing-keys'),
    [ENV.verificationKeysSecretId]: arn('verification-keys'),
    [ENV.originVerifySecretId]: arn('origin-verify'),
    [ENV.llmSecretId]: arn('llm-keys'),
    [ENV.websocketCallbackUrl]: 'https://abc123.execute-api.eu-west-1.amazonaws.com/ws',
    [ENV.websocketPublicUrl]: 'wss://d111111abcdef8.cloudfront.net/ws',
    [ENV.tokenIssuer]: 'https://api.livechat.example/eu-west-1',
    [ENV.tokenAudience]: 'urn:livechat:livechat-bench:cell:eu-west-1',
    [ENV.conversationRetentionDays]: '30',
    [ENV.powertoolsServiceName]: 'bench',
    OPENAI_API_KEY: 'bench-not-used',
    [ADMIN_ENV.albArn]:
      'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/bench/0123456789abcdef',
    [ADMIN_ENV.userPoolId]: 'eu-west-1_Bench1234',
    [ADMIN_ENV.userPoolClientId]: 'benchclient123',
    [ADMIN_ENV.exportsBucket]: 'livechat-bench-exports',
    [ADMIN_ENV.downloadsBaseUrl]: 'https://d222222abcdef8.cloudfront.net',
    [ADMIN_ENV.downloadsKeyPairId]: 'K2BENCH',
    [ADMIN_ENV.downloadsPrivateKeySecretId]: arn('downloads-key'),
  };
}

async function bundle(entry: string, outDir: string, name: string): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build(esbuildOptionsFor(entry, outfile));
  return outfile;
}

function coldImportMs(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  return Number(out);
}

export async function benchBundles(options: { runs: number }): Promise<SectionResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const env = lambdaLikeEnvironment();
  const emptyEntry = join(outDir, 'empty-handler.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const emptyFile = await bundle(emptyEntry, outDir, 'empty');
  const emptySize = summarize([round(statSync(emptyFile).size / 1024, 1)]);
  const emptyImport = summarize(
    Array.from({ length: options.runs }, () => round(coldImportMs(emptyFile, env))),
  );

  const figures: Figure[] = [];
  for (const [name, def] of Object.entries(FUNCTIONS)) {
    const file = await bundle(join(REPO_ROOT, def.entry), outDir, name);
    const sizeKb = round(statSync(file).size / 1024, 1);
    figures.push({
      id: `bundle.${name}.sizeKb`,
      label: `${def.id} bundle size`,
      unit: 'KB',
      value: summarize([sizeKb]),
      floor: { label: 'empty handler', value: emptySize },
      budget: { limit: 700, direction: 'max', statistic: 'max' },
    });
    const imports = Array.from({ length: options.runs }, () => coldImportMs(file, env));
    figures.push({
      id: `bundle.${name}.coldImportMs`,
      label: `${def.id} cold import`,
      unit: 'ms',
      value: summarize(imports.map((v) => round(v))),
      floor: { label: 'empty handler', value: emptyImport },
      budget: { limit: 150, direction: 'max', statistic: 'median' },
    });
  }
  return { name: 'Lambda bundles', figures };
}
