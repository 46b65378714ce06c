// Coalesces filtered text into assistant.delta frames: the first at once, then on sentence ends or every ~50 ms.

export interface DeltaCoalescerOptions {
  /** Longest time text waits in the buffer. @default 50 */
  readonly intervalMs?: number;
}

const SENTENCE_END = /([.!?:;]["')\]]?\s|\n)$/;

export class DeltaCoalescer {
  private buffer = '';
  private sentFirst = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly send: (text: string) => void,
    options: DeltaCoalescerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 50;
  }

  push(text: string): void {
    if (!text) return;
    this.buffer += text;
    if (!this.sentFirst || SENTENCE_END.test(this.buffer)) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends whatever is buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.sentFirst = true;
    this.send(text);
  }
}
