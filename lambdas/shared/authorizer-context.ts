// The `$connect` authorizer's context as API Gateway hands it to every route: built once, read back with checks.
import { ID_PATTERN, USER_ID_PATTERN } from './definitions';
import type { AuthorizerContext } from './types';

/** Flat string/number map, the only shape API Gateway accepts for an authorizer context. */
export type AuthorizerContextMap = Record<string, string | number>;

export const toAuthorizerContextMap = (context: AuthorizerContext): AuthorizerContextMap => ({
  tenantId: context.tenantId,
  userId: context.userId,
  conversationId: context.conversationId,
  jti: context.jti,
  cell: context.cell,
  tokenExpiresAt: context.tokenExpiresAt,
});

/**
 * Reads the context from `event.requestContext.authorizer`; throws when it is missing or malformed
 * (a route invoked without the authorizer must never act on a guessed tenant).
 */
export function readAuthorizerContext(authorizer: unknown): AuthorizerContext {
  const raw = (authorizer ?? {}) as Record<string, unknown>;
  const text = (name: string, pattern: RegExp): string => {
    const value = raw[name];
    if (typeof value !== 'string' || !pattern.test(value)) throw new Error(`authorizer context: bad ${name}`);
    return value;
  };
  const expiresAt = Number(raw.tokenExpiresAt);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0)
    throw new Error('authorizer context: bad tokenExpiresAt');
  return {
    tenantId: text('tenantId', ID_PATTERN),
    userId: text('userId', USER_ID_PATTERN),
    conversationId: text('conversationId', ID_PATTERN),
    jti: text('jti', ID_PATTERN),
    cell: text('cell', /^[a-z0-9-]{1,32}$/),
    tokenExpiresAt: expiresAt,
  };
}
