/**
 * The parser of the expression language of INTERFACE.md: text → syntax tree
 * (`syntax.ts`). Operator precedence with an explicit stack (shunting-yard), so neither
 * length nor nesting of the input ever deepens the JavaScript call stack.
 *
 * Grammar, loosest first:
 *   relation   `=` `==` `<=` `>=` `≤` `≥` (only through parseRelationSyntax; `<` `>` refused)
 *   sum        `+` `-`                       left, flattened into one n-ary node
 *   product    `*` `/` `.*` `./`, juxtaposition (`2x`, `2(x+1)`, `(a)(b)`, `x y`)
 *                                            left; `*` chains flattened; so `1/2x` is x/2
 *   unary      prefix `-` `+`                so `-x^2` is -(x^2), `2*-x` is 2*(-x)
 *   power      `^` `.^`                      right: `2^3^2` is 2^9; `x^-1` is x^(-1)
 *   postfix    `'` (transpose), `f(args)`    bind tightest: `A'^2` is (A')^2
 * A name directly followed by `(` is a call (`x(y+1)` is a call of x, which the
 * converters refuse with a hint to write `x*(y+1)`). A number after a complete operand
 * (`x 2`, `2 3`) is refused: the implicit product puts the number first. `**` is refused
 * with a hint to write `^`.
 *
 * Limits: parentheses and calls nest at most MAX_NESTING deep, and so do pending unary
 * signs, powers and operators (the depth of the tree); deeper input is refused with a
 * message that names the limit. Nothing else is bounded but memory.
 */
import { Lexer, type RelationText, type TokenKind } from './lexer.js';
import { ParseError } from './parse-error.js';
import type { NarySyntax, RelationSyntax, Syntax } from './syntax.js';

/** Deepest nesting of parentheses and calls, and deepest syntax tree, the parser accepts. */
export const MAX_NESTING = 10_000;

type BinaryOp = '+' | '-' | '*' | '/' | '^' | '.*' | './' | '.^';

/** A pending operator or group on the parser's stack. */
type Frame =
  | { readonly type: 'group'; readonly call?: { readonly name: string; readonly start: number }; readonly open: number; readonly args: Syntax[] }
  | { readonly type: 'unary'; readonly op: '-' | '+'; readonly start: number }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly at: number; readonly prec: number };

/** An operand on the stack with its source extent (parentheses included) and whether it is an open chain. */
interface Operand {
  readonly node: Syntax;
  /** 0-based offset of its first character (an opening parenthesis when it was written in one). */
  readonly start: number;
  /** 0-based offset just past it. */
  readonly end: number;
  /** An n-ary node built by this chain and not closed by parentheses: a further `+` (or `*`) extends it. */
  readonly open: boolean;
}

/** An n-ary node under construction (its arrays grow while the chain is open). */
interface MutableNary {
  readonly type: 'nary';
  readonly op: NarySyntax['op'];
  readonly operands: Syntax[];
  readonly signs: (1 | -1)[];
  readonly opPos: number[];
  readonly pos: number;
  len: number;
}

const PREC: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '.*': 2, './': 2, '^': 4, '.^': 4 };
const UNARY_PREC = 3;

/** Parses an expression into its syntax tree; throws ParseError with a 1-based position. */
export function parseSyntax(text: string): Syntax {
  checkText(text);
  const lexer = new Lexer(text);
  return parseSide(lexer, false, 0);
}

/**
 * Parses `lhs = rhs`, `lhs <= rhs` or `lhs >= rhs` (also `==`, `≤`, `≥`) into syntax.
 * Strict `<` and `>` are refused (an optimum on an open set is generally not attained),
 * and so is a second relation (`0 <= x <= 1`).
 */
export function parseRelationSyntax(text: string): RelationSyntax {
  checkText(text);
  const lexer = new Lexer(text);
  const lhs = parseSide(lexer, true, 0);
  if (lexer.kind !== 'relation') throw new ParseError('a constraint needs a relation: =, <= or >=', text);
  const opText = lexer.op as RelationText;
  const opPos = lexer.start + 1;
  if (opText === '<' || opText === '>') {
    throw new ParseError(`strict inequality "${opText}" is not supported; write ${opText}= instead`, text, opPos);
  }
  const rhsStart = lexer.end;
  lexer.advance();
  const rhs = parseSide(lexer, true, rhsStart);
  if (lexer.kind === 'relation') throw new ParseError('a constraint has exactly one relation', text, lexer.start + 1);
  const op = opText === '<=' || opText === '≤' ? '<=' : opText === '>=' || opText === '≥' ? '>=' : '=';
  return { lhs, op, rhs, opPos };
}

