// session-token: signing, strict verification and key-set parsing, including the classic JWT attacks.
import {
  KeySetError,
  SESSION_TOKEN_POLICY,
  generateSigningKeySet,
  parseSigningKeySet,
  parseVerificationKeySet,
  publicKeySetOf,
  signSessionToken,
  verifySessionToken,
} from '../../lambdas/shared/session-token';
import { PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import {
  ISSUER,
  NOW_SECONDS,
  audienceOf,
  claims,
  hmacSwapToken,
  keyKit,
  rawToken,
  strangerJwk,
  unsignedToken,
} from './support/token-kit';

const kit = keyKit();
const expect$ = { issuer: ISSUER, audience: audienceOf('eu-west-1'), nowSeconds: NOW_SECONDS };
const verify = (token: string | undefined, resolver = kit.resolver) =>
  verifySessionToken(token, resolver, expect$);
const privateJwk = kit.set.keys[0]!.privateJwk;
const kid = kit.signingKey.kid;

describe('signSessionToken + verifySessionToken', () => {
  it('round-trips the claims and reports the kid', () => {
    const c = claims();
    const result = verify(signSessionToken(c, kit.signingKey));
    expect(result).toEqual({ ok: true, claims: c, kid });
  });

  it('writes exactly the pinned header', () => {
    const [header] = signSessionToken(claims(), kit.signingKey).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'JWT',
      kid,
    });
  });

  const refusals: Array<[string, () => string | undefined, string]> = [
    ['no token', () => undefined, 'missing'],
    ['empty token', () => '', 'missing'],
    ['garbage', () => 'not-a-jwt', 'malformed'],
    ['four segments', () => `${signSessionToken(claims(), kit.signingKey)}.x`, 'malformed'],
    ['oversized token', () => 'a'.repeat(PROTOCOL_LIMITS.maxTokenChars + 1), 'too_large'],
    ['alg none', () => unsignedToken(kid, claims()), 'malformed'],
    ['alg none with a signature segment', () => `${unsignedToken(kid, claims())}AAAA`, 'bad_header'],
    ['algorithm swap to HS256', () => hmacSwapToken(kid, claims(), privateJwk.x), 'bad_header'],
    [
      'extra header field (jku)',
      () => rawToken({ alg: 'EdDSA', typ: 'JWT', kid, jku: 'https://evil' }, claims(), privateJwk),
      'bad_header',
    ],
    ['missing typ', () => rawToken({ alg: 'EdDSA', kid }, claims(), privateJwk), 'bad_header'],
    [
      'unknown kid',
      () => rawToken({ alg: 'EdDSA', typ: 'JWT', kid: 'other' }, claims(), privateJwk),
      'unknown_kid',
    ],
    [
      'signed by a stranger under a known kid',
      () => rawToken({ alg: 'EdDSA', typ: 'JWT', kid }, claims(), strangerJwk()),
      'bad_signature',
    ],
    [
      'stripped signature',
      () => signSessionToken(claims(), kit.signingKey).replace(/\.[^.]+$/, '.'),
      'malformed',
    ],
    ['truncated signature', () => signSessionToken(claims(), kit.signingKey).slice(0, -2), 'bad_signature'],
    ['padded base64', () => `${signSessionToken(claims(), kit.signingKey)}=`, 'malformed'],
    [
      'tampered tenant',
      () => tamper(signSessionToken(claims(), kit.signingKey), { tenant: 'globex' }),
      'bad_signature',
    ],
    [
      'extra claim',
      () => rawToken({ alg: 'EdDSA', typ: 'JWT', kid }, { ...claims(), admin: true }, privateJwk),
      'bad_claims',
    ],
    [
      'string exp',
      () =>
        rawToken({ alg: 'EdDSA', typ: 'JWT', kid }, { ...claims(), exp: `${NOW_SECONDS + 60}` }, privateJwk),
      'bad_claims',
    ],
    [
      'tenant with a key delimiter',
      () => signSessionToken(claims({ tenant: 'acme#x' }), kit.signingKey),
      'bad_claims',
    ],
    [
      'lifetime beyond the maximum',
      () =>
        signSessionToken(
          claims({ exp: NOW_SECONDS + SESSION_TOKEN_POLICY.maxLifetimeSeconds + 1 }),
          kit.signingKey,
        ),
      'bad_claims',
    ],
    [
      'wrong issuer',
      () => signSessionToken(claims({ iss: 'urn:someone-else' }), kit.signingKey),
      'wrong_issuer',
    ],
    [
      'wrong audience (another cell)',
      () => signSessionToken(claims({ aud: audienceOf('us-east-1') }), kit.signingKey),
      'wrong_audience',
    ],
    [
      'expired',
      () =>
        signSessionToken(
          claims({ iat: NOW_SECONDS - 400, nbf: NOW_SECONDS - 400, exp: NOW_SECONDS - 100 }),
          kit.signingKey,
        ),
      'expired',
    ],
    [
      'not yet valid',
      () =>
        signSessionToken(
          claims({ iat: NOW_SECONDS + 120, nbf: NOW_SECONDS + 120, exp: NOW_SECONDS + 400 }),
          kit.signingKey,
        ),
      'not_yet_valid',
    ],
  ];

  it.each(refusals)('refuses %s', (_name, make, reason) => {
    expect(verify(make())).toMatchObject({ ok: false, reason });
  });

  it('accepts a token within the clock skew on either side', () => {
    const skew = SESSION_TOKEN_POLICY.clockSkewSeconds;
    const early = claims({
      iat: NOW_SECONDS + skew - 1,
      nbf: NOW_SECONDS + skew - 1,
      exp: NOW_SECONDS + 300,
    });
    const late = claims({ iat: NOW_SECONDS - 320, nbf: NOW_SECONDS - 320, exp: NOW_SECONDS - skew + 1 });
    expect(verify(signSessionToken(early, kit.signingKey)).ok).toBe(true);
    expect(verify(signSessionToken(late, kit.signingKey)).ok).toBe(true);
  });

  it('refuses tokens of a revoked kid', () => {
    const revoked = { keys: kit.set.keys.map((k) => ({ ...k, status: 'revoked' as const })) };
    const resolver = parseVerificationKeySet(JSON.stringify(publicKeySetOf(revoked)));
    expect(verify(signSessionToken(claims(), kit.signingKey), resolver)).toMatchObject({
      reason: 'revoked_kid',
    });
  });

  it('never throws on hostile input', () => {
    const hostile = [
      '..',
      '.a.',
      'a..',
      '\u0000.\u0000.\u0000',
      '{}.{}.{}',
      'e30.e30.e30',
      'bnVsbA.bnVsbA.AA',
    ];
    for (const token of hostile) expect(verify(token).ok).toBe(false);
  });
});

