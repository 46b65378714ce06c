// The browser SDK's client: one conversation over a WebSocket, with acks, streaming, resume and reconnect.
import { PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { TypedEmitter } from './emitter';
import { parseServerFrame, type ServerFrame } from './frames';
import { randomId } from './ids';
import { Heartbeat } from './heartbeat';
import { MessageStore } from './message-store';
import { assertSessionToken, describeError, socketUrl } from './session-token';
import type {
  ChatClientEvents,
  ChatClientOptions,
  ChatError,
  ChatMessage,
  ConnectionState,
  Scheduler,
  SessionToken,
  WebSocketFactory,
  WebSocketLike,
} from './types';

const OPEN = 1;
const defaultScheduler: Scheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
const browserWebSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

/**
 * Connects with a session token, sends messages with generated clientMessageIds, renders streamed
 * answers, and survives dropped connections: it asks `getToken` for a fresh token (tokens are
 * single use), reconnects with exponential backoff, resends unacknowledged messages (the server is
 * idempotent on clientMessageId) and resumes from the last contiguous seq, deduplicating replays.
 */
export class ChatClient extends TypedEmitter<ChatClientEvents> {
  private readonly options: ChatClientOptions;
  private readonly scheduler: Scheduler;
  private readonly store = new MessageStore();
  private socket: WebSocketLike | undefined;
  private currentState: ConnectionState = 'idle';
  private conversation: string | undefined;
  private attempt = 0;
  private everOnline = false;
  private closedByUser = false;
  /** Bumped whenever a connection is abandoned, so late callbacks of an old socket are ignored. */
  private generation = 0;
  private retryTimer: unknown;
  private readonly heartbeat: Heartbeat;
  private lastTypingSentAt = Number.NEGATIVE_INFINITY;

  constructor(options: ChatClientOptions) {
    super();
    if (typeof options?.getToken !== 'function') throw new TypeError('ChatClient needs a getToken function');
    this.options = options;
    this.scheduler = options.scheduler ?? defaultScheduler;
    this.heartbeat = new Heartbeat({
      scheduler: this.scheduler,
      intervalMs: options.pingIntervalMs ?? 240_000,
      timeoutMs: options.pongTimeoutMs ?? 10_000,
      sendPing: () => this.transmit({ action: 'ping' }),
      onTimeout: () => {
        this.abandonSocket(4000, 'pong timeout');
        this.emitError({ code: 'connection_lost', message: 'The server stopped answering; reconnecting.' });
        this.scheduleReconnect();
      },
    });
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get conversationId(): string | undefined {
    return this.conversation;
  }

  /** The conversation ordered by seq; messages not yet persisted last. */
  get messages(): readonly ChatMessage[] {
    return this.store.list();
  }

  /** Opens the connection; also retries now when offline. Resolves once the first attempt settled. */
  async connect(): Promise<void> {
    if (this.currentState === 'connecting' || this.currentState === 'online') return;
    this.closedByUser = false;
    this.cancelRetry();
    this.attempt = 0;
    await this.open(this.everOnline ? 'reconnecting' : 'connecting');
  }

  /**
   * Queues a user message and sends it when online; returns its clientMessageId. Text is trimmed;
   * empty or over-long text is refused with an `error` event and no message is created.
   */
  send(text: string): string | undefined {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (trimmed.length === 0) {
      this.emitError({ code: 'empty_message', message: 'Type a message before sending.' });
      return undefined;
    }
    if (trimmed.length > PROTOCOL_LIMITS.maxTextChars) {
      this.emitError({
        code: 'message_too_large',
        message: `A message can have at most ${PROTOCOL_LIMITS.maxTextChars} characters.`,
      });
      return undefined;
    }
    const clientMessageId = (this.options.generateId ?? randomId)();
    const message = this.store.addLocal(clientMessageId, trimmed);
    this.changed(message);
    this.transmitMessage(clientMessageId, trimmed);
    return clientMessageId;
  }

  /** Tells the assistant side the user is typing; throttled, dropped when not online. */
  notifyTyping(): void {
    const now = (this.options.now ?? Date.now)();
    if (
      this.currentState !== 'online' ||
      now - this.lastTypingSentAt < (this.options.typingThrottleMs ?? 3000)
    ) {
      return;
    }
    this.lastTypingSentAt = now;
    this.transmit({ action: 'typing' });
  }

  /** Closes for good (until connect() is called again); pending messages stay queued. */
  close(): void {
    this.closedByUser = true;
    this.abandonSocket(1000, 'client closed');
    this.cancelRetry();
    this.setState('offline');
  }

  private async open(connectingState: 'connecting' | 'reconnecting'): Promise<void> {
    const generation = ++this.generation;
    this.setState(connectingState, this.attempt > 0 ? { attempt: this.attempt } : {});
    let token: SessionToken;
    try {
      token = await this.options.getToken({
        reason: this.everOnline || this.conversation ? 'reconnect' : 'initial',
        ...(this.conversation ? { conversationId: this.conversation } : {}),
      });
      assertSessionToken(token);
    } catch (error) {
      if (generation !== this.generation) return;
      this.emitError({
        code: 'token_unavailable',
        message: `Could not get a session token: ${describeError(error)}`,
      });
      this.scheduleReconnect();
      return;
    }
    if (generation !== this.generation) return;
    if (this.conversation !== undefined && token.conversationId !== this.conversation) {
      this.store.resetSequence();
    }
    if (token.conversationId !== this.conversation) {
      this.conversation = token.conversationId;
      this.emit('conversation', { conversationId: token.conversationId });
    }
    let socket: WebSocketLike;
    try {
      socket = (this.options.createWebSocket ?? browserWebSocket)(socketUrl(token));
    } catch (error) {
      this.emitError({
        code: 'connection_lost',
        message: `Could not open the connection: ${describeError(error)}`,
      });
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => generation === this.generation && this.onOpen();
    socket.onmessage = (event) => generation === this.generation && this.onFrame(event.data);
    socket.onerror = () => undefined;
    socket.onclose = (event) => generation === this.generation && this.onClose(event.code);
  }

  private onOpen(): void {
    const wasOnline = this.everOnline;
    this.everOnline = true;
    this.attempt = 0;
    this.setState('online');
    for (const pending of this.store.unacknowledged()) {
      this.transmitMessage(pending.clientMessageId!, pending.text);
    }
    if (wasOnline || this.options.loadHistory) {
      this.transmit({ action: 'resume', afterSeq: this.store.resumeAfterSeq });
    }
    this.heartbeat.start();
  }

  private onClose(code: number): void {
    this.socket = undefined;
    this.heartbeat.stop();
    if (this.closedByUser) return;
    this.generation++;
    if (code === 1009) {
      this.emitError({
        code: 'message_too_large',
        message: 'The server closed the connection: frame too large.',
      });
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closedByUser) return;
    const backoff = { ...DEFAULT_BACKOFF, ...this.options.backoff };
    this.attempt++;
    if (this.attempt > backoff.maxAttempts) {
      this.attempt = 0;
      this.setState('offline');
      this.emitError({
        code: 'reconnect_exhausted',
        message: `Still offline after ${backoff.maxAttempts} attempts; call connect() to retry.`,
      });
      return;
    }
    const delay = backoffDelay(this.attempt, backoff, this.options.random ?? Math.random);
    this.setState(this.everOnline ? 'reconnecting' : 'connecting', {
      attempt: this.attempt,
      retryInMs: delay,
    });
    this.cancelRetry();
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = undefined;
      void this.open(this.everOnline ? 'reconnecting' : 'connecting');
    }, delay);
  }

  private onFrame(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) {
      this.emitError({ code: 'invalid_frame', message: 'Ignored a malformed frame from the server.' });
      return;
    }
    this.apply(frame);
  }

  private apply(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ack':
        return this.changed(this.store.ack(frame.clientMessageId, frame.messageId, frame.seq));
      case 'assistant.delta':
        return this.changed(this.store.delta(frame.messageId, frame.text));
      case 'assistant.done':
        return this.changed(this.store.done(frame.messageId, frame.seq, frame.text));
      case 'message':
        return this.changed(this.store.final(frame.messageId, frame.seq, frame.role, frame.text));
      case 'typing':
        return this.emit('typing', { role: frame.role });
      case 'error': {
        if (frame.clientMessageId) this.changed(this.store.fail(frame.clientMessageId));
        if (frame.code === 'assistant_unavailable' || frame.code === 'budget_exceeded') {
          this.store.abortStreaming().forEach((m) => this.changed(m));
        }
        return this.emitError({
          code: frame.code,
          message: frame.message,
          ...(frame.clientMessageId ? { clientMessageId: frame.clientMessageId } : {}),
        });
      }
      case 'pong':
        return this.heartbeat.pong();
    }
  }

  private transmitMessage(clientMessageId: string, text: string): void {
    this.transmit({ action: 'sendMessage', clientMessageId, text });
  }

  private transmit(frame: Record<string, unknown>): void {
    if (!this.socket || this.socket.readyState !== OPEN || this.currentState !== 'online') return;
    try {
      this.socket.send(JSON.stringify(frame));
    } catch (error) {
      this.emitError({ code: 'connection_lost', message: `Could not send: ${describeError(error)}` });
    }
  }

  private abandonSocket(code: number, reason: string): void {
    this.generation++;
    this.heartbeat.stop();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      try {
        socket.close(code, reason);
      } catch {
        // Already closed.
      }
    }
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) this.scheduler.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setState(state: ConnectionState, extra: { attempt?: number; retryInMs?: number } = {}): void {
    const previous = this.currentState;
    if (previous === state && extra.retryInMs === undefined) return;
    this.currentState = state;
    this.emit('state', { state, previous, ...extra });
  }

  private changed(message: ChatMessage | undefined): void {
    if (!message) return;
    this.emit('message', message);
    this.emit('messages', this.store.list());
  }

  private emitError(error: ChatError): void {
    this.emit('error', error);
  }
}
