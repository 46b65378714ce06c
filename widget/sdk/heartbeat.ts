// Keep-alive for one socket: a ping after each quiet interval, and a lost connection when no pong follows.
import type { Scheduler } from './types';

export interface HeartbeatOptions {
  readonly scheduler: Scheduler;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly sendPing: () => void;
  /** The server did not answer a ping in time: the socket is dead even if the browser did not notice. */
  readonly onTimeout: () => void;
}

export class Heartbeat {
  private pingTimer: unknown;
  private pongTimer: unknown;

  constructor(private readonly options: HeartbeatOptions) {}

  /** (Re)starts the interval; call when the socket opens. */
  start(): void {
    this.stop();
    const { scheduler, intervalMs, timeoutMs } = this.options;
    this.pingTimer = scheduler.setTimeout(() => {
      this.pingTimer = undefined;
      this.options.sendPing();
      this.pongTimer = scheduler.setTimeout(() => {
        this.pongTimer = undefined;
        this.options.onTimeout();
      }, timeoutMs);
    }, intervalMs);
  }

  /** A pong arrived: the socket is alive, wait for the next interval. */
  pong(): void {
    if (this.pongTimer === undefined) return;
    this.start();
  }

  stop(): void {
    if (this.pingTimer !== undefined) this.options.scheduler.clearTimeout(this.pingTimer);
    if (this.pongTimer !== undefined) this.options.scheduler.clearTimeout(this.pongTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
  }
}
