// Verifies the ALB's x-amzn-oidc-data and the Cognito access token, then derives the admin principal from groups.
import type { KeyObject } from 'node:crypto';
import { ID_PATTERN } from '../../shared/definitions';
import type { Clock } from '../../shared/ports';
import { assertNotExpired, parseJws, stringClaim, TokenRejectedError, verifyJwsSignature } from './jws';

/** Returns the ALB's public key for a key id (https://public-keys.auth.elb.<region>.amazonaws.com/<kid>). */
export interface AlbPublicKeyProvider {
  getKey(kid: string): Promise<KeyObject>;
}

/** Returns a signing key of the user pool's JWKS by key id. */
export interface JwksKeyProvider {
  getKey(kid: string): Promise<KeyObject>;
}

export interface AdminIdentityVerifierOptions {
  /** ARN of the ALB whose signature is trusted (the header's `signer`). */
  readonly albArn: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;
  /** The ALB's app client id (the access token's `client_id`). */
  readonly clientId: string;
  readonly albKeys: AlbPublicKeyProvider;
  readonly jwks: JwksKeyProvider;
  readonly clock: Clock;
  /** Allowed clock skew. @default 30 seconds */
  readonly clockSkewSeconds?: number;
}

export const PLATFORM_ADMINS_GROUP = 'platform-admins';
export const TENANT_ADMINS_GROUP_PREFIX = 'tenant-admins-';

/** Who is calling, as derived from verified tokens only. */
export interface AdminPrincipal {
  readonly sub: string;
  readonly email?: string;
  readonly platformAdmin: boolean;
  /** Tenants whose admin group the user belongs to. */
  readonly tenantIds: readonly string[];
}

export const KID_PATTERN = /^[A-Za-z0-9_+=/-]{1,128}$/;

function headerValue(headers: Record<string, string | undefined>, name: string): string {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (typeof value !== 'string' || value.length === 0) throw new TokenRejectedError(`${name} header missing`);
  return value;
}

/** Maps Cognito groups to the principal's roles; unknown groups and malformed tenant ids are ignored. */
export function principalFromGroups(
  sub: string,
  email: string | undefined,
  groups: readonly string[],
): AdminPrincipal {
  const tenantIds = groups
    .filter((g) => g.startsWith(TENANT_ADMINS_GROUP_PREFIX))
    .map((g) => g.slice(TENANT_ADMINS_GROUP_PREFIX.length))
    .filter((id) => ID_PATTERN.test(id));
  return {
    sub,
    email,
    platformAdmin: groups.includes(PLATFORM_ADMINS_GROUP),
    tenantIds: [...new Set(tenantIds)],
  };
}

export class AdminIdentityVerifier {
  private readonly skew: number;

  constructor(private readonly options: AdminIdentityVerifierOptions) {
    this.skew = options.clockSkewSeconds ?? 30;
  }

  /** Verifies both headers and that they describe the same user; throws TokenRejectedError otherwise. */
  async verify(headers: Record<string, string | undefined>): Promise<AdminPrincipal> {
    const user = await this.verifyAlbData(headerValue(headers, 'x-amzn-oidc-data'));
    const access = await this.verifyAccessToken(headerValue(headers, 'x-amzn-oidc-accesstoken'));
    if (access.sub !== user.sub)
      throw new TokenRejectedError('access token and user data name different users');
    return principalFromGroups(user.sub, user.email, access.groups);
  }

  private async verifyAlbData(token: string): Promise<{ sub: string; email?: string }> {
    const jws = parseJws(token);
    const { header, payload } = jws;
    const kid = stringClaim(header, 'kid');
    if (!KID_PATTERN.test(kid)) throw new TokenRejectedError('ALB key id is malformed');
    if (header.signer !== this.options.albArn)
      throw new TokenRejectedError('ALB header signed by another signer');
    if (header.client !== undefined && header.client !== this.options.clientId) {
      throw new TokenRejectedError('ALB header names another client');
    }
    if (header.iss !== undefined && header.iss !== this.options.issuer) {
      throw new TokenRejectedError('ALB header names another issuer');
    }
    verifyJwsSignature(jws, 'ES256', await this.options.albKeys.getKey(kid));
    const now = this.options.clock.now();
    assertNotExpired(header.exp, now, this.skew, 'ALB user data');
    if (payload.exp !== undefined) assertNotExpired(payload.exp, now, this.skew, 'ALB user data');
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    return { sub: stringClaim(payload, 'sub'), email };
  }

  private async verifyAccessToken(token: string): Promise<{ sub: string; groups: string[] }> {
    const jws = parseJws(token);
    const kid = stringClaim(jws.header, 'kid');
    if (!KID_PATTERN.test(kid)) throw new TokenRejectedError('access token key id is malformed');
    verifyJwsSignature(jws, 'RS256', await this.options.jwks.getKey(kid));
    const claims = jws.payload;
    if (claims.iss !== this.options.issuer) throw new TokenRejectedError('access token from another issuer');
    if (claims.token_use !== 'access') throw new TokenRejectedError('token is not an access token');
    if (claims.client_id !== this.options.clientId)
      throw new TokenRejectedError('access token for another client');
    const now = this.options.clock.now();
    assertNotExpired(claims.exp, now, this.skew, 'access token');
    if (typeof claims.nbf === 'number' && claims.nbf - this.skew > Math.floor(now / 1000)) {
      throw new TokenRejectedError('access token not yet valid');
    }
    const rawGroups = claims['cognito:groups'] ?? [];
    if (!Array.isArray(rawGroups) || !rawGroups.every((g) => typeof g === 'string')) {
      throw new TokenRejectedError('access token groups are malformed');
    }
    return { sub: stringClaim(claims, 'sub'), groups: rawGroups };
  }
}
