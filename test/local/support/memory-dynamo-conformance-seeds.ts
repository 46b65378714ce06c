// Seed steps of the memory-dynamo conformance suites: tables and items, asserted in one suite and replayed as setup by the others.
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Step, STRINGS, NUMBERS, BINARIES, PEOPLE, person } from './memory-dynamo-conformance';

/** The four tables the suites use: string, number and binary sort keys, and PEOPLE with two GSIs. */
export const CREATE_TABLES: Step = [
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
];

export const PUT_STRING_KEYS: Step = [
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
];

export const PUT_NUMBER_KEYS: Step = [
  'put number keys (numeric order, canonical text)',
  async ({ doc, client }) => {
    for (const sk of [10, -2.5, 0, 3, 100, -10, 0.001, 1e20]) {
      await doc.send(new PutCommand({ TableName: NUMBERS, Item: { pk: 'n', sk, v: 1 } }));
    }
    await client.send(new PutCommand({ TableName: NUMBERS, Item: { pk: 'n', sk: 7, weird: 1.5 } }) as never);
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
    return client.send(new GetItemCommand({ TableName: NUMBERS, Key: { pk: { S: 'n' }, sk: { N: '5.0' } } }));
  },
];

export const PUT_BINARY_KEYS: Step = [
  'put binary keys (bytewise order)',
  async ({ doc }) => {
    for (const bytes of [[0xff], [0x00], [0x7f, 0x01], [0x80], [0x00, 0x00]]) {
      await doc.send(new PutCommand({ TableName: BINARIES, Item: { pk: 'b', sk: Uint8Array.from(bytes) } }));
    }
    return 'ok';
  },
];

/** Six PEOPLE items covering every attribute type the filter and update steps read. */
export const PUT_PEOPLE: Step = [
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
];
