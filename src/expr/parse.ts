/**
 * The parser front end: mathjs's grammar (`parse`), converted once into our IR.
 *
 * mathjs owns precedence and associativity (`-x^2` is `-(x^2)`, `2^3^2` is `2^9`,
 * `2x` is `2*x`); this module owns what the syntax of INTERFACE.md admits. Anything
 * else (matrices, assignments, factorials, unknown functions, `x(y+1)` read as a call)
 * is rejected with a ParseError that names the text and its 1-based position.
 */
import { parse as mathParse, type MathNode } from 'mathjs/number';
import { FUNCTION_NAMES, E, PI, add, call, div, mul, neg, num, pow, sqrt, sub, sym, type Expr, type FunctionName, DomainError } from './nodes.js';
import { Rational } from './rational.js';

/** A syntax or vocabulary error in user text. */
export class ParseError extends Error {
  override name = 'ParseError';
  constructor(
    /** What is wrong, in a sentence. */
    readonly reason: string,
    /** The text that was being parsed. */
    readonly text: string,
    /** 1-based character position of the offending part, when known. */
    readonly position?: number,
  ) {
    super(formatParseMessage(reason, text, position));
  }
}

function formatParseMessage(reason: string, text: string, position?: number): string {
  if (position === undefined) return `${reason} in "${text}"`;
  const caret = ' '.repeat(Math.max(0, position - 1)) + '^';
  return `${reason} at char ${position} in "${text}"\n  ${text}\n  ${caret}`;
}

/** The names a user may write: a letter, then letters, digits and underscores. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

const FUNCTION_SET = new Set<string>(FUNCTION_NAMES);
const RESERVED_CONSTANTS = new Set(['e', 'pi']);

/** Options for `parse`. */
export interface ParseOptions {
  /**
   * When given, every symbol must be one of these names; others raise a ParseError
   * ("unknown name"), which catches typos in problem files.
   */
  readonly knownNames?: ReadonlySet<string> | readonly string[];
}

/** Parses an expression in the syntax of INTERFACE.md into a canonical node. */
export function parse(text: string, options: ParseOptions = {}): Expr {
  if (typeof text !== 'string') throw new ParseError('expected an expression as text', String(text));
  if (text.trim() === '') throw new ParseError('empty expression', text, 1);
  const { source, literals, renamed } = lex(text);
  let tree: MathNode;
  try {
    tree = mathParse(source);
  } catch (err) {
    const e = err as Error & { char?: number };
    const position = typeof e.char === 'number' ? e.char : undefined;
    const reason = (e.message ?? 'syntax error').replace(/\s*\(char \d+\)\s*$/, '');
    throw new ParseError(reason.charAt(0).toLowerCase() + reason.slice(1), text, position);
  }
  const converter = new Converter(text, literals, renamed, options.knownNames ? new Set(options.knownNames) : undefined);
  try {
    return converter.convert(tree);
  } catch (err) {
    if (err instanceof DomainError) throw new ParseError(err.message, text);
    throw err;
  }
}

/** The relation of a constraint: `lhs = rhs`, `lhs <= rhs` or `lhs >= rhs`. */
export interface Relation {
  readonly lhs: Expr;
  readonly op: '=' | '<=' | '>=';
  readonly rhs: Expr;
}

/**
 * Parses `lhs = rhs`, `lhs <= rhs` or `lhs >= rhs` (also `==`, `≤`, `≥`). Strict `<` and
 * `>` are rejected: an optimum on an open set is generally not attained.
 */
export function parseRelation(text: string, options: ParseOptions = {}): Relation {
  const m = /(<=|>=|==|=|≤|≥|<|>)/.exec(text);
  if (!m) throw new ParseError('a constraint needs a relation: =, <= or >=', text);
  const at = m.index;
  const opText = m[1]!;
  if (opText === '<' || opText === '>') {
    throw new ParseError(`strict inequality "${opText}" is not supported; write ${opText}= instead`, text, at + 1);
  }
  const rest = text.slice(at + opText.length);
  const again = /(<=|>=|==|=|≤|≥|<|>)/.exec(rest);
  if (again) throw new ParseError('a constraint has exactly one relation', text, at + opText.length + again.index + 1);
  const op: Relation['op'] = opText === '<=' || opText === '≤' ? '<=' : opText === '>=' || opText === '≥' ? '>=' : '=';
  const left = text.slice(0, at);
  const lhs = parseSide(left, text, 0, options);
  const rhs = parseSide(rest, text, at + opText.length, options);
  return { lhs, op, rhs };
}

