// Admin API end to end over dynalite: tenant isolation, validation, upload limits, audit entries, suspension, exports.
import { createHash, createVerify, X509Certificate } from 'node:crypto';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { keys } from '../../lambdas/shared/definitions';
import { cannedPolicy } from '../../lambdas/shared/adapters/cloudfront-url-signer';
import { DynamoDbTenantAdminStore } from '../../lambdas/shared/adapters/dynamodb-tenant-admin-store';
import { createTenant } from '../../lambdas/admin-api/use-cases/tenant-settings';
import type { DevUser } from '../../local/dev-identity';
import {
  DOWNLOADS_BASE_URL,
  MAX_UPLOAD_BYTES,
  startAdminHarness,
  TENANT_INPUT,
  type AdminHarness,
} from './support/admin-harness';
import { caCertificate, clientCertificate } from './support/certificates';
import { tokenIssuerOver } from './support/token-issuer-over';

let h: AdminHarness;
let s3Mock: ReturnType<typeof mockClient>;
let platform: DevUser;
let adminA: DevUser;
let adminB: DevUser;

const A = '/admin/v1/tenants/tenant-a';
const B = '/admin/v1/tenants/tenant-b';

async function auditEntries(tenantId: string) {
  const out = await h.dynamo.doc.send(
    new QueryCommand({
      TableName: h.dynamo.tables.audit,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditPk(tenantId) },
    }),
  );
  return out.Items ?? [];
}

const validSettings = {
  displayName: 'Tenant A (renamed)',
  allowedOrigins: ['https://shop.tenant-a.example.com'],
  limits: {
    maxConnections: 1000,
    messagesPerMinutePerConnection: 30,
    messagesPerSecondPerTenant: 100,
    tokensPerMinute: 600,
    maxOutputTokens: 800,
    dailyTokenBudget: 2_000_000,
    dailyCostBudgetUsd: 50,
  },
  llm: { providers: [{ provider: 'anthropic', model: 'claude-3-5-haiku-latest' }] },
  mcp: {
    endpoint: 'https://mcp.tenant-a.example.com/mcp',
    allowedHosts: ['mcp.tenant-a.example.com'],
    allowedTools: ['order_status'],
    clientCertificateSecretId: 'livechat/mcp/tenant-a/client-certificate',
  },
  securityContact: { name: 'A Sec', email: 'sec@tenant-a.example.com' },
};

beforeAll(async () => {
  h = await startAdminHarness();
  s3Mock = mockClient(h.s3);
  platform = h.idp.findUser('platform-admin')!;
  adminA = h.idp.findUser('admin-tenant-a')!;
  adminB = h.idp.findUser('admin-tenant-b')!;
  expect((await h.call(platform, 'POST', '/admin/v1/tenants', TENANT_INPUT('tenant-a'))).status).toBe(201);
  expect((await h.call(platform, 'POST', '/admin/v1/tenants', TENANT_INPUT('tenant-b'))).status).toBe(201);
});

afterEach(() => s3Mock.reset());
afterAll(async () => {
  s3Mock.restore();
  await h.stop();
});

describe('authentication', () => {
  it('refuses a request without identity headers with 401', async () => {
    const res = await h.call('anonymous', 'GET', `${A}/settings`);
    expect(res).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: expect.any(String) } },
    });
  });

  it('refuses a forged identity header with 401', async () => {
    const genuine = h.idp.headersFor(adminA)['x-amzn-oidc-data']!;
    const forged = genuine.slice(0, -4) + (genuine.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const res = await h.call(adminA, 'GET', `${A}/settings`, undefined, { 'x-amzn-oidc-data': forged });
    expect(res.status).toBe(401);
  });

  it('refuses mutations without the anti-CSRF header', async () => {
    const res = await h.call(adminA, 'PUT', `${A}/settings`, validSettings, { 'x-requested-with': '' });
    expect(res.status).toBe(403);
  });
});

