// The in-memory DynamoDB server's expression engine: parsing, errors, evaluation, updates, numbers, ordering, cache, wire errors.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { compareUtf8, type AttributeMap } from '../../local/services/memory-dynamo/attribute-values';
import { evaluateCondition } from '../../local/services/memory-dynamo/condition-evaluator';
import { DynamoError } from '../../local/services/memory-dynamo/errors';
import {
  cachedExpressionCount,
  ExpressionContext,
  type ExpressionInput,
} from '../../local/services/memory-dynamo/expression-context';
import { parseCondition, parseProjection } from '../../local/services/memory-dynamo/expression-parser';
import {
  addDecimals,
  compareDecimals,
  formatDecimal,
  normalizeNumber,
  parseDecimal,
} from '../../local/services/memory-dynamo/numbers';
import { applyUpdate } from '../../local/services/memory-dynamo/update-evaluator';
import { parseUpdate } from '../../local/services/memory-dynamo/update-expression-parser';
import { startMemoryDynamo, type LocalDynamo } from '../support/memory-dynamo';

/** The ValidationException message a call throws. */
function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoError);
    expect((error as DynamoError).type).toBe('ValidationException');
    return (error as DynamoError).message;
  }
  throw new Error('no ValidationException');
}

/** Evaluates a condition against an item the way ConditionExpression does. */
function matches(expression: string, item: AttributeMap | undefined, input: ExpressionInput = {}): boolean {
  const context = new ExpressionContext(input);
  const parsed = context.condition(expression, 'ConditionExpression')!;
  context.finish();
  return evaluateCondition(parsed.condition, item, context);
}

function update(expression: string, old: AttributeMap | undefined, input: ExpressionInput = {}) {
  const context = new ExpressionContext(input);
  const parsed = context.update(expression)!;
  context.finish();
  return applyUpdate(parsed, old, { pk: { S: 'k' } }, ['pk'], context).item;
}

const ITEM: AttributeMap = {
  pk: { S: 'k' },
  n: { N: '5' },
  s: { S: 'hello' },
  tags: { SS: ['a', 'b'] },
  myList: { L: [{ N: '1' }, { M: { c: { S: 'deep' } } }] },
  myMap: { M: { deeper: { M: { x: { N: '1' } } } } },
};

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

describe('updates', () => {
  it('never changes the old item (copy-on-write down nested paths)', () => {
    const old = JSON.parse(JSON.stringify(ITEM)) as AttributeMap;
    const next = update('SET myMap.deeper.x = :v, myList[1].c = :v REMOVE s ADD n :v', old, {
      ExpressionAttributeValues: { ':v': { N: '7' } },
    });
    expect(old).toEqual(ITEM);
    expect(next.myMap).toEqual({ M: { deeper: { M: { x: { N: '7' } } } } });
    expect(next.myList?.L?.[1]).toEqual({ M: { c: { N: '7' } } });
    expect(next.n).toEqual({ N: '12' });
    expect(next.s).toBeUndefined();
  });

  it('removes list elements by their original positions and appends past the end', () => {
    const old: AttributeMap = { pk: { S: 'k' }, l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }] } };
    expect(update('REMOVE l[1], l[2]', old).l).toEqual({ L: [{ S: 'a' }, { S: 'd' }] });
    expect(
      update('SET l[10] = :v', old, { ExpressionAttributeValues: { ':v': { S: 'e' } } }).l?.L,
    ).toHaveLength(5);
  });

  it('adds to and deletes from sets, dropping a set that becomes empty', () => {
    const old: AttributeMap = { pk: { S: 'k' }, s: { NS: ['1', '2'] } };
    expect(update('ADD s :v', old, { ExpressionAttributeValues: { ':v': { NS: ['2', '3'] } } }).s).toEqual({
      NS: ['1', '2', '3'],
    });
    expect(
      update('DELETE s :v', old, { ExpressionAttributeValues: { ':v': { NS: ['1', '2'] } } }).s,
    ).toBeUndefined();
    expect(
      validationMessage(() =>
        update('ADD s :v', old, { ExpressionAttributeValues: { ':v': { SS: ['x'] } } }),
      ),
    ).toBe('An operand in the update expression has an incorrect data type');
    expect(
      validationMessage(() =>
        update('DELETE s :v', old, { ExpressionAttributeValues: { ':v': { N: '1' } } }),
      ),
    ).toBe(
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER',
    );
  });

  it('refuses key attributes and overlapping paths after resolving names', () => {
    expect(
      validationMessage(() =>
        update('SET #k = :v', ITEM, {
          ExpressionAttributeNames: { '#k': 'pk' },
          ExpressionAttributeValues: { ':v': { S: 'x' } },
        }),
      ),
    ).toBe(
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    );
    expect(
      validationMessage(() =>
        update('SET #a = :v REMOVE #b.c', ITEM, {
          ExpressionAttributeNames: { '#a': 'myMap', '#b': 'myMap' },
          ExpressionAttributeValues: { ':v': { S: 'x' } },
        }),
      ),
    ).toMatch(/Two document paths overlap with each other.*path one: \[myMap\], path two: \[myMap, c\]/);
  });
});

