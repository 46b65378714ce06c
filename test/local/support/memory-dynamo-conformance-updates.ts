// The successful update steps of the memory-dynamo conformance suites, asserted in the update suite and replayed as setup by later ones.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Step, PEOPLE, outcome, errorName } from './memory-dynamo-conformance';

/** Updates on u#1, u#2 and u#7 (return values, ADD/DELETE, upsert, conditional ADD), in their original order. */
export const UPDATE_CHAIN: Step[] = [
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
];