describe('cross-tenant admin access is refused', () => {
  const foreignCalls: Array<[string, string, unknown]> = [
    ['GET', `${B}/settings`, undefined],
    ['PUT', `${B}/settings`, { ...validSettings, mcp: null }],
    ['GET', `${B}/certificates`, undefined],
    ['POST', `${B}/certificates/${'a'.repeat(64)}/revoke`, undefined],
    ['POST', `${B}/files/upload-url`, { fileName: 'faq.md', contentType: 'text/markdown', sizeBytes: 10 }],
    ['GET', `${B}/files`, undefined],
    ['DELETE', `${B}/files/faq.md`, undefined],
    ['GET', `${B}/conversations`, undefined],
    ['GET', `${B}/conversations/c1/transcript`, undefined],
    ['POST', `${B}/conversations/c1/export`, undefined],
    ['GET', `${B}/usage`, undefined],
    ['GET', `${B}/audit`, undefined],
    ['POST', `${B}/suspend`, undefined],
    ['POST', '/admin/v1/tenants', TENANT_INPUT('tenant-x')],
  ];

  it.each(foreignCalls)("tenant A's admin gets 403 for %s %s", async (method, path, body) => {
    const res = await h.call(adminA, method, path, body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it("lists only the caller's own tenants", async () => {
    const res = await h.call(adminA, 'GET', '/admin/v1/tenants');
    expect(res.body.tenants.map((t: { tenantId: string }) => t.tenantId)).toEqual(['tenant-a']);
    const all = await h.call(platform, 'GET', '/admin/v1/tenants');
    expect(all.body.tenants.map((t: { tenantId: string }) => t.tenantId)).toEqual(['tenant-a', 'tenant-b']);
  });

  it("does not let tenant B's admin see tenant A's files", async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 't/tenant-a/faq/faq.md', Size: 3 }] });
    expect((await h.call(adminB, 'GET', `${A}/files`)).status).toBe(403);
    expect(s3Mock.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });
});

describe('tenant creation', () => {
  it("creates the new tenant's admin group, so a member of it administers that tenant", async () => {
    expect(h.idp.findUser('admin-tenant-onboarded')).toBeUndefined();
    expect(
      (await h.call(platform, 'POST', '/admin/v1/tenants', TENANT_INPUT('tenant-onboarded'))).status,
    ).toBe(201);
    const adminOnboarded = h.idp.findUser('admin-tenant-onboarded')!;
    expect(adminOnboarded.groups).toEqual(['tenant-admins-tenant-onboarded']);
    expect((await h.call(adminOnboarded, 'GET', '/admin/v1/tenants/tenant-onboarded/settings')).status).toBe(
      200,
    );
    expect((await h.call(adminOnboarded, 'GET', `${A}/settings`)).status).toBe(403);
  });

  it('writes no tenant record when its admin group cannot be created', async () => {
    const deps = {
      ...h.deps,
      groups: {
        ensureTenantAdminGroup: async () => {
          throw new Error('user pool unavailable');
        },
      },
    };
    const call = { principal: { sub: 'sub-platform', platformAdmin: true, tenantIds: [] }, requestId: 'r-1' };
    await expect(
      createTenant(deps, call, { ...TENANT_INPUT('tenant-without-group'), limits: undefined }),
    ).rejects.toThrow('user pool unavailable');
    expect(await h.deps.tenants.getTenant('tenant-without-group')).toBeUndefined();
    expect(await auditEntries('tenant-without-group')).toEqual([]);
  });
});

