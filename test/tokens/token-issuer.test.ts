// Token issuer: the ALB mTLS event matrix (identity, body, tenant state, limits, conversations) and the token it mints.
import { X509Certificate } from 'node:crypto';
import type { ALBEvent } from 'aws-lambda';
import { createTokenIssuerHandler } from '../../lambdas/token-issuer/app';
import { albMtlsHeadersFor } from '../../lambdas/token-issuer/partner-identity';
import { SESSION_TOKEN_POLICY, verifySessionToken } from '../../lambdas/shared/session-token';
import {
  partnerCertificateRecord,
  tenantSettings,
  testCertificateAuthority,
  testClock,
} from './support/fixtures';
import { FakeConversations, FakeRateLimiter, FakeTenantStore, recordingLogger } from './support/fakes';
import { ISSUER, audienceOf, keyKit } from './support/token-kit';

const ca = testCertificateAuthority();
const acmeCert = ca.issue('acme-backend');
const revokedCert = ca.issue('acme-old-backend');
const suspendedCert = ca.issue('initech-backend');
const unknownCert = ca.issue('stranger-backend');
const expiredCert = ca.issue('acme-expired', { from: '2020-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z' });
const WEBSOCKET_URL = 'wss://d111111abcdef8.cloudfront.net/ws';

function setup() {
  const kit = keyKit();
  const tenants = new FakeTenantStore();
  tenants.tenants.set('acme', tenantSettings('acme'));
  tenants.tenants.set('initech', tenantSettings('initech', { status: 'suspended' }));
  const register = (pem: string, tenantId: string, status: 'active' | 'revoked' = 'active') => {
    const registered = partnerCertificateRecord(tenantId, pem, status);
    tenants.certificates.set(registered.certKey, registered);
  };
  register(acmeCert.pem, 'acme');
  register(revokedCert.pem, 'acme', 'revoked');
  register(suspendedCert.pem, 'initech');
  register(expiredCert.pem, 'acme');
  const conversations = new FakeConversations();
  const clock = testClock();
  const { logger, lines } = recordingLogger();
  const handler = createTokenIssuerHandler({
    logger,
    tenants,
    rateLimiter: new FakeRateLimiter(),
    conversations,
    signingKey: async () => kit.signingKey,
    clock,
    settings: { issuer: ISSUER, audience: audienceOf('eu-west-1'), websocketUrl: WEBSOCKET_URL },
  });
  const call = async (event: ALBEvent) => {
    const result = await handler(event, {} as never);
    return {
      status: result.statusCode,
      body: JSON.parse(result.body ?? 'null'),
      headers: result.headers ?? {},
    };
  };
  return { kit, call, conversations, clock, lines };
}

function albEvent(
  options: {
    pem?: string;
    body?: string;
    headers?: Record<string, string>;
    method?: string;
    path?: string;
  } = {},
): ALBEvent {
  const pem = options.pem ?? acmeCert.pem;
  return {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/t/1' },
    },
    httpMethod: options.method ?? 'POST',
    path: options.path ?? '/v1/session-tokens',
    queryStringParameters: {},
    headers: {
      'content-type': 'application/json',
      ...albMtlsHeadersFor(pem),
      ...options.headers,
    },
    body: options.body ?? JSON.stringify({ userId: 'user-42' }),
    isBase64Encoded: false,
  };
}

describe('token issuer: success', () => {
  it('answers 201 with a cell-bound token, its expiry, the cell websocketUrl and a new conversation', async () => {
    const { call, kit, clock } = setup();
    const res = await call(albEvent());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['conversationId', 'expiresAt', 'token', 'websocketUrl']);
    expect(res.body.websocketUrl).toBe(WEBSOCKET_URL);
    const verified = verifySessionToken(res.body.token, kit.resolver, {
      issuer: ISSUER,
      audience: audienceOf('eu-west-1'),
      nowSeconds: clock.now() / 1000,
    });
    expect(verified.ok && verified.claims).toMatchObject({
      sub: 'user-42',
      tenant: 'acme',
      conversation: res.body.conversationId,
      exp: clock.now() / 1000 + SESSION_TOKEN_POLICY.lifetimeSeconds,
    });
    expect(res.body.expiresAt).toBe(
      new Date(clock.now() + SESSION_TOKEN_POLICY.lifetimeSeconds * 1000).toISOString(),
    );
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps a given conversation for the same user and mints unique jti values', async () => {
    const { call, kit } = setup();
    const first = await call(
      albEvent({ body: JSON.stringify({ userId: 'user-42', conversationId: 'conv-7' }) }),
    );
    const again = await call(
      albEvent({ body: JSON.stringify({ userId: 'user-42', conversationId: 'conv-7' }) }),
    );
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.conversationId).toBe('conv-7');
    const jti = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).jti;
    expect(jti(first.body.token)).not.toBe(jti(again.body.token));
    expect(kit.signingKey.kid).toBeDefined();
  });

  it('never logs the token or the user id', async () => {
    const { call, lines } = setup();
    const res = await call(albEvent());
    const logged = lines.join('\n');
    expect(logged).not.toContain(res.body.token);
    expect(logged).not.toContain('user-42');
  });
});

