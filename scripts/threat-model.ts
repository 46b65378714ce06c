// Prints the threat-model matrix: `npm run threat-model` as a table, `npm run threat-model -- --json` as JSON.
import { THREAT_MODEL, toJsonRows, toTable } from '../lib/threat-model';

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(toJsonRows(THREAT_MODEL), null, 2)}\n`);
} else {
  process.stdout.write(`${toTable(THREAT_MODEL)}\n`);
}
