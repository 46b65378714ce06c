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

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Runs of digits with single space/dash/dot/paren separators and an optional leading plus. */
const NUMBER_RUN = /(?<![\w])\+?\(?\d(?:[ .()-]{0,2}\d)+\)?(?![\w])/g;

export const REDACTED = { card: '[card number removed]', email: '[email removed]', phone: '[phone removed]' };

/** Replaces card numbers (13-19 digits passing Luhn), e-mail addresses and phone numbers (9-15 digits). */
export function redactPii(text: string): string {
  return text.replace(EMAIL, REDACTED.email).replace(NUMBER_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return REDACTED.card;
    if (digits.length >= 9 && digits.length <= 15) return REDACTED.phone;
    if (digits.length > 15) return REDACTED.card;
    return run;
  });
}
