// MCP client (flow 6): allow-lists, SSRF refusals, DNS pinning, mTLS with the tenant's certificate, size/time caps.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  isPublicAddress,
  McpRefusedError,
  McpToolClient,
  secretBoundToTenant,
  type McpClientOptions,
} from '../../lambdas/shared/adapters/mcp-client';
import type { SecretSource } from '../../lambdas/shared/ports';
import type { TenantMcpSettings } from '../../lambdas/shared/types';
import { MemoryTenants, tenant } from './support/fakes';
import { createTestPki, type TestPki } from './support/pki';

const HOST = 'mcp.partner.test';
const CONTEXT = { conversationId: 'conv-1', endUserId: 'user-1' };

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('allows %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('secretBoundToTenant', () => {
  it('accepts only the tenant’s own certificate secret', () => {
    expect(secretBoundToTenant('livechat/mcp/acme/client-certificate', 'acme')).toBe(true);
    expect(
      secretBoundToTenant(
        'arn:aws:secretsmanager:eu-west-1:111111111111:secret:livechat/mcp/acme/client-certificate-AbC123',
        'acme',
      ),
    ).toBe(true);
    expect(secretBoundToTenant('livechat/mcp/globex/client-certificate', 'acme')).toBe(false);
    expect(secretBoundToTenant('livechat/mcp/acme-europe/client-certificate', 'acme')).toBe(false);
    expect(secretBoundToTenant('livechat/mcp/acme-europe', 'acme')).toBe(false);
    expect(secretBoundToTenant('livechat/mcp/acme', 'acme')).toBe(false);
  });
});

function settings(overrides: Partial<TenantMcpSettings> = {}): TenantMcpSettings {
  return {
    endpoint: `https://${HOST}/mcp`,
    allowedHosts: [HOST],
    allowedTools: ['get_order'],
    clientCertificateSecretId: 'livechat/mcp/acme/client-certificate',
    ...overrides,
  };
}

function client(mcp: TenantMcpSettings, secret: string, options: McpClientOptions) {
  const secrets: SecretSource = { getSecretString: async () => secret };
  return new McpToolClient(new MemoryTenants([tenant('acme', { mcp }), tenant('plain')]), secrets, options);
}

describe('McpToolClient refusals (no connection is made)', () => {
  const resolveCalls: string[] = [];
  const resolve = async (host: string) => {
    resolveCalls.push(host);
    return [{ address: '93.184.216.34', family: 4 as const }];
  };
  const refused = (reason: string) => expect.objectContaining({ name: 'McpRefusedError', reason });

  it('refuses a tenant without MCP settings', async () => {
    await expect(client(settings(), '{}', { resolve }).listTools('plain')).rejects.toEqual(
      refused('not_configured'),
    );
  });

  it('refuses a host outside the allow-list', async () => {
    const c = client(settings({ endpoint: 'https://evil.example/mcp' }), '{}', { resolve });
    await expect(c.listTools('acme')).rejects.toEqual(refused('host_not_allowed'));
  });

  it('refuses plain HTTP and other ports', async () => {
    await expect(
      client(settings({ endpoint: `http://${HOST}/mcp` }), '{}', { resolve }).listTools('acme'),
    ).rejects.toEqual(refused('scheme_not_allowed'));
    await expect(
      client(settings({ endpoint: `https://${HOST}:8443/mcp` }), '{}', { resolve }).listTools('acme'),
    ).rejects.toEqual(refused('scheme_not_allowed'));
  });

  it('refuses a host that resolves to a private address, even if only one of its addresses is private', async () => {
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '169.254.169.254', family: 4 as const },
    ];
    await expect(client(settings(), '{}', { resolve: mixed }).listTools('acme')).rejects.toEqual(
      refused('address_not_allowed'),
    );
  });

  it('refuses a literal private IP endpoint', async () => {
    const c = client(settings({ endpoint: 'https://127.0.0.1/mcp', allowedHosts: ['127.0.0.1'] }), '{}', {
      resolve,
    });
    await expect(c.listTools('acme')).rejects.toEqual(refused('address_not_allowed'));
  });

  it('refuses a tool that is not allow-listed', async () => {
    await expect(
      client(settings(), '{}', { resolve }).callTool('acme', 'delete_account', {}, CONTEXT),
    ).rejects.toEqual(refused('tool_not_allowed'));
  });

  it('refuses a certificate secret that is not named for the tenant', async () => {
    const c = client(
      settings({ clientCertificateSecretId: 'livechat/mcp/globex/client-certificate' }),
      '{}',
      {
        resolve,
      },
    );
    await expect(c.listTools('acme')).rejects.toEqual(refused('secret_not_tenant_bound'));
  });

  it('refuses the certificate secret of a tenant whose id extends its own', async () => {
    const c = client(
      settings({
        clientCertificateSecretId:
          'arn:aws:secretsmanager:eu-west-1:111111111111:secret:livechat/mcp/acme-europe/client-certificate-AbC123',
      }),
      '{}',
      { resolve },
    );
    await expect(c.listTools('acme')).rejects.toEqual(refused('secret_not_tenant_bound'));
  });
});

