// The in-memory DynamoDB server's TransactWriteItems: all-or-nothing, cancellation reasons per item, one item once.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startMemoryDynamo, type LocalDynamo } from '../support/memory-dynamo';

let dynamo: LocalDynamo;
let table: string;
let other: string;

beforeAll(async () => {
  dynamo = await startMemoryDynamo('tx');
  table = dynamo.tables.conversations;
  other = dynamo.tables.sessions;
});
afterAll(() => dynamo.stop());

const get = async (pk: string, sk: string, tableName = table) =>
  (await dynamo.doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item;

async function cancelled(run: () => Promise<unknown>): Promise<TransactionCanceledException> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TransactionCanceledException) return error;
    throw error;
  }
  throw new Error('the transaction was not cancelled');
}

describe('TransactWriteItems', () => {
  it('applies every Put, Update, Delete and passing ConditionCheck together', async () => {
    await dynamo.doc.send(new PutCommand({ TableName: table, Item: { pk: 'c1', sk: 'meta', seq: 1 } }));
    await dynamo.doc.send(new PutCommand({ TableName: table, Item: { pk: 'c1', sk: 'old' } }));
    await dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { pk: 'c1', sk: 'msg#2', text: 'hi' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table,
              Key: { pk: 'c1', sk: 'meta' },
              UpdateExpression: 'ADD seq :one',
              ConditionExpression: 'seq = :seq',
              ExpressionAttributeValues: { ':one': 1, ':seq': 1 },
            },
          },
          { Delete: { TableName: table, Key: { pk: 'c1', sk: 'old' } } },
          {
            ConditionCheck: {
              TableName: other,
              Key: { pk: 'c1', sk: 'lock' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    expect(await get('c1', 'msg#2')).toEqual({ pk: 'c1', sk: 'msg#2', text: 'hi' });
    expect(await get('c1', 'meta')).toEqual({ pk: 'c1', sk: 'meta', seq: 2 });
    expect(await get('c1', 'old')).toBeUndefined();
    expect(await get('c1', 'lock', other)).toBeUndefined();
  });

  it('writes nothing when one condition fails, with a reason per item and the old item on ALL_OLD', async () => {
    await dynamo.doc.send(new PutCommand({ TableName: table, Item: { pk: 'c2', sk: 'meta', seq: 5 } }));
    const error = await cancelled(() =>
      dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: 'c2', sk: 'msg#6' } } },
            {
              Update: {
                TableName: table,
                Key: { pk: 'c2', sk: 'meta' },
                UpdateExpression: 'SET seq = :next',
                ConditionExpression: 'seq = :expected',
                ExpressionAttributeValues: { ':next': 6, ':expected': 4 },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Delete: {
                TableName: table,
                Key: { pk: 'c2', sk: 'meta-missing' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]',
    );
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { pk: { S: 'c2' }, sk: { S: 'meta' }, seq: { N: '5' } },
      },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await get('c2', 'msg#6')).toBeUndefined();
    expect(await get('c2', 'meta')).toEqual({ pk: 'c2', sk: 'meta', seq: 5 });
  });

  it('reports a failing ConditionCheck, and an update error as ValidationError, without writing', async () => {
    await dynamo.doc.send(new PutCommand({ TableName: table, Item: { pk: 'c3', sk: 'meta', title: 'x' } }));
    const error = await cancelled(() =>
      dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: table,
                Key: { pk: 'c3', sk: 'meta' },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Update: {
                TableName: table,
                Key: { pk: 'c3', sk: 'count' },
                UpdateExpression: 'SET n = :n',
                ExpressionAttributeValues: { ':n': 1 },
              },
            },
            {
              Update: {
                TableName: other,
                Key: { pk: 'c3', sk: 'x' },
                UpdateExpression: 'SET n = nothing_here + :n',
                ExpressionAttributeValues: { ':n': 1 },
              },
            },
          ],
        }),
      ),
    );
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
      'ValidationError',
    ]);
    expect(error.CancellationReasons?.[0]?.Item).toEqual({
      pk: { S: 'c3' },
      sk: { S: 'meta' },
      title: { S: 'x' },
    });
    expect(error.CancellationReasons?.[2]?.Message).toMatch(/attribute that does not exist/);
    expect(await get('c3', 'count')).toBeUndefined();
  });

  it('refuses two operations on one item, but allows the same key in two tables', async () => {
    await expect(
      dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: 'c4', sk: 'a' } } },
            {
              ConditionCheck: {
                TableName: table,
                Key: { pk: 'c4', sk: 'a' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
    });
    await dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: 'c4', sk: 'a' } } },
          { Put: { TableName: other, Item: { pk: 'c4', sk: 'a' } } },
        ],
      }),
    );
    expect(await get('c4', 'a', other)).toEqual({ pk: 'c4', sk: 'a' });
  });
});
