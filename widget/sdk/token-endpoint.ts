// Token provider for the common case: POST to the partner page's own backend, which calls the token API.
import type { SessionToken, TokenProvider } from './types';

export interface TokenEndpointOptions {
  /** URL on the partner's origin, e.g. `/api/session-token`. */
  readonly url: string;
  /** Sent as `tenant` when the partner backend serves several tenants. */
  readonly tenant?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * Returns a TokenProvider that POSTs `{"tenant"?, "conversationId"?}` as JSON with same-origin
 * credentials (the partner's session cookie) and expects the token API's 201 body in return.
 */
export function tokenFromEndpoint(options: TokenEndpointOptions): TokenProvider {
  return async (request) => {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const response = await doFetch(options.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        ...(options.tenant ? { tenant: options.tenant } : {}),
        ...(request.conversationId ? { conversationId: request.conversationId } : {}),
      }),
    });
    if (response.status !== 200 && response.status !== 201) {
      const detail = await response.text().catch(() => '');
      throw new Error(
        `token endpoint answered ${response.status}${detail ? `: ${detail.slice(0, 200)}` : ''}`,
      );
    }
    return (await response.json()) as SessionToken;
  };
}
