// Lambda's SQS event source mapping, locally: long-polls a queue and invokes a handler with SQS-shaped events.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { RuntimeLog } from '../console-log';
import type { LambdaInvoker } from '../handlers/lambda-host';
import { md5, systemAttributes, type QueueMessage, type SqsQueue } from './sqs-queue';

export interface SqsPollerOptions {
  readonly queue: SqsQueue;
  readonly invoke: LambdaInvoker;
  readonly region: string;
  /** Messages per invocation (the mapping's BatchSize). @default 10 */
  readonly batchSize?: number;
  /** Concurrent invocations (the mapping's maximum concurrency). @default 50 */
  readonly concurrency?: number;
  /** Reports each invocation: how many records and which failed. */
  readonly onBatch?: (records: number, failed: number, error?: unknown) => void;
}

export class SqsPoller {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: SqsPollerOptions) {}

  start(): void {
    this.running = true;
    const concurrency = this.options.concurrency ?? 50;
    for (let i = 0; i < concurrency; i += 1) this.loops.push(this.loop());
  }

  /** Stops polling and waits for the invocations in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.options.queue.close();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const messages = await this.options.queue.receive(this.options.batchSize ?? 10, 1000);
      if (messages.length === 0 || !this.running) continue;
      await this.invoke(messages);
    }
  }

  /**
   * Invokes the handler once. As with ReportBatchItemFailures: listed failures stay on the queue and
   * come back after the visibility timeout (then the DLQ after maxReceiveCount); a thrown error fails
   * the whole batch; everything else is deleted.
   */
  private async invoke(messages: QueueMessage[]): Promise<void> {
    const { queue } = this.options;
    const event: SQSEvent = { Records: messages.map((m) => this.record(m)) };
    let failedIds: Set<string>;
    let failure: unknown;
    try {
      const result = (await this.options.invoke(event)) as
        { batchItemFailures?: Array<{ itemIdentifier?: string }> } | undefined;
      failedIds = new Set((result?.batchItemFailures ?? []).map((f) => String(f.itemIdentifier)));
    } catch (error) {
      failure = error;
      failedIds = new Set(messages.map((m) => m.messageId));
    }
    for (const message of messages) {
      if (!failedIds.has(message.messageId) && message.receiptHandle) queue.delete(message.receiptHandle);
    }
    this.options.onBatch?.(messages.length, failedIds.size, failure);
  }

  private record(m: QueueMessage): SQSRecord {
    const { queue, region } = this.options;
    return {
      messageId: m.messageId,
      receiptHandle: m.receiptHandle ?? '',
      body: m.body,
      attributes: systemAttributes(queue, m),
      messageAttributes: {},
      md5OfBody: md5(m.body),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.options.arn,
      awsRegion: region,
    };
  }
}

/** The turn queue's event source mapping: batch size and maximum concurrency as the stacks set them. */
export function startQueuePoller(
  queue: SqsQueue,
  invoke: LambdaInvoker,
  mapping: { readonly batchSize: number; readonly maxConcurrency: number },
  region: string,
  log: RuntimeLog,
): SqsPoller {
  const poller = new SqsPoller({
    queue,
    invoke,
    region,
    batchSize: mapping.batchSize,
    concurrency: mapping.maxConcurrency,
    onBatch: (records, failed, error) => {
      if (failed === 0) return log.debug('worker', `${records} turns`);
      const why = error ? 'the invocation failed' : 'batchItemFailures';
      log.request(
        'worker',
        `${records} turns, ${failed} failed (${why}); they return after the visibility timeout`,
        true,
      );
    },
  });
  poller.start();
  return poller;
}
