// Output filter that works while streaming: holds back only a possible PII/markup tail, redacts, stops leaks.
import { CARD_SEPARATOR, MAX_CARD_SEPARATORS, redactPii } from './pii';

export interface StreamFilterOptions {
  /** Platform instructions that must never appear in the output. */
  readonly protectedText: string;
  /** The per-turn canary placed in the system prompt. */
  readonly canary: string;
  /** Words in a row shared with the protected text that count as a leak. @default 8 */
  readonly leakShingleWords?: number;
  /** The longest tail held back waiting for more text. @default 320 */
  readonly maxHoldChars?: number;
}

export interface FilterOutput {
  /** Text safe to send now (may be empty). */
  readonly text: string;
  /** True once the output was stopped for leaking the system prompt; nothing more is released. */
  readonly blocked: boolean;
}

/** A trailing run that may still grow into an e-mail address or an unfinished word (starts only at a run start). */
const WORD_TAIL = /(?<![\w.%+@-])[\w.%+@-]+$/;
/** An unterminated HTML tag at the end. */
const TAG_TAIL = /<[A-Za-z!/][^<>]*$/;
const HTML_TAG = /<\/?[A-Za-z!][^<>]*>/g;
const SCRIPT_URL = /\b(?:javascript|vbscript|data\s*:\s*text\/html)\s*:/gi;

export class StreamFilter {
  private pending = '';
  private output = '';
  private isBlocked = false;
  private readonly shingles: Set<string>;
  private readonly shingleWords: number;
  private readonly maxHold: number;

  constructor(private readonly options: StreamFilterOptions) {
    this.shingleWords = options.leakShingleWords ?? 8;
    this.maxHold = options.maxHoldChars ?? 320;
    this.shingles = shinglesOf(words(options.protectedText), this.shingleWords);
  }

  /** Everything released so far (the text that was or will be shown to the user). */
  get emitted(): string {
    return this.output;
  }

  get blocked(): boolean {
    return this.isBlocked;
  }

  push(chunk: string): FilterOutput {
    if (this.isBlocked) return { text: '', blocked: true };
    this.pending += chunk;
    let hold = this.holdStart(this.pending);
    if (this.pending.length - hold > this.maxHold) hold = this.pending.length;
    const releasable = this.pending.slice(0, hold);
    this.pending = this.pending.slice(hold);
    return this.release(releasable);
  }

  /** Releases the held tail at the end of the stream. */
  end(): FilterOutput {
    if (this.isBlocked) return { text: '', blocked: true };
    const rest = this.pending;
    this.pending = '';
    return this.release(rest);
  }

  private release(raw: string): FilterOutput {
    if (!raw) return { text: '', blocked: false };
    const clean = redactPii(raw.replace(HTML_TAG, '').replace(SCRIPT_URL, '[link removed]'));
    if (this.leaks(clean)) {
      this.isBlocked = true;
      this.pending = '';
      return { text: '', blocked: true };
    }
    this.output += clean;
    return { text: clean, blocked: false };
  }

  private holdStart(text: string): number {
    let start = text.length;
    for (const tail of [WORD_TAIL, TAG_TAIL]) {
      const m = tail.exec(text);
      if (m && m.index < start) start = m.index;
    }
    return Math.min(start, numberTailStart(text));
  }

  private leaks(next: string): boolean {
    const window = this.output.slice(-400) + next;
    if (window.includes(this.options.canary)) return true;
    if (this.shingles.size === 0) return false;
    const w = words(window);
    for (let i = 0; i + this.shingleWords <= w.length; i++) {
      if (this.shingles.has(w.slice(i, i + this.shingleWords).join(' '))) return true;
    }
    return false;
  }
}

/**
 * Start of a trailing run that may still grow into a card or phone number: digits joined by runs of
 * at most MAX_CARD_SEPARATORS card separators (the widest set redactPii joins), plus a leading `+`.
 * Scans backwards once, so the cost is the tail's length whatever the input.
 */
export function numberTailStart(text: string): number {
  let start = text.length;
  let separators = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c >= '0' && c <= '9') {
      start = i;
      separators = 0;
    } else if (CARD_SEPARATOR.test(c)) {
      if (++separators > MAX_CARD_SEPARATORS) break;
    } else {
      if (c === '+' && separators === 0 && start === i + 1 && start < text.length) start = i;
      break;
    }
  }
  return start;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function shinglesOf(w: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}
