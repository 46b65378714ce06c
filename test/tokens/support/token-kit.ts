// Test support: key sets, a token minter with overridable claims/header, and raw JWT helpers for attacks.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import {
  generateSigningKeySet,
  parseSigningKeySet,
  parseVerificationKeySet,
  publicKeySetOf,
  signSessionToken,
  type SessionTokenClaims,
  type SigningKeySetDocument,
} from '../../../lambdas/shared/session-token';
import { SESSION_TOKEN_CLAIMS } from '../../../lambdas/shared/definitions';

export const PREFIX = 'livechat-test';
export const ISSUER = SESSION_TOKEN_CLAIMS.issuer(PREFIX);
export const audienceOf = (cell: string) => SESSION_TOKEN_CLAIMS.audience(PREFIX, cell);
export const NOW_SECONDS = Date.parse('2026-11-23T12:00:00Z') / 1000;

export function keyKit(set: SigningKeySetDocument = generateSigningKeySet(new Date('2026-11-01T00:00:00Z'))) {
  const signingKey = parseSigningKeySet(JSON.stringify(set));
  const publicJson = JSON.stringify(publicKeySetOf(set));
  return { set, signingKey, publicJson, resolver: parseVerificationKeySet(publicJson) };
}

export function claims(overrides: Partial<SessionTokenClaims> = {}): SessionTokenClaims {
  return {
    iss: ISSUER,
    aud: audienceOf('eu-west-1'),
    sub: 'user-42',
    tenant: 'acme',
    conversation: 'conv-1',
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    iat: NOW_SECONDS,
    nbf: NOW_SECONDS,
    exp: NOW_SECONDS + 300,
    ...overrides,
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT from arbitrary header and payload objects, signed with the given Ed25519 private JWK. */
export function rawToken(header: unknown, payload: unknown, privateJwk: object): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

/** `alg: HS256` with the public key bytes as HMAC secret: the classic algorithm-confusion attack. */
export function hmacSwapToken(kid: string, payload: unknown, publicX: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHmac } = require('node:crypto') as typeof import('node:crypto');
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', Buffer.from(publicX, 'base64url')).update(input).digest('base64url')}`;
}

export const unsignedToken = (kid: string, payload: unknown) =>
  `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(payload)}.`;

/** An Ed25519 key the verifier has never seen. */
export const strangerJwk = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });

export { signSessionToken };