describe('tenant settings', () => {
  it('updates settings and audits who, what, before and after', async () => {
    const res = await h.call(adminA, 'PUT', `${A}/settings`, validSettings);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId: 'tenant-a',
      status: 'active',
      displayName: 'Tenant A (renamed)',
    });
    const entry = (await auditEntries('tenant-a')).find((e) => e.action === 'tenant.settings.update')!;
    expect(entry).toMatchObject({
      tenantId: 'tenant-a',
      who: { sub: 'sub-admin-tenant-a', email: 'admin@tenant-a.dev.local' },
      requestId: expect.stringMatching(/^req-/),
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(JSON.parse(entry.before as string).displayName).toBe('Tenant tenant-a');
    expect(JSON.parse(entry.after as string).displayName).toBe('Tenant A (renamed)');
  });

  it.each([
    ['an origin with a path', { allowedOrigins: ['https://a.example.com/path'] }],
    ['a plain-HTTP origin', { allowedOrigins: ['http://shop.tenant-a.example.com'] }],
    [
      'a plain-HTTP origin that only starts like loopback',
      { allowedOrigins: ['http://127.0.0.1.evil.example'] },
    ],
    ['a plain-HTTP origin on another address', { allowedOrigins: ['http://10.0.0.5:8080'] }],
    [
      'an MCP secret outside the tenant prefix',
      {
        mcp: { ...validSettings.mcp, clientCertificateSecretId: 'livechat/mcp/tenant-b/client-certificate' },
      },
    ],
    [
      'an MCP secret of a tenant whose id extends this one',
      {
        mcp: {
          ...validSettings.mcp,
          clientCertificateSecretId: 'livechat/mcp/tenant-a-europe/client-certificate',
        },
      },
    ],
    [
      'an MCP secret in the old mcp/<tenant>/ naming',
      { mcp: { ...validSettings.mcp, clientCertificateSecretId: 'mcp/tenant-a/client-cert' } },
    ],
    [
      'an MCP endpoint host not allow-listed',
      { mcp: { ...validSettings.mcp, allowedHosts: ['other.example.com'] } },
    ],
    [
      'a plain-HTTP MCP endpoint',
      { mcp: { ...validSettings.mcp, endpoint: 'http://mcp.tenant-a.example.com' } },
    ],
    ['an unknown field', { status: 'active' }],
    ['a zero budget', { limits: { ...validSettings.limits, dailyCostBudgetUsd: 0 } }],
  ])('refuses %s with 400', async (_name, patch) => {
    const res = await h.call(adminA, 'PUT', `${A}/settings`, { ...validSettings, ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('lets only platform admins change limits and budgets', async () => {
    const raised = { ...validSettings, limits: { ...validSettings.limits, dailyCostBudgetUsd: 5_000 } };
    const byTenantAdmin = await h.call(adminA, 'PUT', `${A}/settings`, raised);
    expect(byTenantAdmin.status).toBe(403);
    expect(byTenantAdmin.body.error.code).toBe('forbidden');
    const unchanged = await h.call(adminA, 'GET', `${A}/settings`);
    expect(unchanged.body.limits.dailyCostBudgetUsd).toBe(50);
    const byPlatformAdmin = await h.call(platform, 'PUT', `${A}/settings`, raised);
    expect(byPlatformAdmin.status).toBe(200);
    expect(byPlatformAdmin.body.limits.dailyCostBudgetUsd).toBe(5_000);
    expect((await h.call(platform, 'PUT', `${A}/settings`, validSettings)).status).toBe(200);
  });

  it('accepts https origins and plain-HTTP loopback origins (the local runtime), naming a bad origin in the error', async () => {
    const allowedOrigins = [
      'https://shop.tenant-a.example.com',
      'https://shop.tenant-a.example.com:8443',
      'http://127.0.0.1:8782',
      'http://localhost',
    ];
    const ok = await h.call(adminA, 'PUT', `${A}/settings`, { ...validSettings, allowedOrigins });
    expect(ok.status).toBe(200);
    expect(ok.body.allowedOrigins).toEqual(allowedOrigins);
    const bad = await h.call(adminA, 'PUT', `${A}/settings`, {
      ...validSettings,
      allowedOrigins: ['https://ok.example.com', 'http://shop.example.com'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/allowedOrigins\.1: must be an exact https origin/);
  });

  it('refuses a tenant or settings without a security contact', async () => {
    // The incident runbooks notify partners through this contact, so it can never be missing or malformed.
    const { securityContact: _omitted, ...withoutContact } = validSettings;
    const update = await h.call(adminA, 'PUT', `${A}/settings`, withoutContact);
    expect(update.status).toBe(400);
    expect(update.body.error.code).toBe('bad_request');
    const badEmail = await h.call(adminA, 'PUT', `${A}/settings`, {
      ...validSettings,
      securityContact: { name: 'A Sec', email: 'not-an-email' },
    });
    expect(badEmail.status).toBe(400);
    const { securityContact: _none, ...tenantWithoutContact } = TENANT_INPUT('tenant-c');
    const create = await h.call(platform, 'POST', '/admin/v1/tenants', tenantWithoutContact);
    expect(create.status).toBe(400);
    expect((await h.call(platform, 'GET', '/admin/v1/tenants/tenant-c/settings')).status).toBe(404);
    const stored = await new DynamoDbTenantAdminStore(h.dynamo.doc, h.dynamo.tables.tenants).getTenant(
      'tenant-a',
    );
    expect(stored?.securityContact).toEqual({ name: 'A Sec', email: 'sec@tenant-a.example.com' });
  });

  it('refuses a non-JSON body with 400', async () => {
    const res = await h.call(adminA, 'PUT', `${A}/settings`, undefined, { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
  });
});

describe('knowledge file uploads', () => {
  it("presigns a POST pinned to the tenant's key, the content type and the size range", async () => {
    const res = await h.call(adminA, 'POST', `${A}/files/upload-url`, {
      fileName: 'faq.md',
      contentType: 'text/markdown',
      sizeBytes: 2048,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: 't/tenant-a/faq/faq.md', maxBytes: MAX_UPLOAD_BYTES });
    const policy = JSON.parse(Buffer.from(res.body.fields.Policy, 'base64').toString());
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, MAX_UPLOAD_BYTES],
        ['eq', '$Content-Type', 'text/markdown'],
        ['eq', '$key', 't/tenant-a/faq/faq.md'],
        { bucket: 'knowledge-bucket' },
      ]),
    );
    expect(res.body.fields.key).toBe('t/tenant-a/faq/faq.md');
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(300_000);
    const audit = (await auditEntries('tenant-a')).filter((e) => e.action === 'file.upload-url');
    expect(audit).toHaveLength(1);
  });

  it('refuses a declared size over the limit with 413', async () => {
    const res = await h.call(adminA, 'POST', `${A}/files/upload-url`, {
      fileName: 'big.md',
      contentType: 'text/markdown',
      sizeBytes: MAX_UPLOAD_BYTES + 1,
    });
    expect(res.status).toBe(413);
  });

  it.each([
    ['a content type off the allow-list', { fileName: 'x.html', contentType: 'text/html', sizeBytes: 5 }],
    [
      'a binary format the assistant cannot read',
      { fileName: 'x.pdf', contentType: 'application/pdf', sizeBytes: 5 },
    ],
    ['an extension that does not match', { fileName: 'x.pdf', contentType: 'text/markdown', sizeBytes: 5 }],
    [
      'a path in the file name',
      { fileName: '../tenant-b/faq/x.md', contentType: 'text/markdown', sizeBytes: 5 },
    ],
    ['an empty file', { fileName: 'x.md', contentType: 'text/markdown', sizeBytes: 0 }],
  ])('refuses %s with 400', async (_name, body) => {
    const res = await h.call(adminA, 'POST', `${A}/files/upload-url`, body);
    expect(res.status).toBe(400);
  });

  it("lists and deletes only under the tenant's faq prefix, auditing the delete", async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 't/tenant-a/faq/faq.md', Size: 3 }] });
    s3Mock.on(HeadObjectCommand).resolves({});
    s3Mock.on(DeleteObjectCommand).resolves({});
    const list = await h.call(adminA, 'GET', `${A}/files`);
    expect(list.body.files).toEqual([{ name: 'faq.md', key: 't/tenant-a/faq/faq.md', size: 3 }]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({
      Prefix: 't/tenant-a/faq/',
    });
    expect((await h.call(adminA, 'DELETE', `${A}/files/faq.md`)).status).toBe(204);
    expect(s3Mock.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'knowledge-bucket',
      Key: 't/tenant-a/faq/faq.md',
    });
    expect((await auditEntries('tenant-a')).some((e) => e.action === 'file.delete')).toBe(true);
  });
});

