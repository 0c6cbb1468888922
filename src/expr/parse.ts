/**
 * The scalar front end: text → syntax tree (`parser.ts`) → canonical IR (`Expr`).
 *
 * The parser owns the grammar; this module owns what the scalar language admits:
 * the function vocabulary (`FUNCTION_NAMES`, `sqrt`, `ln` as log), names, exact numbers,
 * and the refusals with a hint (`x(y+1)`, `max(x, 0)`, transpose and entry-wise
 * operators, which need shapes: the matrix converter reads the same tree).
 *
 * The conversion walks the tree with an explicit stack (post-order), and builds each
 * flattened sum with ONE call of addAll (a sum's canonical form does not depend on
 * grouping), so a sum of 10^6 terms costs one sort; products see LEFT_FOLD_PRODUCT_LIMIT, and nesting 10^4 deep never deepens the JavaScript stack. A construction
 * with no real value (1/0, 0^-1, log(0), tan(pi/2), asin(2)) is a ParseError at the
 * operator or call that made it.
 */
import { FUNCTION_NAMES, DomainError, E, PI, addAll, call, div, mul, mulAll, neg, num, pow, sqrt, sym, type Expr, type FunctionName } from './nodes.js';
import { ParseError } from './parse-error.js';
import { parseRelationSyntax, parseSyntax } from './parser.js';
import { MAX_DECIMAL_EXPONENT, Rational } from './rational.js';
import type { CallSyntax, Syntax } from './syntax.js';
import { MATRIX_FUNCTION_NAMES } from './matrix/shape.js';
import { FUNCTION_SYNONYMS } from './reserved.js';

export { ParseError } from './parse-error.js';

// The name grammar lives in names.ts (no imports), so the input readers check names without the parser.
export { NAME_PATTERN } from './names.js';

const FUNCTION_SET = new Set<string>(FUNCTION_NAMES);
/** Functions of the matrix language (INTERFACE.md, "Vectors and matrices"). */
const MATRIX_FUNCTIONS = new Set<string>(MATRIX_FUNCTION_NAMES);
const NOT_DIFFERENTIABLE = new Set(['max', 'min']);

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
  return readFlatSum(text, options) ?? syntaxToExpr(parseSyntax(text), text, options);
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
  const r = parseRelationSyntax(text);
  return { lhs: syntaxToExpr(r.lhs, text, options), op: r.op, rhs: syntaxToExpr(r.rhs, text, options) };
}

/**
 * Converts a syntax tree of `text` into the scalar IR. Throws ParseError (with the
 * node's position in `text`) for anything the scalar language does not admit.
 */
export function syntaxToExpr(tree: Syntax, text: string, options: ParseOptions = {}): Expr {
  const known = options.knownNames ? new Set(options.knownNames) : undefined;
  const literals = new Map<string, Expr>(); // a long sum repeats its few literals (the 2 of x_i^2) many times
  const symbols = new Map<string, Expr>(); // and its names: one interning lookup per distinct name
  const todo: Syntax[] = [tree];
  const entered: boolean[] = [false];
  const values: Expr[] = [];
  while (todo.length > 0) {
    const top = todo.length - 1;
    const node = todo[top]!;
    if (!entered[top]) {
      entered[top] = true;
      const kids = enter(node, text);
      for (let k = kids.length - 1; k >= 0; k--) {
        todo.push(kids[k]!);
        entered.push(false);
      }
      continue;
    }
    todo.pop();
    entered.pop();
    try {
      values.push(
        node.type === 'number'
          ? literal(node.text, text, node.pos, literals)
          : node.type === 'name'
            ? (symbols.get(node.name) ?? remember(symbols, node.name, symbol(node.name, text, node.pos, known)))
            : exit(node, values, text, known),
      );
    } catch (err) {
      if (err instanceof DomainError) throw new ParseError(err.message, text, errorPosition(node));
      throw err;
    }
  }
  return values[0]!;
}

/** Checks a node before its children are converted, and returns them in order. */
function enter(node: Syntax, text: string): readonly Syntax[] {
  switch (node.type) {
    case 'number':
    case 'name':
      return [];
    case 'unary':
      return [node.arg];
    case 'binary':
      if (node.op === './' || node.op === '.^') throw needsShape(`"${node.op}" (entry by entry)`, text, node.opPos);
      return [node.left, node.right];
    case 'nary':
      if (node.op === '.*') throw needsShape('".*" (entry by entry)', text, node.opPos[0]!);
      return node.operands;
    case 'transpose':
      throw needsShape("transpose (')", text, node.pos + node.len - 1);
    case 'call':
      checkCall(node, text);
      return node.args;
  }
}

