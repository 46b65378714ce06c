// Recursive-descent parser for condition, filter, key-condition and projection expressions (paths shared with updates).
import type {
  Comparator,
  Condition,
  ConditionFunction,
  Operand,
  ParsedCondition,
  ParsedProjection,
  Path,
  PathElement,
} from './expression-ast';
import { validation } from './errors';
import { TokenStream, tokenize } from './expression-lexer';
import { isReservedWord } from './reserved-words';

const COMPARATORS = new Set<string>(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_FUNCTIONS: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
};
const UPDATE_FUNCTIONS = new Set(['if_not_exists', 'list_append']);

/** Parser state for one expression: the token cursor plus the placeholders it met. */
export class ExpressionReader {
  readonly names = new Set<string>();
  readonly values = new Set<string>();
  readonly valueChecks: Condition[] = [];
  readonly tokens: TokenStream;

  constructor(
    source: string,
    readonly label: string,
  ) {
    if (source.length === 0) throw validation(`Invalid ${label}: The expression can not be empty;`);
    this.tokens = new TokenStream(tokenize(source, label), source, label);
  }

  /** name ( '.' name | '[' n ']' )* */
  path(): Path {
    const elements: PathElement[] = [this.pathName()];
    for (;;) {
      if (this.tokens.acceptOp('.')) {
        elements.push(this.pathName());
      } else if (this.tokens.acceptOp('[')) {
        const token = this.tokens.next();
        if (token.kind !== 'number') throw this.tokens.unexpected(token);
        this.tokens.expectOp(']');
        elements.push({ kind: 'index', index: Number(token.text) });
      } else {
        return elements;
      }
    }
  }