describe('partner certificates', () => {
  it('registers a client certificate under the SHA-256 fingerprint of its DER, lists and revokes it with audit entries', async () => {
    const { pem } = clientCertificate('00a2b3c4d5');
    const created = await h.call(adminA, 'POST', `${A}/certificates`, { certificatePem: pem });
    expect(created.status).toBe(201);
    const expectedKey = createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
    expect(created.body).toMatchObject({ certKey: expectedKey, status: 'active', tenantId: 'tenant-a' });
    expect((await h.call(adminA, 'POST', `${A}/certificates`, { certificatePem: pem })).status).toBe(409);
    const listed = await h.call(adminA, 'GET', `${A}/certificates`);
    expect(listed.body.certificates).toHaveLength(1);
    expect((await h.call(adminB, 'POST', `${A}/certificates/${expectedKey}/revoke`)).status).toBe(403);
    const revoked = await h.call(adminA, 'POST', `${A}/certificates/${expectedKey}/revoke`);
    expect(revoked.body.status).toBe('revoked');
    const actions = (await auditEntries('tenant-a')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['certificate.register', 'certificate.revoke']));
  });

  it("refuses another tenant's registration of a certificate (409), and its partner still gets tokens", async () => {
    const { pem } = clientCertificate('0badc0ffee', 'acme-shared-backend');
    const created = await h.call(adminA, 'POST', `${A}/certificates`, { certificatePem: pem });
    expect(created.status).toBe(201);
    const certKey = created.body.certKey as string;

    const stolen = await h.call(adminB, 'POST', `${B}/certificates`, { certificatePem: pem });
    expect(stolen.status).toBe(409);
    expect(stolen.body).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
    expect((await h.call(adminB, 'GET', `${B}/certificates`)).body.certificates).toEqual([]);
    const claim = await h.dynamo.doc.send(
      new GetCommand({
        TableName: h.dynamo.tables.tenants,
        Key: { pk: keys.certificateClaimPk(certKey), sk: keys.certificateClaimSk },
      }),
    );
    expect(claim.Item).toEqual({
      pk: keys.certificateClaimPk(certKey),
      sk: keys.certificateClaimSk,
      tenantId: 'tenant-a',
    });

    const issue = tokenIssuerOver(h.dynamo.doc, h.dynamo.tables.tenants);
    const res = await issue(pem);
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body!).token).toEqual(expect.any(String));
    expect(res.tenantId).toBe('tenant-a');

    // Revocation keeps the claim: the certificate stays bound to tenant A.
    expect((await h.call(adminA, 'POST', `${A}/certificates/${certKey}/revoke`)).status).toBe(200);
    expect((await h.call(adminB, 'POST', `${B}/certificates`, { certificatePem: pem })).status).toBe(409);
    expect((await issue(pem)).statusCode).toBe(403);
  });

  it('refuses a CA certificate as a client certificate', async () => {
    const res = await h.call(adminA, 'POST', `${A}/certificates`, { certificatePem: caCertificate() });
    expect(res.status).toBe(400);
  });
});