/** Builds the node from its children's values (the last ones on `values`). */
function exit(node: Syntax, values: Expr[], text: string, known: ReadonlySet<string> | undefined): Expr {
  switch (node.type) {
    case 'number':
      return numberValue(node.text, text, node.pos);
    case 'name':
      return symbol(node.name, text, node.pos, known);
    case 'unary': {
      const a = values.pop()!;
      return node.op === '-' ? neg(a) : a;
    }
    case 'binary': {
      const b = values.pop()!;
      const a = values.pop()!;
      if (node.op === '/') {
        if (b.kind === 'num' && b.value.isZero) throw new ParseError('division by zero', text, node.opPos);
        return div(a, b);
      }
      return pow(a, b);
    }
    case 'nary': {
      const operands = values.splice(values.length - node.operands.length);
      if (node.op === '*') return product(operands);
      for (let i = 0; i < operands.length; i++) if (node.signs[i] === -1) operands[i] = neg(operands[i]!);
      return addAll(operands);
    }
    case 'call': {
      const arg = values.pop()!;
      const fn = functionName(node.name);
      return fn === 'sqrt' ? sqrt(arg) : call(fn!, arg);
    }
    case 'transpose':
      throw needsShape("transpose (')", text, node.pos + node.len - 1);
  }
}

/**
 * Products of up to this many written factors are built left to right, one factor at a
 * time, as the grammar groups them: `2*(x+1)*(y+1)` is (2*x + 2)*(y + 1), because `mul`
 * distributes a number over a single sum (a documented grouping dependence of the IR).
 * A longer product is built in one call (linear instead of quadratic); the value is the
 * same, and only that distribution of a leading number can differ.
 */
export const LEFT_FOLD_PRODUCT_LIMIT = 1000;

function product(factors: readonly Expr[]): Expr {
  if (factors.length > LEFT_FOLD_PRODUCT_LIMIT) return mulAll(factors);
  let acc = factors[0]!;
  for (let i = 1; i < factors.length; i++) acc = mul(acc, factors[i]!);
  return acc;
}

function errorPosition(node: Syntax): number {
  if (node.type === 'binary') return node.opPos;
  return node.pos;
}

function needsShape(what: string, text: string, position: number): ParseError {
  return new ParseError(`${what} needs a vector or matrix declared with --shape (or "shape" in a file); between scalars write * / ^`, text, position);
}

/** The built-in a call names, `sqrt`, or undefined. */
function functionName(name: string): FunctionName | 'sqrt' | undefined {
  if (name === 'sqrt') return 'sqrt';
  if (FUNCTION_SET.has(name)) return name as FunctionName;
  return Object.prototype.hasOwnProperty.call(FUNCTION_SYNONYMS, name) ? FUNCTION_SYNONYMS[name] : undefined;
}

function checkCall(node: CallSyntax, text: string): void {
  const { name, args, pos } = node;
  if (functionName(name)) {
    if (args.length !== 1) throw new ParseError(`${name} takes one argument, got ${args.length}`, text, pos);
    return;
  }
  if (NOT_DIFFERENTIABLE.has(name)) {
    const [a, b] = name === 'max' ? ['t >= x, t >= 0', 'minimize t'] : ['t <= x, t <= 0', 'maximize t'];
    throw new ParseError(
      `${name} is not differentiable where its arguments are equal, so it is not a function of this language; ` +
        `write a constraint instead (for ${name}(x, 0) in an objective: a new variable t with ${a}, and ${b}), ` +
        `or a smooth surrogate such as ${name === 'max' ? '(x + sqrt(x^2 + eps^2))/2 for max(x, 0), or log(exp(a) + exp(b)) for max(a, b)' : '(x - sqrt(x^2 + eps^2))/2 for min(x, 0), or -log(exp(-a) + exp(-b)) for min(a, b)'}`,
      text,
      pos,
    );
  }
  if (MATRIX_FUNCTIONS.has(name)) throw needsShape(`${name}(...)`, text, pos);
  const list = [...FUNCTION_NAMES.filter((f) => f !== 'sign'), 'sqrt', ...Object.keys(FUNCTION_SYNONYMS)].sort().join(', ');
  throw new ParseError(`unknown function "${name}" (known: ${list}); for a product write ${name}*(...)`, text, pos);
}

