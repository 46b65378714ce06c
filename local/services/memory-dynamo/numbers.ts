// DynamoDB numbers as exact decimals: validation, canonical text, ordering and addition (38 digits, no floats).
import { validation } from './errors';

/** value = sign × digits × 10^scale, digits without leading or trailing zeros ('' for zero). */
export interface Decimal {
  readonly sign: 1 | -1;
  readonly digits: string;
  readonly scale: number;
}

const NUMBER_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_DIGITS = 38;

/** Parses a DynamoDB number string; throws ValidationException like DynamoDB for bad or out-of-range ones. */
export function parseDecimal(text: string): Decimal {
  const match = NUMBER_PATTERN.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw validation('A value provided cannot be converted into a number');
  }
  const fraction = match[3] ?? '';
  let digits = (match[2] ?? '') + fraction;
  let scale = Number(match[4] ?? 0) - fraction.length;
  digits = digits.replace(/^0+/, '');
  const trimmed = digits.replace(/0+$/, '');
  scale += digits.length - trimmed.length;
  digits = trimmed;
  return checkRange({
    sign: match[1] === '-' && digits !== '' ? -1 : 1,
    digits,
    scale: digits === '' ? 0 : scale,
  });
}

function checkRange(value: Decimal): Decimal {
  if (value.digits === '') return value;
  if (value.digits.length > MAX_DIGITS) {
    throw validation('Attempting to store more than 38 significant digits in a Number');
  }
  const exponent = value.digits.length + value.scale - 1;
  if (exponent > 125) {
    throw validation(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  if (exponent < -130) {
    throw validation(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  }
  return value;
}

/** The canonical text DynamoDB returns: no exponent, no leading or trailing zeros. */
export function formatDecimal(value: Decimal): string {
  if (value.digits === '') return '0';
  const sign = value.sign < 0 ? '-' : '';
  if (value.scale >= 0) return sign + value.digits + '0'.repeat(value.scale);
  const point = value.digits.length + value.scale;
  if (point > 0) return `${sign}${value.digits.slice(0, point)}.${value.digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${value.digits}`;
}

/** Canonical text of a number string (validates it). */
export const normalizeNumber = (text: string): string => formatDecimal(parseDecimal(text));

/** Numeric order of two decimals: negative, zero or positive. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const signA = a.digits === '' ? 0 : a.sign;
  const signB = b.digits === '' ? 0 : b.sign;
  if (signA !== signB) return signA - signB;
  if (signA === 0) return 0;
  const exponentA = a.digits.length + a.scale;
  const exponentB = b.digits.length + b.scale;
  if (exponentA !== exponentB) return (exponentA - exponentB) * signA;
  const length = Math.max(a.digits.length, b.digits.length);
  const digitsA = a.digits.padEnd(length, '0');
  const digitsB = b.digits.padEnd(length, '0');
  return (digitsA < digitsB ? -1 : digitsA > digitsB ? 1 : 0) * signA;
}

/** Exact sum of two decimals (DynamoDB's ADD and SET a = b + c); `negate` subtracts `b`. */
export function addDecimals(a: Decimal, b: Decimal, negate = false): Decimal {
  const scale = Math.min(a.scale, b.scale);
  const toBig = (v: Decimal, sign: number) =>
    v.digits === '' ? 0n : BigInt(sign * v.sign) * BigInt(v.digits) * 10n ** BigInt(v.scale - scale);
  const sum = toBig(a, 1) + toBig(b, negate ? -1 : 1);
  if (sum === 0n) return { sign: 1, digits: '', scale: 0 };
  const text = (sum < 0n ? -sum : sum).toString();
  const trimmed = text.replace(/0+$/, '');
  return checkRange({
    sign: sum < 0n ? -1 : 1,
    digits: trimmed,
    scale: scale + text.length - trimmed.length,
  });
}
