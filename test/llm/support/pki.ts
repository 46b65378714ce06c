// Test PKI: a CA, a server certificate for a host name and a client certificate (node-forge + native RSA keys).
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestPki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    forgePrivate: forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ) as forge.pki.rsa.PrivateKey,
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function certificate(
  subjectCn: string,
  publicKey: forge.pki.PublicKey,
  issuer: { cn: string; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
  serial: string,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  cert.setIssuer([{ name: 'commonName', value: issuer.cn }]);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

export function createTestPki(serverHost: string): TestPki {
  const ca = keyPair();
  const caCert = certificate(
    'Test CA',
    ca.forgePublic,
    { cn: 'Test CA', key: ca.forgePrivate },
    [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true },
    ],
    '01',
  );
  const server = keyPair();
  const serverCert = certificate(
    serverHost,
    server.forgePublic,
    { cn: 'Test CA', key: ca.forgePrivate },
    [
      { name: 'subjectAltName', altNames: [{ type: 2, value: serverHost }] },
      { name: 'extKeyUsage', serverAuth: true },
    ],
    '02',
  );
  const client = keyPair();
  const clientCert = certificate(
    'tenant-acme',
    client.forgePublic,
    { cn: 'Test CA', key: ca.forgePrivate },
    [{ name: 'extKeyUsage', clientAuth: true }],
    '03',
  );
  return {
    caCert: forge.pki.certificateToPem(caCert),
    serverCert: forge.pki.certificateToPem(serverCert),
    serverKey: server.privatePem,
    clientCert: forge.pki.certificateToPem(clientCert),
    clientKey: client.privatePem,
  };
}
