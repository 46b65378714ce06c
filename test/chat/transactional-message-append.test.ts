// Unit tests of the store's cancellation and conditional-failure handling with a mocked DynamoDB client (cases a local server rarely produces).
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { AppendInProgressError } from '../../lambdas/shared/conversation-errors';
import { keys } from '../../lambdas/shared/definitions';
import { ConversationTable } from '../../lambdas/shared/adapters/conversation-table';
import { DynamoDbConversationStore } from '../../lambdas/shared/adapters/dynamodb-conversation-store';
import { TransactionalMessageAppend } from '../../lambdas/shared/adapters/transactional-message-append';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const ddb = mockClient(doc);
const table = new ConversationTable(
  doc,
  'Conversations',
  { now: () => Date.parse('2026-11-23T10:00:00Z') },
  30,
);
const input = {
  tenantId: 'tenant-a',
  conversationId: 'conv-1',
  role: 'user' as const,
  text: 'hello',
  idempotencyKey: 'client-1',
  messageId: 'msg-new',
  knownLastSeq: 4,
};
const pk = keys.conversationPk('tenant-a', 'conv-1');
const cancelled = (...codes: Array<{ Code: string; Item?: Record<string, unknown> }>) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((c) => ({ Code: c.Code, ...(c.Item ? { Item: marshall(c.Item) } : {}) })),
  });
const storedMessage = {
  pk,
  sk: keys.messageSk(3),
  tenantId: 'tenant-a',
  conversationId: 'conv-1',
  messageId: 'msg-old',
  seq: 3,
  role: 'user',
  text: 'hello',
  clientMessageId: 'client-1',
  idempotencyKey: 'client-1',
  createdAt: '2026-11-23T09:00:00.000Z',
  status: 'complete',
};

beforeEach(() => ddb.reset());

describe('TransactionalMessageAppend', () => {
  it('writes the claim and the message in one transaction, each only if absent, the claim asking for the old item', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await new TransactionalMessageAppend(table).append(input);

    expect(result).toMatchObject({ duplicate: false, message: { seq: 5, messageId: 'msg-new' } });
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const [claim, message] = call.args[0].input.TransactItems ?? [];
    expect(claim.Put).toMatchObject({
      Item: { pk, sk: keys.clientMessageSk('client-1'), kind: 'claim', seq: 5, messageId: 'msg-new' },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(message.Put).toMatchObject({
      Item: { pk, sk: keys.messageSk(5), kind: 'message', seq: 5, text: 'hello' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('returns the stored message of an existing claim from the cancellation reason, without reading the claim', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        cancelled(
          { Code: 'ConditionalCheckFailed', Item: { seq: 3, messageId: 'msg-old' } },
          { Code: 'None' },
        ),
      );
    ddb.on(GetCommand, { Key: { pk, sk: keys.messageSk(3) } }).resolves({ Item: storedMessage });

    const result = await new TransactionalMessageAppend(table).append(input);

    expect(result).toEqual({
      duplicate: true,
      message: expect.objectContaining({ messageId: 'msg-old', seq: 3, text: 'hello' }),
    });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('reads the claim when the cancellation did not carry it', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' }));
    ddb
      .on(GetCommand, { Key: { pk, sk: keys.clientMessageSk('client-1') } })
      .resolves({ Item: { seq: 3, messageId: 'msg-old' } });
    ddb.on(GetCommand, { Key: { pk, sk: keys.messageSk(3) } }).resolves({ Item: storedMessage });

    const result = await new TransactionalMessageAppend(table).append(input);

    expect(result.duplicate).toBe(true);
    expect(result.message.messageId).toBe('msg-old');
  });

  it('re-reads the last seq after losing the seq and retries at the next one', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed' }))
      .resolves({});
    ddb.on(QueryCommand).resolves({ Items: [{ seq: 7 }] });

    const result = await new TransactionalMessageAppend(table).append(input);

    expect(result.message.seq).toBe(8);
    const attempts = ddb
      .commandCalls(TransactWriteCommand)
      .map((c) => c.args[0].input.TransactItems?.[1].Put?.Item?.seq);
    expect(attempts).toEqual([5, 8]);
  });

  it('retries the same seq while another transaction holds one of the items', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'TransactionConflict' }, { Code: 'None' }))
      .resolves({});

    const result = await new TransactionalMessageAppend(table).append(input);

    expect(result.message.seq).toBe(5);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('reports the append as still in progress when the conflicts outlast its attempts', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'TransactionConflict' }, { Code: 'None' }));

    await expect(
      new TransactionalMessageAppend(table, { maxSeqAttempts: 3 }).append(input),
    ).rejects.toBeInstanceOf(AppendInProgressError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('rethrows a cancellation it does not understand (e.g. a validation error) instead of retrying', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'ValidationError' }, { Code: 'None' }));

    await expect(new TransactionalMessageAppend(table).append(input)).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('rethrows a cancellation whose reasons do not match the two writes instead of retrying blind', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'TransactionConflict' }));

    await expect(new TransactionalMessageAppend(table).append(input)).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries when provisioned capacity ran short for a moment', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'ProvisionedThroughputExceeded' }, { Code: 'None' }))
      .resolves({});

    expect((await new TransactionalMessageAppend(table).append(input)).message.seq).toBe(5);
  });

  it('rethrows other errors unchanged', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));

    await expect(new TransactionalMessageAppend(table).append(input)).rejects.toThrow('network down');
  });
});

describe('claimConversation when it loses the creation race', () => {
  it('takes the winner from the failed put, without a second read', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'exists',
        $metadata: {},
        Item: marshall({ ownerUserId: 'alice', expiresAt: 9_999_999_999 }),
      }),
    );
    const store = new DynamoDbConversationStore(doc, 'Conversations', 30);

    expect(await store.claimConversation('tenant-a', 'conv-1', 'mallory')).toBe('foreign');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('reads the winner when the failed put did not carry it', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { ownerUserId: 'alice', expiresAt: 9_999_999_999 } });
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const store = new DynamoDbConversationStore(doc, 'Conversations', 30);

    expect(await store.claimConversation('tenant-a', 'conv-1', 'alice')).toBe('owned');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });
});
