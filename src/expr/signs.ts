/**
 * Sign inference on sets of possible signs: the rules for sums, products, powers and
 * functions, given the signs of the symbols (and of any subexpression an assumption
 * states). Constant subexpressions (no symbols) are decided by evaluating them in double
 * precision when the value is clearly away from zero. Assumptions (assume.ts) supply the
 * signs and memoise.
 */
import { FUNCTIONS } from './functions.js';
import type { Expr, Pow } from './nodes.js';
import type { Rational } from './rational.js';
import { freeSymbols, memoizedBottomUp } from './traverse.js';

/** A set of possible signs, as bits: SIGN_NEG | ZERO | SIGN_POS. */
export type SignSet = number;
/** The value may be negative. */
export const SIGN_NEG = 1;
/** The value may be zero. */
export const SIGN_ZERO = 2;
/** The value may be positive. */
export const SIGN_POS = 4;
/** Nothing known: any real. */
export const SIGN_ANY = SIGN_NEG | SIGN_ZERO | SIGN_POS;

/** Where inference reads the signs of symbols and of subexpressions (the Assumptions). */
export interface SignSource {
  /** The possible signs of a subexpression. */
  sign(e: Expr): SignSet;
  /** The possible signs of a symbol. */
  signOfSymbol(name: string): SignSet;
}

export function signOfRational(r: Rational): SignSet {
  return r.sign > 0 ? SIGN_POS : r.sign < 0 ? SIGN_NEG : SIGN_ZERO;
}

const SINGLE_SIGNS = [SIGN_NEG, SIGN_ZERO, SIGN_POS] as const;

/** The union of `pair(x, y)` over every single sign x in a and y in b: an operation lifted to sets of signs. */
function combineSigns(a: SignSet, b: SignSet, pair: (x: SignSet, y: SignSet) => SignSet): SignSet {
  let out = 0;
  for (const x of SINGLE_SIGNS) {
    if (!(a & x)) continue;
    for (const y of SINGLE_SIGNS) if (b & y) out |= pair(x, y);
  }
  return out;
}

/** Possible signs of a + b given the possible signs of each. */
function addSigns(a: SignSet, b: SignSet): SignSet {
  return combineSigns(a, b, (x, y) => (x === SIGN_ZERO ? y : y === SIGN_ZERO || x === y ? x : SIGN_ANY));
}

/** Possible signs of a * b. */
function mulSigns(a: SignSet, b: SignSet): SignSet {
  return combineSigns(a, b, (x, y) => (x === SIGN_ZERO || y === SIGN_ZERO ? SIGN_ZERO : x === y ? SIGN_POS : SIGN_NEG));
}

export function inferSign(e: Expr, a: SignSource): SignSet {
  switch (e.kind) {
    case 'num':
      return signOfRational(e.value);
    case 'const':
      return SIGN_POS;
    case 'sym':
      return a.signOfSymbol(e.name);
    case 'add': {
      const s = e.terms.reduce((acc, t) => addSigns(acc, a.sign(t)), SIGN_ZERO);
      return s === SIGN_ANY ? constantSign(e) ?? s : s;
    }
    case 'mul':
      return e.factors.reduce((acc, f) => mulSigns(acc, a.sign(f)), SIGN_POS);
    case 'pow':
      return powSign(e, a);
    case 'call':
      return callSign(e.fn, e.arg, e, a);
  }
}

