// The in-memory DynamoDB server answers the same real SDK v3 calls exactly like dynalite (items, order, paging, errors).
import {
  CreateTableCommand,
  DeleteTableCommand,
  ListTablesCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { startMemoryDynamo } from '../support/memory-dynamo';

interface Servers {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}
type Step = readonly [name: string, run: (s: Servers) => Promise<unknown>];

const STRINGS = 'STRINGS';
const NUMBERS = 'NUMBERS';
const BINARIES = 'BINARIES';
const PEOPLE = 'PEOPLE';

/** A call's outcome without metadata: the output, or the error's name (plus Item when it carries one). */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const output = (await run()) as Record<string, unknown>;
    const { $metadata: _metadata, ...rest } = output ?? {};
    return rest;
  } catch (error) {
    const e = error as Error & { Item?: unknown };
    return { error: e.name, ...(e.Item ? { item: e.Item } : {}) };
  }
}

/** dynalite ignores ReturnValuesOnConditionCheckFailure: compare the error only (memory-dynamo.transactions.test.ts checks Item). */
async function errorName(run: () => Promise<unknown>): Promise<unknown> {
  const result = (await outcome(run)) as { error?: string };
  return { error: result.error };
}

/** Every page of a Query or Scan: items, counts and the paging key of each page. */
async function pages(doc: DynamoDBDocumentClient, input: QueryCommandInput | ScanCommandInput, scan = false) {
  const result: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  for (let i = 0; i < 50; i++) {
    const command = scan
      ? new ScanCommand({ ...(input as ScanCommandInput), ExclusiveStartKey: start })
      : new QueryCommand({ ...(input as QueryCommandInput), ExclusiveStartKey: start });
    const out = await doc.send(command as QueryCommand);
    result.push({
      items: out.Items,
      count: out.Count,
      scanned: out.ScannedCount,
      last: out.LastEvaluatedKey,
    });
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  return result;
}

const sortedByKey = (items: Record<string, unknown>[] | undefined) =>
  [...(items ?? [])].sort((a, b) => JSON.stringify([a.pk, a.sk]).localeCompare(JSON.stringify([b.pk, b.sk])));

/** All items a paged Scan returns (Scan order is each server's own), with the summed counts. */
async function scanAll(doc: DynamoDBDocumentClient, input: ScanCommandInput) {
  const all = (await pages(doc, input, true)) as {
    items?: Record<string, unknown>[];
    count: number;
    scanned: number;
  }[];
  return {
    items: sortedByKey(all.flatMap((p) => p.items ?? [])),
    count: all.reduce((s, p) => s + p.count, 0),
    scanned: all.reduce((s, p) => s + p.scanned, 0),
  };
}

const q = (input: Omit<QueryCommandInput, 'TableName'>, table = STRINGS) => ({ TableName: table, ...input });
const person = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({ pk, sk, ...extra });

const STEPS: Step[] = [
  [
    'create tables',
    async ({ client }) => {
      const made = [];
      for (const [name, type] of [
        [STRINGS, 'S'],
        [NUMBERS, 'N'],
        [BINARIES, 'B'],
      ] as const) {
        const out = await client.send(
          new CreateTableCommand({
            TableName: name,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'sk', AttributeType: type },
            ],
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
          }),
        );
        made.push(out.TableDescription?.KeySchema);
      }
      await client.send(
        new CreateTableCommand({
          TableName: PEOPLE,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'team', AttributeType: 'S' },
            { AttributeName: 'age', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byTeam',
              KeySchema: [
                { AttributeName: 'team', KeyType: 'HASH' },
                { AttributeName: 'age', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
            {
              IndexName: 'teamKeys',
              KeySchema: [{ AttributeName: 'team', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name'] },
            },
          ],
        }),
      );
      return made;
    },
  ],
  [
    'duplicate table',
    ({ client }) =>
      client.send(
        new CreateTableCommand({
          TableName: STRINGS,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      ),
  ],
  ['list tables', ({ client }) => client.send(new ListTablesCommand({}))],
  [
    'list tables paged',
    ({ client }) => client.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: 'BINARIES' })),
  ],
  [
    'put string keys (UTF-8 order)',
    async ({ doc }) => {
      for (const sk of [
        'b',
        'a',
        'B',
        'é',
        '\uffff',
        '😀',
        'ab',
        'a b',
        '~',
        'msg#0002',
        'msg#0010',
        'msg#0001',
      ]) {
        await doc.send(new PutCommand({ TableName: STRINGS, Item: { pk: 'p', sk, v: sk.length } }));
      }
      return 'ok';
    },
  ],
  [
    'put number keys (numeric order, canonical text)',
    async ({ doc, client }) => {
      for (const sk of [10, -2.5, 0, 3, 100, -10, 0.001, 1e20]) {
        await doc.send(new PutCommand({ TableName: NUMBERS, Item: { pk: 'n', sk, v: 1 } }));
      }
      await client.send(
        new PutCommand({ TableName: NUMBERS, Item: { pk: 'n', sk: 7, weird: 1.5 } }) as never,
      );
      const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
      await client.send(
        new PutItemCommand({
          TableName: NUMBERS,
          Item: {
            pk: { S: 'n' },
            sk: { N: '5' },
            a: { N: '1.50' },
            b: { N: '-0' },
            c: { N: '1e3' },
            d: { N: '00.0100' },
          },
        }),
      );
      const { GetItemCommand } = await import('@aws-sdk/client-dynamodb');
      return client.send(
        new GetItemCommand({ TableName: NUMBERS, Key: { pk: { S: 'n' }, sk: { N: '5.0' } } }),
      );
    },
  ],
  [
    'put binary keys (bytewise order)',
    async ({ doc }) => {
      for (const bytes of [[0xff], [0x00], [0x7f, 0x01], [0x80], [0x00, 0x00]]) {
        await doc.send(
          new PutCommand({ TableName: BINARIES, Item: { pk: 'b', sk: Uint8Array.from(bytes) } }),
        );
      }
      return 'ok';
    },
  ],
  [
    'query strings ascending',
    ({ doc }) =>
      pages(doc, q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'p' } })),
  ],
  [
    'query strings descending',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'p' },
          ScanIndexForward: false,
        }),
      ),
  ],
  [
    'query strings paged by 5',
    ({ doc }) =>
      pages(
        doc,
        q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'p' }, Limit: 5 }),
      ),
  ],
  [
    'query paged descending by 4',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'p' },
          Limit: 4,
          ScanIndexForward: false,
        }),
      ),
  ],
  [
    'query exact Limit still pages',
    ({ doc }) =>
      pages(
        doc,
        q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'p' }, Limit: 12 }),
      ),
  ],
  [
    'query begins_with',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':p': 'p', ':m': 'msg#' },
        }),
      ),
  ],
  [
    'query BETWEEN',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': 'p', ':a': 'B', ':b': 'ab' },
        }),
      ),
  ],
  [
    'query <',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p AND sk < :a',
          ExpressionAttributeValues: { ':p': 'p', ':a': 'b' },
        }),
      ),
  ],
  [
    'query <=',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p AND sk <= :a',
          ExpressionAttributeValues: { ':p': 'p', ':a': 'b' },
        }),
      ),
  ],
  [
    'query >',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p AND sk > :a',
          ExpressionAttributeValues: { ':p': 'p', ':a': 'b' },
        }),
      ),
  ],
  [
    'query >=',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: '(pk = :p) AND (sk >= :a)',
          ExpressionAttributeValues: { ':p': 'p', ':a': 'b' },
        }),
      ),
  ],
  [
    'query =',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'sk = :a AND pk = :p',
          ExpressionAttributeValues: { ':p': 'p', ':a': 'é' },
        }),
      ),
  ],
  [
    'query numbers',
    ({ doc }) =>
      pages(
        doc,
        q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'n' }, Limit: 3 }, NUMBERS),
      ),
  ],
  [
    'query numbers range',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
            ExpressionAttributeValues: { ':p': 'n', ':a': -3, ':b': 10 },
          },
          NUMBERS,
        ),
      ),
  ],
  [
    'query binaries',
    ({ doc }) =>
      pages(
        doc,
        q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'b' } }, BINARIES),
      ),
  ],
  [
    'query binaries begins_with',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :b)',
            ExpressionAttributeValues: { ':p': 'b', ':b': Uint8Array.from([0]) },
          },
          BINARIES,
        ),
      ),
  ],
  [
    'query missing partition',
    ({ doc }) =>
      pages(doc, q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'nobody' } })),
  ],
  [
    'query Limit counts before the filter',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p',
          FilterExpression: 'v > :one',
          ExpressionAttributeValues: { ':p': 'p', ':one': 1 },
          Limit: 3,
        }),
      ),
  ],
  [
    'query Select COUNT',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p',
          FilterExpression: 'v = :one',
          ExpressionAttributeValues: { ':p': 'p', ':one': 1 },
          Select: 'COUNT',
        }),
      ),
  ],
  [
    'query Select COUNT with Limit',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'p' },
          Select: 'COUNT',
          Limit: 5,
        }),
      ),
  ],
  [
    'query projection',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
          ProjectionExpression: 'sk, #v',
          ExpressionAttributeNames: { '#v': 'v' },
          ExpressionAttributeValues: { ':p': 'p', ':m': 'msg' },
        }),
      ),
  ],
  [
    'query without key condition',
    ({ doc }) => outcome(() => doc.send(new QueryCommand({ TableName: STRINGS }))),
  ],
  [
    'query on non-key attribute',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(q({ KeyConditionExpression: 'v = :p', ExpressionAttributeValues: { ':p': 1 } })),
        ),
      ),
  ],
  [
    'query with OR',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q({ KeyConditionExpression: 'pk = :p OR sk = :p', ExpressionAttributeValues: { ':p': 'p' } }),
          ),
        ),
      ),
  ],
  [
    'query partition key with <',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q({ KeyConditionExpression: 'pk < :p', ExpressionAttributeValues: { ':p': 'p' } }),
          ),
        ),
      ),
  ],
  [
    'query wrong key type',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 1 } })),
        ),
      ),
  ],
  [
    'query unknown index',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q({
              IndexName: 'nope',
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': 'p' },
            }),
          ),
        ),
      ),
  ],
  [
    'query filter on the sort key',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q({
              KeyConditionExpression: 'pk = :p',
              FilterExpression: 'sk > :a',
              ExpressionAttributeValues: { ':p': 'p', ':a': 'a' },
            }),
          ),
        ),
      ),
  ],
  [
    'query from a start key that no longer exists',
    ({ doc }) =>
      pages(
        doc,
        q({
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'p' },
          ExclusiveStartKey: { pk: 'p', sk: 'aa' },
          Limit: 3,
        }),
      ),
  ],
  [
    'query backwards from a start key',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q({
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': 'p' },
              ExclusiveStartKey: { pk: 'p', sk: 'b' },
              ScanIndexForward: false,
            }),
          ),
        ),
      ),
  ],
  [
    'overlapping projection paths',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new GetCommand({ TableName: STRINGS, Key: { pk: 'p', sk: 'a' }, ProjectionExpression: 'v, v.w' }),
        ),
      ),
  ],
  [
    'conditional update of a missing item',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: STRINGS,
            Key: { pk: 'nobody', sk: 'x' },
            UpdateExpression: 'SET v = :v',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':v': 1 },
          }),
        ),
      ),
  ],
  [
    'literal operand types are checked before evaluation',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: STRINGS,
            Item: { pk: 'p', sk: 'new' },
            ConditionExpression: 'attribute_not_exists(pk) OR begins_with(pk, :n)',
            ExpressionAttributeValues: { ':n': 1 },
          }),
        ),
      ),
  ],
  [
    'put people',
    async ({ doc }) => {
      const people = [
        person('u#1', 'profile', {
          team: 'red',
          age: 30,
          name: 'Ada',
          tags: new Set(['x', 'y']),
          scores: [1, 2, 3],
          address: { city: 'Paris', zip: '75001', geo: { lat: 1 } },
          active: true,
          nothing: null,
        }),
        person('u#2', 'profile', {
          team: 'red',
          age: 25,
          name: 'Bob',
          tags: new Set(['y']),
          scores: [],
          nums: new Set([1, 2]),
        }),
        person('u#3', 'profile', {
          team: 'blue',
          age: 41,
          name: 'Cy',
          scores: [5],
          address: { city: 'Oslo' },
        }),
        person('u#4', 'profile', { team: 'red', age: 31, name: 'Di', blob: Uint8Array.from([1, 2, 3]) }),
        person('u#5', 'profile', { name: 'Eve' }),
        person('u#6', 'profile', { team: 'red', age: 52, name: 'Fay', status: 'gone' }),
      ];
      for (const item of people) await doc.send(new PutCommand({ TableName: PEOPLE, Item: item }));
      return 'ok';
    },
  ],
  [
    'gsi query paged',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            IndexName: 'byTeam',
            KeyConditionExpression: 'team = :t',
            ExpressionAttributeValues: { ':t': 'red' },
            Limit: 2,
          },
          PEOPLE,
        ),
      ),
  ],
  [
    'gsi query descending with range',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            IndexName: 'byTeam',
            KeyConditionExpression: 'team = :t AND age >= :a',
            ExpressionAttributeValues: { ':t': 'red', ':a': 30 },
            ScanIndexForward: false,
            Limit: 2,
          },
          PEOPLE,
        ),
      ),
  ],
  [
    'gsi INCLUDE projection',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            IndexName: 'teamKeys',
            KeyConditionExpression: 'team = :t',
            ExpressionAttributeValues: { ':t': 'blue' },
          },
          PEOPLE,
        ),
      ),
  ],
  [
    'gsi query filter on a table key is allowed',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            IndexName: 'byTeam',
            KeyConditionExpression: 'team = :t',
            FilterExpression: 'sk = :s',
            ExpressionAttributeValues: { ':t': 'red', ':s': 'profile' },
          },
          PEOPLE,
        ),
      ),
  ],
  [
    'gsi query filter on the index key',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q(
              {
                IndexName: 'byTeam',
                KeyConditionExpression: 'team = :t',
                FilterExpression: 'age > :a',
                ExpressionAttributeValues: { ':t': 'red', ':a': 1 },
              },
              PEOPLE,
            ),
          ),
        ),
      ),
  ],
  [
    'gsi consistent read refused',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new QueryCommand(
            q(
              {
                IndexName: 'byTeam',
                ConsistentRead: true,
                KeyConditionExpression: 'team = :t',
                ExpressionAttributeValues: { ':t': 'red' },
              },
              PEOPLE,
            ),
          ),
        ),
      ),
  ],
  ['scan everything paged', ({ doc }) => scanAll(doc, { TableName: PEOPLE, Limit: 2 })],
  [
    'scan with filter',
    ({ doc }) =>
      scanAll(doc, {
        TableName: PEOPLE,
        FilterExpression: 'team = :r AND age < :a',
        ExpressionAttributeValues: { ':r': 'red', ':a': 40 },
      }),
  ],
  ['scan index', ({ doc }) => scanAll(doc, { TableName: PEOPLE, IndexName: 'byTeam' })],
  [
    'scan count',
    ({ doc }) => outcome(() => doc.send(new ScanCommand({ TableName: PEOPLE, Select: 'COUNT' }))),
  ],
  ...(
    [
      ['=', 'name = :v', { ':v': 'Ada' }],
      ['<>', 'name <> :v', { ':v': 'Ada' }],
      ['<> on a missing attribute', 'team <> :v', { ':v': 'red' }],
      ['< on numbers', 'age < :v', { ':v': 30 }],
      ['<= on numbers', 'age <= :v', { ':v': 30 }],
      ['> on strings', '#n > :v', { ':v': 'Bob' }, { '#n': 'name' }],
      ['>= mixed types', 'age >= :v', { ':v': 'x' }],
      ['BETWEEN', 'age BETWEEN :a AND :b', { ':a': 26, ':b': 41 }],
      ['IN', '#n IN (:a, :b, :c)', { ':a': 'Ada', ':b': 'Cy', ':c': 'Zed' }, { '#n': 'name' }],
      [
        'AND / OR / NOT / parentheses',
        '(team = :r OR team = :b) AND NOT (age > :a)',
        { ':r': 'red', ':b': 'blue', ':a': 30 },
      ],
      ['NOT binds tighter than AND', 'NOT team = :r AND attribute_exists(age)', { ':r': 'red' }],
      [
        'OR binds looser than AND',
        'team = :b OR team = :r AND age = :a',
        { ':r': 'red', ':b': 'blue', ':a': 25 },
      ],
      ['attribute_exists nested', 'attribute_exists(address.geo.lat)', undefined],
      ['attribute_not_exists', 'attribute_not_exists(team)', undefined],
      ['attribute_type', 'attribute_type(tags, :t)', { ':t': 'SS' }],
      ['attribute_type NULL', 'attribute_type(nothing, :t)', { ':t': 'NULL' }],
      ['begins_with', 'begins_with(#n, :p)', { ':p': 'A' }, { '#n': 'name' }],
      ['contains string', 'contains(#n, :p)', { ':p': 'y' }, { '#n': 'name' }],
      ['contains string set', 'contains(tags, :p)', { ':p': 'y' }],
      ['contains number set', 'contains(nums, :p)', { ':p': 2 }],
      ['contains list', 'contains(scores, :p)', { ':p': 5 }],
      ['size of list', 'size(scores) > :n', { ':n': 0 }],
      ['size of string', 'size(#n) = :n', { ':n': 3 }, { '#n': 'name' }],
      ['size of map', 'size(address) >= :n', { ':n': 2 }],
      ['size of set', 'size(tags) = :n', { ':n': 2 }],
      ['size of binary', 'size(blob) = :n', { ':n': 3 }],
      ['list index path', 'scores[1] = :n', { ':n': 2 }],
      ['map path', 'address.city = :c', { ':c': 'Oslo' }],
      ['boolean and null', 'active = :t OR nothing = :null', { ':t': true, ':null': null }],
      ['compare two paths', 'age = age', undefined],
    ] as [string, string, Record<string, unknown> | undefined, Record<string, string>?][]
  ).map(([name, expression, values, names]): Step => [
    `filter ${name}`,
    ({ doc }) =>
      scanAll(doc, {
        TableName: PEOPLE,
        FilterExpression: expression,
        ExpressionAttributeValues: values,
        ExpressionAttributeNames: names,
        ProjectionExpression: 'pk',
      }),
  ]),
  [
    'get with nested projection',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new GetCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            ProjectionExpression: 'address.city, scores[2], scores[0], #n, missing',
            ExpressionAttributeNames: { '#n': 'name' },
          }),
        ),
      ),
  ],
  [
    'get missing item',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new GetCommand({ TableName: PEOPLE, Key: { pk: 'u#9', sk: 'profile' }, ConsistentRead: true }),
        ),
      ),
  ],
  [
    'get with wrong key type',
    ({ doc }) =>
      outcome(() => doc.send(new GetCommand({ TableName: PEOPLE, Key: { pk: 1, sk: 'profile' } }))),
  ],
  [
    'get with partial key',
    ({ doc }) => outcome(() => doc.send(new GetCommand({ TableName: PEOPLE, Key: { pk: 'u#1' } }))),
  ],
  [
    'get from a missing table',
    ({ doc }) => outcome(() => doc.send(new GetCommand({ TableName: 'missing', Key: { pk: 'u#1' } }))),
  ],
  [
    'put empty string key',
    ({ doc }) => outcome(() => doc.send(new PutCommand({ TableName: PEOPLE, Item: { pk: '', sk: 'x' } }))),
  ],
  [
    'put without sort key',
    ({ doc }) => outcome(() => doc.send(new PutCommand({ TableName: PEOPLE, Item: { pk: 'x' } }))),
  ],
  [
    'put wrong key type',
    ({ doc }) => outcome(() => doc.send(new PutCommand({ TableName: PEOPLE, Item: { pk: 'x', sk: 2 } }))),
  ],
  [
    'put wrong index key type',
    ({ doc }) =>
      outcome(() => doc.send(new PutCommand({ TableName: PEOPLE, Item: { pk: 'x', sk: 'y', team: 3 } }))),
  ],
  [
    'put too large',
    ({ doc }) =>
      outcome(() =>
        doc.send(new PutCommand({ TableName: PEOPLE, Item: { pk: 'x', sk: 'y', big: 'x'.repeat(410_000) } })),
      ),
  ],
  [
    'put empty string attribute',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'empty', note: '' },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'put conditional fails',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'u#1', sk: 'profile' },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      ),
  ],
  [
    'put conditional fails returning old',
    ({ doc }) =>
      errorName(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'u#5', sk: 'profile' },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'put replaces, ALL_OLD',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'u#5', sk: 'profile', name: 'Eve', age: 20 },
            ConditionExpression: 'attribute_exists(pk) AND #n = :n',
            ExpressionAttributeNames: { '#n': 'name' },
            ExpressionAttributeValues: { ':n': 'Eve' },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'unused expression value',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'attribute_not_exists(pk)',
            ExpressionAttributeValues: { ':x': 1 },
          }),
        ),
      ),
  ],
  [
    'unused expression name',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#x': 'x' },
          }),
        ),
      ),
  ],
  [
    'undefined expression value',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'pk = :missing',
          }),
        ),
      ),
  ],
  [
    'undefined expression name',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'attribute_exists(#missing)',
          }),
        ),
      ),
  ],
  [
    'reserved word',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'attribute_not_exists(status)',
          }),
        ),
      ),
  ],
  [
    'syntax error',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'pk = = :v',
            ExpressionAttributeValues: { ':v': 'x' },
          }),
        ),
      ),
  ],
  [
    'unknown function',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new PutCommand({
            TableName: PEOPLE,
            Item: { pk: 'x', sk: 'y' },
            ConditionExpression: 'exists(pk)',
          }),
        ),
      ),
  ],
  [
    'update SET arithmetic and functions, ALL_NEW',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression:
              'SET age = age + :one, scores = list_append(scores, :more), visits = if_not_exists(visits, :zero) - :one, address.city = :c, address.geo.lon = :lon',
            ExpressionAttributeValues: { ':one': 1, ':more': [4], ':zero': 0, ':c': 'Lyon', ':lon': 2.5 },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      ),
  ],
  [
    'update list_append in front, UPDATED_OLD',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET scores = list_append(:front, scores), scores2 = :s',
            ExpressionAttributeValues: { ':front': [0], ':s': 'x' },
            ReturnValues: 'UPDATED_OLD',
          }),
        ),
      ),
  ],
  [
    'update REMOVE, UPDATED_NEW',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'REMOVE scores[1], address.zip, nothing SET active = :f',
            ExpressionAttributeValues: { ':f': false },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      ),
  ],
  [
    'update nested UPDATED_NEW',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET address.geo.lat = :v, scores[0] = :v',
            ExpressionAttributeValues: { ':v': 9 },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      ),
  ],
  [
    'update ADD number and set, DELETE set, ALL_OLD',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#2', sk: 'profile' },
            UpdateExpression: 'ADD age :two, tags :more, counter :one DELETE nums :gone',
            ExpressionAttributeValues: {
              ':two': 2,
              ':more': new Set(['z']),
              ':one': 1,
              ':gone': new Set([1, 2]),
            },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'get after ADD/DELETE',
    ({ doc }) =>
      outcome(() => doc.send(new GetCommand({ TableName: PEOPLE, Key: { pk: 'u#2', sk: 'profile' } }))),
  ],
  [
    'update creates an item (upsert)',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#7', sk: 'profile' },
            UpdateExpression: 'ADD #c :one SET #e = if_not_exists(#e, :e)',
            ExpressionAttributeNames: { '#c': 'count', '#e': 'expiresAt' },
            ExpressionAttributeValues: { ':one': 1, ':e': 99 },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      ),
  ],
  [
    'update conditional ADD like the rate limiter',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#7', sk: 'profile' },
            UpdateExpression: 'ADD #c :one',
            ConditionExpression: 'attribute_not_exists(#c) OR #c < :limit',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':limit': 2 },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      ),
  ],
  [
    'update conditional ADD at the limit',
    ({ doc }) =>
      errorName(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#7', sk: 'profile' },
            UpdateExpression: 'ADD #c :one',
            ConditionExpression: 'attribute_not_exists(#c) OR #c < :limit',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':limit': 2 },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'update the key',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET sk = :v',
            ExpressionAttributeValues: { ':v': 'x' },
          }),
        ),
      ),
  ],
  [
    'update ADD to a string',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'ADD #n :one',
            ExpressionAttributeNames: { '#n': 'name' },
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      ),
  ],
  [
    'update ADD a string value',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'ADD age :s',
            ExpressionAttributeValues: { ':s': 'x' },
          }),
        ),
      ),
  ],
  [
    'update arithmetic on a missing attribute',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET x = nope + :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      ),
  ],
  [
    'update overlapping paths',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET address = :a, address.city = :c',
            ExpressionAttributeValues: { ':a': {}, ':c': 'x' },
          }),
        ),
      ),
  ],
  [
    'update same path twice',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET #a = :a REMOVE age',
            ExpressionAttributeNames: { '#a': 'age' },
            ExpressionAttributeValues: { ':a': 1 },
          }),
        ),
      ),
  ],
  [
    'update SET twice',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET a = :a SET b = :a',
            ExpressionAttributeValues: { ':a': 1 },
          }),
        ),
      ),
  ],
  [
    'update nested path under a missing map',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new UpdateCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#1', sk: 'profile' },
            UpdateExpression: 'SET nomap.x = :a',
            ExpressionAttributeValues: { ':a': 1 },
          }),
        ),
      ),
  ],
  [
    'update keeps the GSI in step',
    async ({ doc }) => {
      await doc.send(
        new UpdateCommand({
          TableName: PEOPLE,
          Key: { pk: 'u#3', sk: 'profile' },
          UpdateExpression: 'SET team = :r',
          ExpressionAttributeValues: { ':r': 'red' },
        }),
      );
      await doc.send(
        new UpdateCommand({
          TableName: PEOPLE,
          Key: { pk: 'u#4', sk: 'profile' },
          UpdateExpression: 'REMOVE team',
        }),
      );
      return pages(
        doc,
        q(
          {
            IndexName: 'byTeam',
            KeyConditionExpression: 'team = :t',
            ExpressionAttributeValues: { ':t': 'red' },
          },
          PEOPLE,
        ),
      );
    },
  ],
  [
    'delete ALL_OLD',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new DeleteCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#6', sk: 'profile' },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'delete missing item',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new DeleteCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#6', sk: 'profile' },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      ),
  ],
  [
    'delete conditional fails',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new DeleteCommand({
            TableName: PEOPLE,
            Key: { pk: 'u#5', sk: 'profile' },
            ConditionExpression: 'age > :a',
            ExpressionAttributeValues: { ':a': 50 },
          }),
        ),
      ),
  ],
  [
    'delete removes from the GSI',
    ({ doc }) =>
      pages(
        doc,
        q(
          {
            IndexName: 'byTeam',
            KeyConditionExpression: 'team = :t',
            ExpressionAttributeValues: { ':t': 'red' },
          },
          PEOPLE,
        ),
      ),
  ],
  [
    'batch write',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new BatchWriteCommand({
            RequestItems: {
              [STRINGS]: [
                { PutRequest: { Item: { pk: 'batch', sk: '1' } } },
                { PutRequest: { Item: { pk: 'batch', sk: '2', x: 1 } } },
                { DeleteRequest: { Key: { pk: 'p', sk: 'a' } } },
              ],
            },
          }),
        ),
      ),
  ],
  [
    'batch write duplicates',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new BatchWriteCommand({
            RequestItems: {
              [STRINGS]: [
                { PutRequest: { Item: { pk: 'batch', sk: '1' } } },
                { DeleteRequest: { Key: { pk: 'batch', sk: '1' } } },
              ],
            },
          }),
        ),
      ),
  ],
  [
    'batch get',
    async ({ doc }) => {
      const out = (await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [STRINGS]: {
              Keys: [
                { pk: 'batch', sk: '1' },
                { pk: 'batch', sk: '2' },
                { pk: 'p', sk: 'a' },
              ],
              ProjectionExpression: 'sk, x',
            },
            [PEOPLE]: { Keys: [{ pk: 'u#1', sk: 'profile' }] },
          },
        }),
      )) as { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: unknown };
      return {
        strings: sortedByKey(out.Responses?.[STRINGS]).map((i) => [i.sk, i.x]),
        people: out.Responses?.[PEOPLE],
        unprocessed: out.UnprocessedKeys,
      };
    },
  ],
  [
    'batch get duplicates',
    ({ doc }) =>
      outcome(() =>
        doc.send(
          new BatchGetCommand({
            RequestItems: {
              [STRINGS]: {
                Keys: [
                  { pk: 'batch', sk: '1' },
                  { pk: 'batch', sk: '1' },
                ],
              },
            },
          }),
        ),
      ),
  ],
  [
    'delete table',
    async ({ client }) => {
      const out = await client.send(new DeleteTableCommand({ TableName: BINARIES }));
      return [out.TableDescription?.TableName, (await client.send(new ListTablesCommand({}))).TableNames];
    },
  ],
];

describe('in-memory DynamoDB conformance with dynalite', () => {
  let dynalite: LocalDynamo;
  let memory: LocalDynamo;
  const results = new Map<string, [unknown, unknown]>();

  beforeAll(async () => {
    [dynalite, memory] = await Promise.all([startDynalite('conformance'), startMemoryDynamo('conformance')]);
    for (const [name, run] of STEPS) {
      const left = await outcome(() => run(dynalite));
      const right = await outcome(() => run(memory));
      results.set(name, [left, right]);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([dynalite?.stop(), memory?.stop()]);
  });

  it.each(STEPS.map(([name]) => name))('%s', (name) => {
    const [fromDynalite, fromMemory] = results.get(name)!;
    expect(fromMemory).toEqual(fromDynalite);
  });
});