function tamper(token: string, change: object): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const payload = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), ...change };
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

describe('key sets', () => {
  it('signs with the newest active key and keeps verify-only keys verifiable', () => {
    const old = generateSigningKeySet(new Date('2026-10-01T00:00:00Z')).keys[0]!;
    const fresh = generateSigningKeySet(new Date('2026-11-01T00:00:00Z')).keys[0]!;
    const set = { keys: [{ ...old, status: 'verify-only' as const }, fresh] };
    expect(parseSigningKeySet(JSON.stringify(set)).kid).toBe(fresh.kid);
    const resolver = parseVerificationKeySet(JSON.stringify(publicKeySetOf(set)));
    const oldToken = signSessionToken(claims(), parseSigningKeySet(JSON.stringify({ keys: [old] })));
    expect(verifySessionToken(oldToken, resolver, expect$).ok).toBe(true);
  });

  it('publishes no private material in the public set', () => {
    expect(JSON.stringify(publicKeySetOf(kit.set))).not.toContain('"d"');
  });

  it.each([
    ['not JSON', 'nope'],
    ['no keys', '{}'],
    ['no active key', JSON.stringify({ keys: [{ ...kit.set.keys[0], status: 'verify-only' }] })],
    ['bad status', JSON.stringify({ keys: [{ ...kit.set.keys[0], status: 'maybe' }] })],
    [
      'bad private key',
      JSON.stringify({
        keys: [{ ...kit.set.keys[0], privateJwk: { kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' } }],
      }),
    ],
  ])('refuses a signing key set with %s', (_name, json) => {
    expect(() => parseSigningKeySet(json)).toThrow(KeySetError);
  });

  it('refuses a public set with a non-Ed25519 key', () => {
    const bad = {
      keys: [
        {
          kid: 'k1',
          status: 'active',
          createdAt: 'x',
          publicJwk: { kty: 'OKP', crv: 'X25519', x: kit.set.keys[0]!.publicJwk.x },
        },
      ],
    };
    expect(() => parseVerificationKeySet(JSON.stringify(bad))).toThrow(KeySetError);
  });
});
