// Conformance with dynalite for UpdateItem: SET/REMOVE/ADD/DELETE with every ReturnValues, upserts, conditional ADD and refused updates.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Step, PEOPLE, outcome, describeConformance } from './support/memory-dynamo-conformance';
import { CREATE_TABLES, PUT_PEOPLE } from './support/memory-dynamo-conformance-seeds';
import { UPDATE_CHAIN } from './support/memory-dynamo-conformance-updates';

const STEPS: Step[] = [
  ...UPDATE_CHAIN,
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
];

describeConformance(STEPS, [CREATE_TABLES, PUT_PEOPLE]);
