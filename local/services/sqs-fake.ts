// An SQS-compatible server over the AWS JSON 1.0 protocol SDK v3 uses: the operations the router and poller need.
import type { Server } from 'node:http';
import { AwsServiceError, createAwsJsonServer, requireString } from './aws-json-protocol';
import { md5, type QueueMessage, SqsQueue, systemAttributes } from './sqs-queue';

export interface QueueDefinition {
  readonly name: string;
  readonly visibilityTimeoutSeconds?: number;
  readonly contentBasedDeduplication?: boolean;
  /** Name of an already defined queue used as this queue's dead-letter queue. */
  readonly deadLetterQueue?: { readonly name: string; readonly maxReceiveCount: number };
}

export interface SqsFakeOptions {
  readonly region: string;
  readonly accountId: string;
  readonly onRequest?: (operation: string, status: number, error?: string) => void;
}

const MAX_BODY_BYTES = 256 * 1024;

export class SqsFake {
  private readonly queues = new Map<string, SqsQueue>();
  private baseUrl = 'http://127.0.0.1';

  constructor(private readonly options: SqsFakeOptions) {}

  /** Sets the URL queue URLs are built on (known once the server listens). */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/$/, '');
  }

  createQueue(definition: QueueDefinition): SqsQueue {
    const existing = this.queues.get(definition.name);
    if (existing) return existing;
    const dlq = definition.deadLetterQueue;
    const deadLetterQueue = dlq ? this.queues.get(dlq.name) : undefined;
    if (dlq && !deadLetterQueue) throw new Error(`Dead-letter queue ${dlq.name} is not defined`);
    const { region, accountId } = this.options;
    const queue = new SqsQueue({
      name: definition.name,
      url: `${this.baseUrl}/${accountId}/${definition.name}`,
      arn: `arn:aws:sqs:${region}:${accountId}:${definition.name}`,
      visibilityTimeoutSeconds: definition.visibilityTimeoutSeconds ?? 30,
      contentBasedDeduplication: definition.contentBasedDeduplication,
      redrive: dlq && deadLetterQueue ? { deadLetterQueue, maxReceiveCount: dlq.maxReceiveCount } : undefined,
    });
    this.queues.set(definition.name, queue);
    return queue;
  }

  queue(name: string): SqsQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Queue ${name} is not defined`);
    return queue;
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
  }

  createServer(): Server {
    return createAwsJsonServer({
      targetPrefix: 'AmazonSQS',
      contentType: 'application/x-amz-json-1.0',
      errorNamespace: 'com.amazonaws.sqs',
      onRequest: this.options.onRequest,
      operations: {
        GetQueueUrl: (i) => ({ QueueUrl: this.byName(requireString(i, 'QueueName')).options.url }),
        SendMessage: (i) => this.sendMessage(i),
        ReceiveMessage: (i) => this.receiveMessage(i),
        DeleteMessage: (i) => {
          this.byUrl(i).delete(requireString(i, 'ReceiptHandle'));
          return {};
        },
        ChangeMessageVisibility: (i) => this.changeVisibility(i),
        GetQueueAttributes: (i) => this.attributes(this.byUrl(i)),
      },
    });
  }

  private sendMessage(input: Record<string, unknown>): unknown {
    const queue = this.byUrl(input);
    const body = requireString(input, 'MessageBody');
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
      throw new AwsServiceError('InvalidParameterValue', 'Message must be shorter than 262144 bytes.');
    }
    const groupId = typeof input.MessageGroupId === 'string' ? input.MessageGroupId : undefined;
    const deduplicationId =
      typeof input.MessageDeduplicationId === 'string' ? input.MessageDeduplicationId : undefined;
    if (queue.fifo && !groupId) {
      throw new AwsServiceError(
        'MissingParameter',
        'The request must contain the parameter MessageGroupId.',
        400,
        'MissingParameter',
      );
    }
    if (queue.fifo && !deduplicationId && !queue.options.contentBasedDeduplication) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    const sent = queue.send({
      body,
      groupId,
      deduplicationId,
      delaySeconds: typeof input.DelaySeconds === 'number' ? input.DelaySeconds : undefined,
      attributes: (input.MessageAttributes as Record<string, unknown> | undefined) ?? {},
    });
    return {
      MessageId: sent.messageId,
      MD5OfMessageBody: md5(body),
      SequenceNumber: queue.fifo ? sent.sequenceNumber : undefined,
    };
  }

  private async receiveMessage(input: Record<string, unknown>): Promise<unknown> {
    const queue = this.byUrl(input);
    const max = typeof input.MaxNumberOfMessages === 'number' ? input.MaxNumberOfMessages : 1;
    if (max < 1 || max > 10) {
      throw new AwsServiceError('InvalidParameterValue', 'MaxNumberOfMessages must be between 1 and 10');
    }
    const waitSeconds = typeof input.WaitTimeSeconds === 'number' ? input.WaitTimeSeconds : 0;
    const visibility = typeof input.VisibilityTimeout === 'number' ? input.VisibilityTimeout : undefined;
    const messages = await queue.receive(max, Math.min(waitSeconds, 20) * 1000, visibility);
    return { Messages: messages.map((m) => toWire(queue, m)) };
  }

  private changeVisibility(input: Record<string, unknown>): unknown {
    const queue = this.byUrl(input);
    const timeout = input.VisibilityTimeout;
    if (typeof timeout !== 'number' || timeout < 0 || timeout > 43_200) {
      throw new AwsServiceError('InvalidParameterValue', 'VisibilityTimeout must be between 0 and 43200');
    }
    if (!queue.changeVisibility(requireString(input, 'ReceiptHandle'), timeout)) {
      throw new AwsServiceError(
        'MessageNotInflight',
        'Message is not in flight.',
        400,
        'AWS.SimpleQueueService.MessageNotInflight',
      );
    }
    return {};
  }

  private attributes(queue: SqsQueue): unknown {
    const depth = queue.depth;
    return {
      Attributes: {
        QueueArn: queue.options.arn,
        ApproximateNumberOfMessages: String(depth.visible),
        ApproximateNumberOfMessagesNotVisible: String(depth.inFlight),
        VisibilityTimeout: String(queue.options.visibilityTimeoutSeconds),
        FifoQueue: String(queue.fifo),
      },
    };
  }

  private byName(name: string): SqsQueue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new AwsServiceError(
        'QueueDoesNotExist',
        'The specified queue does not exist.',
        400,
        'AWS.SimpleQueueService.NonExistentQueue',
      );
    }
    return queue;
  }

  private byUrl(input: Record<string, unknown>): SqsQueue {
    const url = requireString(input, 'QueueUrl');
    return this.byName(url.split('/').pop() ?? '');
  }
}

/** The message as ReceiveMessage returns it, with the system attributes Lambda's SQS events carry. */
export function toWire(queue: SqsQueue, m: QueueMessage): Record<string, unknown> {
  const attributes = systemAttributes(queue, m);
  return {
    MessageId: m.messageId,
    ReceiptHandle: m.receiptHandle,
    MD5OfBody: md5(m.body),
    Body: m.body,
    Attributes: attributes,
    MessageAttributes: Object.keys(m.attributes).length > 0 ? m.attributes : undefined,
  };
}