function parseSide(side: string, whole: string, offset: number, options: ParseOptions): Expr {
  if (side.trim() === '') throw new ParseError('missing expression beside the relation', whole, offset + 1);
  try {
    return parse(side, options);
  } catch (err) {
    if (err instanceof ParseError) {
      throw new ParseError(err.reason, whole, err.position === undefined ? undefined : err.position + offset);
    }
    throw err;
  }
}

/** A numeric literal token of the source, with its 1-based position. */
interface Literal {
  readonly text: string;
  readonly position: number;
}

/**
 * Words that mathjs's grammar reserves (operators `mod to in and or xor not`, constants
 * `true false null undefined NaN Infinity`) but that INTERFACE.md makes ordinary names.
 */
const MATHJS_WORDS = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not', 'true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);

const ALLOWED = /[A-Za-z0-9_.+\-*/^(),\s]/;

/**
 * Checks every character against the syntax of INTERFACE.md (mathjs would otherwise read
 * `#` as a comment, `!` as factorial, `'` as transpose, `0x1F` as hexadecimal), collects
 * the numeric literals in source order, and renames mathjs's reserved words to
 * placeholders of the same length, so that error positions stay those of the user's text.
 */
function lex(text: string): { source: string; literals: Literal[]; renamed: Map<string, string> } {
  const literals: Literal[] = [];
  const words: { start: number; word: string }[] = [];
  const identifiers = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 100_000));
    if (number) {
      if (/^0[xXbBoO][0-9A-Za-z]/.test(text.slice(i, i + 3))) {
        throw new ParseError('hexadecimal, binary and octal literals are not supported (numbers are decimal)', text, i + 1);
      }
      literals.push({ text: number[0], position: i + 1 });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 100_000));
    if (ident) {
      identifiers.add(ident[0]);
      if (MATHJS_WORDS.has(ident[0])) words.push({ start: i, word: ident[0] });
      i += ident[0].length;
      continue;
    }
    if (!ALLOWED.test(ch)) throw new ParseError(unexpectedCharacter(text, i), text, i + 1);
    i++;
  }
  const renamed = new Map<string, string>(); // placeholder -> user's word
  const chosen = new Map<string, string>(); // user's word -> placeholder
  let source = text;
  for (const { start, word } of words) {
    let placeholder = chosen.get(word);
    if (!placeholder) {
      placeholder = freshPlaceholder(word.length, identifiers);
      identifiers.add(placeholder);
      chosen.set(word, placeholder);
      renamed.set(placeholder, word);
    }
    source = source.slice(0, start) + placeholder + source.slice(start + word.length);
  }
  return { source, literals, renamed };
}

function freshPlaceholder(length: number, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n++) {
    const candidate = ('Q' + n.toString(36).padStart(length - 1, '0')).slice(0, length);
    if (candidate.length === length && !taken.has(candidate) && !MATHJS_WORDS.has(candidate)) return candidate;
  }
}

function unexpectedCharacter(text: string, i: number): string {
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  if ('=<>≤≥'.includes(ch)) return `a relation ("${ch}") is not allowed in an expression; constraints are read as relations (lhs = rhs, lhs <= rhs, lhs >= rhs)`;
  if (ch === '!') return 'factorial "!" is not supported';
  if (ch === '[' || ch === ']') return 'matrices and lists are not supported';
  if (ch === '#') return '"#" is not allowed (no comments in expressions)';
  if (/\p{L}/u.test(ch)) return `"${ch}" is not allowed: names use the letters A-Z and a-z (spell greek letters out, e.g. lambda)`;
  return `unexpected character ${JSON.stringify(ch)}`;
}

class Converter {
  private literalIndex = 0;
  constructor(
    private readonly text: string,
    private readonly literals: readonly Literal[],
    private readonly renamed: ReadonlyMap<string, string>,
    private readonly known: Set<string> | undefined,
  ) {}

