// The open-loop send schedule shared by the load generator and the direct-handler floor: message k is due at start + k / rate.

import type { LatencySummary } from './stats';

/** Wall-clock time in ms with sub-millisecond resolution (comparable across processes). */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * Calls `send(k, due)` for k = 0 … total-1 once each message is due (start + k / rate, start 200 ms
 * from now), whatever happened to the earlier ones; resolves after the last send.
 */
export function runOpenLoop(
  total: number,
  rate: number,
  send: (k: number, dueAt: number) => void,
): Promise<void> {
  const start = now() + 200;
  return new Promise<void>((resolve) => {
    let k = 0;
    const tick = () => {
      const t = now();
      while (k < total && start + (k * 1000) / rate <= t) {
        send(k, start + (k * 1000) / rate);
        k += 1;
      }
      if (k >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(5, start + (k * 1000) / rate - now())));
    };
    tick();
  });
}

/** What both drivers of the open-loop schedule report (the runtime's load generator and the floor). */
export interface OpenLoopOutcome {
  readonly sockets: number;
  readonly rate: number;
  readonly scheduled: number;
  readonly acked: number;
  readonly lost: number;
  readonly answered: number;
  /** `error` frames by code (the floor adds `invoke:<reason>` for failed invocations). */
  readonly errors: Record<string, number>;
  readonly ackMs: LatencySummary;
  /** From the scheduled send to the first assistant.delta. */
  readonly firstDeltaMs: LatencySummary;
}

/** The benchmark's user message; the nonce lets the fake LLM report when it wrote the first chunk. */
export const benchMessageText = (clientMessageId: string): string =>
  `[bench:${clientMessageId}] What is your return policy?`;
