// Test fixtures: tenants, partner certificates (generated CA + leaf with node-forge) and a fixed clock.
import forge from 'node-forge';
import { certificateIdentityFromPem } from '../../../lambdas/shared/partner-certificate';
import type { PartnerCertificate, TenantSettings } from '../../../lambdas/shared/types';

export const ALLOWED_ORIGIN = 'https://shop.example.com';

export function tenantSettings(tenantId: string, overrides: Partial<TenantSettings> = {}): TenantSettings {
  return {
    tenantId,
    displayName: `Tenant ${tenantId}`,
    status: 'active',
    allowedOrigins: [ALLOWED_ORIGIN],
    limits: {
      maxConnections: 1000,
      messagesPerMinutePerConnection: 60,
      messagesPerSecondPerTenant: 100,
      tokensPerMinute: 5,
      maxOutputTokens: 1024,
      dailyTokenBudget: 1_000_000,
      dailyCostBudgetUsd: 50,
    },
    llm: { providers: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
    securityContact: { name: 'Security', email: 'security@example.com' },
    updatedAt: '2026-11-23T00:00:00.000Z',
    ...overrides,
  };
}

export interface IssuedCertificate {
  readonly pem: string;
}

/** A test CA that issues partner client certificates, like a partner's private CA. */
export function testCertificateAuthority(commonName = 'Partner Test CA') {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const ca = forge.pki.createCertificate();
  ca.publicKey = keys.publicKey;
  ca.serialNumber = '01';
  ca.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  ca.validity.notAfter = new Date('2036-01-01T00:00:00Z');
  const caName = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Example Partner' },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([{ name: 'basicConstraints', cA: true }]);
  ca.sign(keys.privateKey, forge.md.sha256.create());
  let serial = 0x1000;
  return {
    pem: forge.pki.certificateToPem(ca),
    /** Issues a client certificate with a fresh serial. */
    issue(
      subjectCommonName: string,
      validity = { from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' },
    ) {
      const leafKeys = forge.pki.rsa.generateKeyPair(1024);
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = leafKeys.publicKey;
      serial += 1;
      leaf.serialNumber = serial.toString(16);
      leaf.validity.notBefore = new Date(validity.from);
      leaf.validity.notAfter = new Date(validity.to);
      leaf.setSubject([{ name: 'commonName', value: subjectCommonName }]);
      leaf.setIssuer(caName);
      leaf.sign(keys.privateKey, forge.md.sha256.create());
      return { pem: forge.pki.certificateToPem(leaf) } satisfies IssuedCertificate;
    },
  };
}

/** The tenant's registration record of a partner certificate, keyed and described from its PEM. */
export function partnerCertificateRecord(
  tenantId: string,
  pem: string,
  status: PartnerCertificate['status'] = 'active',
): PartnerCertificate {
  const identity = certificateIdentityFromPem(pem);
  return {
    tenantId,
    certKey: identity.certKey,
    subject: identity.subject,
    issuer: identity.issuer,
    serialNumber: identity.serialNumber,
    status,
    notAfter: identity.notAfter.toISOString(),
  };
}

/** A settable clock in epoch milliseconds. */
export function testClock(startIso = '2026-11-23T12:00:00Z') {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    advanceSeconds(seconds: number) {
      now += seconds * 1000;
    },
  };
}
