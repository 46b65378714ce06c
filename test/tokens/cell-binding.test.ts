// ADR 0010: tokens are bound to their issuing cell: a token minted in cell A is refused by cell B's authorizer.
import { createTokenIssuerHandler } from '../../lambdas/token-issuer/app';
import { certificateIdentityFromPem } from '../../lambdas/shared/partner-certificate';
import {
  partnerCertificateRecord,
  tenantSettings,
  testCertificateAuthority,
  testClock,
} from './support/fixtures';
import { FakeConversations, FakeRateLimiter, FakeTenantStore, recordingLogger } from './support/fakes';
import { ISSUER, audienceOf, keyKit } from './support/token-kit';
import { authorizerFor, connectEvent } from './support/authorizer-kit';

const ca = testCertificateAuthority();
const cert = ca.issue('acme-backend');

/** One cell: its own key set, its own audience and websocketUrl, sharing the replicated tenant data. */
function cell(region: string, tenants: FakeTenantStore) {
  const kit = keyKit();
  const { logger } = recordingLogger();
  const issuer = createTokenIssuerHandler({
    logger,
    tenants,
    rateLimiter: new FakeRateLimiter(),
    conversations: new FakeConversations(),
    signingKey: async () => kit.signingKey,
    clock: testClock(),
    settings: {
      issuer: ISSUER,
      audience: audienceOf(region),
      websocketUrl: `wss://${region}.chat.example.com/ws`,
    },
  });
  const authorizer = authorizerFor(region, kit, tenants);
  const mint = async () => {
    const identity = certificateIdentityFromPem(cert.pem);
    const res = await issuer(
      {
        requestContext: { elb: { targetGroupArn: 'tg' } },
        httpMethod: 'POST',
        path: '/v1/session-tokens',
        headers: {
          'content-type': 'application/json',
          'x-amzn-mtls-clientcert-leaf': encodeURIComponent(cert.pem),
          'x-amzn-mtls-clientcert-serial-number': identity.serialNumber,
        },
        body: JSON.stringify({ userId: 'user-1' }),
        isBase64Encoded: false,
      },
      {} as never,
    );
    return JSON.parse(res.body ?? '{}') as { token: string; websocketUrl: string };
  };
  return { kit, mint, authorizer };
}

function replicatedTenants() {
  const tenants = new FakeTenantStore();
  tenants.tenants.set('acme', tenantSettings('acme'));
  const registered = partnerCertificateRecord('acme', cert.pem);
  tenants.certificates.set(registered.certKey, registered);
  return tenants;
}

const effect = (p: { policyDocument: { Statement: ReadonlyArray<{ Effect: string }> } }) =>
  p.policyDocument.Statement[0]?.Effect;

describe('cell-bound session tokens', () => {
  it('names the issuing cell in the websocketUrl and the audience', async () => {
    const a = cell('eu-west-1', replicatedTenants());
    const issued = await a.mint();
    const payload = JSON.parse(Buffer.from(issued.token.split('.')[1]!, 'base64url').toString());
    expect(payload.aud).toBe(audienceOf('eu-west-1'));
    expect(issued.websocketUrl).toBe('wss://eu-west-1.chat.example.com/ws');
  });

  it("refuses cell A's token in cell B even when B knows A's public keys", async () => {
    const tenants = replicatedTenants();
    const a = cell('eu-west-1', tenants);
    const b = cell('us-east-1', tenants);
    // Worst case for B: it trusts A's key too (a shared or leaked key set), so only `aud` separates them.
    b.authorizer.setResolver((kid) => a.kit.resolver(kid) ?? b.kit.resolver(kid));
    const issued = await a.mint();
    const inB = await b.authorizer.authorize(connectEvent(issued.token));
    expect(effect(inB)).toBe('Deny');
    expect(b.authorizer.lines.join('\n')).toContain('"reason":"wrong_audience"');
    expect(b.authorizer.ledger.used.size).toBe(0);
  });

  it('lets a token be used once in its own cell and never again in any cell', async () => {
    const tenants = replicatedTenants();
    const a = cell('eu-west-1', tenants);
    const b = cell('us-east-1', tenants);
    const issued = await a.mint();
    expect(effect(await a.authorizer.authorize(connectEvent(issued.token)))).toBe('Allow');
    expect(effect(await a.authorizer.authorize(connectEvent(issued.token)))).toBe('Deny');
    expect(effect(await b.authorizer.authorize(connectEvent(issued.token)))).toBe('Deny');
  });

  it('after a failover the client gets a fresh token from the surviving cell, which that cell accepts', async () => {
    const tenants = replicatedTenants();
    const b = cell('us-east-1', tenants);
    const fresh = await b.mint();
    expect(effect(await b.authorizer.authorize(connectEvent(fresh.token)))).toBe('Allow');
  });
});
