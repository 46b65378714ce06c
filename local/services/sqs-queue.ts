// The in-memory model of one SQS queue: FIFO group ordering, deduplication, visibility, redelivery and a DLQ.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SQSRecordAttributes } from 'aws-lambda';

export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly sequenceNumber: string;
  readonly sentAt: number;
  readonly attributes: Record<string, unknown>;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  receiptHandle?: string;
}

export interface QueueOptions {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly visibilityTimeoutSeconds: number;
  /** Where a message goes once it was received this many times without being deleted. */
  readonly redrive?: { readonly deadLetterQueue: SqsQueue; readonly maxReceiveCount: number };
  /** FIFO queues without a deduplication id hash the body. @default false */
  readonly contentBasedDeduplication?: boolean;
}

const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
let sequence = 10_000_000_000_000_000n;

interface Waiter {
  readonly max: number;
  readonly resolve: (messages: QueueMessage[]) => void;
  readonly timer: NodeJS.Timeout;
}

export class SqsQueue {
  readonly fifo: boolean;
  /** Messages in send order; FIFO delivery walks them group by group. */
  private messages: QueueMessage[] = [];
  private readonly deduplication = new Map<
    string,
    { messageId: string; sequenceNumber: string; until: number }
  >();
  private waiters: Waiter[] = [];
  private wakeTimer?: NodeJS.Timeout;

  constructor(readonly options: QueueOptions) {
    this.fifo = options.name.endsWith('.fifo');
  }

  get depth(): { visible: number; inFlight: number } {
    const now = Date.now();
    const inFlight = this.messages.filter((m) => m.visibleAt > now).length;
    return { visible: this.messages.length - inFlight, inFlight };
  }

  /** Adds a message (deduplicated on FIFO queues) and wakes a waiting receiver. */
  send(input: {
    body: string;
    groupId?: string;
    deduplicationId?: string;
    delaySeconds?: number;
    attributes?: Record<string, unknown>;
  }): { messageId: string; sequenceNumber: string; duplicate: boolean } {
    const now = Date.now();
    this.pruneDeduplication(now);
    const dedupId =
      input.deduplicationId ??
      (this.fifo && this.options.contentBasedDeduplication
        ? createHash('sha256').update(input.body).digest('hex')
        : undefined);
    const seen = dedupId ? this.deduplication.get(dedupId) : undefined;
    if (seen && seen.until > now)
      return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber, duplicate: true };
    sequence += 1n;
    const message: QueueMessage = {
      messageId: randomUUID(),
      body: input.body,
      groupId: input.groupId,
      deduplicationId: dedupId,
      sequenceNumber: sequence.toString(),
      sentAt: now,
      attributes: input.attributes ?? {},
      receiveCount: 0,
      visibleAt: now + (this.fifo ? 0 : (input.delaySeconds ?? 0) * 1000),
    };
    if (dedupId) {
      this.deduplication.set(dedupId, {
        messageId: message.messageId,
        sequenceNumber: message.sequenceNumber,
        until: now + DEDUPLICATION_WINDOW_MS,
      });
    }
    this.messages.push(message);
    this.serveWaiters();
    return { messageId: message.messageId, sequenceNumber: message.sequenceNumber, duplicate: false };
  }

  /** Receives up to `max` messages, waiting up to `waitMs` for one to become available. */
  receive(max: number, waitMs: number, visibilityTimeoutSeconds?: number): Promise<QueueMessage[]> {
    const ready = this.take(max, visibilityTimeoutSeconds);
    if (ready.length > 0 || waitMs <= 0) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        max,
        resolve: (messages) => {
          clearTimeout(waiter.timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(messages);
        },
        timer: setTimeout(() => waiter.resolve([]), waitMs),
      };
      this.waiters.push(waiter);
      this.scheduleWake();
    });
  }

  /** Deletes by receipt handle; a stale handle is accepted and deletes nothing, as SQS does. */
  delete(receiptHandle: string): boolean {
    const index = this.messages.findIndex((m) => m.receiptHandle === receiptHandle);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    this.serveWaiters();
    return true;
  }

  changeVisibility(receiptHandle: string, timeoutSeconds: number): boolean {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
    if (!message || message.visibleAt <= Date.now()) return false;
    message.visibleAt = Date.now() + timeoutSeconds * 1000;
    if (timeoutSeconds === 0) this.serveWaiters();
    else this.scheduleWake();
    return true;
  }

  /** Resolves every pending long poll with no messages (shutdown). */
  close(): void {
    for (const waiter of [...this.waiters]) waiter.resolve([]);
    clearTimeout(this.wakeTimer);
  }

  /** Messages currently stored (for tests and the DLQ view). */
  peek(): readonly QueueMessage[] {
    return this.messages;
  }

  private take(max: number, visibilityTimeoutSeconds?: number): QueueMessage[] {
    const now = Date.now();
    const lockedGroups = new Set<string>();
    const taken: QueueMessage[] = [];
    for (const message of [...this.messages]) {
      if (taken.length >= max) break;
      const group = message.groupId;
      if (this.fifo && group !== undefined && lockedGroups.has(group)) continue;
      if (message.visibleAt > now) {
        if (this.fifo && group !== undefined) lockedGroups.add(group);
        continue;
      }
      const redrive = this.options.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        this.moveToDeadLetterQueue(message, redrive.deadLetterQueue);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.receiptHandle = randomBytes(24).toString('base64url');
      message.visibleAt = now + (visibilityTimeoutSeconds ?? this.options.visibilityTimeoutSeconds) * 1000;
      taken.push(message);
    }
    if (taken.length > 0) this.scheduleWake();
    return taken;
  }

  private moveToDeadLetterQueue(message: QueueMessage, dlq: SqsQueue): void {
    this.messages = this.messages.filter((m) => m !== message);
    dlq.send({
      body: message.body,
      groupId: message.groupId,
      deduplicationId: dlq.fifo ? message.messageId : undefined,
      attributes: message.attributes,
    });
  }

  private serveWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const messages = this.take(waiter.max);
      if (messages.length === 0) break;
      waiter.resolve(messages);
    }
    this.scheduleWake();
  }

  /** Wakes long polls when the next in-flight message becomes visible again. */
  private scheduleWake(): void {
    clearTimeout(this.wakeTimer);
    if (this.waiters.length === 0) return;
    const now = Date.now();
    const next = Math.min(...this.messages.map((m) => (m.visibleAt > now ? m.visibleAt : Infinity)));
    if (!Number.isFinite(next)) return;
    this.wakeTimer = setTimeout(() => this.serveWaiters(), next - now + 5);
    this.wakeTimer.unref();
  }

  private pruneDeduplication(now: number): void {
    if (this.deduplication.size < 1000) return;
    for (const [id, entry] of this.deduplication) if (entry.until <= now) this.deduplication.delete(id);
  }
}

/** MD5 of a message body, as SQS reports it. */
export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** The system attributes of a received message, as ReceiveMessage and Lambda's SQS events carry them. */
export function systemAttributes(queue: SqsQueue, m: QueueMessage): SQSRecordAttributes {
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: String(m.receiveCount),
    SentTimestamp: String(m.sentAt),
    SenderId: 'AIDALOCALRUNTIME',
    ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
  };
  if (queue.fifo) {
    attributes.SequenceNumber = m.sequenceNumber;
    if (m.groupId) attributes.MessageGroupId = m.groupId;
    if (m.deduplicationId) attributes.MessageDeduplicationId = m.deduplicationId;
  }
  return attributes;
}
