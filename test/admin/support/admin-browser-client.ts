// Test client acting as the dashboard in a browser: dev sign-in cookie, JSON calls with the CSRF header, presigned POST uploads.
import { CSRF_HEADER, CSRF_VALUE } from '../../../lambdas/admin-api/admin-app';
import { DEV_SESSION_COOKIE } from '../../../local/admin-local';

export interface AdminResponse {
  readonly status: number;
  readonly body: any;
}

export interface UploadForm {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly key: string;
  readonly maxBytes: number;
  readonly expiresAt: string;
}

/** An admin signed in through the local dev identity provider, calling the admin API as the dashboard does. */
export class AdminBrowserClient {
  private constructor(
    private readonly adminOrigin: string,
    private readonly sessionCookie: string,
  ) {}

  /** Posts the dev sign-in form (`user=<dev user id>`) and keeps the session cookie it sets. */
  static async signIn(adminUrl: string, devUserId: string): Promise<AdminBrowserClient> {
    const origin = new URL(adminUrl).origin;
    const res = await fetch(new URL('/dev-login', origin), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ user: devUserId }),
      redirect: 'manual',
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    if (res.status !== 303 || !setCookie.startsWith(`${DEV_SESSION_COOKIE}=`)) {
      throw new Error(`dev sign-in as ${devUserId} failed: ${res.status} ${setCookie}`);
    }
    return new AdminBrowserClient(origin, setCookie.split(';')[0]!);
  }

  /** Same-origin API call; mutations carry the anti-CSRF header and a JSON body, as the dashboard sends them. */
  async call(method: string, path: string, body?: unknown): Promise<AdminResponse> {
    const headers: Record<string, string> = { cookie: this.sessionCookie, accept: 'application/json' };
    if (method !== 'GET') headers[CSRF_HEADER] = CSRF_VALUE;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(new URL(`/admin/v1${path}`, this.adminOrigin), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /**
   * The browser's cross-origin presigned POST to the S3 endpoint: multipart form data with every returned
   * field first and the file last, sent with the dashboard's Origin. Resolves the status and the CORS grant.
   */
  async uploadWithPresignedPost(
    form: UploadForm,
    fileName: string,
    contentType: string,
    content: string,
  ): Promise<{ status: number; allowOrigin: string | null; body: string }> {
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append('file', new Blob([content], { type: contentType }), fileName);
    const res = await fetch(form.url, { method: 'POST', headers: { origin: this.adminOrigin }, body: data });
    return {
      status: res.status,
      allowOrigin: res.headers.get('access-control-allow-origin'),
      body: await res.text(),
    };
  }
}
