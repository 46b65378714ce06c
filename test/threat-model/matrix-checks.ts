// Checks of one threat-model row against the repository: implementing files and symbols, proving tests and titles.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { parseImplementation, parseProof, type ThreatModelRow } from '../../lib/threat-model';

export const REPO_ROOT = join(__dirname, '..', '..');

const TEST_TITLE = /\b(?:it|test)(?:\.each\s*\([\s\S]*?\))?\s*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

/** Titles of the (non-skipped) tests declared in a test file's source, unescaped. */
export function testTitles(source: string): string[] {
  return [...source.matchAll(TEST_TITLE)].map((m) => m[2]!.replace(/\\(.)/g, '$1'));
}

function safePath(root: string, file: string): string | undefined {
  if (isAbsolute(file) || normalize(file).startsWith('..')) return undefined;
  return join(root, file);
}

/** Problems with the shape of a row, whatever its status. */
export function shapeProblems(row: ThreatModelRow): string[] {
  const problems: string[] = [];
  if (row.implementedBy.length === 0) problems.push(`${row.id}: no implementation`);
  if (row.provenBy.length === 0) problems.push(`${row.id}: no proof`);
  if (row.stride.length === 0) problems.push(`${row.id}: no STRIDE letter`);
  for (const reference of row.provenBy) {
    try {
      const { file, title } = parseProof(reference);
      if (!/^test\/.+\.test\.ts$/.test(file))
        problems.push(`${row.id}: proof file ${file} is not a test file`);
      if (title.trim() === '') problems.push(`${row.id}: proof ${reference} has no test title`);
    } catch (error) {
      problems.push(`${row.id}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Problems with the references of a row: missing files, symbols, test files or test titles. */
export function referenceProblems(row: ThreatModelRow, root = REPO_ROOT): string[] {
  const problems = shapeProblems(row);
  for (const reference of row.implementedBy) {
    const { file, symbol } = parseImplementation(reference);
    const path = safePath(root, file);
    if (!path || !existsSync(path)) {
      problems.push(`${row.id}: implementation ${file} does not exist`);
    } else if (symbol && !new RegExp(`\\b${symbol}\\b`).test(readFileSync(path, 'utf8'))) {
      problems.push(`${row.id}: ${file} does not define ${symbol}`);
    }
  }
  for (const reference of row.provenBy) {
    if (!reference.includes(' › ')) continue;
    const { file, title } = parseProof(reference);
    const path = safePath(root, file);
    if (!path || !existsSync(path)) {
      problems.push(`${row.id}: test file ${file} does not exist`);
    } else if (!testTitles(readFileSync(path, 'utf8')).includes(title)) {
      problems.push(`${row.id}: ${file} has no test titled "${title}"`);
    }
  }
  return problems;
}