  convert(node: MathNode): Expr {
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ParenthesisNode':
        return this.convert(n['content'] as MathNode);
      case 'ConstantNode':
        return this.constant(n['value']);
      case 'SymbolNode':
        return this.symbol(n['name'] as string);
      case 'OperatorNode':
        return this.operator(n['fn'] as string, n['op'] as string, n['args'] as MathNode[]);
      case 'FunctionNode':
        return this.func(n['fn'] as MathNode, n['args'] as MathNode[]);
      default:
        throw new ParseError(`unsupported syntax (${describeNode(node.type)})`, this.text, this.positionOf(node.toString()));
    }
  }

  private constant(value: unknown): Expr {
    if (typeof value !== 'number') {
      throw new ParseError(`unsupported constant ${JSON.stringify(value)}`, this.text, this.positionOf(String(value)));
    }
    // The literal's own text gives the exact value: 0.1 is 1/10, long integers stay
    // exact, and 1e400 is 10^400 although the double mathjs read is Infinity.
    const token = this.literals[this.literalIndex++];
    const exact = token && Number(token.text) === value ? Rational.parseDecimal(token.text) : undefined;
    if (exact) return num(exact);
    if (!Number.isFinite(value)) throw new ParseError('number out of range', this.text, token?.position);
    return num(Rational.fromNumber(value));
  }

  private symbol(mathjsName: string): Expr {
    const name = this.renamed.get(mathjsName) ?? mathjsName;
    if (name === 'pi') return PI;
    if (name === 'e') return E;
    if (!NAME_PATTERN.test(name)) {
      throw new ParseError(`"${name}" is not a valid name (a letter, then letters, digits or _)`, this.text, this.positionOf(name));
    }
    if (FUNCTION_SET.has(name) || name === 'sqrt') {
      throw new ParseError(`"${name}" is a function; write ${name}(...)`, this.text, this.positionOf(name));
    }
    if (this.known && !this.known.has(name)) {
      const list = [...this.known].sort().join(', ');
      throw new ParseError(`unknown name "${name}"${list ? ` (declared: ${list})` : ' (no names are declared)'}`, this.text, this.positionOf(name));
    }
    return sym(name);
  }

  private operator(fn: string, op: string, args: MathNode[]): Expr {
    const a = args.map((x) => this.convert(x));
    switch (fn) {
      case 'add':
        return add(a[0]!, a[1]!);
      case 'subtract':
        return sub(a[0]!, a[1]!);
      case 'multiply':
        return mul(a[0]!, a[1]!);
      case 'divide':
        if (a[1]!.kind === 'num' && a[1].value.isZero) {
          throw new ParseError('division by zero', this.text, this.positionOf('/'));
        }
        return div(a[0]!, a[1]!);
      case 'pow':
        return pow(a[0]!, a[1]!);
      case 'unaryMinus':
        return neg(a[0]!);
      case 'unaryPlus':
        return a[0]!;
      default:
        throw new ParseError(`unsupported operator "${op}"`, this.text, this.positionOf(op));
    }
  }

  private func(fnNode: MathNode, args: MathNode[]): Expr {
    const raw = fnNode.type === 'SymbolNode' ? ((fnNode as unknown as { name: string }).name) : fnNode.toString();
    const name = this.renamed.get(raw) ?? raw;
    const position = this.positionOf(`${name}(`) ?? this.positionOf(name);
    if (name === 'sqrt' || FUNCTION_SET.has(name)) {
      if (args.length !== 1) {
        throw new ParseError(`${name} takes one argument, got ${args.length}`, this.text, position);
      }
      const arg = this.convert(args[0]!);
      return name === 'sqrt' ? sqrt(arg) : call(name as FunctionName, arg);
    }
    const known = [...FUNCTION_NAMES.filter((f) => f !== 'sign'), 'sqrt'].sort().join(', ');
    throw new ParseError(
      `unknown function "${name}" (known: ${known}); for a product write ${name}*(...)`,
      this.text,
      position,
    );
  }

  /** Best-effort 1-based position of a fragment: mathjs nodes carry no positions. */
  private positionOf(fragment: string): number | undefined {
    if (!fragment) return undefined;
    const re = new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(fragment)}`);
    const m = re.exec(this.text);
    return m ? m.index + 1 : undefined;
  }
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    ArrayNode: 'matrix or list',
    AssignmentNode: 'assignment',
    AccessorNode: 'property access',
    IndexNode: 'indexing',
    ObjectNode: 'object',
    RangeNode: 'range',
    RelationalNode: 'comparison',
    ConditionalNode: 'conditional',
    BlockNode: 'several expressions',
    FunctionAssignmentNode: 'function definition',
  };
  return names[type] ?? type;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
