// Identity verification: forged, expired, unsigned, mis-addressed and mismatched ALB/Cognito headers are refused.
import { generateKeyPairSync, sign } from 'node:crypto';
import {
  AdminIdentityVerifier,
  principalFromGroups,
} from '../../lambdas/admin-api/identity/admin-identity-verifier';
import { TokenRejectedError } from '../../lambdas/admin-api/identity/jws';
import {
  HttpAlbPublicKeyProvider,
  HttpJwksKeyProvider,
} from '../../lambdas/admin-api/identity/key-providers';
import { DevIdentityProvider } from '../../local/dev-identity';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const clock = { now: () => NOW };

function setup(idpNow = NOW) {
  const idp = new DevIdentityProvider({ tenantIds: ['tenant-a', 'tenant-b'], clock: { now: () => idpNow } });
  const verifier = new AdminIdentityVerifier({
    albArn: idp.albArn,
    issuer: idp.issuer,
    clientId: idp.clientId,
    albKeys: idp.albKeys,
    jwks: idp.jwks,
    clock,
  });
  const tenantA = idp.findUser('admin-tenant-a')!;
  return { idp, verifier, tenantA, headers: idp.headersFor(tenantA) };
}

const parts = (token: string) => token.split('.') as [string, string, string];
const decode = (segment: string) =>
  JSON.parse(Buffer.from(segment, 'base64url').toString()) as Record<string, unknown>;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Re-encodes a token with edited header/payload but keeps the original signature. */
function tamper(token: string, edit: { header?: object; payload?: object }): string {
  const [h, p, s] = parts(token);
  return `${encode({ ...decode(h), ...edit.header })}.${encode({ ...decode(p), ...edit.payload })}.${s}`;
}

async function expectRejected(verifier: AdminIdentityVerifier, headers: Record<string, string | undefined>) {
  await expect(verifier.verify(headers)).rejects.toBeInstanceOf(TokenRejectedError);
}

