/**
 * Assumptions about the signs of symbols (`sigma > 0`, `x >= 0`, `n != 0`) and sign
 * inference for expressions built from them. Every other symbol is a real number of
 * unknown sign.
 *
 * Sign inference is sound but incomplete: `isPositive(e)` true means e > 0 at every
 * point of the assumptions where e is defined (x^-2 is positive although undefined at
 * 0); false means "not proven". Constant subexpressions (no symbols) are decided by
 * evaluating them in double precision when the value is clearly away from zero.
 */
import { FUNCTIONS } from './functions.js';
import { ParseError, NAME_PATTERN } from './parse.js';
import { FUNCTION_NAMES, type Expr, type Pow } from './nodes.js';
import { Rational } from './rational.js';
import { freeSymbols } from './traverse.js';

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

/** A fact about one symbol. */
export type SignFact = 'positive' | 'nonnegative' | 'negative' | 'nonpositive' | 'nonzero';

const FACT_SIGNS: Record<SignFact, SignSet> = {
  positive: SIGN_POS,
  nonnegative: SIGN_POS | SIGN_ZERO,
  negative: SIGN_NEG,
  nonpositive: SIGN_NEG | SIGN_ZERO,
  nonzero: SIGN_NEG | SIGN_POS,
};

/** Per-symbol sign facts. Immutable: `with` returns a new set of assumptions. */
export class Assumptions {
  private readonly signs: ReadonlyMap<string, SignSet>;
  /** Memo of inferred signs, valid for this immutable set of facts. */
  private readonly memo = new WeakMap<Expr, SignSet>();

  constructor(facts: Iterable<readonly [string, SignFact]> = []) {
    const signs = new Map<string, SignSet>();
    for (const [name, fact] of facts) {
      const s = (signs.get(name) ?? SIGN_ANY) & FACT_SIGNS[fact];
      if (s === 0) throw new RangeError(`contradictory assumptions about ${name}`);
      signs.set(name, s);
    }
    this.signs = signs;
  }

  /** No facts. */
  static readonly NONE = new Assumptions();

  /**
   * Reads assumptions as written in problem files: `a > 0`, `0 < a`, `x >= 0`, `n != 0`,
   * `b < 0`, `b <= 0`; also `a > 2` or `a >= 1` (recorded as the sign they imply).
   * The unicode forms `≥ ≤ ≠` are accepted. Anything else is a ParseError naming the
   * text and position.
   */
  static parse(texts: string | readonly string[], options: { knownNames?: Iterable<string> } = {}): Assumptions {
    const known = options.knownNames ? new Set(options.knownNames) : undefined;
    const facts: [string, SignFact][] = [];
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      const fact = parseAssumption(text, known);
      const combined = [...facts, fact];
      try {
        new Assumptions(combined);
      } catch {
        throw new ParseError(`assumption contradicts an earlier one about "${fact[0]}"`, text, 1);
      }
      facts.push(fact);
    }
    return new Assumptions(facts);
  }

  /** These assumptions plus one fact. */
  with(name: string, fact: SignFact): Assumptions {
    return new Assumptions([...this.facts(), [name, fact]]);
  }

  /** The facts as (name, fact) pairs, the strongest fact per symbol. */
  facts(): [string, SignFact][] {
    const out: [string, SignFact][] = [];
    for (const [name, s] of this.signs) out.push([name, factOf(s)]);
    return out;
  }

  /** The possible signs of a symbol. */
  signOfSymbol(name: string): SignSet {
    return this.signs.get(name) ?? SIGN_ANY;
  }

  /** The possible signs of an expression (where it is defined). */
  sign(e: Expr): SignSet {
    const cached = this.memo.get(e);
    if (cached !== undefined) return cached;
    const s = inferSign(e, this);
    this.memo.set(e, s);
    return s;
  }
}

function factOf(s: SignSet): SignFact {
  if (s === SIGN_POS) return 'positive';
  if (s === SIGN_NEG) return 'negative';
  if (s === (SIGN_POS | SIGN_ZERO)) return 'nonnegative';
  if (s === (SIGN_NEG | SIGN_ZERO)) return 'nonpositive';
  if (s === (SIGN_NEG | SIGN_POS)) return 'nonzero';
  // Only {0} is left (from nonnegative and nonpositive together); nonnegative is implied.
  return 'nonnegative';
}

const RELATION = /^\s*(.*?)\s*(>=|<=|!=|≥|≤|≠|>|<)\s*(.*?)\s*$/;
const RESERVED = new Set<string>([...FUNCTION_NAMES, 'sqrt', 'e', 'pi']);

