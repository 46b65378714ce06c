// Session tokens: compact JWTs signed with Ed25519 (EdDSA pinned) using node:crypto only; sign, verify, key sets.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { PROTOCOL_LIMITS, USER_ID_PATTERN } from './definitions';

/** Lifetime, skew and cache policy of session tokens (see docs/adr/0010-cell-bound-session-tokens.md). */
export const SESSION_TOKEN_POLICY = {
  /** `exp - iat`: a few minutes, enough to open the socket after the partner backend fetched the token. */
  lifetimeSeconds: 300,
  /** Accepted clock difference for `exp`, `nbf` and `iat`. */
  clockSkewSeconds: 30,
  /** The verifier refuses a token claiming a longer life than this (defence against a leaked signing key misuse). */
  maxLifetimeSeconds: 900,
  /** How long the authorizer reuses the public key set; bounds how fast a revocation takes effect. */
  verificationKeysTtlMs: 60_000,
  /** How long the issuer reuses the signing key set; a rotation or revocation is picked up within this time. */
  signingKeysTtlMs: 60_000,
  /** A verify-only key stays published at least this long after it stopped signing. */
  verifyOnlyRetentionSeconds: 24 * 3600,
} as const;

export type SigningKeyStatus = 'active' | 'verify-only' | 'revoked';

/** Public half of an Ed25519 key as a JWK. */
export interface Ed25519PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
}

export interface Ed25519PrivateJwk extends Ed25519PublicJwk {
  readonly d: string;
}

/** One entry of the signing key secret (issuer only). */
export interface SigningKeyEntry {
  readonly kid: string;
  readonly status: SigningKeyStatus;
  readonly createdAt: string;
  /** When the key stopped signing (set when it became verify-only or revoked). */
  readonly retiredAt?: string;
  readonly privateJwk: Ed25519PrivateJwk;
  readonly publicJwk: Ed25519PublicJwk;
}

/** One entry of the public verification key set (authorizer). */
export interface VerificationKeyEntry {
  readonly kid: string;
  readonly status: SigningKeyStatus;
  readonly createdAt: string;
  readonly publicJwk: Ed25519PublicJwk;
}

/** JSON of the signing key secret: `{ "keys": SigningKeyEntry[] }`. */
export interface SigningKeySetDocument {
  readonly keys: readonly SigningKeyEntry[];
}

/** JSON of the public verification key secret: `{ "keys": VerificationKeyEntry[] }`. */
export interface VerificationKeySetDocument {
  readonly keys: readonly VerificationKeyEntry[];
}

