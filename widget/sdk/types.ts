// Public types of the browser SDK: session tokens, connection states, messages, events and options.
import type { ErrorCode, MessageRole } from '../../lambdas/shared/types';

export type { MessageRole };

/** What the partner backend returns for a session token (the token API's 201 body). */
export interface SessionToken {
  readonly token: string;
  readonly expiresAt: string;
  readonly websocketUrl: string;
  readonly conversationId: string;
}

/** Why the SDK asks for a token: the first connection or a reconnect of the same conversation. */
export interface TokenRequest {
  readonly reason: 'initial' | 'reconnect';
  /** The conversation to continue; undefined until the first token named one. */
  readonly conversationId?: string;
}

/** Asks the partner page (which asks its backend) for a fresh single-use session token. */
export type TokenProvider = (request: TokenRequest) => Promise<SessionToken>;

/** `idle` before connect(), then connecting → online ⇄ reconnecting → offline (gave up or closed). */
export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline';

/**
 * Lifecycle of one message in the list: user messages go sending → sent (acked) or failed;
 * assistant messages go streaming → done, or failed when the assistant gave up mid-answer.
 */
export type MessageStatus = 'sending' | 'sent' | 'failed' | 'streaming' | 'done';

export interface ChatMessage {
  /** Stable key for rendering: the clientMessageId of a local message, else the server messageId. */
  readonly key: string;
  readonly role: MessageRole;
  readonly text: string;
  readonly status: MessageStatus;
  /** Server id, known once acknowledged, streamed or replayed. */
  readonly messageId?: string;
  /** Set on messages this client sent. */
  readonly clientMessageId?: string;
  /** Conversation sequence number, known once the server persisted the message. */
  readonly seq?: number;
}

/** Error codes of the server's `error` frames plus the SDK's own. */
export type ChatErrorCode =
  | ErrorCode
  | 'token_unavailable'
  | 'connection_lost'
  | 'reconnect_exhausted'
  | 'not_connected'
  | 'empty_message';

export interface ChatError {
  readonly code: ChatErrorCode;
  readonly message: string;
  /** The user message the error is about, when there is one. */
  readonly clientMessageId?: string;
}

export interface StateChange {
  readonly state: ConnectionState;
  readonly previous: ConnectionState;
  /** Reconnect attempt number (1-based) while reconnecting. */
  readonly attempt?: number;
  /** Milliseconds until the next attempt while reconnecting. */
  readonly retryInMs?: number;
}

/** Event name → payload of everything a ChatClient emits. */
export interface ChatClientEvents {
  /** The connection state changed. */
  readonly state: StateChange;
  /** The ordered message list changed (a snapshot, ordered by seq; unsequenced messages last). */
  readonly messages: readonly ChatMessage[];
  /** One message was added or updated (also for every streamed delta). */
  readonly message: ChatMessage;
  /** The other side is typing. */
  readonly typing: { readonly role: MessageRole };
  /** A server `error` frame or an SDK failure; the client keeps running unless it went offline. */
  readonly error: ChatError;
  /** The server assigned a conversation (first token, or a token that named a different one). */
  readonly conversation: { readonly conversationId: string };
}

/** The subset of the browser WebSocket the SDK uses, so tests can inject a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface BackoffOptions {
  /** First retry delay. @default 500 */
  readonly initialDelayMs?: number;
  /** Upper bound of a delay. @default 15000 */
  readonly maxDelayMs?: number;
  /** Growth per attempt. @default 2 */
  readonly factor?: number;
  /** Attempts before the client goes offline. @default 8 */
  readonly maxAttempts?: number;
}

/** Timer functions, injectable so tests control time. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ChatClientOptions {
  /** Fetches a fresh session token; called for the first connection and before every reconnect. */
  readonly getToken: TokenProvider;
  /** Opens a socket. @default the browser's WebSocket */
  readonly createWebSocket?: WebSocketFactory;
  readonly backoff?: BackoffOptions;
  /** Ask the server for the conversation's history on the first connection. @default false */
  readonly loadHistory?: boolean;
  /** Interval of keep-alive pings while online (API Gateway closes idle sockets at 10 min). @default 240000 */
  readonly pingIntervalMs?: number;
  /** A ping without pong within this time counts as a lost connection. @default 10000 */
  readonly pongTimeoutMs?: number;
  /** Minimum interval between typing notices. @default 3000 */
  readonly typingThrottleMs?: number;
  /** @default globalThis timers */
  readonly scheduler?: Scheduler;
  /** Random source in [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Generates clientMessageIds. @default a random UUID v4 */
  readonly generateId?: () => string;
  /** Clock for throttling typing notices. @default Date.now */
  readonly now?: () => number;
}
