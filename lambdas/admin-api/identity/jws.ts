// Compact JWS parsing and signature checks with node:crypto (ES256 for the ALB header, RS256 for Cognito).
import { verify, type KeyObject } from 'node:crypto';

export type JwsAlgorithm = 'ES256' | 'RS256';

export interface ParsedJws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** Thrown for every malformed, unsigned, forged or expired token; the handler maps it to 401. */
export class TokenRejectedError extends Error {}

const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;
const MAX_TOKEN_CHARS = 16_384;

/** base64url decoding that also accepts the `=` padding the ALB leaves on its segments. */
function decodeSegment(segment: string): Buffer {
  if (!SEGMENT.test(segment)) throw new TokenRejectedError('token segment is not base64url');
  return Buffer.from(segment.replace(/=+$/, ''), 'base64url');
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(decodeSegment(segment).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TokenRejectedError) throw error;
    throw new TokenRejectedError(`token ${what} is not a JSON object`);
  }
}

/** Splits a compact JWS into its parts; refuses anything without exactly three non-empty segments. */
export function parseJws(token: string): ParsedJws {
  if (token.length === 0 || token.length > MAX_TOKEN_CHARS)
    throw new TokenRejectedError('token missing or too long');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    throw new TokenRejectedError('token is not a signed compact JWS');
  }
  const [h, p, s] = parts as [string, string, string];
  return {
    header: decodeJson(h, 'header'),
    payload: decodeJson(p, 'payload'),
    signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: decodeSegment(s),
  };
}

/** Verifies the signature with the pinned algorithm; the token's own `alg` must equal it (no `none`, no confusion). */
export function verifyJwsSignature(jws: ParsedJws, algorithm: JwsAlgorithm, key: KeyObject): void {
  if (jws.header.alg !== algorithm) throw new TokenRejectedError(`token algorithm must be ${algorithm}`);
  const expectedKeyType = algorithm === 'ES256' ? 'ec' : 'rsa';
  if (key.asymmetricKeyType !== expectedKeyType)
    throw new TokenRejectedError('key type does not match algorithm');
  if (algorithm === 'ES256' && jws.signature.length !== 64)
    throw new TokenRejectedError('bad ES256 signature length');
  const ok = verify(
    'sha256',
    jws.signingInput,
    algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
    jws.signature,
  );
  if (!ok) throw new TokenRejectedError('token signature is invalid');
}

/** Reads a required string claim. */
export function stringClaim(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value.length === 0)
    throw new TokenRejectedError(`token claim ${name} missing`);
  return value;
}

/** Checks a numeric epoch-seconds expiry against now (with a small clock-skew allowance). */
export function assertNotExpired(exp: unknown, nowMs: number, skewSeconds: number, what: string): void {
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    throw new TokenRejectedError(`${what} has no numeric exp`);
  if (exp + skewSeconds <= Math.floor(nowMs / 1000)) throw new TokenRejectedError(`${what} has expired`);
}
