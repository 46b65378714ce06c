// Conformance with dynalite for GetItem and PutItem: projections, key validation, size limits and conditional puts.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Step,
  PEOPLE,
  outcome,
  errorName,
  describeConformance,
} from './support/memory-dynamo-conformance';
import { CREATE_TABLES, PUT_PEOPLE } from './support/memory-dynamo-conformance-seeds';

const STEPS: Step[] = [
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
];

describeConformance(STEPS, [CREATE_TABLES, PUT_PEOPLE]);
