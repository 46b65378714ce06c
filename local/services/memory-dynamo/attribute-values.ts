// AttributeValue model: validation (numbers canonicalised in place), size, equality and DynamoDB key ordering.
import { validation } from './errors';
import { compareDecimals, normalizeNumber, parseDecimal, type Decimal } from './numbers';

export interface AttributeValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: AttributeMap;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}
export type AttributeMap = Record<string, AttributeValue>;
export type AttributeType = keyof AttributeValue;
export type KeyType = 'S' | 'N' | 'B';
/** A key value in comparable form: S as string, N as Decimal, B as bytes. */
export type KeyValue = string | Decimal | Buffer;

const TYPES = new Set<string>(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);
const SET_NAMES: Record<string, string> = { SS: 'string set', NS: 'number set', BS: 'binary set' };

/** The single type tag of a value (validated values have exactly one). */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
}

/**
 * Validates a value like DynamoDB, canonicalising numbers and binaries in place (the value comes
 * straight from the request JSON, nothing else holds it); returns its size in bytes.
 */
export function validateValue(value: unknown): number {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  const record = value as Record<string, unknown>;
  let type: string | undefined;
  for (const key in record) {
    if (!TYPES.has(key) || record[key] === undefined || record[key] === null) continue;
    if (type) {
      throw validation(
        'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
      );
    }
    type = key;
  }
  if (!type)
    throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  const raw = record[type];
  switch (type) {
    case 'S':
      if (typeof raw !== 'string') throw validation('Invalid attribute value type');
      return Buffer.byteLength(raw);
    case 'N': {
      if (typeof raw !== 'string') throw validation('Invalid attribute value type');
      const text = normalizeNumber(raw);
      record.N = text;
      return numberSize(text);
    }
    case 'B': {
      if (typeof raw !== 'string') throw validation('Invalid attribute value type');
      const bytes = Buffer.from(raw, 'base64');
      record.B = bytes.toString('base64');
      return bytes.length;
    }
    case 'BOOL':
      if (typeof raw !== 'boolean') throw validation('Invalid attribute value type');
      return 1;
    case 'NULL':
      if (raw !== true) {
        throw validation(
          'One or more parameter values were invalid: Null attribute value types must have the value of true',
        );
      }
      return 1;
    case 'SS':
    case 'NS':
    case 'BS':
      return validateSet(record, type, raw);
    case 'L': {
      if (!Array.isArray(raw)) throw validation('Invalid attribute value type');
      let size = 3;
      for (const element of raw) size += 1 + validateValue(element);
      return size;
    }
    default: {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw validation('Invalid attribute value type');
      return 3 + validateMap(raw as Record<string, unknown>);
    }
  }
}

function validateSet(record: Record<string, unknown>, type: 'SS' | 'NS' | 'BS', raw: unknown): number {
  if (!Array.isArray(raw) || raw.some((e) => typeof e !== 'string'))
    throw validation('Invalid attribute value type');
  if (raw.length === 0) {
    throw validation(`One or more parameter values were invalid: An ${SET_NAMES[type]}  may not be empty`);
  }
  const elements =
    type === 'NS'
      ? (raw as string[]).map(normalizeNumber)
      : type === 'BS'
        ? (raw as string[]).map((e) => Buffer.from(e, 'base64').toString('base64'))
        : (raw as string[]);
  if (new Set(elements).size !== elements.length) {
    throw validation(
      `One or more parameter values were invalid: Input collection [${raw.join(', ')}] contains duplicates.`,
    );
  }
  record[type] = elements;
  let size = 0;
  for (const element of elements) {
    size +=
      type === 'NS'
        ? numberSize(element)
        : type === 'BS'
          ? Buffer.from(element, 'base64').length
          : Buffer.byteLength(element);
  }
  return size;
}

/** Validates every attribute of an item or map; returns the size (names plus values). */
export function validateMap(map: Record<string, unknown>): number {
  let size = 0;
  for (const name in map) size += Buffer.byteLength(name) + validateValue(map[name]);
  return size;
}

function numberSize(text: string): number {
  const digits = text.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return 1 + Math.ceil(digits.length / 2);
}

/** Deep equality of two values (sets ignore order). */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'SS':
    case 'NS':
    case 'BS': {
      const left = a[type]!;
      const right = new Set(b[type]!);
      return left.length === right.size && left.every((e) => right.has(e));
    }
    case 'L': {
      const left = a.L!;
      const right = b.L!;
      return left.length === right.length && left.every((e, i) => valuesEqual(e, right[i]!));
    }
    case 'M': {
      const left = a.M!;
      const right = b.M!;
      const keys = Object.keys(left);
      if (keys.length !== Object.keys(right).length) return false;
      return keys.every((k) => right[k] !== undefined && valuesEqual(left[k]!, right[k]!));
    }
    default:
      return a[type] === b[type];
  }
}

/** String order by UTF-8 bytes (= code point order), which DynamoDB uses for S keys and comparisons. */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The comparable form of a scalar S, N or B value. */
export function keyValueOf(value: AttributeValue, type: KeyType): KeyValue {
  if (type === 'S') return value.S!;
  if (type === 'N') return parseDecimal(value.N!);
  return Buffer.from(value.B!, 'base64');
}

/** Orders two comparable values of the same type. */
export function compareKeyValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'string') return compareUtf8(a, b as string);
  if (Buffer.isBuffer(a)) return Buffer.compare(a, b as Buffer);
  return compareDecimals(a, b as Decimal);
}

/** Orders two scalar values of one of the comparable types; undefined when they cannot be compared. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b) || (type !== 'S' && type !== 'N' && type !== 'B')) return undefined;
  return compareKeyValues(keyValueOf(a, type), keyValueOf(b, type));
}

/** Size in bytes of an already valid value (DynamoDB's item-size accounting). */
export function valueSize(value: AttributeValue): number {
  const type = typeOf(value);
  switch (type) {
    case 'S':
      return Buffer.byteLength(value.S!);
    case 'N':
      return numberSize(value.N!);
    case 'B':
      return Buffer.byteLength(value.B!, 'base64');
    case 'SS':
      return value.SS!.reduce((sum, e) => sum + Buffer.byteLength(e), 0);
    case 'NS':
      return value.NS!.reduce((sum, e) => sum + numberSize(e), 0);
    case 'BS':
      return value.BS!.reduce((sum, e) => sum + Buffer.byteLength(e, 'base64'), 0);
    case 'L':
      return value.L!.reduce((sum, e) => sum + 1 + valueSize(e), 3);
    case 'M':
      return 3 + itemSize(value.M!);
    default:
      return 1;
  }
}

/** Size in bytes of an already valid item: attribute names plus values. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += Buffer.byteLength(name) + valueSize(item[name]!);
  return size;
}
