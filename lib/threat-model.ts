// The threat model as code: every seed mitigation with what implements it and which test proves it.
import { RESPONSE_ROWS } from './threat-model-rows/response-rows';
import { RISK_ROWS } from './threat-model-rows/risk-rows';
import { STRIDE_ROWS } from './threat-model-rows/stride-rows';
import { PROOF_SEPARATOR, type Owner, type ThreatModelRow } from './threat-model-rows/types';

export type {
  Owner,
  RowStatus,
  SeedReference,
  StrideLetter,
  ThreatModelRow,
} from './threat-model-rows/types';
export { PROOF_SEPARATOR } from './threat-model-rows/types';

/** Every row: the STRIDE table, the key risks, incident response, zero trust, tenant isolation, trust boundaries. */
export const THREAT_MODEL: readonly ThreatModelRow[] = [...STRIDE_ROWS, ...RISK_ROWS, ...RESPONSE_ROWS];

/**
 * Parts whose branches are not merged into this one yet: their `implemented` rows reference files that
 * exist in their branch only, so the guard verifies them once the owner is removed from this list.
 * MERGE: empty this list when the branches are merged (test/threat-model/merge-gate.test.ts requires it).
 */
export const OWNERS_AWAITING_MERGE: readonly Owner[] = [];

export type EffectiveStatus = 'implemented' | 'awaiting-merge' | 'planned';

/** `implemented` only when the row says so and its owner's code is in this tree. */
export function effectiveStatus(row: ThreatModelRow): EffectiveStatus {
  if (row.status === 'planned') return 'planned';
  return OWNERS_AWAITING_MERGE.includes(row.owner) ? 'awaiting-merge' : 'implemented';
}

/** A proof reference split into its test file and test title. */
export function parseProof(reference: string): { file: string; title: string } {
  const at = reference.indexOf(PROOF_SEPARATOR);
  if (at < 0) throw new Error(`proof "${reference}" must read "<test file>${PROOF_SEPARATOR}<test title>"`);
  return { file: reference.slice(0, at), title: reference.slice(at + PROOF_SEPARATOR.length) };
}

/** An implementation reference split into its file and optional symbol. */
export function parseImplementation(reference: string): { file: string; symbol?: string } {
  const [file, symbol] = reference.split('#');
  return symbol ? { file: file!, symbol } : { file: file! };
}

/** The JSON form printed by `npm run threat-model -- --json`. */
export function toJsonRows(rows: readonly ThreatModelRow[] = THREAT_MODEL): object[] {
  return rows.map((row) => ({
    id: row.id,
    mitigation: row.mitigation,
    seed: row.seed,
    stride: row.stride.join(''),
    implementedBy: row.implementedBy,
    provenBy: row.provenBy,
    owner: row.owner,
    status: row.status,
    effectiveStatus: effectiveStatus(row),
  }));
}

const clip = (text: string, width: number): string =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;

/** A fixed-width text table: one line per row, then a summary by status and owner. */
export function toTable(rows: readonly ThreatModelRow[] = THREAT_MODEL): string {
  const columns: [string, number][] = [
    ['ID', 34],
    ['STRIDE', 6],
    ['STATUS', 14],
    ['OWNER', 10],
    ['SEED', 40],
    ['IMPLEMENTED BY', 52],
    ['PROVEN BY', 60],
  ];
  const last = columns.length - 1;
  // The last column (the proof) is printed in full: a clipped test title could not be found again.
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === last ? cell : clip(cell, columns[i]![1])))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map(([name]) => name)), line(columns.map(([, w]) => '-'.repeat(w)))];
  for (const row of rows) {
    const implementations = row.implementedBy.map((r) => parseImplementation(r).file);
    const proofs = row.provenBy.map((r) => {
      const { file, title } = parseProof(r);
      return `${file.replace(/^test\//, '')}: ${title}`;
    });
    const height = Math.max(implementations.length, proofs.length);
    for (let i = 0; i < height; i += 1) {
      out.push(
        line(
          i === 0
            ? [
                row.id,
                row.stride.join(''),
                effectiveStatus(row),
                row.owner,
                `${row.seed.section}: ${row.seed.quote}`,
                implementations[0] ?? '',
                proofs[0] ?? '',
              ]
            : ['', '', '', '', '', implementations[i] ?? '', proofs[i] ?? ''],
        ),
      );
    }
  }
  const count = (status: EffectiveStatus) => rows.filter((row) => effectiveStatus(row) === status).length;
  out.push(
    '',
    `${rows.length} rows: ${count('implemented')} implemented, ${count('awaiting-merge')} awaiting merge, ${count('planned')} planned`,
  );
  return out.join('\n');
}
