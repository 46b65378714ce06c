// The admin Lambda's own response headers: the direct listener path (port 8443) has no CloudFront headers policy.
import type { ALBResult } from 'aws-lambda';
import { startAdminHarness, TENANT_INPUT, type AdminHarness } from './support/admin-harness';

let h: AdminHarness;
/** A refused request, an accepted read and a failed validation: every kind of answer the API gives. */
let answers: ALBResult[];

beforeAll(async () => {
  h = await startAdminHarness();
  const platform = h.idp.findUser('platform-admin')!;
  answers = [
    await h.invoke('anonymous', 'GET', '/admin/v1/tenants'),
    await h.invoke(platform, 'POST', '/admin/v1/tenants', TENANT_INPUT('tenant-a')),
    await h.invoke(platform, 'GET', '/admin/v1/tenants'),
    await h.invoke(platform, 'POST', '/admin/v1/tenants', { tenantId: '' }),
  ];
  expect(answers.map((a) => a.statusCode)).toEqual([401, 201, 200, 400]);
});

afterAll(() => h.stop());

const headerOnEveryAnswer = (name: string) => answers.map((a) => a.headers?.[name]);

describe('admin API response headers', () => {
  it('sends Strict-Transport-Security for two years with sub-domains', () => {
    for (const value of headerOnEveryAnswer('strict-transport-security')) {
      expect(value).toBe('max-age=63072000; includeSubDomains');
    }
  });

  it("sends a Content-Security-Policy of default-src 'none' and frame-ancestors 'none'", () => {
    for (const value of headerOnEveryAnswer('content-security-policy')) {
      expect(value).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('sends X-Content-Type-Options nosniff', () => {
    for (const value of headerOnEveryAnswer('x-content-type-options')) expect(value).toBe('nosniff');
  });

  it('sends Cache-Control no-store', () => {
    for (const value of headerOnEveryAnswer('cache-control')) expect(value).toBe('no-store');
  });
});
