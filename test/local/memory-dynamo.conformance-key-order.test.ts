// Conformance with dynalite for key ordering: string, number and binary sort keys and every key condition, paged both ways.
import {
  type Step,
  NUMBERS,
  BINARIES,
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
  PUT_STRING_KEYS,
  PUT_NUMBER_KEYS,
  PUT_BINARY_KEYS,
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
];

describeConformance(STEPS, [CREATE_TABLES]);
