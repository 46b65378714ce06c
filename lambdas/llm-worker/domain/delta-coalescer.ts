// Coalesces filtered text into assistant.delta frames: the first at once, then at most one per interval (sentence ends go first).

export interface DeltaCoalescerOptions {
  /** Least time between two deltas after the first, and the longest time text waits. @default 50 */
  readonly intervalMs?: number;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

const SENTENCE_END = /([.!?:;]["')\]]?\s|\n)$/;

export class DeltaCoalescer {
  private buffer = '';
  private sentFirst = false;
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly send: (text: string) => void,
    options: DeltaCoalescerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  /**
   * The first text goes at once. Later text goes at a sentence end when the interval since the last delta
   * has passed, otherwise when it has (a fast stream costs at most one frame per interval, a slow one is
   * sent sentence by sentence).
   */
  push(text: string): void {
    if (!text) return;
    this.buffer += text;
    const waited = this.now() - this.lastSentAt;
    if (!this.sentFirst || (SENTENCE_END.test(this.buffer) && waited >= this.intervalMs)) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.intervalMs - waited));
  }

  /** Sends whatever is buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.sentFirst = true;
    this.lastSentAt = this.now();
    this.send(text);
  }
}
