// Use cases: register, list and revoke a tenant's partner client certificates (certKey = SHA-256 of the leaf DER).
import { X509Certificate } from 'node:crypto';
import {
  canonicalSerial as sharedCanonicalSerial,
  partnerCertificateKey,
} from '../../shared/partner-certificate';
import type { PartnerCertificate } from '../../shared/types';
import { AdminError, ConflictError } from '../errors';
import { assertTenantAccess, recordAudit, type AdminCall, type AdminDeps } from './context';
import { loadTenant } from './tenant-settings';

/** Serial as upper-case hex without separators or leading zeros (the token API's canonical form). */
function canonicalSerial(serial: string): string {
  try {
    return sharedCanonicalSerial(serial);
  } catch {
    throw new AdminError('bad_request', 'certificate serial is not hex');
  }
}

/**
 * Reads the registered PEM the way the token API reads the ALB's leaf certificate: the same certKey
 * (SHA-256 of the DER), issuer and subject in node:crypto's rendering, the canonical serial.
 */
export function describeCertificate(pem: string): Omit<PartnerCertificate, 'tenantId' | 'status'> & {
  notBefore: string;
  isCa: boolean;
} {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1)
    throw new AdminError('bad_request', 'certificatePem must hold exactly one certificate');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new AdminError('bad_request', 'certificatePem is not a valid X.509 certificate');
  }
  return {
    certKey: partnerCertificateKey(cert),
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: canonicalSerial(cert.serialNumber),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    isCa: cert.ca,
  };
}

export async function listCertificates(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
): Promise<PartnerCertificate[]> {
  assertTenantAccess(call, tenantId);
  await loadTenant(deps, tenantId);
  return deps.tenants.listCertificates(tenantId);
}

/**
 * POST …/certificates: 1. parse, 2. refuse CA/expired certs, 3. conditional claim + put (a certificate is
 * bound to one tenant only: registered here or to another tenant → 409), 4. audit.
 */
export async function registerCertificate(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  certificatePem: string,
): Promise<PartnerCertificate> {
  assertTenantAccess(call, tenantId);
  await loadTenant(deps, tenantId);
  const described = describeCertificate(certificatePem);
  if (described.isCa) throw new AdminError('bad_request', 'a CA certificate cannot be a client certificate');
  if (Date.parse(described.notAfter) <= deps.clock.now()) {
    throw new AdminError('bad_request', 'certificate has expired');
  }
  const certificate: PartnerCertificate = {
    tenantId,
    certKey: described.certKey,
    subject: described.subject,
    issuer: described.issuer,
    serialNumber: described.serialNumber,
    status: 'active',
    notAfter: described.notAfter,
  };
  try {
    await deps.tenants.putCertificate(certificate);
  } catch (error) {
    if (error instanceof ConflictError) throw new AdminError('conflict', 'certificate already registered');
    throw error;
  }
  await recordAudit(deps, call, { tenantId, action: 'certificate.register', after: certificate });
  return certificate;
}

/** POST …/certificates/{certKey}/revoke: the token API refuses the certificate on its next lookup. */
export async function revokeCertificate(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  certKey: string,
): Promise<PartnerCertificate> {
  assertTenantAccess(call, tenantId);
  const before = await deps.tenants.getCertificate(tenantId, certKey);
  if (!before) throw new AdminError('not_found', 'certificate not found');
  if (before.status === 'revoked') return before;
  await deps.tenants.revokeCertificate(tenantId, certKey);
  const after: PartnerCertificate = { ...before, status: 'revoked' };
  await recordAudit(deps, call, { tenantId, action: 'certificate.revoke', before, after });
  return after;
}
