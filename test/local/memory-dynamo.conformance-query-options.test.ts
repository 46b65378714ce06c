// Conformance with dynalite for Query options and errors: Limit with filters, Select COUNT, projection, start keys, refused conditions.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Step,
  STRINGS,
  outcome,
  pages,
  q,
  describeConformance,
} from './support/memory-dynamo-conformance';
import {
  CREATE_TABLES,
  PUT_STRING_KEYS,
  PUT_NUMBER_KEYS,
  PUT_BINARY_KEYS,
} from './support/memory-dynamo-conformance-seeds';

const STEPS: Step[] = [
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
];

describeConformance(STEPS, [CREATE_TABLES, PUT_STRING_KEYS, PUT_NUMBER_KEYS, PUT_BINARY_KEYS]);
