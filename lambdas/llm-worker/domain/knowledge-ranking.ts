// Retrieval: splits the tenant's documents into passages and ranks them against the question (BM25).
import type { KnowledgeDocument } from '../ports';

export interface Passage {
  readonly source: string;
  readonly text: string;
  readonly score: number;
}

export interface RankOptions {
  /** Passages returned at most. @default 4 */
  readonly maxPassages?: number;
  /** Characters of passage text returned at most (the prompt budget for knowledge). @default 6000 */
  readonly maxChars?: number;
  /** Target passage size when splitting long sections. @default 700 */
  readonly passageChars?: number;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can do does for from has have how i if in is it its me my of on or our ' +
    'so than that the their them then there these they this to was we what when where which who why will ' +
    'with you your yours please tell about'
  ).split(' '),
);

/** Lower-cased word stems without stop words; a crude suffix strip keeps "shipping"/"ships" together. */
export function terms(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(ing|ies|ied|es|ed|ly|s)$/, '');
}

/** Splits documents into passages: blank-line paragraphs, merged or cut to about `passageChars`. */
export function splitPassages(documents: readonly KnowledgeDocument[], passageChars = 700): Passage[] {
  const out: Passage[] = [];
  for (const doc of documents) {
    const paragraphs = doc.text
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    let current = '';
    const flush = () => {
      if (current) out.push({ source: doc.name, text: current, score: 0 });
      current = '';
    };
    for (const paragraph of paragraphs) {
      for (const piece of cut(paragraph, passageChars)) {
        if (current && current.length + piece.length + 2 > passageChars) flush();
        current = current ? `${current}\n\n${piece}` : piece;
      }
    }
    flush();
  }
  return out;
}

function cut(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const sentences = text.match(/[^.!?\n]+[.!?]*\s*/g) ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const s of sentences) {
    if (current && current.length + s.length > size) {
      pieces.push(current.trim());
      current = '';
    }
    current += s.length > size ? s.slice(0, size) : s;
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

/** The query-independent part of BM25 over a set of passages: built once per document set, reused per question. */
export interface PassageIndex {
  readonly passages: readonly Passage[];
  /** Term frequencies and length of each passage (same order as `passages`). */
  readonly termCounts: ReadonlyArray<{ readonly tf: ReadonlyMap<string, number>; readonly length: number }>;
  readonly documentFrequency: ReadonlyMap<string, number>;
  readonly avgLength: number;
}

export function indexPassages(passages: readonly Passage[]): PassageIndex {
  const termCounts = passages.map((p) => {
    const words = terms(`${p.source.replace(/[/_.-]+/g, ' ')} ${p.text}`);
    const tf = new Map<string, number>();
    for (const t of words) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { tf, length: words.length };
  });
  const avgLength = termCounts.reduce((sum, d) => sum + d.length, 0) / termCounts.length || 1;
  const documentFrequency = new Map<string, number>();
  for (const { tf } of termCounts)
    for (const t of tf.keys()) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
  return { passages, termCounts, documentFrequency, avgLength };
}

/** Ranks passages by BM25 against the query and keeps the best that fit the limits; zero-score passages are dropped. */
export function rankPassages(
  query: string,
  passages: readonly Passage[] | PassageIndex,
  options: RankOptions = {},
): Passage[] {
  const maxPassages = options.maxPassages ?? 4;
  const maxChars = options.maxChars ?? 6000;
  const queryTerms = [...new Set(terms(query))];
  const index = 'termCounts' in passages ? passages : indexPassages(passages);
  if (queryTerms.length === 0 || index.passages.length === 0) return [];
  const { termCounts, documentFrequency, avgLength } = index;

  const k1 = 1.2;
  const b = 0.75;
  const scored = index.passages.map((p, i) => {
    const { tf, length } = termCounts[i];
    let score = 0;
    for (const q of queryTerms) {
      const f = tf.get(q) ?? 0;
      if (!f) continue;
      const n = documentFrequency.get(q) ?? 0;
      const idf = Math.log(1 + (index.passages.length - n + 0.5) / (n + 0.5));
      score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / avgLength));
    }
    return { ...p, score };
  });

  const ranked = scored
    .filter((p) => p.score > 0)
    .sort((x, y) => y.score - x.score || x.source.localeCompare(y.source));
  const chosen: Passage[] = [];
  let used = 0;
  for (const p of ranked) {
    if (chosen.length >= maxPassages) break;
    if (used + p.text.length > maxChars) continue;
    chosen.push(p);
    used += p.text.length;
  }
  return chosen;
}
