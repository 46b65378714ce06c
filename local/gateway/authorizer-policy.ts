// Evaluates a Lambda REQUEST authorizer's result the way API Gateway does: 401, 403, 500 or the context.

export type AuthorizerDecision =
  | { readonly outcome: 'allow'; readonly context: Record<string, unknown> }
  | { readonly outcome: 'deny'; readonly status: 401 | 403 | 500; readonly reason: string };

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM-style wildcard match (`*` any run, `?` one character). */
function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

/** What API Gateway does with the authorizer's outcome for `methodArn`. */
export function evaluateAuthorizer(result: unknown, error: unknown, methodArn: string): AuthorizerDecision {
  if (error !== undefined) {
    // A Lambda authorizer signals 401 by throwing exactly "Unauthorized"; anything else is a 500.
    const message = error instanceof Error ? error.message : String(error);
    return message === 'Unauthorized'
      ? { outcome: 'deny', status: 401, reason: 'authorizer threw Unauthorized' }
      : { outcome: 'deny', status: 500, reason: `authorizer failed: ${message}` };
  }
  const response = result as
    | {
        principalId?: unknown;
        policyDocument?: { Statement?: Statement[] };
        context?: Record<string, unknown>;
      }
    | undefined;
  const statements = response?.policyDocument?.Statement;
  if (!response || typeof response.principalId !== 'string' || !Array.isArray(statements)) {
    return { outcome: 'deny', status: 500, reason: 'authorizer returned no principalId/policyDocument' };
  }
  const applies = (s: Statement) =>
    list(s.Action).some((a) => matches(a, 'execute-api:Invoke')) &&
    list(s.Resource).some((r) => matches(r, methodArn));
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) {
    return { outcome: 'deny', status: 403, reason: 'policy denies' };
  }
  if (!statements.some((s) => s.Effect === 'Allow' && applies(s))) {
    return { outcome: 'deny', status: 403, reason: 'policy does not allow' };
  }
  const context = response.context ?? {};
  for (const [name, value] of Object.entries(context)) {
    if (value !== null && typeof value === 'object') {
      return {
        outcome: 'deny',
        status: 500,
        reason: `authorizer context ${name} is not a string, number or boolean`,
      };
    }
  }
  return {
    outcome: 'allow',
    context: { ...context, principalId: response.principalId, integrationLatency: 0 },
  };
}