/** Claims of a session token. `tenant` and `conversation` are the product's private claims. */
export interface SessionTokenClaims {
  readonly iss: string;
  readonly aud: string;
  /** The partner's end-user id. */
  readonly sub: string;
  readonly tenant: string;
  readonly conversation: string;
  readonly jti: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

/** A parsed private key ready to sign (parsed once per key set). */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

export interface VerificationKey {
  readonly kid: string;
  readonly status: SigningKeyStatus;
  readonly publicKey: KeyObject;
}

/** Looks a `kid` up; `undefined` when unknown. */
export type VerificationKeyResolver = (kid: string) => VerificationKey | undefined;

export interface VerifyExpectations {
  readonly issuer: string;
  readonly audience: string;
  /** Current time in epoch seconds. */
  readonly nowSeconds: number;
  /** @default SESSION_TOKEN_POLICY.clockSkewSeconds */
  readonly clockSkewSeconds?: number;
}

/** Why a token was refused; safe to log (it never contains token material). */
export type TokenRejection =
  | 'missing'
  | 'too_large'
  | 'malformed'
  | 'bad_header'
  | 'unknown_kid'
  | 'revoked_kid'
  | 'bad_signature'
  | 'bad_claims'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid';

export type VerifyResult =
  | { readonly ok: true; readonly claims: SessionTokenClaims; readonly kid: string }
  | { readonly ok: false; readonly reason: TokenRejection; readonly kid?: string };

const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const CLAIM_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** End-user ids: opaque partner ids; no spaces, quotes or control characters. */
const CLAIM_NAMES = ['aud', 'conversation', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub', 'tenant'];
const ED25519_SIGNATURE_BYTES = 64;

const encodeJson = (value: unknown): string =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Strict base64url: alphabet only, no padding, canonical (re-encoding gives the same text). */
function decodeBase64Url(segment: string): Buffer | undefined {
  if (segment.length === 0 || !BASE64URL.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const sameKeys = (object: Record<string, unknown>, expected: readonly string[]): boolean => {
  const names = Object.keys(object).sort();
  return names.length === expected.length && names.every((n, i) => n === expected[i]);
};

const isEpoch = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

function claimsOf(payload: Record<string, unknown>): SessionTokenClaims | undefined {
  if (!sameKeys(payload, CLAIM_NAMES)) return undefined;
  const { iss, aud, sub, tenant, conversation, jti, iat, nbf, exp } = payload;
  if (typeof iss !== 'string' || typeof aud !== 'string') return undefined;
  if (typeof sub !== 'string' || !USER_ID_PATTERN.test(sub)) return undefined;
  if (typeof tenant !== 'string' || !CLAIM_ID.test(tenant)) return undefined;
  if (typeof conversation !== 'string' || !CLAIM_ID.test(conversation)) return undefined;
  if (typeof jti !== 'string' || !CLAIM_ID.test(jti)) return undefined;
  if (!isEpoch(iat) || !isEpoch(nbf) || !isEpoch(exp)) return undefined;
  if (exp <= iat || nbf < iat || exp - iat > SESSION_TOKEN_POLICY.maxLifetimeSeconds) return undefined;
  return { iss, aud, sub, tenant, conversation, jti, iat, nbf, exp };
}

/** Header segments already seen valid, by text: every token of one key shares the same header. */
const knownHeaders = new Map<string, string>();
const MAX_KNOWN_HEADERS = 64;

/** The exact header segment a key signs with (`{"alg":"EdDSA","typ":"JWT","kid":…}`). */
function headerSegmentOf(kid: string): string {
  return encodeJson({ alg: 'EdDSA', typ: 'JWT', kid });
}

/** The header's kid; `undefined` when the segment is not strict base64url, `null` when the header is not the pinned one. */
function kidOfHeader(segment: string): string | null | undefined {
  const known = knownHeaders.get(segment);
  if (known !== undefined) return known;
  const bytes = decodeBase64Url(segment);
  if (!bytes) return undefined;
  const header = parseJsonObject(bytes);
  if (
    !header ||
    !sameKeys(header, ['alg', 'kid', 'typ']) ||
    header.alg !== 'EdDSA' ||
    header.typ !== 'JWT' ||
    typeof header.kid !== 'string' ||
    !KID_PATTERN.test(header.kid)
  ) {
    return null;
  }
  if (knownHeaders.size >= MAX_KNOWN_HEADERS) knownHeaders.clear();
  knownHeaders.set(segment, header.kid);
  return header.kid;
}

/** Signs claims with the given key; the header is exactly `{alg:'EdDSA',typ:'JWT',kid}`. */
export function signSessionToken(claims: SessionTokenClaims, key: SigningKey): string {
  const header = headerSegmentOf(key.kid);
  const payload = encodeJson({
    iss: claims.iss,
    aud: claims.aud,
    sub: claims.sub,
    tenant: claims.tenant,
    conversation: claims.conversation,
    jti: claims.jti,
    iat: claims.iat,
    nbf: claims.nbf,
    exp: claims.exp,
  });
  const signingInput = `${header}.${payload}`;
  const signature = sign(null, Buffer.from(signingInput, 'ascii'), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * Verifies a token: size, strict structure, pinned header, known and unrevoked `kid`, Ed25519
 * signature, then claims (`iss`, `aud`, `exp`/`nbf`/`iat` with skew). Never throws on bad input.
 */
export function verifySessionToken(
  token: string | undefined,
  resolveKey: VerificationKeyResolver,
  expect: VerifyExpectations,
): VerifyResult {
  if (typeof token !== 'string' || token.length === 0) return { ok: false, reason: 'missing' };
  if (token.length > PROTOCOL_LIMITS.maxTokenChars) return { ok: false, reason: 'too_large' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const payloadBytes = decodeBase64Url(payloadPart);
  const signature = decodeBase64Url(signaturePart);
  if (!payloadBytes || !signature) return { ok: false, reason: 'malformed' };
  const kid = kidOfHeader(headerPart);
  if (kid === undefined) return { ok: false, reason: 'malformed' };
  if (kid === null) return { ok: false, reason: 'bad_header' };
  const key = resolveKey(kid);
  if (!key) return { ok: false, reason: 'unknown_kid', kid };
  if (key.status === 'revoked') return { ok: false, reason: 'revoked_kid', kid };
  if (signature.length !== ED25519_SIGNATURE_BYTES) return { ok: false, reason: 'bad_signature', kid };
  const signingInput = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (!verify(null, signingInput, key.publicKey, signature))
    return { ok: false, reason: 'bad_signature', kid };

  const payload = parseJsonObject(payloadBytes);
  const claims = payload && claimsOf(payload);
  if (!claims) return { ok: false, reason: 'bad_claims', kid };
  if (claims.iss !== expect.issuer) return { ok: false, reason: 'wrong_issuer', kid };
  if (claims.aud !== expect.audience) return { ok: false, reason: 'wrong_audience', kid };
  const skew = expect.clockSkewSeconds ?? SESSION_TOKEN_POLICY.clockSkewSeconds;
  if (claims.exp + skew <= expect.nowSeconds) return { ok: false, reason: 'expired', kid };
  if (claims.nbf - skew > expect.nowSeconds || claims.iat - skew > expect.nowSeconds) {
    return { ok: false, reason: 'not_yet_valid', kid };
  }
  return { ok: true, claims, kid };
}

/** A fresh random id (128 bits, base64url), used for `jti`, `kid` and conversation ids. */
export const randomTokenId = (): string => randomBytes(16).toString('base64url');

function publicKeyFromJwk(jwk: Ed25519PublicJwk): KeyObject {
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519') throw new KeySetError('not an Ed25519 key');
  return key;
}

/** Generates a new Ed25519 signing key entry (status `active`). */
export function generateSigningKeyEntry(
  now: Date = new Date(),
  kid: string = randomTokenId(),
): SigningKeyEntry {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
  return {
    kid,
    status: 'active',
    createdAt: now.toISOString(),
    privateJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d },
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
  };
}

/** A new key set with one active key: what a fresh cell or the local runtime starts from. */
export const generateSigningKeySet = (now: Date = new Date()): SigningKeySetDocument => ({
  keys: [generateSigningKeyEntry(now)],
});

/** The public half of a signing key set, as published for the authorizer. */
export const publicKeySetOf = (set: SigningKeySetDocument): VerificationKeySetDocument => ({
  keys: set.keys.map(({ kid, status, createdAt, publicJwk }) => ({ kid, status, createdAt, publicJwk })),
});

export class KeySetError extends Error {}

function entriesOf(json: string): Record<string, unknown>[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new KeySetError('key set is not JSON');
  }
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new KeySetError('key set has no keys array');
  return keys as Record<string, unknown>[];
}

function checkEntry(entry: Record<string, unknown>): { kid: string; status: SigningKeyStatus } {
  const { kid, status } = entry;
  if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) throw new KeySetError('key entry has a bad kid');
  if (status !== 'active' && status !== 'verify-only' && status !== 'revoked') {
    throw new KeySetError(`key ${kid} has a bad status`);
  }
  return { kid, status };
}

/** Parses the public key set once; the returned resolver does no parsing per token. */
export function parseVerificationKeySet(json: string): VerificationKeyResolver {
  const byKid = new Map<string, VerificationKey>();
  for (const entry of entriesOf(json)) {
    const { kid, status } = checkEntry(entry);
    try {
      byKid.set(kid, { kid, status, publicKey: publicKeyFromJwk(entry.publicJwk as Ed25519PublicJwk) });
    } catch {
      throw new KeySetError(`key ${kid} has an unusable public key`);
    }
  }
  return (kid) => byKid.get(kid);
}

/** Parses the signing key set once and returns the newest active key (the one that signs). */
export function parseSigningKeySet(json: string): SigningKey {
  const active = entriesOf(json)
    .map((entry) => ({ entry, ...checkEntry(entry) }))
    .filter((e) => e.status === 'active')
    .sort((a, b) => String(b.entry.createdAt).localeCompare(String(a.entry.createdAt)));
  const newest = active[0];
  if (!newest) throw new KeySetError('key set has no active key');
  try {
    const jwk = newest.entry.privateJwk as Ed25519PrivateJwk;
    const privateKey = createPrivateKey({
      key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d },
      format: 'jwk',
    });
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return { kid: newest.kid, privateKey };
  } catch {
    throw new KeySetError(`key ${newest.kid} has an unusable private key`);
  }
}