describe('McpToolClient against a local mTLS MCP server', () => {
  let pki: TestPki;
  let server: Server;
  let port: number;
  const seen: Array<{
    method: string;
    sni?: string;
    clientCn?: string;
    session?: string;
    meta?: Record<string, unknown>;
  }> = [];
  let toolText = 'Order A1 shipped yesterday.';

  beforeAll(async () => {
    pki = createTestPki(HOST);
    server = createServer(
      {
        key: pki.serverKey,
        cert: pki.serverCert,
        ca: pki.caCert,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            id?: number;
            method: string;
            params?: { name?: string };
          };
          const socket = req.socket as TLSSocket;
          seen.push({
            method: message.method,
            sni: (socket as unknown as { servername?: string }).servername,
            clientCn: String(socket.getPeerCertificate().subject?.CN ?? ''),
            session: req.headers['mcp-session-id'] as string | undefined,
            meta: (message.params as { _meta?: Record<string, unknown> } | undefined)?._meta,
          });
          if (message.params?.name === 'slow_tool') return; // never answers
          if (message.method === 'notifications/initialized') {
            res.writeHead(202);
            res.end();
            return;
          }
          const result =
            message.method === 'initialize'
              ? {
                  protocolVersion: '2025-06-18',
                  capabilities: { tools: {} },
                  serverInfo: { name: 'partner', version: '1' },
                }
              : message.method === 'tools/list'
                ? {
                    tools: [
                      { name: 'get_order', description: 'Order status', inputSchema: { type: 'object' } },
                      { name: 'delete_account', description: 'x' },
                    ],
                  }
                : { content: [{ type: 'text', text: toolText }] };
          res.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': 'session-1' });
          res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: message.id, result })}\n\n`);
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The test host resolves to loopback; only this one address is allowed for the test. */
  const options = (extra: McpClientOptions = {}): McpClientOptions => ({
    resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    isAllowedAddress: (a) => a === '127.0.0.1',
    allowedPorts: [port],
    ...extra,
  });
  const mcp = () => settings({ endpoint: `https://${HOST}:${port}/mcp` });
  const secret = () => JSON.stringify({ cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert });

  it('lists only allow-listed tools over mTLS, pinned to the checked address', async () => {
    const tools = await client(mcp(), secret(), options()).listTools('acme');
    expect(tools.map((t) => t.name)).toEqual(['get_order']);
    expect(seen.map((s) => s.method)).toEqual(['initialize', 'notifications/initialized', 'tools/list']);
    expect(seen.every((s) => s.sni === HOST && s.clientCn === 'tenant-acme')).toBe(true);
    expect(seen[2].session).toBe('session-1');
  });

  it('reuses the tool list of a tenant instead of asking the partner every turn', async () => {
    const c = client(mcp(), secret(), options());
    await c.listTools('acme');
    const before = seen.length;
    expect((await c.listTools('acme')).map((t) => t.name)).toEqual(['get_order']);
    expect(seen.length).toBe(before);
  });

  it('calls a tool and returns its text, with the verified caller beside the model-chosen arguments', async () => {
    expect(
      await client(mcp(), secret(), options()).callTool('acme', 'get_order', { id: 'A1' }, CONTEXT),
    ).toBe('Order A1 shipped yesterday.');
    expect(seen[seen.length - 1].meta).toEqual({
      'livechat/tenant': 'acme',
      'livechat/conversation': 'conv-1',
      'livechat/endUser': 'user-1',
    });
  });

  it('refuses a response larger than the cap', async () => {
    toolText = 'x'.repeat(10_000);
    const c = client(mcp(), secret(), options({ maxResponseBytes: 2_000 }));
    await expect(c.callTool('acme', 'get_order', {}, CONTEXT)).rejects.toBeInstanceOf(McpRefusedError);
    toolText = 'Order A1 shipped yesterday.';
  });

  it('is refused by the partner when the client certificate is not from the trusted CA', async () => {
    const stranger = createTestPki(HOST);
    const before = seen.length;
    const c = client(
      mcp(),
      JSON.stringify({ cert: stranger.clientCert, key: stranger.clientKey, ca: pki.caCert }),
      options(),
    );
    await expect(c.listTools('acme')).rejects.toThrow();
    expect(seen.length).toBe(before);
  });

  it('refuses an incomplete certificate secret before connecting', async () => {
    const before = seen.length;
    await expect(
      client(mcp(), JSON.stringify({ cert: pki.clientCert }), options()).listTools('acme'),
    ).rejects.toEqual(expect.objectContaining({ reason: 'not_configured' }));
    expect(seen.length).toBe(before);
  });

  it('gives up on a partner that does not answer in time', async () => {
    const c = client(
      settings({ endpoint: `https://${HOST}:${port}/mcp`, allowedTools: ['get_order', 'slow_tool'] }),
      secret(),
      options({ timeoutMs: 300 }),
    );
    await expect(c.callTool('acme', 'slow_tool', {}, CONTEXT)).rejects.toEqual(
      expect.objectContaining({ reason: 'timeout' }),
    );
  });
});
