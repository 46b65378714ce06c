// Local dev identity provider: signs ALB-shaped x-amzn-oidc-data (ES256) and Cognito-shaped access tokens (RS256).
import {
  createHmac,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type {
  AlbPublicKeyProvider,
  JwksKeyProvider,
} from '../lambdas/admin-api/identity/admin-identity-verifier';
import type { TenantAdminGroups } from '../lambdas/shared/admin-ports';
import { TokenRejectedError } from '../lambdas/admin-api/identity/jws';
import {
  PLATFORM_ADMINS_GROUP,
  TENANT_ADMINS_GROUP_PREFIX,
} from '../lambdas/admin-api/identity/admin-identity-verifier';

export interface DevUser {
  readonly id: string;
  readonly label: string;
  readonly email: string;
  readonly groups: readonly string[];
}

export interface DevIdentityOptions {
  /** Tenants that get a dev admin each. @default ['tenant-a', 'tenant-b'] */
  readonly tenantIds?: readonly string[];
  readonly region?: string;
  /** Token lifetime (the ALB re-signs on every request, so short is fine). @default 300 */
  readonly tokenTtlSeconds?: number;
  readonly clock?: { now(): number };
}

/** The dev admin of one tenant, member of its `tenant-admins-<tenantId>` group. */
const tenantAdmin = (tenantId: string): DevUser => ({
  id: `admin-${tenantId}`,
  label: `Admin of ${tenantId}`,
  email: `admin@${tenantId}.dev.local`,
  groups: [`${TENANT_ADMINS_GROUP_PREFIX}${tenantId}`],
});

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature =
    header.alg === 'ES256'
      ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * A dev IdP with fresh keys per process: the admin verifier trusts it through the two key-provider ports.
 * It is also the local TenantAdminGroups: a tenant created locally gets its group and a dev admin in it.
 */
export class DevIdentityProvider implements TenantAdminGroups {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId = 'devadminclient0000000000000';
  readonly albArn: string;
  readonly issuer: string;
  private readonly userList: DevUser[];
  readonly albKeys: AlbPublicKeyProvider;
  readonly jwks: JwksKeyProvider;
  private readonly albKid = randomUUID();
  private readonly poolKid = `dev-${randomUUID()}`;
  private readonly albKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  private readonly poolKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly sessionSecret = randomBytes(32);
  private readonly ttl: number;
  private readonly clock: { now(): number };

  constructor(options: DevIdentityOptions = {}) {
    this.region = options.region ?? 'eu-west-1';
    this.userPoolId = `${this.region}_DevAdminPool`;
    this.albArn = `arn:aws:elasticloadbalancing:${this.region}:000000000000:loadbalancer/app/local-admin/0000000000000000`;
    this.issuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPoolId}`;
    this.ttl = options.tokenTtlSeconds ?? 300;
    this.clock = options.clock ?? { now: () => Date.now() };
    const tenantIds = options.tenantIds ?? ['tenant-a', 'tenant-b'];
    this.userList = [
      {
        id: 'platform-admin',
        label: 'Platform admin',
        email: 'platform-admin@dev.local',
        groups: [PLATFORM_ADMINS_GROUP],
      },
      ...tenantIds.map(tenantAdmin),
    ];
    const albPublic = this.albKey.publicKey;
    const poolPublic = this.poolKey.publicKey;
    const albKid = this.albKid;
    const poolKid = this.poolKid;
    this.albKeys = {
      getKey: async (kid) => {
        if (kid !== albKid) throw new TokenRejectedError('unknown dev ALB key id');
        return albPublic;
      },
    };
    this.jwks = {
      getKey: async (kid) => {
        if (kid !== poolKid) throw new TokenRejectedError('unknown dev JWKS key id');
        return poolPublic;
      },
    };
  }

  /** The JWKS document (as Cognito serves it) for tools that fetch keys over HTTP. */
  jwksDocument(): { keys: Record<string, unknown>[] } {
    return {
      keys: [
        { ...this.poolKey.publicKey.export({ format: 'jwk' }), kid: this.poolKid, alg: 'RS256', use: 'sig' },
      ],
    };
  }

  /** The ALB public key PEM for a kid, as https://public-keys.auth.elb.<region>.amazonaws.com/<kid> serves it. */
  albPublicKeyPem(kid: string): string | undefined {
    return kid === this.albKid
      ? this.albKey.publicKey.export({ format: 'pem', type: 'spki' }).toString()
      : undefined;
  }

  /** Every dev user, platform admin first. */
  get users(): readonly DevUser[] {
    return this.userList;
  }

  /** The local `tenant-admins-<tenantId>` group: adds that tenant's dev admin once. */
  async ensureTenantAdminGroup(tenantId: string): Promise<void> {
    const admin = tenantAdmin(tenantId);
    if (!this.findUser(admin.id)) this.userList.push(admin);
  }

  findUser(id: string): DevUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** The headers the ALB's authenticate-cognito action adds for this user. */
  headersFor(user: DevUser): Record<string, string> {
    const now = Math.floor(this.clock.now() / 1000);
    const exp = now + this.ttl;
    const sub = `sub-${user.id}`;
    const data = signJws(
      { alg: 'ES256', kid: this.albKid, signer: this.albArn, iss: this.issuer, client: this.clientId, exp },
      { sub, email: user.email, email_verified: 'true', username: user.id, exp, iss: this.issuer },
      this.albKey.privateKey,
    );
    const access = signJws(
      { kid: this.poolKid, alg: 'RS256' },
      {
        sub,
        'cognito:groups': [...user.groups],
        iss: this.issuer,
        client_id: this.clientId,
        origin_jti: randomUUID(),
        token_use: 'access',
        scope: 'openid email',
        auth_time: now,
        exp,
        iat: now,
        jti: randomUUID(),
        username: user.id,
      },
      this.poolKey.privateKey,
    );
    return { 'x-amzn-oidc-data': data, 'x-amzn-oidc-accesstoken': access, 'x-amzn-oidc-identity': sub };
  }

  /** A session cookie value naming a dev user, MAC'd so a browser cannot pick another user by editing it. */
  sessionCookieFor(user: DevUser): string {
    return `${user.id}.${createHmac('sha256', this.sessionSecret).update(user.id).digest('base64url')}`;
  }

  userFromSessionCookie(value: string | undefined): DevUser | undefined {
    if (!value) return undefined;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const expected = Buffer.from(createHmac('sha256', this.sessionSecret).update(id).digest('base64url'));
    const given = Buffer.from(value.slice(dot + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return this.findUser(id);
  }
}