describe('transcripts and exports', () => {
  beforeAll(async () => {
    const pk = keys.conversationPk('tenant-a', 'conv1');
    await h.dynamo.doc.send(
      new PutCommand({ TableName: h.dynamo.tables.conversations, Item: { pk, sk: 'meta', userId: 'u1' } }),
    );
    for (const [seq, role, text] of [
      [1, 'user', 'Where is my order?'],
      [2, 'assistant', 'It ships tomorrow.'],
    ] as const) {
      await h.dynamo.doc.send(
        new PutCommand({
          TableName: h.dynamo.tables.conversations,
          Item: {
            pk,
            sk: keys.messageSk(seq),
            messageId: `m${seq}`,
            seq,
            role,
            text,
            createdAt: '2026-11-23T10:00:00Z',
            status: 'complete',
          },
        }),
      );
    }
  });

  it("lists and reads the tenant's conversations; another tenant's admin gets 403 and unknown ids 404", async () => {
    const list = await h.call(adminA, 'GET', `${A}/conversations`);
    expect(list.body.conversations).toEqual([{ conversationId: 'conv1', userId: 'u1' }]);
    expect((await h.call(adminB, 'GET', `${B}/conversations`)).body.conversations).toEqual([]);
    const transcript = await h.call(adminA, 'GET', `${A}/conversations/conv1/transcript`);
    expect(transcript.body.messages.map((m: { text: string }) => m.text)).toEqual([
      'Where is my order?',
      'It ships tomorrow.',
    ]);
    expect((await h.call(adminB, 'GET', `${B}/conversations/conv1/transcript`)).status).toBe(404);
  });

  it('exports to the exports bucket and returns a CloudFront signed URL valid for at most 5 minutes', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    const before = Math.floor(Date.now() / 1000);
    const res = await h.call(adminA, 'POST', `${A}/conversations/conv1/export`);
    expect(res.status).toBe(201);
    const put = s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'exports-bucket',
      Key: expect.stringMatching(/^t\/tenant-a\/exports\/conv1\//),
    });
    const url = new URL(res.body.url);
    const expires = Number(url.searchParams.get('Expires'));
    expect(expires - before).toBeLessThanOrEqual(301);
    expect(url.searchParams.get('Key-Pair-Id')).toBe('K2TESTKEYPAIR');
    const resource = `${DOWNLOADS_BASE_URL}${url.pathname}`;
    const signature = Buffer.from(
      url.searchParams.get('Signature')!.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'),
      'base64',
    );
    const verifier = createVerify('RSA-SHA1');
    verifier.update(cannedPolicy(resource, expires));
    expect(verifier.verify(h.downloadKeys.publicKey, signature)).toBe(true);
  });
});

