// (handler) --> use case: issue a cell-bound session token to a verified partner for one of its end users.
import {
  SESSION_TOKEN_POLICY,
  randomTokenId,
  signSessionToken,
  type SigningKey,
} from '../shared/session-token';
import { HttpError } from '../shared/http-errors';
import type { Clock, ConversationStore, RateLimiter, TenantStore } from '../shared/ports';
import type { CertificateIdentity } from '../shared/partner-certificate';

export interface TokenIssuerSettings {
  /** `iss` of every token. */
  readonly issuer: string;
  /** `aud`: this cell's audience; only this cell's authorizer accepts the token. */
  readonly audience: string;
  /** `wss://…/ws` of this cell's WebSocket entry. */
  readonly websocketUrl: string;
}

export interface IssueSessionTokenDeps {
  readonly tenants: TenantStore;
  readonly rateLimiter: RateLimiter;
  readonly conversations: Pick<ConversationStore, 'claimConversation'>;
  /** The active signing key, parsed once per key-set version (no KMS call per token). */
  readonly signingKey: () => Promise<SigningKey>;
  readonly clock: Clock;
  readonly settings: TokenIssuerSettings;
  /** @default randomTokenId */
  readonly newId?: () => string;
}

export interface IssueSessionTokenRequest {
  readonly partner: CertificateIdentity;
  readonly userId: string;
  readonly conversationId?: string;
}

export interface IssuedSessionToken {
  readonly token: string;
  /** ISO-8601 expiry of the token (it must be used to connect before then). */
  readonly expiresAt: string;
  readonly websocketUrl: string;
  readonly conversationId: string;
  /** For logs and metrics only; not part of the response. */
  readonly tenantId: string;
}

/** Token mints per tenant and cell are counted in one-minute windows. */
export const TOKEN_RATE_SCOPE = 'session-token';
const RATE_WINDOW_SECONDS = 60;

/**
 * 1. Map the verified certificate to its registration (unknown → 401, revoked → 403).
 * 2. Load the tenant (missing or suspended → 403).
 * 3. Count the mint against the tenant's tokensPerMinute (exceeded → 429).
 * 4. Claim the given conversation for this tenant and user (another user's → 403), or mint a new one.
 * 5. Sign the claims with the active key; `exp` a few minutes out, `aud` naming this cell.
 */
export async function issueSessionToken(
  request: IssueSessionTokenRequest,
  deps: IssueSessionTokenDeps,
): Promise<IssuedSessionToken> {
  const registration = await deps.tenants.findCertificate(request.partner.certKey);
  if (!registration) throw new HttpError(401, 'unauthorized', 'Unknown partner certificate');
  if (registration.status !== 'active') throw new HttpError(403, 'forbidden', 'Partner certificate revoked');

  const tenant = await deps.tenants.getTenant(registration.tenantId);
  if (!tenant || tenant.status !== 'active') throw new HttpError(403, 'forbidden', 'Tenant is not active');

  const allowed = await deps.rateLimiter.tryConsume(
    tenant.tenantId,
    TOKEN_RATE_SCOPE,
    tenant.limits.tokensPerMinute,
    RATE_WINDOW_SECONDS,
  );
  if (!allowed) {
    const nowSeconds = Math.floor(deps.clock.now() / 1000);
    const retryAfter = RATE_WINDOW_SECONDS - (nowSeconds % RATE_WINDOW_SECONDS);
    throw new HttpError(429, 'rate_limited', 'Token rate limit exceeded', {
      'retry-after': String(retryAfter),
    });
  }

  const newId = deps.newId ?? randomTokenId;
  const conversationId = request.conversationId ?? newId();
  const claim = await deps.conversations.claimConversation(tenant.tenantId, conversationId, request.userId);
  if (claim === 'foreign') throw new HttpError(403, 'forbidden', 'Conversation belongs to another user');

  const iat = Math.floor(deps.clock.now() / 1000);
  const exp = iat + SESSION_TOKEN_POLICY.lifetimeSeconds;
  const token = signSessionToken(
    {
      iss: deps.settings.issuer,
      aud: deps.settings.audience,
      sub: request.userId,
      tenant: tenant.tenantId,
      conversation: conversationId,
      jti: newId(),
      iat,
      nbf: iat,
      exp,
    },
    await deps.signingKey(),
  );
  return {
    token,
    expiresAt: new Date(exp * 1000).toISOString(),
    websocketUrl: deps.settings.websocketUrl,
    conversationId,
    tenantId: tenant.tenantId,
  };
}
