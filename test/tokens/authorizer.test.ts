// $connect authorizer: the bad-input matrix, the allow path's context, single use, key refresh and revocation.
import { createAuthorizerHandler, type WebSocketAuthorizerEvent } from '../../lambdas/authorizer/app';
import { parseOriginVerifySecret } from '../../lambdas/authorizer/origin-verify';
import { ORIGIN_VERIFY_HEADER, PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import { readAuthorizerContext } from '../../lambdas/shared/authorizer-context';
import {
  generateSigningKeySet,
  parseVerificationKeySet,
  publicKeySetOf,
  signSessionToken,
} from '../../lambdas/shared/session-token';
import { ALLOWED_ORIGIN, testClock } from './support/fixtures';
import { recordingLogger } from './support/fakes';
import {
  METHOD_ARN,
  ORIGIN_SECRET,
  PREVIOUS_ORIGIN_SECRET,
  authorizerFor,
  connectEvent,
} from './support/authorizer-kit';
import {
  ISSUER,
  NOW_SECONDS,
  audienceOf,
  claims,
  hmacSwapToken,
  keyKit,
  rawToken,
  unsignedToken,
} from './support/token-kit';

const effectOf = (policy: { policyDocument: { Statement: ReadonlyArray<{ Effect: string }> } }) =>
  policy.policyDocument.Statement[0]?.Effect;

describe('authorizer: allow', () => {
  it('allows a valid token and passes tenant, user, conversation, jti, cell and expiry in the context', async () => {
    const a = authorizerFor('eu-west-1');
    const c = claims();
    const policy = await a.authorize(connectEvent(signSessionToken(c, a.kit.signingKey)));
    expect(effectOf(policy)).toBe('Allow');
    expect(policy.policyDocument.Statement[0]).toMatchObject({
      Action: 'execute-api:Invoke',
      Resource: METHOD_ARN,
    });
    expect(readAuthorizerContext(policy.context)).toEqual({
      tenantId: 'acme',
      userId: c.sub,
      conversationId: c.conversation,
      jti: c.jti,
      cell: 'eu-west-1',
      tokenExpiresAt: c.exp,
    });
  });

  it('accepts the previous origin-verify value during its rotation', async () => {
    const a = authorizerFor('eu-west-1');
    const token = signSessionToken(claims(), a.kit.signingKey);
    const policy = await a.authorize(connectEvent(token, { [ORIGIN_VERIFY_HEADER]: PREVIOUS_ORIGIN_SECRET }));
    expect(effectOf(policy)).toBe('Allow');
  });

  it('reads header names case-insensitively', async () => {
    const a = authorizerFor('eu-west-1');
    const token = signSessionToken(claims(), a.kit.signingKey);
    const event = connectEvent(token);
    const policy = await a.authorize({
      ...event,
      headers: { origin: ALLOWED_ORIGIN, 'X-Origin-Verify': ORIGIN_SECRET },
    });
    expect(effectOf(policy)).toBe('Allow');
  });
});

describe('authorizer: deny matrix', () => {
  const kit = keyKit();
  const jwk = kit.set.keys[0]!.privateJwk;
  const kid = kit.signingKey.kid;
  const sign = (overrides = {}) => signSessionToken(claims(overrides), kit.signingKey);
  const cases: Array<[string, () => WebSocketAuthorizerEvent, string]> = [
    ['no token', () => connectEvent(undefined), 'missing'],
    ['garbage token', () => connectEvent('garbage'), 'malformed'],
    ['alg none', () => connectEvent(unsignedToken(kid, claims())), 'malformed'],
    [
      'algorithm swap (HS256 with the public key)',
      () => connectEvent(hmacSwapToken(kid, claims(), jwk.x)),
      'bad_header',
    ],
    [
      'tampered claims',
      () =>
        connectEvent(
          sign().replace(
            /^([^.]+)\.([^.]+)/,
            (_m, h) =>
              `${h}.${Buffer.from(JSON.stringify(claims({ tenant: 'globex' }))).toString('base64url')}`,
          ),
        ),
      'bad_signature',
    ],
    ['stripped signature', () => connectEvent(sign().replace(/\.[^.]+$/, '.')), 'malformed'],
    [
      'expired',
      () => connectEvent(sign({ iat: NOW_SECONDS - 600, nbf: NOW_SECONDS - 600, exp: NOW_SECONDS - 60 })),
      'expired',
    ],
    [
      'not yet valid',
      () => connectEvent(sign({ iat: NOW_SECONDS + 300, nbf: NOW_SECONDS + 300, exp: NOW_SECONDS + 500 })),
      'not_yet_valid',
    ],
    ['wrong aud', () => connectEvent(sign({ aud: 'urn:livechat:other:cell:eu-west-1' })), 'wrong_audience'],
    ['wrong iss', () => connectEvent(sign({ iss: 'urn:evil' })), 'wrong_issuer'],
    [
      'unknown kid',
      () => connectEvent(rawToken({ alg: 'EdDSA', typ: 'JWT', kid: 'nope' }, claims(), jwk)),
      'unknown_kid',
    ],
    ['oversized token', () => connectEvent('x'.repeat(PROTOCOL_LIMITS.maxTokenChars + 1)), 'too_large'],
    [
      'token given twice',
      () => connectEvent(sign(), {}, { multiValueQueryStringParameters: { token: [sign(), sign()] } }),
      'missing',
    ],
    ['suspended tenant', () => connectEvent(sign({ tenant: 'initech' })), 'tenant_inactive'],
    ['unknown tenant', () => connectEvent(sign({ tenant: 'ghost' })), 'tenant_inactive'],
    [
      'foreign Origin',
      () => connectEvent(sign(), { Origin: 'https://evil.example.net' }),
      'origin_not_allowed',
    ],
    ['Origin null', () => connectEvent(sign(), { Origin: 'null' }), 'origin_not_allowed'],
    [
      'missing origin-verify header',
      () => ({ ...connectEvent(sign()), headers: { Origin: ALLOWED_ORIGIN } }),
      'origin_verify',
    ],
    [
      'wrong origin-verify header',
      () => connectEvent(sign(), { [ORIGIN_VERIFY_HEADER]: 'x'.repeat(40) }),
      'origin_verify',
    ],
  ];

  it.each(cases)('denies %s (403) without burning the token', async (_name, event, reason) => {
    const a = authorizerFor('eu-west-1', kit);
    const policy = await a.authorize(event());
    expect(effectOf(policy)).toBe('Deny');
    expect(policy.context).toBeUndefined();
    expect(a.ledger.used.size).toBe(0);
    expect(a.lines.join('\n')).toContain(`"reason":"${reason}"`);
  });

  it('denies a replayed jti', async () => {
    const a = authorizerFor('eu-west-1', kit);
    const token = sign();
    const first = await a.authorize(connectEvent(token));
    const replay = await a.authorize(connectEvent(token));
    expect([effectOf(first), effectOf(replay)]).toEqual(['Allow', 'Deny']);
    expect(a.lines.join('\n')).toContain('"reason":"replayed"');
  });

  it('logs denials without the token or user id', async () => {
    const a = authorizerFor('eu-west-1', kit);
    const token = sign({ sub: 'user-secret-99' });
    await a.authorize(connectEvent(token, { Origin: 'https://evil.example.net' }));
    const logged = a.lines.join('\n');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('user-secret-99');
  });
});

describe('authorizer: key lifecycle', () => {
  it('re-reads the key set once when a token names an unknown kid (a rotation just happened)', async () => {
    const oldKit = keyKit();
    const newSet = generateSigningKeySet(new Date('2026-11-23T11:59:00Z'));
    const newKit = keyKit(newSet);
    const a = authorizerFor('eu-west-1', oldKit);
    const first = await a.authorize(connectEvent(signSessionToken(claims(), newKit.signingKey)));
    expect(effectOf(first)).toBe('Deny');
    expect(a.refreshes()).toBe(1);
    a.setResolver(
      parseVerificationKeySet(JSON.stringify(publicKeySetOf({ keys: [...oldKit.set.keys, ...newSet.keys] }))),
    );
    const second = await a.authorize(connectEvent(signSessionToken(claims(), newKit.signingKey)));
    expect(effectOf(second)).toBe('Allow');
  });

  it('denies tokens of a key revoked in the published set', async () => {
    const kit = keyKit();
    const a = authorizerFor('eu-west-1', kit);
    const revoked = { keys: kit.set.keys.map((k) => ({ ...k, status: 'revoked' as const })) };
    a.setResolver(parseVerificationKeySet(JSON.stringify(publicKeySetOf(revoked))));
    const policy = await a.authorize(connectEvent(signSessionToken(claims(), kit.signingKey)));
    expect(effectOf(policy)).toBe('Deny');
    expect(a.lines.join('\n')).toContain('"reason":"revoked_kid"');
  });

  it('fails closed (throws, API Gateway answers 500) when the key set cannot be read', async () => {
    const a = authorizerFor('eu-west-1');
    const { logger } = recordingLogger();
    const handler = createAuthorizerHandler({
      logger,
      verificationKeys: async () => {
        throw new Error('Secrets Manager unavailable');
      },
      refreshVerificationKeys: async () => false,
      originVerifyValues: async () => parseOriginVerifySecret(JSON.stringify({ current: ORIGIN_SECRET })),
      tenants: a.tenants,
      ledger: a.ledger,
      clock: testClock(),
      settings: { issuer: ISSUER, audience: audienceOf('eu-west-1'), cell: 'eu-west-1' },
    });
    await expect(
      handler(connectEvent(signSessionToken(claims(), a.kit.signingKey)), {} as never),
    ).rejects.toThrow();
  });
});

describe('origin-verify secret', () => {
  it('refuses a secret shorter than 32 characters or not JSON', () => {
    expect(() => parseOriginVerifySecret(JSON.stringify({ current: 'short' }))).toThrow();
    expect(() => parseOriginVerifySecret('plain')).toThrow();
  });
});