describe('usage', () => {
  it("returns the tenant's daily counters in the requested range", async () => {
    await h.dynamo.doc.send(
      new PutCommand({
        TableName: h.dynamo.tables.tenants,
        Item: {
          pk: keys.tenantPk('tenant-a'),
          sk: keys.usageSk('2026-11-20'),
          inputTokens: 100,
          outputTokens: 50,
        },
      }),
    );
    const res = await h.call(adminA, 'GET', `${A}/usage?from=2026-11-19&to=2026-11-21`);
    expect(res.body.days).toEqual([{ day: '2026-11-20', counters: { inputTokens: 100, outputTokens: 50 } }]);
    expect((await h.call(adminA, 'GET', `${A}/usage?from=2026-01-01&to=2026-11-21`)).status).toBe(400);
  });
});

describe('suspension', () => {
  it('is stored at once, so the next uncached tenant read (token request, connect) sees it; resume restores', async () => {
    const res = await h.call(platform, 'POST', `${B}/suspend`);
    expect(res.body.status).toBe('suspended');
    // A fresh read, as the token API's and authorizer's TenantStore make once their ≤ 30 s cache entry lapses.
    const fresh = await h.dynamo.doc.send(
      new GetCommand({
        TableName: h.dynamo.tables.tenants,
        Key: { pk: keys.tenantPk('tenant-b'), sk: 'tenant' },
      }),
    );
    expect(fresh.Item).toMatchObject({ status: 'suspended', kind: 'tenant', tenantId: 'tenant-b' });
    const upload = await h.call(adminB, 'POST', `${B}/files/upload-url`, {
      fileName: 'faq.md',
      contentType: 'text/markdown',
      sizeBytes: 5,
    });
    expect(upload.status).toBe(403);
    expect((await auditEntries('tenant-b')).some((e) => e.action === 'tenant.suspend')).toBe(true);
    await h.call(platform, 'POST', `${B}/resume`);
    expect(
      (await new DynamoDbTenantAdminStore(h.dynamo.doc, h.dynamo.tables.tenants).getTenant('tenant-b'))
        ?.status,
    ).toBe('active');
  });

  it('cannot be triggered by a tenant admin, even on their own tenant', async () => {
    expect((await h.call(adminB, 'POST', `${B}/suspend`)).status).toBe(403);
  });
});

describe('routing', () => {
  it('answers unknown routes with 404 and a JSON error', async () => {
    const res = await h.call(adminA, 'GET', '/admin/v1/nothing');
    expect(res).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'no such route' } } });
  });

  it('refuses a malformed tenant id with 400', async () => {
    expect((await h.call(platform, 'GET', '/admin/v1/tenants/a%23b/settings')).status).toBe(400);
  });
});
