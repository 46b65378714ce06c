// PII detection for model output: payment cards (Luhn), e-mail addresses and phone numbers.

/** True when the digits pass the Luhn checksum (payment card numbers do). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Starts only where a local-part run starts, so a long run without `@` is scanned once, not once per character. */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * One character that may sit between the digit groups of a card number: any whitespace (newline and
 * tab too), comma, slash, dot, parentheses or hyphen; at most {@link MAX_CARD_SEPARATORS} in a row.
 * The stream filter holds back a trailing run built from the same set, so a split number stays whole.
 */
export const CARD_SEPARATOR = /[\s,/.()-]/;
export const MAX_CARD_SEPARATORS = 3;
/**
 * Digit groups joined by 1-3 card separators. A group is `\d+` and every join needs a separator, so
 * each run matches exactly one way: no backtracking blow-up on long input.
 */
const CARD_RUN = /(?<!\w)\d+(?:[\s,/.()-]{1,3}\d+)*/g;
const DIGIT_GROUP = /\d+/g;
/**
 * Phone numbers: digits joined by up to two horizontal separators (space, tab, no-break space, dot,
 * parentheses, hyphen; a subset of the card separators), an optional leading plus. Line breaks and
 * commas are left out: they would turn lists of small numbers ("1, 2, 3") into phone numbers.
 * One digit per repetition and separators never match digits, so this is backtracking-safe too.
 */
const NUMBER_RUN = /(?<!\w)\+?\(?\d(?:[ \t\u00a0\u2007\u202f.()-]{0,2}\d)+\)?(?!\w)/g;

export const REDACTED = { card: '[card number removed]', email: '[email removed]', phone: '[phone removed]' };

/**
 * Replaces card numbers (13-19 digits passing Luhn, digit groups joined by any card separators),
 * e-mail addresses and phone numbers (9-15 digits; longer runs count as card numbers).
 */
export function redactPii(text: string): string {
  return redactSplitCards(text.replace(EMAIL, REDACTED.email)).replace(NUMBER_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return REDACTED.card;
    if (digits.length >= 9 && digits.length <= 15) return REDACTED.phone;
    if (digits.length > 15) return REDACTED.card;
    return run;
  });
}

/**
 * Within every run of digit groups, replaces each span of whole groups holding 13-19 digits that
 * pass Luhn (the longest such span from each group), so a card hidden in a longer list is found too.
 */
function redactSplitCards(text: string): string {
  return text.replace(CARD_RUN, (run, offset: number) => {
    const groups = [...run.matchAll(DIGIT_GROUP)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      digits: m[0],
    }));
    // A last group glued to a letter ("1234abc") is part of a word, not of the number.
    if (/^[A-Za-z_]/.test(text.charAt(offset + run.length))) groups.pop();
    let out = '';
    let copied = 0;
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      let cardEnd = -1;
      for (let j = i; j < groups.length && digits.length + groups[j].digits.length <= 19; j++) {
        digits += groups[j].digits;
        if (digits.length >= 13 && cardShaped(groups, i, j) && luhnValid(digits)) cardEnd = j;
      }
      if (cardEnd < 0) continue;
      out += run.slice(copied, groups[i].start) + REDACTED.card;
      copied = groups[cardEnd].end;
      i = cardEnd;
    }
    return out + run.slice(copied);
  });
}

/** Card layouts: one group, equal groups with a last group no longer than the others, or 4-6-5 / 4-6-4. */
function cardShaped(groups: readonly { readonly digits: string }[], first: number, last: number): boolean {
  const lengths = groups.slice(first, last + 1).map((g) => g.digits.length);
  const joined = lengths.join('-');
  if (joined === '4-6-5' || joined === '4-6-4') return true;
  return lengths.every((n, k) => (k === lengths.length - 1 ? n <= lengths[0] : n === lengths[0]));
}
