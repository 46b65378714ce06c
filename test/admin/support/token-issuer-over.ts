// Test helper: the token issuer's handler reading partner certificates from the admin API's tenants table.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTenantStore } from '../../../lambdas/shared/adapters/dynamodb-tenant-store';
import { verifySessionToken } from '../../../lambdas/shared/session-token';
import { createTokenIssuerHandler } from '../../../lambdas/token-issuer/app';
import { albMtlsHeadersFor } from '../../../lambdas/token-issuer/partner-identity';
import { FakeConversations, FakeRateLimiter, recordingLogger } from '../../tokens/support/fakes';
import { ISSUER, audienceOf, keyKit } from '../../tokens/support/token-kit';

/** Calls the token issuer with an ALB mTLS event for `pem`; `tenantId` is the verified token's tenant claim. */
export function tokenIssuerOver(doc: DynamoDBDocumentClient, tenantsTable: string) {
  const kit = keyKit();
  const audience = audienceOf('eu-west-1');
  const clock = { now: () => Date.now() };
  const handler = createTokenIssuerHandler({
    logger: recordingLogger().logger,
    tenants: new DynamoDbTenantStore(doc, tenantsTable, { ttlMs: 0 }),
    rateLimiter: new FakeRateLimiter(),
    conversations: new FakeConversations(),
    signingKey: async () => kit.signingKey,
    clock,
    settings: { issuer: ISSUER, audience, websocketUrl: 'wss://chat.example.com/ws' },
  });
  return async (pem: string) => {
    const result = await handler(
      {
        requestContext: {
          elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/t/1' },
        },
        httpMethod: 'POST',
        path: '/v1/session-tokens',
        queryStringParameters: {},
        headers: { 'content-type': 'application/json', ...albMtlsHeadersFor(pem) },
        body: JSON.stringify({ userId: 'user-1' }),
        isBase64Encoded: false,
      },
      {} as never,
    );
    const body = JSON.parse(result.body ?? 'null');
    const verified =
      result.statusCode === 201
        ? verifySessionToken(body.token, kit.resolver, {
            issuer: ISSUER,
            audience,
            nowSeconds: clock.now() / 1000,
          })
        : undefined;
    return { ...result, tenantId: verified?.ok ? verified.claims.tenant : undefined };
  };
}
