// Test support: an authorizer wired to fakes for one cell, and $connect events as API Gateway sends them.
import { createAuthorizerHandler, type WebSocketAuthorizerEvent } from '../../../lambdas/authorizer/app';
import { parseOriginVerifySecret } from '../../../lambdas/authorizer/origin-verify';
import { ORIGIN_VERIFY_HEADER } from '../../../lambdas/shared/definitions';
import type { VerificationKeyResolver } from '../../../lambdas/shared/session-token';
import { ALLOWED_ORIGIN, tenantSettings, testClock } from './fixtures';
import { FakeLedger, FakeTenantStore, recordingLogger } from './fakes';
import { ISSUER, audienceOf, keyKit } from './token-kit';

export const ORIGIN_SECRET = 'o'.repeat(40);
export const PREVIOUS_ORIGIN_SECRET = 'p'.repeat(40);
export const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111111111111:abc123/ws/$connect';

export function authorizerFor(cell: string, kit = keyKit(), tenants = defaultTenants()) {
  const ledger = new FakeLedger();
  const { logger, lines } = recordingLogger();
  let resolver: VerificationKeyResolver = kit.resolver;
  let refreshes = 0;
  const handler = createAuthorizerHandler({
    logger,
    verificationKeys: async () => resolver,
    refreshVerificationKeys: async () => {
      refreshes += 1;
      return false;
    },
    originVerifyValues: async () =>
      parseOriginVerifySecret(JSON.stringify({ current: ORIGIN_SECRET, previous: PREVIOUS_ORIGIN_SECRET })),
    tenants,
    ledger,
    clock: testClock('2026-11-23T12:00:00Z'),
    settings: { issuer: ISSUER, audience: audienceOf(cell), cell },
  });
  return {
    kit,
    ledger,
    lines,
    tenants,
    refreshes: () => refreshes,
    setResolver: (r: VerificationKeyResolver) => {
      resolver = r;
    },
    authorize: (event: WebSocketAuthorizerEvent) => handler(event, {} as never),
  };
}

function defaultTenants() {
  const tenants = new FakeTenantStore();
  tenants.tenants.set('acme', tenantSettings('acme'));
  tenants.tenants.set('initech', tenantSettings('initech', { status: 'suspended' }));
  return tenants;
}

export function connectEvent(
  token: string | undefined,
  headers: Record<string, string> = {},
  extra: Partial<WebSocketAuthorizerEvent> = {},
): WebSocketAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    headers: { Origin: ALLOWED_ORIGIN, [ORIGIN_VERIFY_HEADER]: ORIGIN_SECRET, ...headers },
    queryStringParameters: token === undefined ? {} : { token },
    requestContext: { routeKey: '$connect', connectionId: 'Abc123=' },
    ...extra,
  };
}
