// (event) --> caller: the tenant, user, conversation and connection a frame comes from, only from the authorizer.
import { ID_PATTERN } from '../shared/definitions';

const USER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
const CONNECTION_ID_PATTERN = /^[A-Za-z0-9_+/=-]{1,128}$/;

/** Who sent a frame. The tenant comes from the `$connect` authorizer's context, never from the frame. */
export interface Caller {
  readonly tenantId: string;
  readonly userId: string;
  readonly conversationId: string;
  readonly connectionId: string;
}

export class CallerError extends Error {}

/** Reads the caller defensively: API Gateway passes context values as strings, numbers or booleans. */
export function readCaller(requestContext: unknown): Caller {
  const context = (requestContext ?? {}) as Record<string, unknown>;
  const authorizer = (context.authorizer ?? {}) as Record<string, unknown>;
  const field = (source: Record<string, unknown>, name: string, pattern: RegExp): string => {
    const value = source[name];
    if (typeof value !== 'string' || !pattern.test(value))
      throw new CallerError(`missing or malformed ${name}`);
    return value;
  };
  return {
    tenantId: field(authorizer, 'tenantId', ID_PATTERN),
    userId: field(authorizer, 'userId', USER_ID_PATTERN),
    conversationId: field(authorizer, 'conversationId', ID_PATTERN),
    connectionId: field(context, 'connectionId', CONNECTION_ID_PATTERN),
  };
}