describe('AdminIdentityVerifier', () => {
  it('accepts genuine ALB + Cognito headers and derives the tenant from the access token groups', async () => {
    const { verifier, headers } = setup();
    await expect(verifier.verify(headers)).resolves.toEqual({
      sub: 'sub-admin-tenant-a',
      email: 'admin@tenant-a.dev.local',
      platformAdmin: false,
      tenantIds: ['tenant-a'],
    });
  });

  it('accepts the ALB header with base64 padding left on its segments', async () => {
    const { verifier, headers } = setup();
    const padded = parts(headers['x-amzn-oidc-data']!)
      .map((s) => s + '='.repeat((4 - (s.length % 4)) % 4))
      .join('.');
    await expect(verifier.verify({ ...headers, 'x-amzn-oidc-data': padded })).resolves.toMatchObject({
      tenantIds: ['tenant-a'],
    });
  });

  it('refuses requests without identity headers', async () => {
    const { verifier, headers } = setup();
    await expectRejected(verifier, {});
    await expectRejected(verifier, { 'x-amzn-oidc-data': headers['x-amzn-oidc-data'] });
    await expectRejected(verifier, { 'x-amzn-oidc-accesstoken': headers['x-amzn-oidc-accesstoken'] });
  });

  it('refuses an unsigned ALB header (alg none, empty signature)', async () => {
    const { verifier, headers } = setup();
    const [h, p] = parts(headers['x-amzn-oidc-data']!);
    const none = `${encode({ ...decode(h), alg: 'none' })}.${p}.`;
    await expectRejected(verifier, { ...headers, 'x-amzn-oidc-data': none });
    await expectRejected(verifier, { ...headers, 'x-amzn-oidc-data': `${h}.${p}` });
  });

  it('refuses a forged ALB header signed by another key under the same kid', async () => {
    const { verifier, headers } = setup();
    const [h, p] = parts(headers['x-amzn-oidc-data']!);
    const attacker = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signature = sign('sha256', Buffer.from(`${h}.${p}`), {
      key: attacker.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    await expectRejected(verifier, {
      ...headers,
      'x-amzn-oidc-data': `${h}.${p}.${signature.toString('base64url')}`,
    });
  });

  it('refuses an ALB header whose claims were edited after signing', async () => {
    const { verifier, headers } = setup();
    const edited = tamper(headers['x-amzn-oidc-data']!, { payload: { sub: 'sub-platform-admin' } });
    await expectRejected(verifier, { ...headers, 'x-amzn-oidc-data': edited });
  });

  it('refuses an ALB header naming another signer (another load balancer)', async () => {
    const { idp, headers } = setup();
    const verifier = new AdminIdentityVerifier({
      albArn: `${idp.albArn}-other`,
      issuer: idp.issuer,
      clientId: idp.clientId,
      albKeys: idp.albKeys,
      jwks: idp.jwks,
      clock,
    });
    await expectRejected(verifier, headers);
  });

  it('refuses expired ALB and access tokens', async () => {
    const { verifier, headers } = setup(NOW - 10 * 60_000);
    await expectRejected(verifier, headers);
  });

  it('refuses an access token for another app client', async () => {
    const { idp, headers } = setup();
    const verifier = new AdminIdentityVerifier({
      albArn: idp.albArn,
      issuer: idp.issuer,
      clientId: 'someotherclient',
      albKeys: idp.albKeys,
      jwks: idp.jwks,
      clock,
    });
    await expectRejected(verifier, headers);
  });

  it('refuses an access token whose groups were edited (signature no longer matches)', async () => {
    const { verifier, headers } = setup();
    const edited = tamper(headers['x-amzn-oidc-accesstoken']!, {
      payload: { 'cognito:groups': ['platform-admins'] },
    });
    await expectRejected(verifier, { ...headers, 'x-amzn-oidc-accesstoken': edited });
  });

  it('refuses an HS256 access token (algorithm confusion)', async () => {
    const { verifier, headers } = setup();
    const edited = tamper(headers['x-amzn-oidc-accesstoken']!, { header: { alg: 'HS256' } });
    await expectRejected(verifier, { ...headers, 'x-amzn-oidc-accesstoken': edited });
  });

  it("refuses pairing one user's ALB header with another user's access token", async () => {
    const { idp, verifier, headers } = setup();
    const platform = idp.headersFor(idp.findUser('platform-admin')!);
    await expectRejected(verifier, {
      ...headers,
      'x-amzn-oidc-accesstoken': platform['x-amzn-oidc-accesstoken'],
    });
  });
});

describe('principalFromGroups', () => {
  it('maps platform and tenant admin groups and ignores malformed tenant ids', () => {
    expect(
      principalFromGroups('s', undefined, [
        'platform-admins',
        'tenant-admins-acme',
        'tenant-admins-a#b',
        'other',
      ]),
    ).toEqual({
      sub: 's',
      email: undefined,
      platformAdmin: true,
      tenantIds: ['acme'],
    });
  });
});

describe('key providers', () => {
  it('fetches an ALB key once per kid from the regional endpoint and refuses malformed kids without fetching', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const urls: string[] = [];
    const provider = HttpAlbPublicKeyProvider.forRegion('eu-west-1', async (url) => {
      urls.push(url);
      return { status: 200, text: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
    });
    const kid = '2b3c4d5e-0000-4000-8000-000000000001';
    await provider.getKey(kid);
    await provider.getKey(kid);
    expect(urls).toEqual([`https://public-keys.auth.elb.eu-west-1.amazonaws.com/${kid}`]);
    await expect(provider.getKey('../../evil?x=1')).rejects.toBeInstanceOf(TokenRejectedError);
    expect(urls).toHaveLength(1);
  });

  it('reads RSA signing keys from the user pool JWKS and refuses unknown kids', async () => {
    const idp = new DevIdentityProvider();
    const urls: string[] = [];
    const provider = HttpJwksKeyProvider.forUserPool('eu-west-1', 'eu-west-1_Pool', async (url) => {
      urls.push(url);
      return { status: 200, text: JSON.stringify(idp.jwksDocument()) };
    });
    const kid = idp.jwksDocument().keys[0]!.kid as string;
    await expect(provider.getKey(kid)).resolves.toMatchObject({ asymmetricKeyType: 'rsa' });
    await expect(provider.getKey('unknown')).rejects.toBeInstanceOf(TokenRejectedError);
    expect(urls[0]).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool/.well-known/jwks.json');
  });
});
