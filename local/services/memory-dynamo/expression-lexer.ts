// Tokenizer for DynamoDB expressions: names, #placeholders, :values, list indexes and operators.
import { validation } from './errors';

export type TokenKind = 'ident' | 'name' | 'value' | 'number' | 'op' | 'end';
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

const OPERATORS = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];
const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_]/.test(c);

/** Splits an expression into tokens; `label` names the expression in error messages. */
export function tokenize(source: string, label: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '#' || c === ':') {
      i++;
      while (i < source.length && isIdentPart(source[i]!)) i++;
      if (i === start + 1) throw syntaxError(label, source, c, tokens[tokens.length - 1]?.offset ?? start, i);
      tokens.push({ kind: c === '#' ? 'name' : 'value', text: source.slice(start, i), offset: start });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < source.length && isIdentPart(source[i]!)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), offset: start });
      continue;
    }
    if (c >= '0' && c <= '9') {
      while (i < source.length && source[i]! >= '0' && source[i]! <= '9') i++;
      tokens.push({ kind: 'number', text: source.slice(start, i), offset: start });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw syntaxError(label, source, c, tokens[tokens.length - 1]?.offset ?? start, start + 1);
    tokens.push({ kind: 'op', text: op, offset: start });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '<EOF>', offset: source.length });
  return tokens;
}

/** DynamoDB's syntax error: `Invalid <label>: Syntax error; token: "<t>", near: "<previous, this and next token>"`. */
export function syntaxError(label: string, source: string, token: string, nearFrom: number, nearTo: number) {
  return validation(
    `Invalid ${label}: Syntax error; token: "${token}", near: "${source.slice(nearFrom, nearTo)}"`,
  );
}

/** A cursor over the tokens of one expression. */
export class TokenStream {
  private position = 0;
  constructor(
    private readonly tokens: readonly Token[],
    readonly source: string,
    readonly label: string,
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }
  next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }
  /** True (and consumed) when the next token is the operator `op`. */
  acceptOp(op: string): boolean {
    const token = this.peek();
    if (token.kind !== 'op' || token.text !== op) return false;
    this.position++;
    return true;
  }
  /** True (and consumed) when the next token is the keyword (any case). */
  acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(keyword)) return false;
    this.position++;
    return true;
  }
  isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'ident' && token.text.toUpperCase() === keyword;
  }
  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.unexpected();
  }
  unexpected(token = this.peek()) {
    const at = this.tokens.indexOf(token);
    const previous = this.tokens[at - 1];
    const next = this.tokens[at + 1];
    const from = previous?.offset ?? token.offset;
    const to =
      next && next.kind !== 'end'
        ? next.offset + next.text.length
        : token.kind === 'end'
          ? this.source.length
          : token.offset + token.text.length;
    return syntaxError(this.label, this.source, token.text, from, to);
  }
}
