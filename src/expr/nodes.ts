/**
 * The expression IR: a closed union of immutable, interned (hash-consed) nodes.
 *
 * Invariants every other room relies on:
 * - Nodes are built only through the smart constructors below, which canonicalise
 *   (flatten, order, fold constants, collect like terms) and then look the node up in
 *   one interning table, so `a === b` is structural equality.
 * - Sums and products keep their children ordered by `compareNodes`, a total order that
 *   does not depend on construction order.
 * - Numbers are exact rationals; floats never enter the IR.
 * - Division is a product with a negative power; subtraction is a sum with a -1
 *   coefficient; sqrt(x) is x^(1/2); e is exp(1).
 */
import { Rational } from './rational.js';
import { FUNCTION_NAMES, DomainError, children, type Add, type Call, type Const, type Expr, type FunctionName, type Mul, type Num, type Pow, type Sym } from './node-types.js';
import { compareNodes, sortCanonical } from './order.js';
import { isPlainFactor, plainFactors } from './plain-factors.js';
import { extractPower, floorDiv, foldTooBig } from './radicals.js';
import { hashChildren, hashCombine, hashString, intern, sameChildren, shallowKey } from './intern.js';

export { FUNCTION_NAMES, DomainError, children, type Add, type Call, type Const, type ConstantName, type Expr, type ExprKind, type FunctionName, type Mul, type Num, type Pow, type Sym } from './node-types.js';
export { compareNodes } from './order.js';
export { extractPower } from './radicals.js';

export { constructionCount, internedCount, liveNodeCount } from './intern.js';

let operandsVisited = 0;
/**
 * Operands that `addAll` and `mulAll` have looked at so far (each flattened child counts):
 * deterministic, a work measure for what builds sums and products. Flattening makes one
 * construction cost as much as the operands it copies, which `constructionCount` misses.
 */
export function canonicalOperandCount(): number {
  return operandsVisited;
}

// ---------------------------------------------------------------------------
// Leaves

/** An exact number. Accepts a Rational, a bigint, or a JS number (converted exactly from its shortest decimal text). */
export function num(value: Rational | bigint | number): Num {
  const r = value instanceof Rational ? value : typeof value === 'bigint' ? Rational.of(value) : Rational.fromNumber(value);
  const h = hashString(`n:${r}`);
  return intern(h, (n) => n.kind === 'num' && n.value.equals(r), (id) => ({ kind: 'num', id, hash: h, value: r }));
}

/** A symbol (variable or parameter). The name is stored as data and never reaches generated code. */
export function sym(name: string): Sym {
  const h = hashString(`s:${name}`);
  return intern(h, (n) => n.kind === 'sym' && n.name === name, (id) => ({ kind: 'sym', id, hash: h, name }));
}

/** pi. */
export const PI: Const = intern(hashString('c:pi'), (n) => n.kind === 'const', (id) => ({ kind: 'const', id, hash: hashString('c:pi'), name: 'pi' }));
/** 0 */
export const ZERO = num(0n);
/** 1 */
export const ONE = num(1n);
/** -1 */
export const MINUS_ONE = num(-1n);
const HALF = num(Rational.of(1n, 2n));

// ---------------------------------------------------------------------------
// Sums

/** Splits a term into its numeric coefficient and the rest (`3*x*y` → 3, `x*y`). */
export function splitCoefficient(e: Expr): [Rational, Expr] {
  if (e.kind === 'num') return [e.value, ONE];
  if (e.kind === 'mul' && e.factors[0]!.kind === 'num') {
    const rest = e.factors.slice(1);
    return [e.factors[0].value, rest.length === 1 ? rest[0]! : mulNode(rest)];
  }
  return [Rational.ONE, e];
}

/** Canonical sum: flattened, like terms collected, constants folded, ordered. */
export function add(...xs: Expr[]): Expr {
  return addAll(xs);
}

/**
 * `add` over an array, for sums of any length (a call with 10^6 spread arguments
 * overflows the stack). Linear in the terms plus one O(n log n) sort.
 */
