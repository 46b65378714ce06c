// The in-memory DynamoDB server's update expressions, exact numbers, UTF-8 ordering, expression cache and wire errors.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { compareUtf8, type AttributeMap } from '../../local/services/memory-dynamo/attribute-values';
import { cachedExpressionCount } from '../../local/services/memory-dynamo/expression-context';
import {
  addDecimals,
  compareDecimals,
  formatDecimal,
  normalizeNumber,
  parseDecimal,
} from '../../local/services/memory-dynamo/numbers';
import { startMemoryDynamo, type LocalDynamo } from '../support/memory-dynamo';
import { ITEM, update, validationMessage } from './support/memory-dynamo-expressions';

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
