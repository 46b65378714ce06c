// Test doubles for the SDK: a scriptable WebSocket, a manual clock and a token provider that counts calls.
import type { Scheduler, SessionToken, TokenRequest, WebSocketLike } from '../../../widget/sdk/types';

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;

  constructor(readonly url: string) {}

  get token(): string | null {
    return new URL(this.url).searchParams.get('token');
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('socket not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** Server side: accept the upgrade. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Server side: push a frame. */
  push(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The network dropped (or the server refused the upgrade: 1006 either way). */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }

  actions(action: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.action === action);
  }
}

export class ManualScheduler implements Scheduler {
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  now = 0;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Delays of the timers still pending, relative to now. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  /** Runs every timer due within `ms`, in time order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

export interface TokenLog {
  readonly requests: TokenRequest[];
  provider: (request: TokenRequest) => Promise<SessionToken>;
  failNext: number;
}

/** Mints token-1, token-2, … for conversation `conv-1` (or the one asked for). */
export function tokenLog(websocketUrl = 'wss://chat.example.test/ws'): TokenLog {
  const log: TokenLog = {
    requests: [],
    failNext: 0,
    provider: async (request) => {
      log.requests.push(request);
      if (log.failNext > 0) {
        log.failNext--;
        throw new Error('token endpoint answered 503');
      }
      return {
        token: `token-${log.requests.length}`,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        websocketUrl,
        conversationId: request.conversationId ?? 'conv-1',
      };
    },
  };
  return log;
}

/** Lets pending promise callbacks (the token provider) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