export function addAll(xs: readonly Expr[]): Expr {
  // Coefficient of each term without its number, in first-seen order. Terms without a
  // number (most terms of a long sum) are counted as a plain integer: no Rational (two
  // bigints) per repeated term.
  const coeffs = new Map<Expr, Rational | number>();
  let constant = Rational.ZERO;
  const collect = (x: Expr): void => {
    if (x.kind === 'num') {
      constant = constant.add(x.value);
      return;
    }
    if (x.kind === 'mul' && x.factors[0]!.kind === 'num') {
      const [c, rest] = splitCoefficient(x);
      const prev = coeffs.get(rest);
      coeffs.set(rest, prev === undefined ? c : (typeof prev === 'number' ? Rational.of(prev) : prev).add(c));
      return;
    }
    const prev = coeffs.get(x);
    coeffs.set(x, prev === undefined ? 1 : typeof prev === 'number' ? prev + 1 : prev.add(Rational.ONE));
  };
  for (const x of xs) {
    operandsVisited++;
    if (x.kind !== 'add') collect(x);
    else {
      operandsVisited += x.terms.length; // a sum's terms are not sums (flattened when it was built)
      for (const t of x.terms) collect(t);
    }
  }
  const terms: Expr[] = [];
  let counts: Map<number, Rational> | undefined; // each count as a Rational, made once
  for (const [rest, c] of coeffs) {
    if (c === 1) terms.push(rest);
    else if (typeof c === 'number') {
      counts ??= new Map();
      let k = counts.get(c);
      if (!k) counts.set(c, (k = Rational.of(c)));
      terms.push(withCoefficient(num(k), rest));
    } else if (c.isOne) terms.push(rest);
    else if (!c.isZero) terms.push(withCoefficient(num(c), rest));
  }
  if (!constant.isZero) terms.push(num(constant));
  if (terms.length === 0) return ZERO;
  if (terms.length === 1) return terms[0]!;
  sortCanonical(terms);
  return addNode(terms);
}

function withCoefficient(c: Num, rest: Expr): Expr {
  if (rest.kind === 'mul') return mulNode([c, ...rest.factors]);
  if (rest.kind === 'add') return mulAll([c, rest]);
  return mulNode([c, rest]);
}

function addNode(terms: Expr[]): Add {
  return intern(
    shallowKey(0xadd, terms),
    (n) => n.kind === 'add' && sameChildren(n.terms, terms),
    (id) => ({ kind: 'add', id, hash: hashChildren(0xadd, terms), terms: Object.freeze(terms) }),
  );
}

// ---------------------------------------------------------------------------
// Products

/**
 * Canonical product: flattened, numeric coefficient folded to the front, equal bases
 * merged by adding exponents (`x*x` → `x^2`, `x/x` → 1), numeric radicals with one
 * exponent merged (`sqrt(2)*sqrt(3)` → `sqrt(6)`), ordered. A number times a single sum
 * is distributed (`2*(x+1)` → `2*x + 2`), so that `a - a` cancels for sums too.
 *
 * Known limit of that rule: it makes the result depend on grouping when a number meets
 * several sums. `mul(2, x+1, y+1)` keeps the 2 as a coefficient, while
 * `mul(mul(2, x+1), y+1)` is `(2*x + 2)*(y + 1)`: equal values, different nodes. The
 * text printer writes the first as `2*((x + 1)*(y + 1))` so that it still parses back
 * to itself; `expand` brings both to the same sum.
 */
export function mul(...xs: Expr[]): Expr {
  return mulAll(xs);
}

