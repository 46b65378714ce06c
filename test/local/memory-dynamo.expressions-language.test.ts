// The in-memory DynamoDB server's expression language: parsing, attribute names and values, condition evaluation.
import type { AttributeMap } from '../../local/services/memory-dynamo/attribute-values';
import { ExpressionContext } from '../../local/services/memory-dynamo/expression-context';
import { parseCondition, parseProjection } from '../../local/services/memory-dynamo/expression-parser';
import { parseUpdate } from '../../local/services/memory-dynamo/update-expression-parser';
import { ITEM, matches, validationMessage } from './support/memory-dynamo-expressions';

describe('parsing', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const { condition } = parseCondition('NOT a = :x AND b = :y OR c = :z', 'ConditionExpression');
    expect(condition.kind).toBe('or');
    const left = (condition as { left: { kind: string; left: { kind: string } } }).left;
    expect(left.kind).toBe('and');
    expect(left.left.kind).toBe('not');
  });

  it('reads nested paths with names, placeholders and list indexes', () => {
    const parsed = parseProjection('a.#b[0].c, d[1][2]');
    expect(parsed.paths).toEqual([
      [
        { kind: 'name', name: 'a', placeholder: false },
        { kind: 'name', name: '#b', placeholder: true },
        { kind: 'index', index: 0 },
        { kind: 'name', name: 'c', placeholder: false },
      ],
      [
        { kind: 'name', name: 'd', placeholder: false },
        { kind: 'index', index: 1 },
        { kind: 'index', index: 2 },
      ],
    ]);
    expect([...parsed.names]).toEqual(['#b']);
  });

  it('takes keywords in any case but function names only in lower case', () => {
    expect(parseCondition('a between :x and :y or not b in (:z)', 'FilterExpression').values).toEqual(
      new Set([':x', ':y', ':z']),
    );
    expect(validationMessage(() => parseCondition('ATTRIBUTE_EXISTS(a)', 'ConditionExpression'))).toBe(
      'Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS',
    );
  });

  it('collects every clause of an update expression', () => {
    const { actions } = parseUpdate(
      'SET a = b + :one, c = list_append(if_not_exists(c, :empty), :more) REMOVE d ADD e :one DELETE f :set',
    );
    expect(actions.map((a) => a.kind)).toEqual(['SET', 'SET', 'REMOVE', 'ADD', 'DELETE']);
  });

  it.each([
    [
      'a = = :v',
      'ConditionExpression',
      'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"',
    ],
    ['', 'ConditionExpression', 'Invalid ConditionExpression: The expression can not be empty;'],
    ['a = :v AND', 'FilterExpression', 'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "AND"'],
    [
      '(a = :v',
      'ConditionExpression',
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"',
    ],
    [
      'a = :v $',
      'ConditionExpression',
      'Invalid ConditionExpression: Syntax error; token: "$", near: ":v $"',
    ],
    [
      'size(a)',
      'ConditionExpression',
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size',
    ],
    [
      'attribute_exists(a) = :v',
      'ConditionExpression',
      'Invalid ConditionExpression: Syntax error; token: "=", near: ") = :v"',
    ],
    [
      'a = attribute_exists(b)',
      'ConditionExpression',
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists',
    ],
    [
      'begins_with(a)',
      'ConditionExpression',
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
    ],
    [
      'attribute_exists(:v)',
      'ConditionExpression',
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    ],
    [
      'name = :v',
      'ConditionExpression',
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name',
    ],
    [
      'a = a',
      'ConditionExpression',
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]',
    ],
    [
      'a[x] = :v',
      'ConditionExpression',
      'Invalid ConditionExpression: Syntax error; token: "x", near: "[x]"',
    ],
  ])('refuses %j with a ValidationException', (source, label, message) => {
    expect(validationMessage(() => parseCondition(source, label))).toBe(message);
  });

  it('refuses an IN list over 100 operands', () => {
    const list = Array.from({ length: 101 }, (_, i) => `:v${i}`).join(', ');
    expect(validationMessage(() => parseCondition(`a IN (${list})`, 'ConditionExpression'))).toMatch(
      /too many operands/,
    );
  });

  it.each([
    [
      'SET a = :a SET b = :b',
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    ['ADD a b', 'Invalid UpdateExpression: Syntax error; token: "b", near: "a b"'],
    [
      'SET a = if_not_exists(:v, :w)',
      'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists',
    ],
    [
      'SET a = size(b)',
      'Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: size',
    ],
    ['UPSERT a = :v', 'Invalid UpdateExpression: Syntax error; token: "UPSERT", near: "UPSERT a"'],
  ])('refuses the update %j', (source, message) => {
    expect(validationMessage(() => parseUpdate(source))).toBe(message);
  });
});

