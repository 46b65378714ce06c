// Admin API client for the dashboard: same-origin JSON calls with the anti-CSRF header; 401 → sign-in page.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function meta(name: string, fallback: string): string {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
  return value === '' || value.startsWith('__') ? fallback : value;
}

export const API_BASE = meta('admin-api-base', '') + '/admin/v1';
export const LOGIN_URL = meta('admin-login-url', '/admin/login');

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-requested-with'] = 'admin-dashboard';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${API_BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'include',
  });
  if (response.status === 401) {
    window.location.assign(LOGIN_URL);
    throw new ApiError(401, 'unauthorized', 'signing in');
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? response.statusText);
  }
  return json as T;
}

/** Uploads a file with the presigned POST the API returned (the policy caps size and pins type and key). */
export async function uploadWithPresignedPost(
  form: { url: string; fields: Record<string, string> },
  file: File,
  contentType: string,
): Promise<void> {
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
  data.set('Content-Type', contentType);
  data.append('file', file);
  // no-cors: the storage origin needs no CORS rule; the caller confirms the upload by listing files.
  await fetch(form.url, { method: 'POST', body: data, mode: 'no-cors', credentials: 'omit' });
}
