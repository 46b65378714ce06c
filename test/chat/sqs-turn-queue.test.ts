// SqsTurnQueue against aws-sdk-client-mock: FIFO group per conversation, dedup on the user message id.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsTurnQueue } from '../../lambdas/shared/adapters/sqs-turn-queue';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/111111111111/turns.fifo';
const turn = {
  tenantId: 'ta',
  conversationId: 'c1',
  userMessageId: 'm-1',
  userSeq: 3,
  acceptedAt: 1_700_000_000_000,
};

describe('SqsTurnQueue', () => {
  it('groups by tenant and conversation and deduplicates on the user message id', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
    // Act
    await new SqsTurnQueue(new SQSClient({ region: 'eu-west-1' }), queueUrl).enqueue(turn);
    // Assess
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      QueueUrl: queueUrl,
      MessageGroupId: 'ta#c1',
      MessageDeduplicationId: 'm-1',
      MessageBody: JSON.stringify(turn),
    });
    expect(JSON.parse(calls[0]!.args[0].input.MessageBody!)).toEqual(turn);
  });

  it('surfaces a send failure so the caller does not report the turn as handed over', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));

    await expect(
      new SqsTurnQueue(new SQSClient({ region: 'eu-west-1' }), queueUrl).enqueue(turn),
    ).rejects.toThrow('throttled');
  });
});
