// TurnQueue over an SQS FIFO queue: one message group per conversation keeps turns in order.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TurnQueue } from '../ports';
import type { ConversationTurn } from '../types';

export class SqsTurnQueue implements TurnQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Enqueues the turn; a repeat of the same user message within SQS's 5-minute window is deduplicated. */
  async enqueue(turn: ConversationTurn): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(turn),
        MessageGroupId: `${turn.tenantId}#${turn.conversationId}`,
        MessageDeduplicationId: turn.userMessageId,
      }),
    );
  }
}
