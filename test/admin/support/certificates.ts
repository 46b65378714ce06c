// Test helper: a partner CA and client certificates (node-forge), PEM encoded.
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificate {
  readonly pem: string;
  readonly caPem: string;
}

function newCertificate(subjectCn: string, issuerCn: string, serialHex: string, ca: boolean, days: number) {
  // node:crypto generates the key (fast, native); forge only assembles and signs the certificate.
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = {
    privateKey: forge.pki.privateKeyFromPem(
      pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ),
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject([
    { name: 'commonName', value: subjectCn },
    { name: 'organizationName', value: 'Partner' },
  ]);
  cert.setIssuer([
    { name: 'commonName', value: issuerCn },
    { name: 'organizationName', value: 'Partner' },
  ]);
  cert.setExtensions([{ name: 'basicConstraints', cA: ca }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A leaf client certificate (self-signed for the test; the ALB trust store does chain validation). */
export function clientCertificate(serialHex = '01a2b3c4d5', cn = 'partner-backend'): TestCertificate {
  return { pem: newCertificate(cn, 'Partner Issuing CA', serialHex, false, 365), caPem: '' };
}

export function caCertificate(): string {
  return newCertificate('Partner Root CA', 'Partner Root CA', '0f', true, 365);
}
