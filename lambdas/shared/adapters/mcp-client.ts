// PartnerToolClient over the tenant's MCP server (flow 6): HTTPS + mTLS, host and tool allow-lists, SSRF-safe.
// Every DNS answer is checked, the connection is pinned to the checked address, and responses are size/time capped.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { PartnerToolClient, ToolCallContext, ToolSpec } from '../../llm-worker/ports';
import { MCP_CLIENT_CERTIFICATE_SECRET } from '../definitions';
import type { SecretSource, TenantStore } from '../ports';
import type { TenantMcpSettings } from '../types';

export class McpRefusedError extends Error {
  constructor(
    readonly reason:
      | 'not_configured'
      | 'host_not_allowed'
      | 'scheme_not_allowed'
      | 'address_not_allowed'
      | 'tool_not_allowed'
      | 'secret_not_tenant_bound'
      | 'response_too_large'
      | 'timeout'
      | 'protocol_error',
    message: string,
  ) {
    super(message);
    this.name = 'McpRefusedError';
  }
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export interface McpClientOptions {
  /** Resolves every address of a host. @default node:dns lookup with `all: true` */
  readonly resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Whether an address may be dialled. @default isPublicAddress (refuses private, loopback, link-local…) */
  readonly isAllowedAddress?: (address: string) => boolean;
  /** Whole-call timeout. @default 5_000 ms */
  readonly timeoutMs?: number;
  /** Largest response body accepted. @default 65_536 bytes */
  readonly maxResponseBytes?: number;
  /** Largest tool result handed to the model. @default 8_000 chars */
  readonly maxResultChars?: number;
  /** TCP ports an endpoint may use (the worker's security group opens 443 only). @default [443] */
  readonly allowedPorts?: readonly number[];
}

/** Addresses that must never be dialled from the worker (RFC 6890 special-purpose, cloud metadata, …). */
const BLOCKED_V4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED_V4.addSubnet(net, prefix, 'ipv4');
// A separate list: Node matches IPv4 addresses against IPv4-mapped IPv6 rules of the same list.
const BLOCKED_V6 = new BlockList();
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED_V6.addSubnet(net, prefix, 'ipv6');

/** True only for globally routable unicast addresses. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]);
  }
  return family === 4 ? !BLOCKED_V4.check(address, 'ipv4') : !BLOCKED_V6.check(address, 'ipv6');
}

/** The tenant's certificate secret must be exactly its own (`livechat/mcp/<tenantId>/client-certificate`), so config cannot borrow another's. */
export function secretBoundToTenant(secretId: string, tenantId: string): boolean {
  return MCP_CLIENT_CERTIFICATE_SECRET.isOfTenant(secretId, tenantId);
}

interface Session {
  readonly id?: string;
  readonly openedAt: number;
}

const PROTOCOL_VERSION = '2025-06-18';
const TOOL_LIST_TTL_MS = 300_000;

export class McpToolClient implements PartnerToolClient {
  private readonly resolve: (host: string) => Promise<ResolvedAddress[]>;
  private readonly isAllowedAddress: (address: string) => boolean;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxResultChars: number;
  private readonly allowedPorts: readonly number[];
  private readonly sessions = new Map<string, Session>();
  /** Tool lists per tenant for a few minutes, so a turn does not wait on `tools/list` every time. */
  private readonly toolLists = new Map<string, { tools: ToolSpec[]; at: number; endpoint: string }>();
  private requestId = 0;