describe('expression attribute names and values', () => {
  it('refuses names and values that are missing, unused or empty', () => {
    expect(
      validationMessage(() => matches('#a = :v', ITEM, { ExpressionAttributeValues: { ':v': { N: '1' } } })),
    ).toBe(
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a',
    );
    expect(validationMessage(() => matches('a = :v', ITEM, {}))).toBe(
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
    expect(
      validationMessage(() =>
        matches('a = :v', ITEM, {
          ExpressionAttributeValues: { ':v': { N: '1' }, ':w': { N: '2' }, ':x': { N: '3' } },
        }),
      ),
    ).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :x}');
    expect(
      validationMessage(() =>
        matches('a = :v', ITEM, {
          ExpressionAttributeNames: {},
          ExpressionAttributeValues: { ':v': { N: '1' } },
        }),
      ),
    ).toBe('ExpressionAttributeNames must not be empty');
    expect(
      validationMessage(() => new ExpressionContext({ ExpressionAttributeValues: { ':v': { SS: [] } } })),
    ).toMatch(/may not be empty/);
  });
});

describe('evaluation', () => {
  it.each([
    ['n BETWEEN :lo AND :hi', { ':lo': { N: '5' }, ':hi': { N: '10' } }, true],
    ['n > :v', { ':v': { S: '1' } }, false],
    ['n <> :v', { ':v': { S: '5' } }, true],
    ['nope <> :v', { ':v': { N: '1' } }, true],
    ['nope = :v OR NOT attribute_exists(nope)', { ':v': { N: '1' } }, true],
    ['contains(tags, :v)', { ':v': { S: 'b' } }, true],
    ['contains(s, :v)', { ':v': { S: 'ell' } }, true],
    ['contains(myList, :v)', { ':v': { N: '1' } }, true],
    ['begins_with(s, :v)', { ':v': { S: 'he' } }, true],
    ['myList[1].c = :v', { ':v': { S: 'deep' } }, true],
    ['myMap.deeper.x IN (:a, :b)', { ':a': { N: '2' }, ':b': { N: '1.0' } }, true],
    ['size(myList) = :v AND size(tags) = :v AND size(myMap) < :v', { ':v': { N: '2' } }, true],
    ['attribute_type(myMap, :m)', { ':m': { S: 'M' } }, true],
  ])('%s → %s', (expression, values, expected) => {
    const names = undefined;
    expect(
      matches(expression, ITEM, {
        ExpressionAttributeValues: values as AttributeMap,
        ExpressionAttributeNames: names,
      }),
    ).toBe(expected);
  });

  it('treats a missing item as having no attributes', () => {
    expect(matches('attribute_not_exists(pk)', undefined)).toBe(true);
    expect(matches('attribute_exists(pk)', undefined)).toBe(false);
  });

  it('checks literal operand types up front, even where evaluation would short-circuit', () => {
    expect(
      validationMessage(() =>
        matches('attribute_not_exists(pk) OR begins_with(s, :v)', undefined, {
          ExpressionAttributeValues: { ':v': { N: '1' } },
        }),
      ),
    ).toMatch(/operator or function: begins_with, operand type: N/);
  });

  it('refuses operand types DynamoDB refuses', () => {
    expect(
      validationMessage(() =>
        matches('begins_with(s, :v)', ITEM, { ExpressionAttributeValues: { ':v': { N: '1' } } }),
      ),
    ).toMatch(/operator or function: begins_with, operand type: N/);
    expect(
      validationMessage(() =>
        matches('attribute_type(s, :v)', ITEM, { ExpressionAttributeValues: { ':v': { S: 'STRING' } } }),
      ),
    ).toMatch(/Invalid attribute type name found; type: STRING/);
    expect(
      validationMessage(() =>
        matches('n BETWEEN :hi AND :lo', ITEM, {
          ExpressionAttributeValues: { ':lo': { N: '1' }, ':hi': { N: '9' } },
        }),
      ),
    ).toMatch(/BETWEEN operator requires upper bound to be greater than or equal to lower bound/);
  });
});
