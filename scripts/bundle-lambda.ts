// Bundles one Lambda entry into the given .mjs file with lib/bundling.ts (run by ChatFunction's synth-time bundler).
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../lib/bundling';

async function main(): Promise<void> {
  const [entry, outfile] = process.argv.slice(2);
  if (!entry || !outfile) throw new Error('usage: bundle-lambda <entry.ts> <outfile.mjs>');
  await build({ ...esbuildOptionsFor(entry, outfile), logLevel: 'error' });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
