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
  let tree: MathNode;
  try {
    tree = mathParse(text);
  } catch (err) {
    const e = err as Error & { char?: number };
    const position = typeof e.char === 'number' ? e.char : undefined;
    const reason = (e.message ?? 'syntax error').replace(/\s*\(char \d+\)\s*$/, '');
    throw new ParseError(reason.charAt(0).toLowerCase() + reason.slice(1), text, position);
  }
  const literals = numericLiterals(text);
  const converter = new Converter(text, literals, options.knownNames ? new Set(options.knownNames) : undefined);
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

/** Numeric literal tokens in source order, with their 1-based positions. */
function numericLiterals(text: string): { text: string; position: number }[] {
  const out: { text: string; position: number }[] = [];
  const re = /(?<![A-Za-z0-9_.])(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0], position: m.index + 1 });
  return out;
}

class Converter {
  private literalIndex = 0;
  constructor(
    private readonly text: string,
    private readonly literals: { text: string; position: number }[],
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
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ParseError(`unsupported constant ${JSON.stringify(value)}`, this.text, this.positionOf(String(value)));
    }
    // Prefer the literal's own text, so that 0.1 is exactly 1/10 and long integers stay exact.
    const token = this.literals[this.literalIndex++];
    const exact = token ? Rational.parseDecimal(token.text) : undefined;
    if (exact && Math.abs(exact.toNumber() - value) <= Math.abs(value) * 1e-15) return num(exact);
    return num(Rational.fromNumber(value));
  }

  private symbol(name: string): Expr {
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
    const name = fnNode.type === 'SymbolNode' ? ((fnNode as unknown as { name: string }).name) : fnNode.toString();
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
