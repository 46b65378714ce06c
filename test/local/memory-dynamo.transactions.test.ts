// The in-memory DynamoDB server's transactions: all-or-nothing, cancellation reasons, one item once, idempotency tokens.
import {
  ConditionalCheckFailedException,
  IdempotentParameterMismatchException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
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

  it('accepts 100 items and refuses 101 or none', async () => {
    const puts = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ Put: { TableName: table, Item: { pk: 'c5', sk: `m#${i}` } } }));
    await dynamo.doc.send(new TransactWriteCommand({ TransactItems: puts(100) }));
    expect(await get('c5', 'm#99')).toEqual({ pk: 'c5', sk: 'm#99' });
    await expect(
      dynamo.doc.send(new TransactWriteCommand({ TransactItems: puts(101) })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(dynamo.doc.send(new TransactWriteCommand({ TransactItems: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses a bad expression before anything runs (ValidationException, not a cancellation)', async () => {
    await expect(
      dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: 'c6', sk: 'a' } } },
            {
              Update: {
                TableName: table,
                Key: { pk: 'c6', sk: 'b' },
                UpdateExpression: 'SET a = :a',
                ExpressionAttributeValues: { ':a': 1, ':unused': 2 },
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('unused in expressions: keys: {:unused}'),
    });
    expect(await get('c6', 'a')).toBeUndefined();
  });

  it('runs a ClientRequestToken once and refuses the token with different items', async () => {
    const input = {
      ClientRequestToken: 'token-1',
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: { pk: { S: 'c7' }, sk: { S: 'n' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    };
    await dynamo.client.send(new TransactWriteItemsCommand(input));
    await dynamo.client.send(new TransactWriteItemsCommand(input));
    expect(await get('c7', 'n')).toEqual({ pk: 'c7', sk: 'n', n: 1 });
    const changed = {
      ...input,
      TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'c7' }, sk: { S: 'x' } } } }],
    };
    await expect(dynamo.client.send(new TransactWriteItemsCommand(changed))).rejects.toBeInstanceOf(
      IdempotentParameterMismatchException,
    );
  });
});

describe('TransactGetItems', () => {
  it('returns the items in request order, an empty response for a missing one, projections applied', async () => {
    await dynamo.doc.send(new PutCommand({ TableName: table, Item: { pk: 'g', sk: '1', a: 1, b: 2 } }));
    await dynamo.doc.send(new PutCommand({ TableName: other, Item: { pk: 'g', sk: '2', a: 3 } }));
    const out = await dynamo.doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: other, Key: { pk: 'g', sk: '2' } } },
          { Get: { TableName: table, Key: { pk: 'g', sk: 'missing' } } },
          {
            Get: {
              TableName: table,
              Key: { pk: 'g', sk: '1' },
              ProjectionExpression: '#b',
              ExpressionAttributeNames: { '#b': 'b' },
            },
          },
        ],
      }),
    );
    expect(out.Responses).toEqual([{ Item: { pk: 'g', sk: '2', a: 3 } }, {}, { Item: { b: 2 } }]);
  });
});

describe('single-item writes', () => {
  it('puts the old item on ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure ALL_OLD', async () => {
    await dynamo.doc.send(new PutCommand({ TableName: table, Item: { pk: 'r', sk: '1', v: 'old' } }));
    const failure = await dynamo.doc
      .send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'r', sk: '1' },
          UpdateExpression: 'SET v = :v',
          ConditionExpression: 'v = :other',
          ExpressionAttributeValues: { ':v': 'new', ':other': 'x' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failure as ConditionalCheckFailedException).Item).toEqual({
      pk: { S: 'r' },
      sk: { S: '1' },
      v: { S: 'old' },
    });
  });
});
