// (authorizer event) --> use case: decide whether a WebSocket upgrade may proceed, and with which identity.
import type { AuthorizerContext } from '../shared/types';
import type { Clock, TenantStore, TokenIdLedger } from '../shared/ports';
import {
  verifySessionToken,
  type TokenRejection,
  type VerificationKeyResolver,
} from '../shared/session-token';
import { originVerifyMatches } from './origin-verify';

export interface ConnectionAttempt {
  /** `token` query parameter (undefined when absent or given more than once). */
  readonly token: string | undefined;
  /** The browser's `Origin` header. */
  readonly origin: string | undefined;
  /** The origin-verify header CloudFront adds. */
  readonly originVerify: string | undefined;
}

export interface AuthorizerSettings {
  readonly issuer: string;
  /** This cell's audience: a token minted for another cell is refused here. */
  readonly audience: string;
  /** This cell's name (its region), passed on in the context. */
  readonly cell: string;
}

export interface AuthorizeConnectionDeps {
  /** The public key set (cached); `refreshVerificationKeys` re-reads it, rate-limited, on an unknown kid. */
  readonly verificationKeys: () => Promise<VerificationKeyResolver>;
  readonly refreshVerificationKeys: () => Promise<boolean>;
  /** Accepted origin-verify values (digests). */
  readonly originVerifyValues: () => Promise<readonly Buffer[]>;
  readonly tenants: TenantStore;
  readonly ledger: TokenIdLedger;
  readonly clock: Clock;
  readonly settings: AuthorizerSettings;
}

export type DenyReason =
  'origin_verify' | TokenRejection | 'tenant_inactive' | 'origin_not_allowed' | 'replayed';

export type AuthorizationDecision =
  | { readonly allow: true; readonly context: AuthorizerContext }
  | { readonly allow: false; readonly reason: DenyReason; readonly tenantId?: string };

/**
 * 1. The origin-verify header matches the cell's secret (the request came through CloudFront + WAF).
 * 2. The token verifies: pinned EdDSA header, known unrevoked kid, signature, iss, this cell's aud, exp/nbf.
 * 3. The tenant exists and is active.
 * 4. The Origin is in the tenant's allow-list (exact match).
 * 5. The jti is consumed once in this cell's ledger (last, so refused attempts do not burn a token).
 */
export async function authorizeConnection(
  attempt: ConnectionAttempt,
  deps: AuthorizeConnectionDeps,
): Promise<AuthorizationDecision> {
  if (!originVerifyMatches(attempt.originVerify, await deps.originVerifyValues())) {
    return { allow: false, reason: 'origin_verify' };
  }
  const expectations = {
    issuer: deps.settings.issuer,
    audience: deps.settings.audience,
    nowSeconds: Math.floor(deps.clock.now() / 1000),
  };
  let result = verifySessionToken(attempt.token, await deps.verificationKeys(), expectations);
  if (!result.ok && result.reason === 'unknown_kid' && (await deps.refreshVerificationKeys())) {
    result = verifySessionToken(attempt.token, await deps.verificationKeys(), expectations);
  }
  if (!result.ok) return { allow: false, reason: result.reason };
  const { claims } = result;

  const tenant = await deps.tenants.getTenant(claims.tenant);
  if (!tenant || tenant.status !== 'active') {
    return { allow: false, reason: 'tenant_inactive', tenantId: claims.tenant };
  }
  if (!attempt.origin || !tenant.allowedOrigins.includes(attempt.origin)) {
    return { allow: false, reason: 'origin_not_allowed', tenantId: claims.tenant };
  }
  if (!(await deps.ledger.consumeOnce(claims.tenant, claims.jti, claims.exp))) {
    return { allow: false, reason: 'replayed', tenantId: claims.tenant };
  }
  return {
    allow: true,
    context: {
      tenantId: claims.tenant,
      userId: claims.sub,
      conversationId: claims.conversation,
      jti: claims.jti,
      cell: deps.settings.cell,
      tokenExpiresAt: claims.exp,
    },
  };
}
