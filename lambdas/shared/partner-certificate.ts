// Partner client certificates: the lookup key (`certKey`) derived from the certificate the ALB verified.
import { createHash, X509Certificate } from 'node:crypto';

/** Serial numbers as upper-case hex without separators or leading zeros, whatever the source's format. */
export function canonicalSerial(serial: string): string {
  const hex = serial.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{1,64}$/.test(hex)) throw new Error('certificate serial is not hex');
  return hex.replace(/^0+(?=.)/, '');
}

/** SHA-256 (hex) over `issuer|serial`: the `certKey` of `PartnerCertificate` and the tenants GSI `byCertificate`. */
export const partnerCertificateKey = (issuer: string, serial: string): string =>
  createHash('sha256')
    .update(`${issuer}|${canonicalSerial(serial)}`, 'utf8')
    .digest('hex');

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
 * into the identity the tenants table is keyed by. Issuer and subject use node:crypto's rendering,
 * so registration and lookup always derive the same key from the same certificate.
 */
export function certificateIdentityFromPem(pem: string): CertificateIdentity {
  const certificate = new X509Certificate(pem);
  const serialNumber = canonicalSerial(certificate.serialNumber);
  return {
    certKey: partnerCertificateKey(certificate.issuer, serialNumber),
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}
