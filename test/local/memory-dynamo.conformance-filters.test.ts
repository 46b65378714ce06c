// Conformance with dynalite for filter expressions: comparisons, logic precedence, functions, sizes and paths.
import { type Step, PEOPLE, scanAll, describeConformance } from './support/memory-dynamo-conformance';
import { CREATE_TABLES, PUT_PEOPLE } from './support/memory-dynamo-conformance-seeds';

const STEPS: Step[] = [
  ...(
    [
      ['=', 'name = :v', { ':v': 'Ada' }],
      ['<>', 'name <> :v', { ':v': 'Ada' }],
      ['<> on a missing attribute', 'team <> :v', { ':v': 'red' }],
      ['< on numbers', 'age < :v', { ':v': 30 }],
      ['<= on numbers', 'age <= :v', { ':v': 30 }],
      ['> on strings', '#n > :v', { ':v': 'Bob' }, { '#n': 'name' }],
      ['>= mixed types', 'age >= :v', { ':v': 'x' }],
      ['BETWEEN', 'age BETWEEN :a AND :b', { ':a': 26, ':b': 41 }],
      ['IN', '#n IN (:a, :b, :c)', { ':a': 'Ada', ':b': 'Cy', ':c': 'Zed' }, { '#n': 'name' }],
      [
        'AND / OR / NOT / parentheses',
        '(team = :r OR team = :b) AND NOT (age > :a)',
        { ':r': 'red', ':b': 'blue', ':a': 30 },
      ],
      ['NOT binds tighter than AND', 'NOT team = :r AND attribute_exists(age)', { ':r': 'red' }],
      [
        'OR binds looser than AND',
        'team = :b OR team = :r AND age = :a',
        { ':r': 'red', ':b': 'blue', ':a': 25 },
      ],
      ['attribute_exists nested', 'attribute_exists(address.geo.lat)', undefined],
      ['attribute_not_exists', 'attribute_not_exists(team)', undefined],
      ['attribute_type', 'attribute_type(tags, :t)', { ':t': 'SS' }],
      ['attribute_type NULL', 'attribute_type(nothing, :t)', { ':t': 'NULL' }],
      ['begins_with', 'begins_with(#n, :p)', { ':p': 'A' }, { '#n': 'name' }],
      ['contains string', 'contains(#n, :p)', { ':p': 'y' }, { '#n': 'name' }],
      ['contains string set', 'contains(tags, :p)', { ':p': 'y' }],
      ['contains number set', 'contains(nums, :p)', { ':p': 2 }],
      ['contains list', 'contains(scores, :p)', { ':p': 5 }],
      ['size of list', 'size(scores) > :n', { ':n': 0 }],
      ['size of string', 'size(#n) = :n', { ':n': 3 }, { '#n': 'name' }],
      ['size of map', 'size(address) >= :n', { ':n': 2 }],
      ['size of set', 'size(tags) = :n', { ':n': 2 }],
      ['size of binary', 'size(blob) = :n', { ':n': 3 }],
      ['list index path', 'scores[1] = :n', { ':n': 2 }],
      ['map path', 'address.city = :c', { ':c': 'Oslo' }],
      ['boolean and null', 'active = :t OR nothing = :null', { ':t': true, ':null': null }],
      ['compare two paths', 'age = age', undefined],
    ] as [string, string, Record<string, unknown> | undefined, Record<string, string>?][]
  ).map(([name, expression, values, names]): Step => [
    `filter ${name}`,
    ({ doc }) =>
      scanAll(doc, {
        TableName: PEOPLE,
        FilterExpression: expression,
        ExpressionAttributeValues: values,
        ExpressionAttributeNames: names,
        ProjectionExpression: 'pk',
      }),
  ]),
];

describeConformance(STEPS, [CREATE_TABLES, PUT_PEOPLE]);