function checkText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new ParseError('expected an expression as text', String(text));
  if (text.trim() === '') throw new ParseError('empty expression', text, 1);
}

/**
 * Reads one expression from the lexer's current token. In relation mode it stops before
 * a relation symbol at the top level (the caller checks what follows); otherwise it
 * reads to the end of the text. `sideStart` is where the side begins (0-based), where a
 * missing side is reported.
 */
function parseSide(lexer: Lexer, relationMode: boolean, sideStart: number): Syntax {
  const text = lexer.text;
  const operands: Operand[] = [];
  const frames: Frame[] = [];
  let groups = 0; // open parentheses and calls
  let pending = 0; // unary, binary and call frames: the depth of the tree being built
  let expectOperand = true;

  const fail = (reason: string, offset: number): never => {
    throw new ParseError(reason, text, offset + 1);
  };
  const deeper = (isGroup: boolean, isNode: boolean, offset: number): void => {
    if (isGroup) groups++;
    if (isNode) pending++;
    if (groups > MAX_NESTING || pending > MAX_NESTING) {
      fail(`the expression is nested more than ${MAX_NESTING} levels deep (the parser's limit)`, offset);
    }
  };

  const applyUnary = (f: { op: '-' | '+'; start: number }): void => {
    const a = operands.pop()!;
    operands.push({ node: { type: 'unary', op: f.op, arg: a.node, pos: f.start + 1, len: a.end - f.start }, start: f.start, end: a.end, open: false });
  };
  const applyBinary = (f: { op: BinaryOp; at: number }): void => {
    const b = operands.pop()!;
    const a = operands.pop()!;
    const len = b.end - a.start;
    if (f.op === '/' || f.op === './' || f.op === '^' || f.op === '.^') {
      operands.push({ node: { type: 'binary', op: f.op, left: a.node, right: b.node, opPos: f.at + 1, pos: a.start + 1, len }, start: a.start, end: b.end, open: false });
      return;
    }
    const naryOp: NarySyntax['op'] = f.op === '-' ? '+' : f.op;
    const sign: 1 | -1 = f.op === '-' ? -1 : 1;
    if (a.open && a.node.type === 'nary' && a.node.op === naryOp) {
      const chain = a.node as unknown as MutableNary;
      chain.operands.push(b.node);
      chain.signs.push(sign);
      chain.opPos.push(f.at + 1);
      chain.len = len;
      operands.push({ node: a.node, start: a.start, end: b.end, open: true });
      return;
    }
    const chain: MutableNary = { type: 'nary', op: naryOp, operands: [a.node, b.node], signs: [1, sign], opPos: [f.at + 1], pos: a.start + 1, len };
    operands.push({ node: chain as unknown as Syntax, start: a.start, end: b.end, open: true });
  };
  /** Applies pending operators that bind at least as tightly as an operator of precedence `prec`. */
  const reduce = (prec: number, rightAssoc: boolean): void => {
    for (;;) {
      const top = frames[frames.length - 1];
      if (!top || top.type === 'group') return;
      const p = top.type === 'unary' ? UNARY_PREC : top.prec;
      if (p < prec || (p === prec && rightAssoc)) return;
      frames.pop();
      pending--;
      if (top.type === 'unary') applyUnary(top);
      else applyBinary(top);
    }
  };
  const pushBinary = (op: BinaryOp, at: number): void => {
    const prec = PREC[op];
    reduce(prec, prec === 4);
    frames.push({ type: 'binary', op, at, prec });
    deeper(false, true, at);
    expectOperand = true;
  };
  const openCall = (): Extract<Frame, { type: 'group' }> | undefined => {
    const top = frames[frames.length - 1];
    return top?.type === 'group' ? top : undefined;
  };

  for (;;) {
    const start = lexer.start;
    if (expectOperand) {
      switch (lexer.kind) {
        case 'number':
          operands.push({ node: { type: 'number', text: lexer.tokenText, pos: start + 1, len: lexer.end - start }, start, end: lexer.end, open: false });
          expectOperand = false;
          lexer.advance();
          continue;
        case 'name': {
          const name = lexer.tokenText;
          const end = lexer.end;
          lexer.advance();
          if ((lexer.kind as TokenKind) === 'lparen') {
            frames.push({ type: 'group', call: { name, start }, open: lexer.start, args: [] });
            deeper(true, true, lexer.start);
            lexer.advance();
            if ((lexer.kind as TokenKind) === 'rparen') {
              // f(): a call without arguments; converters say how many it takes.
              frames.pop();
              groups--;
              pending--;
              operands.push({ node: { type: 'call', name, args: [], pos: start + 1, len: lexer.end - start }, start, end: lexer.end, open: false });
              expectOperand = false;
              lexer.advance();
            }
            continue;
          }
          operands.push({ node: { type: 'name', name, pos: start + 1, len: end - start }, start, end, open: false });
          expectOperand = false;
          continue;
        }
        case 'lparen':
          frames.push({ type: 'group', open: start, args: [] });
          deeper(true, false, start);
          lexer.advance();
          continue;
        case 'op':
          if (lexer.op === '-' || lexer.op === '+') {
            frames.push({ type: 'unary', op: lexer.op, start });
            deeper(false, true, start);
            lexer.advance();
            continue;
          }
          if (lexer.op === '**') return fail('"**" is not the power operator; write ^ (x^2 is x squared)', start);
          return fail('value expected', start);
        case 'end':
          if (relationMode && operands.length === 0 && frames.length === 0) return fail('missing expression beside the relation', sideStart);
          return fail('unexpected end of expression', text.length);
        case 'relation':
          if (relationMode && operands.length === 0 && frames.length === 0) return fail('missing expression beside the relation', sideStart);
          return fail(relationMode ? 'value expected' : relationInExpression(lexer.op), start);
        default:
          return fail('value expected', start);
      }
    }

    switch (lexer.kind) {
      case 'op':
        if (lexer.op === '**') return fail('"**" is not the power operator; write ^ (x^2 is x squared)', start);
        pushBinary(lexer.op as BinaryOp, start);
        lexer.advance();
        continue;
      case 'transpose': {
        const a = operands.pop()!;
        operands.push({ node: { type: 'transpose', arg: a.node, pos: a.start + 1, len: lexer.end - a.start }, start: a.start, end: lexer.end, open: false });
        lexer.advance();
        continue;
      }
      case 'name':
      case 'lparen':
        pushBinary('*', start); // juxtaposition: 2x, 2(x+1), (a)(b), x y
        continue;
      case 'number':
        return fail('a number cannot follow a value directly; write an operator between them (in an implicit product the number comes first: 2x)', start);
      case 'rparen':
      case 'comma': {
        reduce(0, false);
        const group = openCall();
        if (!group) {
          return fail(lexer.kind === 'rparen' ? 'unexpected ")" (no matching "(")' : 'unexpected "," (commas separate the arguments of a function)', start);
        }
        if (lexer.kind === 'comma') {
          if (!group.call) return fail('unexpected "," inside parentheses (commas separate the arguments of a function)', start);
          group.args.push(operands.pop()!.node);
          expectOperand = true;
          lexer.advance();
          continue;
        }
        frames.pop();
        groups--;
        const end = lexer.end;
        const inner = operands.pop()!;
        if (group.call) {
          pending--;
          group.args.push(inner.node);
          const { name, start: at } = group.call;
          operands.push({ node: { type: 'call', name, args: group.args, pos: at + 1, len: end - at }, start: at, end, open: false });
        } else {
          operands.push({ node: inner.node, start: group.open, end, open: false });
        }
        lexer.advance();
        continue;
      }
      case 'relation':
      case 'end': {
        reduce(0, false);
        const group = openCall();
        if (group) {
          if (lexer.kind === 'relation') return fail(relationMode ? 'a relation cannot stand inside parentheses' : relationInExpression(lexer.op), start);
          return fail(`parenthesis ")" expected (the "(" at char ${group.open + 1} is not closed)`, text.length);
        }
        if (lexer.kind === 'relation' && !relationMode) return fail(relationInExpression(lexer.op), start);
        return operands.pop()!.node;
      }
    }
  }
}

function relationInExpression(op: string): string {
  return `a relation ("${op}") is not allowed in an expression; constraints are read as relations (lhs = rhs, lhs <= rhs, lhs >= rhs)`;
}