function parseAssumption(text: string, known: ReadonlySet<string> | undefined): [string, SignFact] {
  if (typeof text !== 'string') throw new ParseError('an assumption must be text such as "a > 0"', String(text));
  const m = RELATION.exec(text);
  const usage = 'an assumption is "name > 0", "name >= 0", "name < 0", "name <= 0" or "name != 0"';
  if (!m) {
    const eq = text.indexOf('=');
    throw new ParseError(`${usage}; found no relation${eq >= 0 ? ' ("=" states a value, not a sign)' : ''}`, text, eq >= 0 ? eq + 1 : 1);
  }
  const [, left, opText, right] = m as unknown as [string, string, string, string];
  const opAt = text.indexOf(opText) + 1;
  const op = opText === '≥' ? '>=' : opText === '≤' ? '<=' : opText === '≠' ? '!=' : opText;
  const leftNum = Rational.parseDecimal(left);
  const rightNum = Rational.parseDecimal(right);
  let name: string;
  let bound: Rational;
  let flipped: string;
  if (rightNum !== undefined && leftNum === undefined) {
    name = left;
    bound = rightNum;
    flipped = op;
  } else if (leftNum !== undefined && rightNum === undefined) {
    name = right;
    bound = leftNum;
    flipped = op === '>' ? '<' : op === '<' ? '>' : op === '>=' ? '<=' : op === '<=' ? '>=' : op;
  } else {
    const where = leftNum === undefined ? Math.max(1, text.indexOf(left) + 1) : text.indexOf(right, opAt - 1 + opText.length) + 1;
    throw new ParseError(`${usage}: one side must be a name and the other a number`, text, where);
  }
  const namePos = text.indexOf(name) + 1;
  if (!NAME_PATTERN.test(name)) throw new ParseError(`"${name}" is not a name (a letter, then letters, digits or _)`, text, namePos);
  if (RESERVED.has(name)) throw new ParseError(`"${name}" is a constant or function, not a name one can assume about`, text, namePos);
  if (known && !known.has(name)) {
    throw new ParseError(`unknown name "${name}" (declared: ${[...known].sort().join(', ') || 'none'})`, text, namePos);
  }
  const s = bound.sign;
  const fact: SignFact | undefined =
    flipped === '>' ? (s >= 0 ? 'positive' : undefined)
    : flipped === '>=' ? (s > 0 ? 'positive' : s === 0 ? 'nonnegative' : undefined)
    : flipped === '<' ? (s <= 0 ? 'negative' : undefined)
    : flipped === '<=' ? (s < 0 ? 'negative' : s === 0 ? 'nonpositive' : undefined)
    : s === 0 ? 'nonzero' : undefined;
  if (!fact) {
    throw new ParseError(`"${text.trim()}" says nothing about the sign of ${name}; ${usage}`, text, opAt);
  }
  return [name, fact];
}

// ---------------------------------------------------------------------------
// Sign inference

/** Is e > 0 wherever defined, under the assumptions? */
export function isPositive(e: Expr, a: Assumptions = Assumptions.NONE): boolean {
  return a.sign(e) === SIGN_POS;
}
/** Is e >= 0 wherever defined? */
export function isNonnegative(e: Expr, a: Assumptions = Assumptions.NONE): boolean {
  return (a.sign(e) & SIGN_NEG) === 0;
}
/** Is e != 0 wherever defined? */
export function isNonzero(e: Expr, a: Assumptions = Assumptions.NONE): boolean {
  return (a.sign(e) & SIGN_ZERO) === 0;
}
/** Is e < 0 wherever defined? */
export function isNegative(e: Expr, a: Assumptions = Assumptions.NONE): boolean {
  return a.sign(e) === SIGN_NEG;
}
/** Is e <= 0 wherever defined? */
export function isNonpositive(e: Expr, a: Assumptions = Assumptions.NONE): boolean {
  return (a.sign(e) & SIGN_POS) === 0;
}

function signOfRational(r: Rational): SignSet {
  return r.sign > 0 ? SIGN_POS : r.sign < 0 ? SIGN_NEG : SIGN_ZERO;
}

/** Possible signs of a + b given the possible signs of each. */
function addSigns(a: SignSet, b: SignSet): SignSet {
  let out = 0;
  for (const x of [SIGN_NEG, SIGN_ZERO, SIGN_POS]) {
    if (!(a & x)) continue;
    for (const y of [SIGN_NEG, SIGN_ZERO, SIGN_POS]) {
      if (!(b & y)) continue;
      if (x === SIGN_ZERO) out |= y;
      else if (y === SIGN_ZERO || x === y) out |= x;
      else out |= SIGN_ANY;
    }
  }
  return out;
}

/** Possible signs of a * b. */
function mulSigns(a: SignSet, b: SignSet): SignSet {
  let out = 0;
  for (const x of [SIGN_NEG, SIGN_ZERO, SIGN_POS]) {
    if (!(a & x)) continue;
    for (const y of [SIGN_NEG, SIGN_ZERO, SIGN_POS]) {
      if (!(b & y)) continue;
      out |= x === SIGN_ZERO || y === SIGN_ZERO ? SIGN_ZERO : x === y ? SIGN_POS : SIGN_NEG;
    }
  }
  return out;
}

function inferSign(e: Expr, a: Assumptions): SignSet {
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

function powSign(e: Pow, a: Assumptions): SignSet {
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

function callSign(fn: string, arg: Expr, self: Expr, a: Assumptions): SignSet {
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
        const v = evaluateConstant(t);
        if (v === undefined) return undefined;
        s += v;
      }
      return s;
    }
    case 'mul': {
      let p = 1;
      for (const f of e.factors) {
        const v = evaluateConstant(f);
        if (v === undefined) return undefined;
        p *= v;
      }
      return p;
    }
    case 'pow': {
      const b = evaluateConstant(e.base);
      const x = evaluateConstant(e.exp);
      return b === undefined || x === undefined ? undefined : Math.pow(b, x);
    }
    case 'call': {
      const v = evaluateConstant(e.arg);
      // Periodic functions of large arguments lose their argument reduction in doubles.
      if (v === undefined || ((e.fn === 'sin' || e.fn === 'cos' || e.fn === 'tan') && Math.abs(v) > 1e6)) return undefined;
      return FUNCTIONS[e.fn].evaluate(v);
    }
  }
}
