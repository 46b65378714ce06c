// (ALB event) --> identity --> route --> validate --> use case: the admin API as a pure function of its ports.
import type { ALBEvent, ALBResult } from 'aws-lambda';
import * as z from 'zod';
import { AdminError } from './errors';
import type { AdminIdentityVerifier, AdminPrincipal } from './identity/admin-identity-verifier';
import { TokenRejectedError } from './identity/jws';
import {
  certKeySchema,
  conversationIdSchema,
  createTenantSchema,
  daySchema,
  fileNameSchema,
  registerCertificateSchema,
  settingsUpdateSchema,
  tenantIdSchema,
  uploadRequestSchema,
} from './schemas';
import * as certificates from './use-cases/certificates';
import type { AdminCall, AdminDeps } from './use-cases/context';
import * as conversations from './use-cases/conversations';
import * as files from './use-cases/knowledge-files';
import * as tenants from './use-cases/tenant-settings';

export const API_PREFIX = '/admin/v1';
/** Mutations must carry this header: a cross-site form cannot set it, and no CORS preflight is ever approved. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'admin-dashboard';
const MAX_BODY_BYTES = 64 * 1024;

interface RouteInput {
  readonly call: AdminCall;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: unknown;
}

interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly pattern: RegExp;
  readonly status?: number;
  run(deps: AdminDeps, input: RouteInput): Promise<unknown>;
}

const T = '/tenants/(?<tenantId>[^/]+)';
const route = (method: Route['method'], path: string, run: Route['run'], status?: number): Route => ({
  method,
  pattern: new RegExp(`^${API_PREFIX}${path}$`),
  run,
  status,
});

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${[what, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new AdminError('bad_request', detail);
  }
  return result.data;
}

const tenantOf = (p: Record<string, string>) => parse(tenantIdSchema, p.tenantId, 'tenantId');
const limitOf = (q: Record<string, string>, max: number) =>
  parse(z.coerce.number().int().min(1).max(max).default(Math.min(50, max)), q.limit, 'limit');

export const ROUTES: readonly Route[] = [
  route('GET', '/me', async (_d, { call }) => call.principal),
  route('GET', '/tenants', async (d, { call }) => ({ tenants: await tenants.listTenants(d, call) })),
  route(
    'POST',
    '/tenants',
    (d, { call, body }) => tenants.createTenant(d, call, parse(createTenantSchema, body, 'body')),
    201,
  ),
  route('POST', `${T}/suspend`, (d, { call, params }) =>
    tenants.setTenantStatus(d, call, tenantOf(params), 'suspended'),
  ),
  route('POST', `${T}/resume`, (d, { call, params }) =>
    tenants.setTenantStatus(d, call, tenantOf(params), 'active'),
  ),
  route('GET', `${T}/settings`, (d, { call, params }) => tenants.getSettings(d, call, tenantOf(params))),
  route('PUT', `${T}/settings`, (d, { call, params, body }) => {
    const tenantId = tenantOf(params);
    return tenants.updateSettings(d, call, tenantId, parse(settingsUpdateSchema(tenantId), body, 'body'));
  }),
  route('GET', `${T}/certificates`, async (d, { call, params }) => ({
    certificates: await certificates.listCertificates(d, call, tenantOf(params)),
  })),
  route(
    'POST',
    `${T}/certificates`,
    (d, { call, params, body }) =>
      certificates.registerCertificate(
        d,
        call,
        tenantOf(params),
        parse(registerCertificateSchema, body, 'body').certificatePem,
      ),
    201,
  ),
  route('POST', `${T}/certificates/(?<certKey>[^/]+)/revoke`, (d, { call, params }) =>
    certificates.revokeCertificate(
      d,
      call,
      tenantOf(params),
      parse(certKeySchema, params.certKey, 'certKey'),
    ),
  ),
  route(
    'POST',
    `${T}/files/upload-url`,
    (d, { call, params, body }) =>
      files.createUploadUrl(d, call, tenantOf(params), parse(uploadRequestSchema, body, 'body')),
    201,
  ),
  route('GET', `${T}/files`, async (d, { call, params }) => ({
    files: await files.listFiles(d, call, tenantOf(params)),
  })),
  route(
    'DELETE',
    `${T}/files/(?<fileName>[^/]+)`,
    async (d, { call, params }) => {
      await files.deleteFile(d, call, tenantOf(params), parse(fileNameSchema, params.fileName, 'fileName'));
      return undefined;
    },
    204,
  ),
  route('GET', `${T}/conversations`, (d, { call, params, query }) =>
    conversations.listConversations(d, call, tenantOf(params), limitOf(query, 100), query.cursor),
  ),
  route('GET', `${T}/conversations/(?<conversationId>[^/]+)/transcript`, (d, { call, params }) =>
    conversations.readTranscript(
      d,
      call,
      tenantOf(params),
      parse(conversationIdSchema, params.conversationId, 'conversationId'),
    ),
  ),
  route(
    'POST',
    `${T}/conversations/(?<conversationId>[^/]+)/export`,
    (d, { call, params }) =>
      conversations.exportTranscript(
        d,
        call,
        tenantOf(params),
        parse(conversationIdSchema, params.conversationId, 'conversationId'),
      ),
    201,
  ),
  route('GET', `${T}/usage`, (d, { call, params, query }) =>
    conversations.readUsage(
      d,
      call,
      tenantOf(params),
      query.from === undefined ? undefined : parse(daySchema, query.from, 'from'),
      query.to === undefined ? undefined : parse(daySchema, query.to, 'to'),
    ),
  ),
  route('GET', `${T}/audit`, async (d, { call, params, query }) => ({
    entries: await conversations.readAuditTrail(d, call, tenantOf(params), limitOf(query, 200)),
  })),
];

/** Also sent on the direct listener path (port 8443), where no CloudFront response-headers policy applies. */
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

