// Conformance with dynalite for global secondary index queries and paged Scans on the PEOPLE table.
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Step,
  PEOPLE,
  outcome,
  pages,
  scanAll,
  q,
  describeConformance,
} from './support/memory-dynamo-conformance';
import { CREATE_TABLES, PUT_PEOPLE } from './support/memory-dynamo-conformance-seeds';

const STEPS: Step[] = [
  PUT_PEOPLE,
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
];

describeConformance(STEPS, [CREATE_TABLES]);
