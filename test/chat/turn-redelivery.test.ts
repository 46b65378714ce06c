// No acknowledged message is lost: the enqueued turn survives a worker killed mid-turn and completes on redelivery.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbConversationStore } from '../../lambdas/shared/adapters/dynamodb-conversation-store';
import { SqsTurnQueue } from '../../lambdas/shared/adapters/sqs-turn-queue';
import type { ConversationTurn } from '../../lambdas/shared/types';
import { startMemoryDynamo, type LocalDynamo } from '../support/memory-dynamo';

const sqs = mockClient(SQSClient);
let dynamo: LocalDynamo;
let store: DynamoDbConversationStore;

beforeAll(async () => {
  dynamo = await startMemoryDynamo('redelivery');
  store = new DynamoDbConversationStore(dynamo.doc, dynamo.tables.conversations, 30);
});
afterAll(async () => {
  sqs.restore();
  await dynamo.stop();
});

/** What the worker side does with one delivery, up to the point where it may be killed. */
async function answerTurn(body: string, killBeforeStoringAnswer: boolean) {
  const turn = JSON.parse(body) as ConversationTurn;
  const history = await store.recentMessages(turn.tenantId, turn.conversationId, 20);
  const question = history.find((m) => m.messageId === turn.userMessageId);
  if (!question) throw new Error('the turn references a user message that was not stored');
  if (killBeforeStoringAnswer) throw new Error('worker killed mid-turn (no DeleteMessage: SQS redelivers)');
  return store.appendMessage({
    tenantId: turn.tenantId,
    conversationId: turn.conversationId,
    role: 'assistant',
    text: `answer to ${question.text}`,
    idempotencyKey: `turn#${turn.userMessageId}`,
  });
}

it('persists, then enqueues; a redelivered turn finds the user message and is answered exactly once', async () => {
  // Prepare: the router persisted the user message, then enqueued its turn on the FIFO queue.
  sqs.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
  const { message } = await store.appendMessage({
    tenantId: 'ta',
    conversationId: 'redelivered',
    role: 'user',
    text: 'what are your opening hours?',
    idempotencyKey: 'client-1',
  });
  const queue = new SqsTurnQueue(new SQSClient({ region: 'eu-west-1' }), 'https://sqs.example/turns.fifo');
  await queue.enqueue({
    tenantId: 'ta',
    conversationId: 'redelivered',
    userMessageId: message.messageId,
    userSeq: message.seq,
    acceptedAt: Date.now(),
  });
  const sent = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
  expect(sent).toMatchObject({ MessageGroupId: 'ta#redelivered', MessageDeduplicationId: message.messageId });

  // Act: delivery 1 dies mid-turn, delivery 2 (after the visibility timeout) completes, delivery 3 is a duplicate.
  await expect(answerTurn(sent.MessageBody!, true)).rejects.toThrow('killed');
  const second = await answerTurn(sent.MessageBody!, false);
  const third = await answerTurn(sent.MessageBody!, false);

  // Assess: one answer, right after the question, and resume replays both.
  expect(second).toMatchObject({ duplicate: false, message: { seq: 2, role: 'assistant' } });
  expect(third).toEqual({ message: second.message, duplicate: true });
  const replay = await store.listMessagesAfter('ta', 'redelivered', 0, 10);
  expect(replay.map((m) => [m.seq, m.role, m.text])).toEqual([
    [1, 'user', 'what are your opening hours?'],
    [2, 'assistant', 'answer to what are your opening hours?'],
  ]);
});
