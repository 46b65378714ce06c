// Conformance with dynalite for BatchWriteItem and BatchGetItem, duplicates included.
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Step,
  STRINGS,
  PEOPLE,
  outcome,
  sortedByKey,
  describeConformance,
} from './support/memory-dynamo-conformance';
import {
  CREATE_TABLES,
  PUT_STRING_KEYS,
  PUT_NUMBER_KEYS,
  PUT_BINARY_KEYS,
  PUT_PEOPLE,
} from './support/memory-dynamo-conformance-seeds';
import { UPDATE_CHAIN } from './support/memory-dynamo-conformance-updates';

const STEPS: Step[] = [
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
];

describeConformance(STEPS, [
  CREATE_TABLES,
  PUT_STRING_KEYS,
  PUT_NUMBER_KEYS,
  PUT_BINARY_KEYS,
  PUT_PEOPLE,
  ...UPDATE_CHAIN,
]);
