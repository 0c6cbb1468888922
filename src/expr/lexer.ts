/**
 * The lexer of the expression language of INTERFACE.md. It reads the whole text (no
 * length cut) one token at a time, without allocating per token: the parser reads the
 * current token from the fields `kind`, `start`, `end` and `op`.
 *
 * It owns the character-level rules: which characters may appear, decimal numbers only
 * (`0x1F` is refused), names `[A-Za-z][A-Za-z0-9_]*`, and the messages for characters
 * users type from other languages (`#`, `!`, `[`, `;`, `λ`, `a.b`).
 */
import { ParseError } from './parse-error.js';

/** What the current token is. */
export type TokenKind = 'number' | 'name' | 'op' | 'lparen' | 'rparen' | 'comma' | 'transpose' | 'relation' | 'end';

/** Operators between two operands (`**` is lexed so the parser can say to write `^`). */
export type OperatorText = '+' | '-' | '*' | '/' | '^' | '.*' | './' | '.^' | '**';

/** Relation symbols, as written. */
export type RelationText = '=' | '==' | '<=' | '>=' | '≤' | '≥' | '<' | '>';

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s+/y;

/** A one-token-at-a-time reader of `text`. Positions are 0-based offsets here; errors report them 1-based. */
export class Lexer {
  /** Kind of the current token. */
  kind: TokenKind = 'end';
  /** 0-based offset of the current token's first character. */
  start = 0;
  /** 0-based offset just past the current token. */
  end = 0;
  /** The operator or relation text of an `op` or `relation` token. */
  op: OperatorText | RelationText | '' = '';

  constructor(readonly text: string) {
    this.advance();
  }

  /** The current token's text. */
  get tokenText(): string {
    return this.text.slice(this.start, this.end);
  }

  /** Moves to the next token. */
  advance(): void {
    const text = this.text;
    let i = this.end;
    SPACE.lastIndex = i;
    if (SPACE.test(text)) i = SPACE.lastIndex;
    this.start = i;
    this.op = '';
    if (i >= text.length) return this.set('end', i);
    const ch = text[i]!;
    const next = text[i + 1] ?? '';
    if (ch >= '0' && ch <= '9' || (ch === '.' && next >= '0' && next <= '9')) {
      if (ch === '0' && /[xXbBoO]/.test(next) && /[0-9A-Za-z]/.test(text[i + 2] ?? '')) {
        throw new ParseError('hexadecimal, binary and octal literals are not supported (numbers are decimal)', text, i + 1);
      }
      NUMBER.lastIndex = i;
      NUMBER.test(text);
      return this.set('number', NUMBER.lastIndex);
    }
    if (/[A-Za-z_]/.test(ch)) {
      NAME.lastIndex = i;
      NAME.test(text);
      const end = NAME.lastIndex;
      if (!/[A-Za-z]/.test(ch)) {
        throw new ParseError(`"${text.slice(i, end)}" is not a valid name (a letter, then letters, digits or _)`, text, i + 1);
      }
      if (text[end] === '.' && /[A-Za-z_]/.test(text[end + 1] ?? '')) {
        throw new ParseError(`property access ("${text.slice(i, end)}.") is not supported; names are letters, digits and _`, text, i + 1);
      }
      return this.set('name', end);
    }
    switch (ch) {
      case '(':
        return this.set('lparen', i + 1);
      case ')':
        return this.set('rparen', i + 1);
      case ',':
        return this.set('comma', i + 1);
      case "'":
        return this.set('transpose', i + 1);
      case '+':
      case '-':
      case '/':
      case '^':
        return this.setOp(ch, i + 1);
      case '*':
        return next === '*' ? this.setOp('**', i + 2) : this.setOp('*', i + 1);
      case '.':
        if (next === '*' || next === '/' || next === '^') return this.setOp(`.${next}` as OperatorText, i + 2);
        break;
      case '<':
      case '>':
        return next === '=' ? this.setRelation(`${ch}=` as RelationText, i + 2) : this.setRelation(ch, i + 1);
      case '=':
        return next === '=' ? this.setRelation('==', i + 2) : this.setRelation('=', i + 1);
      case '≤':
      case '≥':
        return this.setRelation(ch, i + 1);
    }
    throw new ParseError(unexpectedCharacter(text, i), text, i + 1);
  }

  private set(kind: TokenKind, end: number): void {
    this.kind = kind;
    this.end = end;
  }
  private setOp(op: OperatorText, end: number): void {
    this.set('op', end);
    this.op = op;
  }
  private setRelation(op: RelationText, end: number): void {
    this.set('relation', end);
    this.op = op;
  }
}

function unexpectedCharacter(text: string, i: number): string {
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  if (ch === '!') return 'factorial "!" is not supported';
  if (ch === '[' || ch === ']') return 'matrices and lists are not supported';
  if (ch === '#') return '"#" is not allowed (no comments in expressions)';
  if (ch === '.') return 'a lone "." is not a number or an operator (write 0.5, or .* ./ .^ for entry-wise operations)';
  if (ch === '%') return '"%" is not supported (write /100 for a percentage)';
  if (ch === '&' || ch === '|' || ch === '~') return `"${ch}" is not supported (no logical operators in expressions)`;
  const ascii: Record<string, string> = { '−': 'write - (the ASCII minus)', '×': 'write *', '·': 'write *', '÷': 'write /', '²': 'write ^2', '³': 'write ^3', '√': 'write sqrt(...)', '∞': 'infinity is not a number of this language' };
  if (Object.prototype.hasOwnProperty.call(ascii, ch)) return `"${ch}" is not allowed: ${ascii[ch]}`;
  if (/\p{L}/u.test(ch)) return `"${ch}" is not allowed: names use the letters A-Z and a-z (spell greek letters out, e.g. lambda)`;
  return `unexpected character ${JSON.stringify(ch)}`;
}