describe('numbers', () => {
  it('keeps DynamoDB canonical text and exact decimal arithmetic', () => {
    expect(['1.50', '-0', '1e3', '00.0100', '-1.2E-3', '.5'].map(normalizeNumber)).toEqual([
      '1.5',
      '0',
      '1000',
      '0.01',
      '-0.0012',
      '0.5',
    ]);
    expect(formatDecimal(addDecimals(parseDecimal('0.1'), parseDecimal('0.2')))).toBe('0.3');
    expect(
      formatDecimal(
        addDecimals(parseDecimal('12345678901234567890123456789012345678'), parseDecimal('1'), true),
      ),
    ).toBe('12345678901234567890123456789012345677');
    expect(compareDecimals(parseDecimal('-10'), parseDecimal('-2.5'))).toBeLessThan(0);
    expect(compareDecimals(parseDecimal('1e20'), parseDecimal('99999'))).toBeGreaterThan(0);
  });

  it('refuses numbers DynamoDB cannot store', () => {
    expect(validationMessage(() => normalizeNumber('1'.repeat(39)))).toBe(
      'Attempting to store more than 38 significant digits in a Number',
    );
    expect(validationMessage(() => normalizeNumber('1e126'))).toMatch(/Number overflow/);
    expect(validationMessage(() => normalizeNumber('abc'))).toBe(
      'A value provided cannot be converted into a number',
    );
  });
});

describe('string order', () => {
  it('orders by UTF-8 bytes (code points), not UTF-16 units', () => {
    const sorted = ['😀', '\uffff', 'é', 'B', 'a'].sort(compareUtf8);
    expect(sorted).toEqual(['B', 'a', 'é', '\uffff', '😀']);
  });
});

describe('the server', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startMemoryDynamo('wire');
  });
  afterAll(() => dynamo.stop());

  const post = (target: string, body: string) =>
    fetch(dynamo.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' },
      body,
    });

  it('parses each expression once: repeated calls leave the cache unchanged', async () => {
    const call = (n: number) =>
      dynamo.doc.send(
        new UpdateCommand({
          TableName: dynamo.tables.sessions,
          Key: { pk: 'rate', sk: `w#${n}` },
          UpdateExpression: 'ADD #count :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':one': 1, ':expiresAt': n, ':limit': 10 },
        }),
      );
    await call(0);
    const parsed = cachedExpressionCount();
    for (let n = 1; n < 20; n++) await call(n);
    expect(cachedExpressionCount()).toBe(parsed);
  });

  it('answers an unknown operation with UnknownOperationException in DynamoDB’s error shape', async () => {
    const response = await post('DynamoDB_20120810.FlyToTheMoon', '{}');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException',
      message: 'Unknown operation: DynamoDB_20120810.FlyToTheMoon',
    });
  });

  it('answers a body that is not JSON with SerializationException and keeps serving', async () => {
    const response = await post('DynamoDB_20120810.ListTables', '{nope');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      'com.amazonaws.dynamodb.v20120810#SerializationException',
    );
    const tables = (await (await post('DynamoDB_20120810.ListTables', '{}')).json()) as {
      TableNames: string[];
    };
    expect(tables.TableNames).toContain(dynamo.tables.sessions);
  });
});
