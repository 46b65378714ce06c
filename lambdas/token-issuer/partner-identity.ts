// (ALB mTLS headers) --> partner identity: the verified client certificate the ALB forwarded, read defensively.
import {
  canonicalSerial,
  certificateIdentityFromPem,
  type CertificateIdentity,
} from '../shared/partner-certificate';
import { HttpError } from '../shared/http-errors';

/** Headers the ALB adds in mutual-TLS verify mode (lower-case, as the ALB Lambda event carries them). */
export const MTLS_HEADERS = {
  leaf: 'x-amzn-mtls-clientcert-leaf',
  serialNumber: 'x-amzn-mtls-clientcert-serial-number',
  issuer: 'x-amzn-mtls-clientcert-issuer',
  subject: 'x-amzn-mtls-clientcert-subject',
  validity: 'x-amzn-mtls-clientcert-validity',
} as const;

const MAX_LEAF_HEADER_CHARS = 16_384;

const unauthorized = () =>
  new HttpError(401, 'unauthorized', 'A valid partner client certificate is required');

/**
 * Reads the partner's certificate from the URL-encoded PEM leaf header. The ALB already verified the
 * chain against the trust store and its revocation list; this re-checks the validity window and that
 * the serial header agrees with the leaf, and derives the tenants-table lookup key from the leaf.
 */
export function partnerIdentityFromHeaders(
  headers: Record<string, string | undefined>,
  nowMs: number,
): CertificateIdentity {
  const leaf = headers[MTLS_HEADERS.leaf];
  if (!leaf || leaf.length > MAX_LEAF_HEADER_CHARS) throw unauthorized();
  let identity: CertificateIdentity;
  try {
    identity = certificateIdentityFromPem(decodeURIComponent(leaf));
  } catch {
    throw unauthorized();
  }
  const serialHeader = headers[MTLS_HEADERS.serialNumber];
  if (serialHeader !== undefined) {
    let serial: string | undefined;
    try {
      serial = canonicalSerial(serialHeader);
    } catch {
      serial = undefined;
    }
    if (serial !== identity.serialNumber) throw unauthorized();
  }
  if (nowMs < identity.notBefore.getTime() || nowMs > identity.notAfter.getTime()) throw unauthorized();
  return identity;
}

/**
 * The mTLS headers an ALB in verify mode adds for a client certificate, for the local runtime's ALB
 * emulation and tests. The issuer reads the leaf (and cross-checks the serial); the other headers
 * are informational, rendered here from node:crypto's view of the certificate.
 */
export function albMtlsHeadersFor(pem: string): Record<string, string> {
  const identity = certificateIdentityFromPem(pem);
  return {
    [MTLS_HEADERS.leaf]: encodeURIComponent(pem),
    [MTLS_HEADERS.serialNumber]: identity.serialNumber,
    [MTLS_HEADERS.issuer]: identity.issuer.split('\n').reverse().join(','),
    [MTLS_HEADERS.subject]: identity.subject.split('\n').reverse().join(','),
    [MTLS_HEADERS.validity]: `NotBefore=${identity.notBefore.toISOString()};NotAfter=${identity.notAfter.toISOString()}`,
  };
}