function powSign(e: Pow, a: SignSource): SignSet {
  const { base, exp } = e;
  const b = a.sign(base);
  if (exp.kind === 'num') {
    const r = exp.value;
    if (r.isInteger) {
      const nonzero = r.isNegative ? b & ~SIGN_ZERO : b; // where defined, a negative power has a nonzero base
      if (r.num % 2n === 0n) return nonzero & SIGN_ZERO ? SIGN_POS | SIGN_ZERO : SIGN_POS;
      return nonzero || SIGN_POS;
    }
    // A non-integer rational power of a number >= 0 (the real branch the compiled code computes).
    if ((b & SIGN_NEG) === 0) return r.isNegative || (b & SIGN_ZERO) === 0 ? SIGN_POS : SIGN_POS | SIGN_ZERO;
    if (r.den % 2n === 0n) return r.isNegative ? SIGN_POS : SIGN_POS | SIGN_ZERO; // even root: defined only for base >= 0
    // Odd root: x^(2/3) = (x^2)^(1/3) >= 0 under the real odd root and undefined in Math.pow;
    // x^(1/3) has the sign of x under the first reading, so nothing is known.
    if (r.num % 2n === 0n) return r.isNegative || (b & SIGN_ZERO) === 0 ? SIGN_POS : SIGN_POS | SIGN_ZERO;
    return SIGN_ANY;
  }
  if (b === SIGN_POS) return SIGN_POS; // b^y > 0 for b > 0 and any real y
  return constantSign(e) ?? SIGN_ANY;
}

function callSign(fn: string, arg: Expr, self: Expr, a: SignSource): SignSet {
  const s = a.sign(arg);
  switch (fn) {
    case 'exp':
    case 'cosh':
      return SIGN_POS;
    case 'abs':
      return s & SIGN_ZERO ? SIGN_POS | SIGN_ZERO : SIGN_POS;
    case 'sign':
    case 'sinh':
    case 'tanh':
      return s; // odd, increasing, zero only at zero
    default:
      return constantSign(self) ?? SIGN_ANY;
  }
}

/**
 * The sign of an expression without symbols, from its value in double precision, when
 * that value is clearly away from zero and every number in it is small enough for a
 * double to hold it nearly exactly. Undefined otherwise.
 */
function constantSign(e: Expr): SignSet | undefined {
  if (freeSymbols(e).size > 0) return undefined;
  const v = evaluateConstant(e);
  if (v === undefined || !Number.isFinite(v) || Math.abs(v) < 1e-9) return undefined;
  return v > 0 ? SIGN_POS : SIGN_NEG;
}

const LIMIT = 2 ** 50;

function evaluateConstant(e: Expr): number | undefined {
  const v = constantValueOf(e);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * The double value of a symbol-free node, NaN where `constantValue` has none: memoised
 * bottom-up, so a deep constant does not recurse and the sign of every level of one
 * (each level asks) costs one walk in all, not one per level.
 */
const constantValueOf: (e: Expr) => number = memoizedBottomUp((n) => {
  const v = constantValue(n, (child) => {
    const c = constantValueOf(child);
    return Number.isNaN(c) ? undefined : c;
  });
  return v === undefined ? NaN : v;
});

/** The value of one node from its children's values (`of`), as `evaluateConstant` defines it. */
function constantValue(e: Expr, of: (child: Expr) => number | undefined): number | undefined {
  switch (e.kind) {
    case 'num': {
      const r = e.value;
      const big = r.num > BigInt(LIMIT) || r.num < -BigInt(LIMIT) || r.den > BigInt(LIMIT);
      return big ? undefined : r.toNumber();
    }
    case 'const':
      return Math.PI;
    case 'sym':
      return undefined;
    case 'add': {
      let s = 0;
      for (const t of e.terms) {
        const v = of(t);
        if (v === undefined) return undefined;
        s += v;
      }
      return s;
    }
    case 'mul': {
      let p = 1;
      for (const f of e.factors) {
        const v = of(f);
        if (v === undefined) return undefined;
        p *= v;
      }
      return p;
    }
    case 'pow': {
      const b = of(e.base);
      const x = of(e.exp);
      return b === undefined || x === undefined ? undefined : Math.pow(b, x);
    }
    case 'call': {
      const v = of(e.arg);
      // Periodic functions of large arguments lose their argument reduction in doubles.
      if (v === undefined || ((e.fn === 'sin' || e.fn === 'cos' || e.fn === 'tan') && Math.abs(v) > 1e6)) return undefined;
      return FUNCTIONS[e.fn].evaluate(v);
    }
  }
}
