// Conformance with dynalite for expression validation: unused or undefined names and values, reserved words, syntax and operand types.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Step,
  STRINGS,
  PEOPLE,
  outcome,
  describeConformance,
} from './support/memory-dynamo-conformance';
import {
  CREATE_TABLES,
  PUT_STRING_KEYS,
  PUT_NUMBER_KEYS,
  PUT_BINARY_KEYS,
  PUT_PEOPLE,
} from './support/memory-dynamo-conformance-seeds';

const STEPS: Step[] = [
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
];

describeConformance(STEPS, [CREATE_TABLES, PUT_STRING_KEYS, PUT_NUMBER_KEYS, PUT_BINARY_KEYS, PUT_PEOPLE]);