function remember(seen: Map<string, Expr>, key: string, value: Expr): Expr {
  seen.set(key, value);
  return value;
}

function literal(digits: string, text: string, pos: number, seen: Map<string, Expr>): Expr {
  let value = seen.get(digits);
  if (!value) {
    value = numberValue(digits, text, pos);
    seen.set(digits, value);
  }
  return value;
}

function numberValue(literal: string, text: string, pos: number): Expr {
  // The literal's own text gives the exact value: 0.1 is 1/10, long integers stay exact,
  // 1e400 is 10^400 and 1e-200000 is 10^-200000 (a double would read Infinity and 0).
  const exact = Rational.parseDecimal(literal);
  if (exact) return num(exact);
  throw new ParseError(`the exponent of ${literal.length > 40 ? 'this number' : literal} is too large: at most ${MAX_DECIMAL_EXPONENT} in size (1e${MAX_DECIMAL_EXPONENT})`, text, pos);
}

function symbol(name: string, text: string, pos: number, known: ReadonlySet<string> | undefined): Expr {
  if (name === 'pi') return PI;
  if (name === 'e') return E;
  if (functionName(name)) throw new ParseError(`"${name}" is a function; write ${name}(...)`, text, pos);
  if (known && !known.has(name)) {
    const list = [...known].sort().join(', ');
    throw new ParseError(`unknown name "${name}"${list ? ` (declared: ${list})` : ' (no names are declared)'}`, text, pos);
  }
  return sym(name);
}

// ---------------------------------------------------------------------------
// The flat fast path

/**
 * Character classes of the flat reader: what may appear in a flat sum at all. Any other
 * character (parentheses, `/`, commas, non-ASCII, ...) sends the text to the general path
 * before any work is done.
 */
const FLAT_OTHER = 0;
const FLAT_SPACE = 1;
const FLAT_LETTER = 2;
const FLAT_DIGIT = 3;
const FLAT_UNDERSCORE = 4;
const FLAT_DOT = 5;
const FLAT_PLUS = 6;
const FLAT_MINUS = 7;
const FLAT_TIMES = 8;
const FLAT_POWER = 9;
const FLAT_CLASS = (() => {
  const classes = new Uint8Array(128);
  for (const c of ' \t\n\r\v\f') classes[c.charCodeAt(0)] = FLAT_SPACE;
  for (let c = 65; c <= 90; c++) classes[c] = classes[c + 32] = FLAT_LETTER;
  for (let c = 48; c <= 57; c++) classes[c] = FLAT_DIGIT;
  classes[95] = FLAT_UNDERSCORE;
  classes[46] = FLAT_DOT;
  classes[43] = FLAT_PLUS;
  classes[45] = FLAT_MINUS;
  classes[42] = FLAT_TIMES;
  classes[94] = FLAT_POWER;
  return classes;
})();

/**
 * The general path for the commonest long input, a flat polynomial-like sum: terms joined
 * by binary `+` and `-`, each a product of factors joined by `*`, each factor a name or an
 * unsigned decimal (`12`, `0.5`), or one power of two of those (`x^2`, `2^k`, `x^-1`),
 * with prefix signs (`-x*y`, `x*-2`, `-x^2` which is -(x^2)). It reads
 * the text once and builds the IR as it goes, with the converter's own steps in the
 * converter's order (`symbol`, `literal`, `pow`, `product`, `neg`, `addAll`), so the
 * result is the node the general path makes; what it saves is the syntax tree (several
 * objects per token, which the garbage collector copies while the tree is alive).
 * Anything else — parentheses, `/`, implicit products, `e` notation, `x^2^3`, a
 * function name, a name not in `knownNames`, 0^-1, a syntax error — returns
 * undefined, and the general path parses the text and reports any error exactly as
 * always. test/expr/parse-flat.test.ts compares both paths on random inputs.
 */
