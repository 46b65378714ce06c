// (REQUEST authorizer event) --> middy chain --> authorizeConnection --> IAM policy (Allow with context, or Deny).
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ORIGIN_VERIFY_HEADER } from '../shared/definitions';
import { toAuthorizerContextMap, type AuthorizerContextMap } from '../shared/authorizer-context';
import { authorizeConnection, type AuthorizeConnectionDeps } from './authorize-connection';

/** The parts of API Gateway's WebSocket REQUEST authorizer event this handler reads. */
export interface WebSocketAuthorizerEvent {
  readonly type?: 'REQUEST';
  readonly methodArn: string;
  readonly headers?: Record<string, string | undefined> | null;
  readonly multiValueHeaders?: Record<string, string[] | undefined> | null;
  readonly queryStringParameters?: Record<string, string | undefined> | null;
  readonly multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  readonly requestContext?: { readonly routeKey?: string; readonly connectionId?: string };
}

export interface AuthorizerPolicy {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: ReadonlyArray<{ Action: string; Effect: 'Allow' | 'Deny'; Resource: string }>;
  };
  readonly context?: AuthorizerContextMap;
}

const policy = (principalId: string, effect: 'Allow' | 'Deny', resource: string): AuthorizerPolicy => ({
  principalId,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  },
});

/** A header by case-insensitive name; undefined when absent or repeated (ambiguous). */
function header(event: WebSocketAuthorizerEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const multi = Object.entries(event.multiValueHeaders ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
  if (multi && multi.length > 1) return undefined;
  return Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

function tokenParameter(event: WebSocketAuthorizerEvent): string | undefined {
  const multi = event.multiValueQueryStringParameters?.token;
  if (multi && multi.length > 1) return undefined;
  return event.queryStringParameters?.token;
}

export interface AuthorizerHandlerDeps extends AuthorizeConnectionDeps {
  readonly logger: Logger;
}

/**
 * API Gateway answers a Deny with 403 and a missing identity source (no `token`, `Origin` or
 * origin-verify header) with 401 before this function runs. Unexpected failures throw (500): fail closed.
 */
export function createAuthorizerHandler(deps: AuthorizerHandlerDeps) {
  const handle = async (event: WebSocketAuthorizerEvent): Promise<AuthorizerPolicy> => {
    const decision = await authorizeConnection(
      {
        token: tokenParameter(event),
        origin: header(event, 'origin'),
        originVerify: header(event, ORIGIN_VERIFY_HEADER),
      },
      deps,
    );
    if (!decision.allow) {
      // Cheap, structured and free of token material or user ids.
      deps.logger.warn('connection denied', { reason: decision.reason, tenantId: decision.tenantId });
      return policy('anonymous', 'Deny', event.methodArn);
    }
    deps.logger.info('connection allowed', { tenantId: decision.context.tenantId });
    return {
      ...policy(`t#${decision.context.tenantId}`, 'Allow', event.methodArn),
      context: toAuthorizerContextMap(decision.context),
    };
  };
  return middy<WebSocketAuthorizerEvent, AuthorizerPolicy>(handle).use(injectLambdaContext(deps.logger));
}