export function jsonResult(statusCode: number, body?: unknown): ALBResult {
  return {
    statusCode,
    statusDescription: `${statusCode}`,
    headers: JSON_HEADERS,
    body: body === undefined ? '' : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

export function errorResult(error: AdminError): ALBResult {
  return jsonResult(error.status, { error: { code: error.code, message: error.message } });
}

function lowerCaseHeaders(event: ALBEvent): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) out[name.toLowerCase()] = value;
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {}))
    out[name.toLowerCase()] ??= values?.[0];
  return out;
}

/** ALB passes query values still percent-encoded; decode them once, refusing malformed escapes. */
function decodeQuery(event: ALBEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    try {
      out[decodeURIComponent(name)] = decodeURIComponent((value ?? '').replace(/\+/g, ' '));
    } catch {
      throw new AdminError('bad_request', 'malformed query string');
    }
  }
  return out;
}

function decodeBody(event: ALBEvent, headers: Record<string, string | undefined>): unknown {
  if (!event.body) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES)
    throw new AdminError('payload_too_large', 'request body too large');
  if (!(headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    throw new AdminError('bad_request', 'content-type must be application/json');
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new AdminError('bad_request', 'body is not valid JSON');
  }
}

export interface AdminAppOptions {
  readonly deps: AdminDeps;
  readonly verifier: Pick<AdminIdentityVerifier, 'verify'>;
  /** Logs refused identities and unexpected errors (never token contents). */
  readonly onError?: (kind: 'identity_rejected' | 'unexpected', error: unknown) => void;
}

/** Builds the request function the Lambda handler and the local runtime both call. */
export function createAdminApp(options: AdminAppOptions) {
  const { deps, verifier } = options;
  return async function handleAdminRequest(event: ALBEvent, requestId: string): Promise<ALBResult> {
    try {
      const headers = lowerCaseHeaders(event);
      let principal: AdminPrincipal;
      try {
        principal = await verifier.verify(headers);
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) throw error;
        options.onError?.('identity_rejected', error);
        throw new AdminError('unauthorized', 'identity could not be verified');
      }
      const method = event.httpMethod.toUpperCase();
      const path = event.path.replace(/\/+$/, '');
      const candidates = ROUTES.filter((r) => r.pattern.test(path));
      if (candidates.length === 0) throw new AdminError('not_found', 'no such route');
      const match = candidates.find((r) => r.method === method);
      if (!match) throw new AdminError('bad_request', `method ${method} not allowed here`);
      if (method !== 'GET' && headers[CSRF_HEADER] !== CSRF_VALUE) {
        throw new AdminError('forbidden', `mutations require the ${CSRF_HEADER} header`);
      }
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.pattern.exec(path)?.groups ?? {})) {
        try {
          params[name] = decodeURIComponent(value);
        } catch {
          throw new AdminError('bad_request', `malformed path parameter ${name}`);
        }
      }
      const result = await match.run(deps, {
        call: { principal, requestId },
        params,
        query: decodeQuery(event),
        body: decodeBody(event, headers),
      });
      return jsonResult(match.status ?? 200, result);
    } catch (error) {
      if (error instanceof AdminError) return errorResult(error);
      options.onError?.('unexpected', error);
      return errorResult(new AdminError('internal_error', 'internal error'));
    }
  };
}
