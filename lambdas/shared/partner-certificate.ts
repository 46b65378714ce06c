// Partner client certificates: the lookup key (`certKey`) derived from the certificate the ALB verified.
import { createHash, X509Certificate } from 'node:crypto';

/** Serial numbers as upper-case hex without separators or leading zeros, whatever the source's format. */
export function canonicalSerial(serial: string): string {
  const hex = serial.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{1,64}$/.test(hex)) throw new Error('certificate serial is not hex');
  return hex.replace(/^0+(?=.)/, '');
}

/**
 * The `certKey` of `PartnerCertificate` and the tenants GSI `byCertificate`: the SHA-256 fingerprint of the
 * leaf certificate's DER encoding, lower-case hex without separators. Issuer DN and serial are public and
 * can be copied into a certificate from another chain; the fingerprint names exactly one certificate.
 * Every producer (admin registration, local seeding) and consumer (token issuer) derives it here.
 */
export function partnerCertificateKey(certificate: X509Certificate | string): string {
  const x509 = typeof certificate === 'string' ? new X509Certificate(certificate) : certificate;
  return createHash('sha256').update(x509.raw).digest('hex');
}

export interface CertificateIdentity {
  readonly certKey: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Reads a PEM certificate (the ALB's `x-amzn-mtls-clientcert-leaf`, or the file an admin registers)
 * into the identity the tenants table is keyed by: the DER fingerprint, plus issuer, subject and serial
 * (node:crypto's rendering) for display, audit and the serial-header cross-check.
 */
export function certificateIdentityFromPem(pem: string): CertificateIdentity {
  const certificate = new X509Certificate(pem);
  return {
    certKey: partnerCertificateKey(certificate),
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: canonicalSerial(certificate.serialNumber),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}
