// The local PKI: a CA, the token endpoint's server certificate and one partner client certificate per tenant.
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';

export interface PemPair {
  /** Absolute paths. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

export interface LocalPki {
  readonly ca: PemPair;
  readonly server: PemPair;
  readonly clients: Readonly<Record<string, PemPair>>;
  /** Whether anything was generated on this start (false when every file was reused). */
  readonly generated: boolean;
}

const VALIDITY_DAYS = 825;

function newKeys(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function baseCertificate(
  publicKey: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // 128-bit positive serial (leading 0x01 keeps the DER integer positive).
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + VALIDITY_DAYS * 86_400_000);
  cert.setSubject(subject);
  return cert;
}

async function writePair(dir: string, name: string, cert: string, key: string): Promise<PemPair> {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  await writeFile(certFile, cert);
  await writeFile(keyFile, key, { mode: 0o600 });
  return { certFile, keyFile, cert, key };
}

async function readPair(dir: string, name: string): Promise<PemPair | undefined> {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  const cert = await readFile(certFile, 'utf8');
  const key = await readFile(keyFile, 'utf8');
  const parsed = new X509Certificate(cert);
  if (Date.parse(parsed.validTo) < Date.now() + 86_400_000) return undefined;
  return { certFile, keyFile, cert, key };
}

function createCa(): { cert: string; key: string } {
  const keys = newKeys();
  const cert = baseCertificate(keys.publicKey, [
    { name: 'commonName', value: 'Live Chat Local Partner CA' },
    { name: 'organizationName', value: 'Live Chat Local' },
  ]);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}

function issue(
  ca: PemPair,
  subject: forge.pki.CertificateField[],
  extensions: object[],
): { cert: string; key: string } {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const keys = newKeys();
  const cert = baseCertificate(keys.publicKey, subject);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...extensions,
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}

/** Loads the PKI under `dir`, generating whatever is missing or about to expire (a new CA re-issues everything). */
export async function ensureLocalPki(dir: string, tenantIds: readonly string[]): Promise<LocalPki> {
  await mkdir(join(dir, 'clients'), { recursive: true });
  let generated = false;
  let ca = await readPair(dir, 'ca');
  if (!ca) {
    const created = createCa();
    ca = await writePair(dir, 'ca', created.cert, created.key);
    generated = true;
  }
  const caIsNew = generated;
  const issuedBy = (pair: PemPair | undefined) =>
    pair && !caIsNew && new X509Certificate(pair.cert).checkIssued(new X509Certificate(ca.cert))
      ? pair
      : undefined;

  let server = issuedBy(await readPair(dir, 'server'));
  if (!server) {
    const created = issue(
      ca,
      [{ name: 'commonName', value: 'localhost' }],
      [
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    );
    server = await writePair(dir, 'server', created.cert, created.key);
    generated = true;
  }

  const clients: Record<string, PemPair> = {};
  for (const tenantId of tenantIds) {
    let client = issuedBy(await readPair(join(dir, 'clients'), tenantId));
    if (!client) {
      const created = issue(
        ca,
        [
          { name: 'commonName', value: `${tenantId} partner backend` },
          { name: 'organizationName', value: tenantId },
        ],
        [
          { name: 'keyUsage', digitalSignature: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      );
      client = await writePair(join(dir, 'clients'), tenantId, created.cert, created.key);
      generated = true;
    }
    clients[tenantId] = client;
  }
  return { ca, server, clients, generated };
}