/** `mul` over an array, for products of any length (see `addAll`). */
export function mulAll(xs: readonly Expr[]): Expr {
  if (xs.length === 2) {
    // The commonest product, x*y: its child array is made at its size (a pushed one holds 17 slots).
    const a = xs[0]!;
    const b = xs[1]!;
    if (a !== b && isPlainFactor(a) && isPlainFactor(b)) {
      operandsVisited += 2;
      return mulNode(compareNodes(a, b) <= 0 ? [a, b] : [b, a]);
    }
  }
  const plain = plainFactors(xs);
  if (plain) {
    operandsVisited += plain.visited;
    if (plain.factors.length === 1) return plain.factors[0]!;
    sortCanonical(plain.factors);
    return mulNode(plain.factors);
  }
  let coeff = Rational.ONE;
  const exponents = new Map<Expr, Expr[]>();
  const visit = (x: Expr): void => {
    operandsVisited++;
    if (x.kind === 'mul') {
      for (const f of x.factors) visit(f);
    } else if (x.kind === 'num') {
      coeff = coeff.mul(x.value);
    } else {
      const [base, exp] = x.kind === 'pow' ? [x.base, x.exp] : [x, ONE];
      const list = exponents.get(base);
      if (list) list.push(exp);
      else exponents.set(base, [exp]);
    }
  };
  for (const x of xs) visit(x);
  if (coeff.isZero) return ZERO;

  const factors: Expr[] = [];
  let needsRebuild = false;
  // Bases that a merged power rewrote (exp(-1)^2 is exp(-2)): one may meet another
  // factor's base, and is then merged with it, so that grouping does not change the result.
  let rewritten: Set<Expr> | undefined;
  for (const [base, exps] of exponents) {
    const p = pow(base, exps.length === 1 ? exps[0]! : addAll(exps));
    if (p.kind === 'num') coeff = coeff.mul(p.value);
    else {
      if (p.kind === 'mul') needsRebuild = true;
      const b = p.kind === 'pow' ? p.base : p;
      if (b !== base) {
        if (exponents.has(b) || rewritten?.has(b)) needsRebuild = true;
        (rewritten ??= new Set()).add(b);
      }
      factors.push(p);
    }
  }
  if (coeff.isZero) return ZERO;
  if (needsRebuild) return mulAll([num(coeff), ...factors]);
  const merged = mergeRadicals(factors);
  if (merged) return mulAll([num(coeff), ...merged]);
  if (factors.length === 0) return num(coeff);
  if (coeff.isOne && factors.length === 1) return factors[0]!;
  if (factors.length === 1 && factors[0]!.kind === 'add') {
    return addAll(factors[0].terms.map((t) => mul(num(coeff), t)));
  }
  sortCanonical(factors);
  return mulNode(coeff.isOne ? factors : [num(coeff), ...factors]);
}

/**
 * Numeric radicals with the same exponent multiply into one (`sqrt(2)*sqrt(3)` →
 * `sqrt(6)`, `sqrt(2)*sqrt(6)` → `2*sqrt(3)`), so that a product holds at most one
 * radical of a positive integer per exponent. Only positive integer bases: the identity
 * a^r b^r = (ab)^r fails for negative reals. Returns undefined when nothing merges.
 */
function mergeRadicals(factors: readonly Expr[]): Expr[] | undefined {
  let groups: Map<Expr, Rational[]> | undefined;
  let mergeable = false;
  for (const f of factors) {
    if (f.kind !== 'pow' || f.base.kind !== 'num' || f.exp.kind !== 'num' || f.base.value.sign <= 0) continue;
    groups ??= new Map();
    const list = groups.get(f.exp);
    if (list) {
      list.push(f.base.value);
      mergeable = true;
    } else groups.set(f.exp, [f.base.value]);
  }
  if (!groups || !mergeable) return undefined;
  const out: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'pow' && f.base.kind === 'num' && f.exp.kind === 'num' && f.base.value.sign > 0) continue;
    out.push(f);
  }
  for (const [e, bases] of groups) {
    const product = bases.reduce((a, b) => a.mul(b), Rational.ONE);
    out.push(powNumber(product, (e as Num).value));
  }
  return out;
}

function mulNode(factors: Expr[]): Mul {
  return intern(
    shallowKey(0x3a1, factors),
    (n) => n.kind === 'mul' && sameChildren(n.factors, factors),
    (id) => ({ kind: 'mul', id, hash: hashChildren(0x3a1, factors), factors: Object.freeze(factors) }),
  );
}

// ---------------------------------------------------------------------------
// Powers

/**
 * Canonical power. Folds exact numeric powers and roots (`8^(1/3)` → 2), keeps the
 * exponent of a numeric base in (0, 1) (`2^(3/2)` → `2*sqrt(2)`), and applies only the
 * rewrites that hold for every real base: `(x^a)^n` → `x^(a*n)` for integer n,
 * `(x*y)^n` → `x^n*y^n` for integer n, `exp(a)^b` → `exp(a*b)`.
 * Throws DomainError for 0 raised to a negative power.
 */
export function pow(base: Expr, exp: Expr): Expr {
  if (exp.kind === 'num') {
    const e = exp.value;
    if (e.isZero) return ONE;
    if (e.isOne) return base;
    if (base.kind === 'num') return powNumber(base.value, e);
    if (e.isInteger) {
      if (base.kind === 'pow') return pow(base.base, mul(base.exp, exp));
      if (base.kind === 'mul') return mulAll(base.factors.map((f) => pow(f, exp)));
    } else if (base.kind === 'pow' && base.exp === MINUS_ONE) {
      return pow(base.base, num(e.neg()));
    }
  }
  if (base.kind === 'num') {
    if (base.value.isOne) return ONE;
  }
  if (base.kind === 'call' && base.fn === 'exp') return call('exp', mul(base.arg, exp));
  return powNode(base, exp);
}