export function readFlatSum(text: string, options: ParseOptions = {}): Expr | undefined {
  try {
    return readFlat(text, options);
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
}

/** Most prefix signs on one factor that the flat reader takes (`--x`); more go to the general path. */
const MAX_FLAT_SIGNS = 4;

function readFlat(text: string, options: ParseOptions): Expr | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || FLAT_CLASS[c] === FLAT_OTHER) return undefined;
  }
  const known = options.knownNames ? new Set(options.knownNames) : undefined;
  const literals = new Map<string, Expr>();
  const symbols = new Map<string, Expr>();
  const byHash = new Map<number, { readonly name: string; readonly value: Expr }>();
  let i = 0;
  const skipSpace = (): void => {
    while (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_SPACE) i++;
  };
  /** Reads a name or a number at i; undefined when there is neither, or it is not flat. */
  const atom = (): Expr | undefined => {
    const start = i;
    const cls = i < n ? FLAT_CLASS[text.charCodeAt(i)] : FLAT_OTHER;
    if (cls === FLAT_LETTER) {
      let h = 0x811c9dc5; // FNV-1a of the name, to find it again without slicing it out of the text
      for (;;) {
        const c = i < n ? text.charCodeAt(i) : 0;
        const k = c < 128 ? FLAT_CLASS[c] : FLAT_OTHER;
        if (k !== FLAT_LETTER && k !== FLAT_DIGIT && k !== FLAT_UNDERSCORE) break;
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      }
      if (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_DOT) return undefined;
      const hit = byHash.get(h);
      if (hit !== undefined && hit.name.length === i - start && text.startsWith(hit.name, start)) return hit.value;
      const name = text.slice(start, i);
      let value = symbols.get(name);
      if (!value) {
        if (name !== 'pi' && name !== 'e' && (functionName(name) || (known && !known.has(name)))) return undefined;
        value = symbol(name, text, start + 1, known);
        symbols.set(name, value);
      }
      if (hit === undefined) byHash.set(h, { name, value }); // on a collision the later name goes through `symbols`
      return value;
    }
    if (cls !== FLAT_DIGIT) return undefined;
    while (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_DIGIT) i++;
    if (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_DOT) {
      i++;
      const fraction = i;
      while (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_DIGIT) i++;
      if (i === fraction) return undefined;
    }
    const next = i < n ? FLAT_CLASS[text.charCodeAt(i)] : FLAT_OTHER;
    if (next === FLAT_LETTER || next === FLAT_UNDERSCORE || next === FLAT_DOT) return undefined;
    const digits = text.slice(start, i);
    return literals.get(digits) ?? remember(literals, digits, num(Rational.parseDecimal(digits)!));
  };
  /** Reads prefix signs (`-`, `+`, at most MAX_FLAT_SIGNS); the number of minus signs, or -1. */
  const signs = (): number => {
    let minus = 0;
    for (let count = 0; ; count++) {
      const c = i < n ? FLAT_CLASS[text.charCodeAt(i)] : FLAT_OTHER;
      if (c !== FLAT_PLUS && c !== FLAT_MINUS) return minus;
      if (count === MAX_FLAT_SIGNS) return -1;
      if (c === FLAT_MINUS) minus++;
      i++;
      skipSpace();
    }
  };
  /** A unary minus per sign, innermost first, as the converter applies them. */
  const negated = (e: Expr, minus: number): Expr => {
    for (let k = 0; k < minus; k++) e = neg(e);
    return e;
  };
  const terms: Expr[] = [];
  const negative: number[] = [];
  skipSpace();
  for (;;) {
    const factors: Expr[] = [];
    for (;;) {
      // A factor: signs, then an atom or a power of two (signed exponent); ^ binds tighter than a sign.
      const minus = signs();
      if (minus < 0) return undefined;
      let f = atom();
      if (!f) return undefined;
      skipSpace();
      if (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_POWER) {
        i++;
        skipSpace();
        const exponentMinus = signs();
        if (exponentMinus < 0) return undefined;
        let exponent = atom();
        if (!exponent) return undefined;
        exponent = negated(exponent, exponentMinus);
        skipSpace();
        if (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_POWER) return undefined;
        f = pow(f, exponent); // may throw DomainError (0^-1): caught below, the general path reports it
      }
      factors.push(negated(f, minus));
      if (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_TIMES) {
        i++;
        if (i < n && FLAT_CLASS[text.charCodeAt(i)] === FLAT_TIMES) return undefined; // ** (refused, with a hint, by the general path)
        skipSpace();
        continue;
      }
      break;
    }
    terms.push(product(factors));
    if (i >= n) break;
    const op = FLAT_CLASS[text.charCodeAt(i)];
    if (op !== FLAT_PLUS && op !== FLAT_MINUS) return undefined;
    if (op === FLAT_MINUS) negative.push(terms.length);
    i++;
    skipSpace();
  }
  if (terms.length === 1) return terms[0];
  for (const k of negative) terms[k] = neg(terms[k]!);
  return addAll(terms);
}
