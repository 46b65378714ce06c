// Checks what the partner page handed over as a session token and turns it into the socket URL.
import type { SessionToken } from './types';

/** Throws unless the value has a non-empty token, a ws:// or wss:// URL and a conversation id. */
export function assertSessionToken(value: unknown): asserts value is SessionToken {
  const t = value as Partial<SessionToken> | null;
  if (
    !t ||
    typeof t.token !== 'string' ||
    t.token.length === 0 ||
    typeof t.websocketUrl !== 'string' ||
    !/^wss?:\/\//.test(t.websocketUrl) ||
    typeof t.conversationId !== 'string'
  ) {
    throw new Error('the token response lacks token, websocketUrl (ws:// or wss://) or conversationId');
  }
}

/** `wss://…/ws?token=…`: browsers cannot set headers on a WebSocket, so the token rides in the query. */
export function socketUrl(token: SessionToken): string {
  const url = new URL(token.websocketUrl);
  url.searchParams.set('token', token.token);
  return url.toString();
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
