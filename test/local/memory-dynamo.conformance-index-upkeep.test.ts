// Conformance with dynalite for index upkeep and DeleteItem: updates and deletes keep the GSI in step.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Step,
  PEOPLE,
  outcome,
  pages,
  q,
  describeConformance,
} from './support/memory-dynamo-conformance';
import { CREATE_TABLES, PUT_PEOPLE } from './support/memory-dynamo-conformance-seeds';
import { UPDATE_CHAIN } from './support/memory-dynamo-conformance-updates';

const STEPS: Step[] = [
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
];

describeConformance(STEPS, [CREATE_TABLES, PUT_PEOPLE, ...UPDATE_CHAIN]);
