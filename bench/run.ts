// `npm run bench`: runs every section, writes bench/results.json and docs/performance.md, fails on a broken budget.
import { join } from 'node:path';
import { benchBundles } from './sections/bundles';
import { benchEndToEnd } from './sections/end-to-end';
import { benchSynth } from './sections/synth';
import { benchTokens } from './sections/tokens';
import { buildReport, writeReport } from './report';
import { budgetHolds, type SectionResult } from './types';

const REPO_ROOT = join(__dirname, '..');

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const runs = smoke ? 2 : 5;
  const sections: SectionResult[] = [];
  const step = async (name: string, fn: () => Promise<SectionResult> | SectionResult) => {
    const started = Date.now();
    process.stdout.write(`bench: ${name}…`);
    sections.push(await fn());
    process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };
  await step('bundles', () => benchBundles({ runs }));
  await step('tokens', () => benchTokens({ runs, msPerRun: smoke ? 300 : 1000 }));
  await step('end to end', () => benchEndToEnd({ smoke }));
  await step('synth', () => benchSynth({ runs: smoke ? 1 : 3 }));

  const report = buildReport(sections, smoke ? 'smoke' : 'full');
  writeReport(report, join(REPO_ROOT, 'bench', 'results.json'), join(REPO_ROOT, 'docs', 'performance.md'));
  const broken = sections.flatMap((s) => s.figures.filter((f) => !budgetHolds(f)));
  for (const f of broken)
    console.error(`budget broken: ${f.label} = ${JSON.stringify(f.value)} (${JSON.stringify(f.budget)})`);
  console.log(
    `bench: wrote bench/results.json and docs/performance.md; budgets ${broken.length ? 'BROKEN' : 'held'}`,
  );
  process.exitCode = broken.length ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 2;
});