  constructor(
    private readonly tenants: TenantStore,
    private readonly secrets: SecretSource,
    options: McpClientOptions = {},
  ) {
    this.resolve =
      options.resolve ??
      (async (host) =>
        (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
          address: a.address,
          family: a.family as 4 | 6,
        })));
    this.isAllowedAddress = options.isAllowedAddress ?? isPublicAddress;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 65_536;
    this.maxResultChars = options.maxResultChars ?? 8_000;
    this.allowedPorts = options.allowedPorts ?? [443];
  }

  async listTools(tenantId: string): Promise<ToolSpec[]> {
    const settings = await this.settings(tenantId);
    const cached = this.toolLists.get(tenantId);
    if (cached && cached.endpoint === settings.endpoint && Date.now() - cached.at < TOOL_LIST_TTL_MS) {
      return cached.tools.filter((t) => settings.allowedTools.includes(t.name));
    }
    const tools = await this.fetchTools(tenantId, settings);
    this.toolLists.set(tenantId, { tools, at: Date.now(), endpoint: settings.endpoint });
    return tools;
  }

  private async fetchTools(tenantId: string, settings: TenantMcpSettings): Promise<ToolSpec[]> {
    const result = (await this.call(tenantId, settings, 'tools/list', {})) as { tools?: unknown[] };
    const tools = Array.isArray(result?.tools) ? result.tools : [];
    return tools
      .map((t) => t as { name?: unknown; description?: unknown; inputSchema?: unknown })
      .filter((t) => typeof t.name === 'string' && settings.allowedTools.includes(t.name))
      .map((t) => ({
        name: String(t.name),
        description: typeof t.description === 'string' ? t.description.slice(0, 500) : '',
        inputSchema:
          t.inputSchema && typeof t.inputSchema === 'object'
            ? (t.inputSchema as Record<string, unknown>)
            : { type: 'object' },
      }));
  }

  async callTool(
    tenantId: string,
    name: string,
    args: Record<string, unknown>,
    context: ToolCallContext,
  ): Promise<string> {
    const settings = await this.settings(tenantId);
    if (!settings.allowedTools.includes(name))
      throw new McpRefusedError('tool_not_allowed', `Tool ${name} is not allow-listed`);
    const result = (await this.call(tenantId, settings, 'tools/call', {
      name,
      arguments: args,
      // Set by us from verified records; the partner authorises the call for this end user.
      _meta: {
        'livechat/tenant': tenantId,
        'livechat/conversation': context.conversationId,
        ...(context.endUserId ? { 'livechat/endUser': context.endUserId } : {}),
      },
    })) as {
      content?: Array<{ type?: string; text?: unknown }>;
      isError?: boolean;
    };
    const text = (result?.content ?? [])
      .filter((c) => c?.type === 'text' && typeof c.text === 'string')
      .map((c) => String(c.text))
      .join('\n');
    const capped = text.slice(0, this.maxResultChars);
    return result?.isError ? `Tool error: ${capped}` : capped;
  }

  private async settings(tenantId: string): Promise<TenantMcpSettings> {
    const tenant = await this.tenants.getTenant(tenantId);
    if (!tenant?.mcp) throw new McpRefusedError('not_configured', 'Tenant has no MCP server');
    return tenant.mcp;
  }

  private async call(
    tenantId: string,
    settings: TenantMcpSettings,
    method: string,
    params: unknown,
  ): Promise<unknown> {
    let session = this.sessions.get(tenantId);
    if (!session || Date.now() - session.openedAt > 300_000) {
      session = await this.initialize(tenantId, settings);
      this.sessions.set(tenantId, session);
    }
    try {
      return await this.rpc(tenantId, settings, session, method, params);
    } catch (error) {
      this.sessions.delete(tenantId);
      throw error;
    }
  }

  private async initialize(tenantId: string, settings: TenantMcpSettings): Promise<Session> {
    const response = await this.post(tenantId, settings, undefined, {
      jsonrpc: '2.0',
      id: ++this.requestId,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'livechat-llm-worker', version: '1' },
      },
    });
    parseRpc(response.body);
    const session: Session = { id: response.sessionId, openedAt: Date.now() };
    await this.post(tenantId, settings, session.id, { jsonrpc: '2.0', method: 'notifications/initialized' });
    return session;
  }

  private async rpc(
    tenantId: string,
    settings: TenantMcpSettings,
    session: Session,
    method: string,
    params: unknown,
  ) {
    const response = await this.post(tenantId, settings, session.id, {
      jsonrpc: '2.0',
      id: ++this.requestId,
      method,
      params,
    });
    return parseRpc(response.body);
  }

  /** One HTTPS POST to the allow-listed endpoint, pinned to a checked address, with the tenant's client certificate. */
  private async post(
    tenantId: string,
    settings: TenantMcpSettings,
    sessionId: string | undefined,
    payload: unknown,
  ): Promise<{ body: string; sessionId?: string }> {
    const url = new URL(settings.endpoint);
    const port = url.port === '' ? 443 : Number(url.port);
    if (url.protocol !== 'https:' || !this.allowedPorts.includes(port)) {
      throw new McpRefusedError('scheme_not_allowed', 'MCP endpoint must be https on an allowed port');
    }
    const host = url.hostname.toLowerCase();
    if (!settings.allowedHosts.map((h) => h.toLowerCase()).includes(host)) {
      throw new McpRefusedError('host_not_allowed', 'MCP host is not allow-listed');
    }
    if (!secretBoundToTenant(settings.clientCertificateSecretId, tenantId)) {
      throw new McpRefusedError(
        'secret_not_tenant_bound',
        'Client certificate secret is not named for the tenant',
      );
    }
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) as 4 | 6 }]
      : await this.resolve(host);
    if (addresses.length === 0 || !addresses.every((a) => this.isAllowedAddress(a.address))) {
      throw new McpRefusedError('address_not_allowed', 'MCP host resolves to a non-public address');
    }
    const pinned = addresses[0];
    const credentials = JSON.parse(
      await this.secrets.getSecretString(settings.clientCertificateSecretId),
    ) as {
      cert?: string;
      key?: string;
      ca?: string;
    };
    if (!credentials.cert || !credentials.key)
      throw new McpRefusedError('not_configured', 'Client certificate secret is incomplete');
    const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };
    const body = JSON.stringify(payload);

    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host,
          servername: host,
          port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          lookup: pinnedLookup,
          cert: credentials.cert,
          key: credentials.key,
          ...(credentials.ca ? { ca: credentials.ca } : {}),
          minVersion: 'TLSv1.2',
          agent: false,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'content-length': Buffer.byteLength(body),
            'mcp-protocol-version': PROTOCOL_VERSION,
            ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let tooLarge = false;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes && !tooLarge) {
              tooLarge = true;
              clearTimeout(timer);
              reject(new McpRefusedError('response_too_large', 'MCP response exceeds the size limit'));
              req.destroy();
              return;
            }
            if (!tooLarge) chunks.push(chunk);
          });
          res.on('end', () => {
            clearTimeout(timer);
            if (tooLarge) return;
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              reject(new McpRefusedError('protocol_error', `MCP server answered HTTP ${status}`));
              return;
            }
            const header = res.headers['mcp-session-id'];
            resolve({
              body: Buffer.concat(chunks).toString('utf8'),
              ...(typeof header === 'string' ? { sessionId: header } : sessionId ? { sessionId } : {}),
            });
          });
          res.on('error', reject);
        },
      );
      const timer = setTimeout(
        () => req.destroy(new McpRefusedError('timeout', 'MCP call timed out')),
        this.timeoutMs,
      );
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }
}

/** Reads a JSON-RPC response from a JSON body or the last `data:` line of an SSE body. */
function parseRpc(body: string): unknown {
  if (!body.trim()) return undefined;
  const json = body.trimStart().startsWith('{')
    ? body
    : (body
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .pop() ?? '');
  let message: { result?: unknown; error?: { message?: string } };
  try {
    message = JSON.parse(json);
  } catch {
    throw new McpRefusedError('protocol_error', 'MCP response is not JSON-RPC');
  }
  if (message.error) throw new McpRefusedError('protocol_error', 'MCP server returned an error');
  return message.result;
}