function powNumber(b: Rational, e: Rational): Expr {
  if (e.isInteger) {
    if (b.isZero && e.isNegative) throw new DomainError('division by zero');
    if (foldTooBig(b, e.num)) return powNode(num(b), num(e));
    return num(b.powInt(e.num));
  }
  if (b.isZero) {
    if (e.isNegative) throw new DomainError('division by zero');
    return ZERO;
  }
  if (b.isOne) return ONE;
  // Split e = k + f with f in (0, 1): b^e = b^k * b^f.
  const k = floorDiv(e.num, e.den);
  if (k !== 0n) {
    if (foldTooBig(b, k)) return powNode(num(b), num(e));
    return mul(num(b.powInt(k)), powNumber(b, e.sub(Rational.of(k))));
  }
  const root = b.root(e.den);
  if (root !== undefined) return num(root.powInt(e.num));
  if (b.isNegative) return powNode(num(b), num(e)); // not real; kept as written
  if (!b.isInteger) {
    // (p/q)^f = p^f * q^(-f): keeps radicals in the numerator-denominator form a reader expects.
    return mul(powNumber(Rational.of(b.num), e), powNumber(Rational.of(b.den), e.neg()));
  }
  // b^(p/q) with b = c^q * d: c^p * d^(p/q) (`sqrt(8)` → `2*sqrt(2)`, `24^(2/3)` → `4*3^(2/3)`).
  const [c, d] = extractPower(b.num, e.den);
  if (c !== 1n) return mul(num(c ** e.num), powNumber(Rational.of(d), e));
  return powNode(num(b), num(e));
}

function powNode(base: Expr, exp: Expr): Pow {
  return intern(
    shallowKey(0x5e, [base, exp]),
    (n) => n.kind === 'pow' && n.base === base && n.exp === exp,
    (id) => ({ kind: 'pow', id, hash: hashCombine(0x5e, [base.hash, exp.hash]), base, exp }),
  );
}

// ---------------------------------------------------------------------------
// Calls

/** Functions with f(0) = 0. */
const ODD_AT_ZERO = new Set<FunctionName>(['sin', 'tan', 'sinh', 'tanh', 'abs', 'sign', 'asin', 'atan', 'asinh', 'atanh', 'erf']);

/**
 * A built-in function applied to an argument, with exact values folded (`sin(0)` → 0,
 * `log(e)` → 1, `asin(1/2)` → pi/6). Throws DomainError where the function has no
 * finite real value at an exact argument: log(0), tan(pi/2) (any odd multiple of pi/2),
 * asin(2), acos(-3), acosh(1/2), atanh(1). log of a negative number stays a node (the
 * derivative of (-1)^x builds log(-1); its value is NaN where it is evaluated).
 */
export function call(fn: FunctionName, arg: Expr): Expr {
  if (arg.kind === 'num') {
    const folded = foldAtNumber(fn, arg.value);
    if (folded) return folded;
  }
  if (fn === 'tan' && isOddMultipleOfHalfPi(arg)) throw new DomainError(`tan is not finite at odd multiples of pi/2 (here tan(${describePiMultiple(arg)}))`);
  if (fn === 'log' && arg === E) return ONE;
  if (fn === 'abs' && arg.kind === 'const') return arg;
  if (fn === 'sign' && arg.kind === 'const') return ONE;
  const seed = hashString(fn);
  return intern(
    shallowKey(seed, [arg]),
    (n) => n.kind === 'call' && n.fn === fn && n.arg === arg,
    (id) => ({ kind: 'call', id, hash: hashCombine(seed, [arg.hash]), fn, arg }),
  );
}

