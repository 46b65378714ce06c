// Guards a provider stream with a first-event and an idle timeout; on expiry it aborts the request.

export interface StreamTimeouts {
  /** Longest wait for the first text (slow first token). */
  readonly firstTokenMs: number;
  /** Longest silence between two events once streaming (stalled stream). */
  readonly idleMs: number;
}

export type Expiry = 'first_token' | 'idle';

/** An abort controller that fires when the stream is silent for too long; `expired` tells why it fired. */
export class StreamWatchdog {
  readonly controller = new AbortController();
  expired: Expiry | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly onParentAbort = () => this.controller.abort();

  constructor(
    private readonly timeouts: StreamTimeouts,
    private readonly parent?: AbortSignal,
  ) {
    if (parent?.aborted) this.controller.abort();
    parent?.addEventListener('abort', this.onParentAbort, { once: true });
    this.arm('first_token', timeouts.firstTokenMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Call on every text/tool event: switches to the idle timeout. */
  progress(): void {
    this.arm('idle', this.timeouts.idleMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }

  private arm(kind: Expiry, ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = kind;
      this.controller.abort();
    }, ms);
    this.timer.unref?.();
  }
}
