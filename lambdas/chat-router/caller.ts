// (event) --> caller: the tenant, user, conversation and connection a frame comes from, only from the authorizer.
import { readAuthorizerContext } from '../shared/authorizer-context';
import { CONNECTION_ID_PATTERN } from '../shared/definitions';

/** Who sent a frame. The tenant comes from the `$connect` authorizer's context, never from the frame. */
export interface Caller {
  readonly tenantId: string;
  readonly userId: string;
  readonly conversationId: string;
  readonly connectionId: string;
}

export class CallerError extends Error {}

/** Reads the caller with the shared authorizer-context checks plus the connection id. */
export function readCaller(requestContext: unknown): Caller {
  const context = (requestContext ?? {}) as Record<string, unknown>;
  let identity;
  try {
    identity = readAuthorizerContext(context.authorizer);
  } catch (error) {
    throw new CallerError(error instanceof Error ? error.message : 'missing authorizer context');
  }
  const { connectionId } = context;
  if (typeof connectionId !== 'string' || !CONNECTION_ID_PATTERN.test(connectionId))
    throw new CallerError('missing or malformed connectionId');
  return {
    tenantId: identity.tenantId,
    userId: identity.userId,
    conversationId: identity.conversationId,
    connectionId,
  };
}