/** The exact value of fn at a rational, when it is a simple closed form; throws DomainError off the real domain. */
function foldAtNumber(fn: FunctionName, v: Rational): Expr | undefined {
  if (v.isZero) {
    if (fn === 'exp' || fn === 'cos' || fn === 'cosh') return ONE;
    if (ODD_AT_ZERO.has(fn)) return ZERO;
    if (fn === 'acos') return mul(HALF, PI);
  }
  const magnitude = v.abs();
  switch (fn) {
    case 'abs':
      return num(magnitude);
    case 'sign':
      return num(v.sign);
    case 'log':
      if (v.isZero) throw new DomainError('log(0) is not finite');
      return v.isOne ? ZERO : undefined;
    case 'asin':
    case 'acos': {
      if (magnitude.compare(Rational.ONE) > 0) throw new DomainError(`${fn}(${v}) has no real value (${fn} needs an argument in [-1, 1])`);
      // asin at 1/2 and 1 are pi/6 and pi/2; acos(v) = pi/2 - asin(v).
      const unit = magnitude.isOne ? Rational.of(1n, 2n) : magnitude.equals(Rational.of(1n, 2n)) ? Rational.of(1n, 6n) : undefined;
      if (!unit) return undefined;
      const asin = v.isNegative ? unit.neg() : unit;
      return mul(num(fn === 'asin' ? asin : Rational.of(1n, 2n).sub(asin)), PI);
    }
    case 'atan':
      return magnitude.isOne ? mul(num(Rational.of(v.sign, 4)), PI) : undefined;
    case 'acosh':
      if (v.compare(Rational.ONE) < 0) throw new DomainError(`acosh(${v}) has no real value (acosh needs an argument >= 1)`);
      return v.isOne ? ZERO : undefined;
    case 'atanh':
      if (magnitude.isOne) throw new DomainError(`atanh(${v}) is not finite`);
      if (magnitude.compare(Rational.ONE) > 0) throw new DomainError(`atanh(${v}) has no real value (atanh needs an argument in (-1, 1))`);
      return undefined;
    default:
      return undefined;
  }
}

/** Is e = (k + 1/2)·pi for an integer k (where tan has a pole)? */
function isOddMultipleOfHalfPi(e: Expr): boolean {
  if (e === PI || e.kind !== 'mul' || e.factors.length !== 2 || e.factors[1] !== PI) return false;
  const c = e.factors[0]!;
  return c.kind === 'num' && c.value.den === 2n;
}

function describePiMultiple(e: Expr): string {
  const c = (e as Mul).factors[0] as Num;
  return `${c.value.num === 1n ? '' : c.value.num === -1n ? '-' : `${c.value.num}*`}pi/2`;
}

/** Euler's number, represented as exp(1). */
export const E: Expr = call('exp', ONE);

// ---------------------------------------------------------------------------
// Conveniences

/** -a */
export const neg = (a: Expr): Expr => mul(MINUS_ONE, a);
/** a - b */
export const sub = (a: Expr, b: Expr): Expr => add(a, mul(MINUS_ONE, b));
/** a / b (throws DomainError when b is exactly 0) */
export const div = (a: Expr, b: Expr): Expr => mul(a, pow(b, MINUS_ONE));
/** sqrt(a) = a^(1/2) */
export const sqrt = (a: Expr): Expr => pow(a, HALF);
/** exp(a) */
export const exp = (a: Expr): Expr => call('exp', a);
/** log(a), the natural logarithm */
export const log = (a: Expr): Expr => call('log', a);
/** sin(a) */
export const sin = (a: Expr): Expr => call('sin', a);
/** cos(a) */
export const cos = (a: Expr): Expr => call('cos', a);

// ---------------------------------------------------------------------------
// Generic structure


/**
 * Rebuilds a node of the same kind from new children through the smart constructors.
 * `rebuild(e, children(e)) === e` for every node (tested for every kind).
 */
export function rebuild(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.kind) {
    case 'num':
    case 'sym':
    case 'const':
      return e;
    case 'add':
      return addAll(kids);
    case 'mul':
      return mulAll(kids);
    case 'pow':
      return pow(kids[0]!, kids[1]!);
    case 'call':
      return call(e.fn, kids[0]!);
  }
}

/** Type guard: is the node the number r? */
export function isNumber(e: Expr, r?: Rational | number): e is Num {
  if (e.kind !== 'num') return false;
  if (r === undefined) return true;
  return e.value.equals(r instanceof Rational ? r : Rational.fromNumber(r));
}

/** Converts a JS value to a node: numbers exactly, strings as symbols. */
export function lift(x: Expr | number | string): Expr {
  if (typeof x === 'number') return num(x);
  if (typeof x === 'string') return sym(x);
  return x;
}
