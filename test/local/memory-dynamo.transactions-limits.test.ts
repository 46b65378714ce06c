// The in-memory DynamoDB server's transaction limits, validation before running, idempotency tokens, TransactGetItems and ALL_OLD on a failed single write.
import {
  ConditionalCheckFailedException,
  IdempotentParameterMismatchException,
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

describe('TransactWriteItems', () => {
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
