// The mTLS token endpoint and the local PKI: ALB verify-mode headers, refusals, certificate reuse.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateIdentityFromPem } from '../../lambdas/shared/partner-certificate';
import { createRuntimeLog } from '../../local/console-log';
import { ensureLocalPki, type LocalPki } from '../../local/pki/local-ca';
import { closeServer, listen } from '../../local/services/http-util';
import { createTokenEndpoint } from '../../local/token-endpoint';
import { postJson } from './support/runtime-client';

const dir = mkdtempSync(join(tmpdir(), 'livechat-pki-'));
const otherDir = mkdtempSync(join(tmpdir(), 'livechat-pki-other-'));
let pki: LocalPki;
let foreign: LocalPki;
let server: Server;
let url: string;
const events: any[] = [];

beforeAll(async () => {
  pki = await ensureLocalPki(dir, ['acme', 'globex']);
  foreign = await ensureLocalPki(otherDir, ['acme']);
  server = createTokenEndpoint({
    caPem: pki.ca.cert,
    serverCertPem: pki.server.cert,
    serverKeyPem: pki.server.key,
    targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:000000000000:targetgroup/tokens/local',
    tokenIssuer: async (event) => {
      events.push(event);
      return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    },
    log: createRuntimeLog('quiet', () => undefined),
  }) as unknown as Server;
  url = `https://localhost:${await listen(server, 0)}/v1/session-tokens`;
});

afterAll(async () => {
  await closeServer(server);
  rmSync(dir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});

const tls = (p: LocalPki, tenant: string) => ({
  ca: Buffer.from(pki.ca.cert),
  cert: Buffer.from(p.clients[tenant]!.cert),
  key: Buffer.from(p.clients[tenant]!.key),
});

describe('local PKI', () => {
  it('issues client certificates for client auth, chained to the CA', () => {
    const ca = new X509Certificate(pki.ca.cert);
    const client = new X509Certificate(pki.clients.acme!.cert);
    expect(client.checkIssued(ca)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.subject).toContain('O=acme');
    expect(new X509Certificate(pki.server.cert).checkHost('localhost')).toBe('localhost');
  });

  it('reuses the files on the next start', async () => {
    const again = await ensureLocalPki(dir, ['acme', 'globex']);
    expect(again.generated).toBe(false);
    expect(again.clients.acme!.cert).toBe(pki.clients.acme!.cert);
  });
});

describe('token endpoint', () => {
  it('invokes the issuer with an ALB event carrying the verify-mode mTLS headers and dropping spoofed ones', async () => {
    events.length = 0;
    const res = await new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          ...tls(pki, 'globex'),
          headers: { 'content-type': 'application/json', 'x-amzn-mtls-clientcert-leaf': 'forged' },
        },
        (r) => {
          r.resume();
          r.on('end', () => resolve({ status: r.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end('{"userId":"u-1"}');
    });
    expect(res.status).toBe(201);
    const event = events[0];
    expect(event).toMatchObject({
      httpMethod: 'POST',
      path: '/v1/session-tokens',
      body: '{"userId":"u-1"}',
      isBase64Encoded: false,
    });
    expect(event.requestContext.elb.targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:/);
    const headers = event.headers as Record<string, string>;
    const leaf = decodeURIComponent(headers['x-amzn-mtls-clientcert-leaf']!);
    expect(certificateIdentityFromPem(leaf).certKey).toBe(
      certificateIdentityFromPem(pki.clients.globex!.cert).certKey,
    );
    expect(headers['x-amzn-mtls-clientcert-serial-number']).toBe(
      new X509Certificate(pki.clients.globex!.cert).serialNumber,
    );
    expect(headers['x-amzn-mtls-clientcert-issuer']).toBe('O=Live Chat Local,CN=Live Chat Local Partner CA');
    expect(headers['x-amzn-mtls-clientcert-subject']).toContain('O=globex');
    expect(headers['x-amzn-mtls-clientcert-validity']).toMatch(
      /^NotBefore=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ;NotAfter=/,
    );
    expect(headers['x-forwarded-proto']).toBe('https');
  });

  it('refuses a client without a certificate and one whose certificate another CA issued', async () => {
    await expect(postJson(url, {}, { ca: Buffer.from(pki.ca.cert) })).rejects.toThrow();
    await expect(postJson(url, {}, tls(foreign, 'acme'))).rejects.toThrow();
  });
});
