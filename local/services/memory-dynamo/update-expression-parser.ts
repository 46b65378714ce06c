// Parser for UpdateExpression: SET (with + / -, if_not_exists, list_append), REMOVE, ADD and DELETE clauses.
import type { ParsedUpdate, SetOperand, SetValue, UpdateAction } from './expression-ast';
import { validation } from './errors';
import { ExpressionReader } from './expression-parser';

const CLAUSES = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;
type Clause = (typeof CLAUSES)[number];
const LABEL = 'UpdateExpression';

/** Parses an UpdateExpression into its actions, in clause order. */
export function parseUpdate(source: string): ParsedUpdate {
  const reader = new ExpressionReader(source, LABEL);
  const { tokens } = reader;
  const actions: UpdateAction[] = [];
  const seen = new Set<Clause>();
  do {
    const clause = CLAUSES.find((c) => tokens.isKeyword(c));
    if (!clause) throw tokens.unexpected();
    tokens.next();
    if (seen.has(clause)) {
      throw validation(
        `Invalid ${LABEL}: The "${clause}" section can only be used once in an update expression;`,
      );
    }
    seen.add(clause);
    do {
      const path = reader.path();
      if (clause === 'SET') {
        tokens.expectOp('=');
        actions.push({ kind: 'SET', path, value: parseSetValue(reader) });
      } else if (clause === 'REMOVE') {
        actions.push({ kind: 'REMOVE', path });
      } else {
        const token = tokens.next();
        if (token.kind !== 'value') throw tokens.unexpected(token);
        reader.values.add(token.text);
        actions.push({ kind: clause, path, value: token.text });
      }
    } while (tokens.acceptOp(','));
  } while (tokens.peek().kind !== 'end');
  return { actions, names: reader.names, values: reader.values };
}

function parseSetValue(reader: ExpressionReader): SetValue {
  const left = parseSetOperand(reader);
  const token = reader.tokens.peek();
  if (token.kind === 'op' && (token.text === '+' || token.text === '-')) {
    reader.tokens.next();
    return { kind: 'arithmetic', op: token.text, left, right: parseSetOperand(reader) };
  }
  return left;
}

function parseSetOperand(reader: ExpressionReader): SetOperand {
  const { tokens } = reader;
  const token = tokens.peek();
  if (token.kind !== 'ident' || tokens.peek(1).kind !== 'op' || tokens.peek(1).text !== '(')
    return reader.operand();
  if (token.text !== 'if_not_exists' && token.text !== 'list_append')
    throw reader.misusedFunction(token.text);
  tokens.next();
  tokens.next();
  if (token.text === 'if_not_exists') {
    if (tokens.peek().kind !== 'name' && tokens.peek().kind !== 'ident') {
      throw validation(
        `Invalid ${LABEL}: Operator or function requires a document path; operator or function: if_not_exists`,
      );
    }
    const path = reader.path();
    tokens.expectOp(',');
    const fallback = parseSetOperand(reader);
    tokens.expectOp(')');
    return { kind: 'if_not_exists', path, fallback };
  }
  const left = parseSetOperand(reader);
  tokens.expectOp(',');
  const right = parseSetOperand(reader);
  tokens.expectOp(')');
  return { kind: 'list_append', left, right };
}