describe('token issuer: refusals', () => {
  const cases: Array<[string, () => ALBEvent, number, string]> = [
    [
      'no client certificate',
      () => ({ ...albEvent(), headers: { 'content-type': 'application/json' } }),
      401,
      'unauthorized',
    ],
    [
      'garbage certificate header',
      () => albEvent({ headers: { 'x-amzn-mtls-clientcert-leaf': 'garbage' } }),
      401,
      'unauthorized',
    ],
    [
      'serial header disagreeing with the leaf',
      () => albEvent({ headers: { 'x-amzn-mtls-clientcert-serial-number': 'ABCDEF' } }),
      401,
      'unauthorized',
    ],
    ['unknown partner certificate', () => albEvent({ pem: unknownCert.pem }), 401, 'unauthorized'],
    ['expired partner certificate', () => albEvent({ pem: expiredCert.pem }), 401, 'unauthorized'],
    ['revoked partner certificate', () => albEvent({ pem: revokedCert.pem }), 403, 'forbidden'],
    ['suspended tenant', () => albEvent({ pem: suspendedCert.pem }), 403, 'forbidden'],
    ['empty body', () => albEvent({ body: '' }), 400, 'bad_request'],
    ['non-JSON body', () => albEvent({ body: 'userId=1' }), 400, 'bad_request'],
    ['JSON array body', () => albEvent({ body: '[]' }), 400, 'bad_request'],
    ['missing userId', () => albEvent({ body: '{}' }), 400, 'bad_request'],
    ['userId with spaces', () => albEvent({ body: JSON.stringify({ userId: 'a b' }) }), 400, 'bad_request'],
    [
      'userId too long',
      () => albEvent({ body: JSON.stringify({ userId: 'u'.repeat(129) }) }),
      400,
      'bad_request',
    ],
    [
      'conversationId with a key delimiter',
      () => albEvent({ body: JSON.stringify({ userId: 'u1', conversationId: 'c#1' }) }),
      400,
      'bad_request',
    ],
    ['numeric userId', () => albEvent({ body: JSON.stringify({ userId: 42 }) }), 400, 'bad_request'],
    [
      'unknown field',
      () => albEvent({ body: JSON.stringify({ userId: 'u1', tenantId: 'globex' }) }),
      400,
      'bad_request',
    ],
    [
      'oversized body',
      () => albEvent({ body: JSON.stringify({ userId: 'u1', pad: 'x'.repeat(2000) }) }),
      400,
      'bad_request',
    ],
    [
      'invalid UTF-8',
      () => ({
        ...albEvent(),
        body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'),
        isBase64Encoded: true,
      }),
      400,
      'bad_request',
    ],
    ['wrong content type', () => albEvent({ headers: { 'content-type': 'text/plain' } }), 400, 'bad_request'],
    ['GET instead of POST', () => albEvent({ method: 'GET' }), 405, 'bad_request'],
    ['another path', () => albEvent({ path: '/v1/admin' }), 404, 'bad_request'],
  ];

  it.each(cases)('refuses %s', async (_name, event, status, code) => {
    const { call } = setup();
    const res = await call(event());
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('refuses a certificate from another chain that copies a registered issuer DN and serial (401)', async () => {
    // A CA with the same name as the partner's CA (another key) mints a leaf with acme's serial.
    const impostorCa = testCertificateAuthority();
    const impostor = impostorCa.issue('acme-backend');
    const [real, forged] = [new X509Certificate(acmeCert.pem), new X509Certificate(impostor.pem)];
    expect([forged.issuer, forged.serialNumber]).toEqual([real.issuer, real.serialNumber]);
    expect(forged.fingerprint256).not.toBe(real.fingerprint256);
    const { call } = setup();
    const res = await call(albEvent({ pem: impostor.pem }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await call(albEvent())).status).toBe(201);
  });

  it('refuses a conversation that another user of the tenant owns', async () => {
    const { call } = setup();
    await call(albEvent({ body: JSON.stringify({ userId: 'alice', conversationId: 'conv-9' }) }));
    const res = await call(
      albEvent({ body: JSON.stringify({ userId: 'mallory', conversationId: 'conv-9' }) }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('answers 429 with Retry-After once the tenant exceeds tokensPerMinute', async () => {
    const { call } = setup();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await call(albEvent())).status);
    const limited = await call(albEvent());
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 500 without internals when a dependency fails, and keeps serving', async () => {
    const kit = keyKit();
    const tenants = new FakeTenantStore();
    const { logger } = recordingLogger();
    let fail = true;
    tenants.findCertificate = async () => {
      if (fail) throw new Error('DynamoDB timeout at 10.0.0.1');
      return undefined;
    };
    const handler = createTokenIssuerHandler({
      logger,
      tenants,
      rateLimiter: new FakeRateLimiter(),
      conversations: new FakeConversations(),
      signingKey: async () => kit.signingKey,
      clock: testClock(),
      settings: { issuer: ISSUER, audience: audienceOf('eu-west-1'), websocketUrl: WEBSOCKET_URL },
    });
    const failed = await handler(albEvent(), {} as never);
    fail = false;
    const next = await handler(albEvent(), {} as never);
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain('10.0.0.1');
    expect(JSON.parse(failed.body ?? '').error.code).toBe('internal_error');
    expect(next.statusCode).toBe(401);
  });
});