  private pathName(): PathElement {
    const token = this.tokens.next();
    if (token.kind === 'name') {
      this.names.add(token.text);
      return { kind: 'name', name: token.text, placeholder: true };
    }
    if (token.kind !== 'ident') throw this.tokens.unexpected(token);
    if (isReservedWord(token.text)) {
      throw validation(
        `Invalid ${this.label}: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
      );
    }
    return { kind: 'name', name: token.text, placeholder: false };
  }

  /** path | :value | size(path); functions other than size are refused here. */
  operand(): Operand {
    const token = this.tokens.peek();
    if (token.kind === 'value') {
      this.tokens.next();
      this.values.add(token.text);
      return { kind: 'value', name: token.text };
    }
    if (token.kind === 'ident' && this.tokens.peek(1).text === '(' && this.tokens.peek(1).kind === 'op') {
      if (token.text !== 'size') throw this.misusedFunction(token.text);
      this.tokens.next();
      this.tokens.next();
      const path = this.path();
      this.tokens.expectOp(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.path() };
  }

  misusedFunction(name: string) {
    const known = name in CONDITION_FUNCTIONS || name === 'size' || UPDATE_FUNCTIONS.has(name);
    return validation(
      known
        ? `Invalid ${this.label}: The function is not allowed to be used this way in an expression; function: ${name}`
        : `Invalid ${this.label}: Invalid function name; function: ${name}`,
    );
  }

  expectEnd(): void {
    if (this.tokens.peek().kind !== 'end') throw this.tokens.unexpected();
  }
}

/** Parses a ConditionExpression, FilterExpression or KeyConditionExpression (`label` names it in errors). */
export function parseCondition(source: string, label: string): ParsedCondition {
  const reader = new ExpressionReader(source, label);
  const condition = parseOr(reader);
  reader.expectEnd();
  return { condition, names: reader.names, values: reader.values, valueChecks: reader.valueChecks };
}

function parseOr(reader: ExpressionReader): Condition {
  let left = parseAnd(reader);
  while (reader.tokens.acceptKeyword('OR')) left = { kind: 'or', left, right: parseAnd(reader) };
  return left;
}

function parseAnd(reader: ExpressionReader): Condition {
  let left = parseNot(reader);
  while (reader.tokens.acceptKeyword('AND')) left = { kind: 'and', left, right: parseNot(reader) };
  return left;
}

function parseNot(reader: ExpressionReader): Condition {
  if (reader.tokens.acceptKeyword('NOT')) return { kind: 'not', operand: parseNot(reader) };
  return parsePrimary(reader);
}

function parsePrimary(reader: ExpressionReader): Condition {
  const { tokens } = reader;
  if (tokens.acceptOp('(')) {
    const inner = parseOr(reader);
    tokens.expectOp(')');
    return inner;
  }
  const token = tokens.peek();
  if (
    token.kind === 'ident' &&
    token.text !== 'size' &&
    tokens.peek(1).kind === 'op' &&
    tokens.peek(1).text === '('
  ) {
    const arity = CONDITION_FUNCTIONS[token.text];
    if (arity === undefined) throw reader.misusedFunction(token.text);
    tokens.next();
    tokens.next();
    const args: Operand[] = [reader.operand()];
    while (tokens.acceptOp(',')) args.push(reader.operand());
    tokens.expectOp(')');
    if (args.length !== arity) {
      throw validation(
        `Invalid ${reader.label}: Incorrect number of operands for operator or function; operator or function: ${token.text}, number of operands: ${args.length}`,
      );
    }
    if (token.text.startsWith('attribute_') && args[0]!.kind !== 'path') {
      throw validation(
        `Invalid ${reader.label}: Operator or function requires a document path; operator or function: ${token.text}`,
      );
    }
    if (token.text === 'attribute_type' && args[1]!.kind !== 'value') {
      throw validation(
        `Invalid ${reader.label}: Incorrect operand type for operator or function; operator or function: attribute_type`,
      );
    }
    distinctOperands(reader, token.text, args);
    const node: Condition = { kind: 'function', name: token.text as ConditionFunction, args };
    if (token.text === 'attribute_type' || (token.text === 'begins_with' && args[1]!.kind === 'value')) {
      reader.valueChecks.push(node);
    }
    return node;
  }
  const operand = reader.operand();
  const next = tokens.peek();
  if (next.kind === 'op' && COMPARATORS.has(next.text)) {
    tokens.next();
    const right = reader.operand();
    distinctOperands(reader, next.text, [operand, right]);
    return { kind: 'compare', op: next.text as Comparator, left: operand, right };
  }
  if (tokens.acceptKeyword('BETWEEN')) {
    const low = reader.operand();
    if (!tokens.acceptKeyword('AND')) throw tokens.unexpected();
    const high = reader.operand();
    distinctOperands(reader, 'BETWEEN', [operand, low, high]);
    const node: Condition = { kind: 'between', operand, low, high };
    if (low.kind === 'value' && high.kind === 'value') reader.valueChecks.push(node);
    return node;
  }
  if (tokens.acceptKeyword('IN')) {
    tokens.expectOp('(');
    const list: Operand[] = [reader.operand()];
    while (tokens.acceptOp(',')) list.push(reader.operand());
    tokens.expectOp(')');
    if (list.length > 100) {
      throw validation(
        `Invalid ${reader.label}: The IN operator is provided with too many operands; number of operands: ${list.length}`,
      );
    }
    distinctOperands(reader, 'IN', [operand, ...list]);
    return { kind: 'in', operand, list };
  }
  if (operand.kind === 'size') throw reader.misusedFunction('size');
  throw tokens.unexpected(next);
}

const operandText = (operand: Operand): string =>
  operand.kind === 'value'
    ? operand.name
    : `${operand.kind === 'size' ? 'size' : ''}[${operand.path.map((e) => (e.kind === 'name' ? e.name : `[${e.index}]`)).join(', ')}]`;

/** DynamoDB refuses `a = a`, `x BETWEEN x AND y` and the like: the first operand must differ from the others. */
function distinctOperands(reader: ExpressionReader, operator: string, operands: readonly Operand[]): void {
  const first = operandText(operands[0]!);
  if (operands.slice(1).some((o) => operandText(o) === first)) {
    throw validation(
      `Invalid ${reader.label}: The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${first}`,
    );
  }
}

/** Parses a ProjectionExpression: comma-separated document paths. */
export function parseProjection(source: string): ParsedProjection {
  const reader = new ExpressionReader(source, 'ProjectionExpression');
  const paths: Path[] = [reader.path()];
  while (reader.tokens.acceptOp(',')) paths.push(reader.path());
  reader.expectEnd();
  return { paths, names: reader.names, values: reader.values };
}
