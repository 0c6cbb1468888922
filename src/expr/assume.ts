/**
 * Assumptions about symbols: their signs (`sigma > 0`, `x >= 0`, `n != 0`) and relations
 * between them (`a < b`), with sign inference for expressions built from them. Every
 * other symbol is a real number of unknown sign.
 *
 * Sign inference (signs.ts) is sound but incomplete: `isPositive(e)` true means e > 0 at
 * every point of the assumptions where e is defined (x^-2 is positive although undefined
 * at 0); false means "not proven".
 */
import { ParseError, NAME_PATTERN } from './parse.js';
import { neg, num, sub, sym, type Expr } from './nodes.js';
import { Rational } from './rational.js';
import { topologicalOrder } from './traverse.js';
import { inferSign, signOfRational, SIGN_ANY, SIGN_NEG, SIGN_POS, SIGN_ZERO, type SignSet } from './signs.js';
import { MATRIX_PROPERTIES, type MatrixProperty } from './matrix/shape.js';
import { reservedKind } from './reserved.js';

export { SIGN_ANY, SIGN_NEG, SIGN_POS, SIGN_ZERO, type SignSet };

/** A fact about one symbol. */
export type SignFact = 'positive' | 'nonnegative' | 'negative' | 'nonpositive' | 'nonzero';

const FACT_SIGNS: Record<SignFact, SignSet> = {
  positive: SIGN_POS,
  nonnegative: SIGN_POS | SIGN_ZERO,
  negative: SIGN_NEG,
  nonpositive: SIGN_NEG | SIGN_ZERO,
  nonzero: SIGN_NEG | SIGN_POS,
};

/** A relation between two expressions, as problem files state it (`a < b`, `lambda_1 >= mu`). */
export interface Comparison {
  readonly lhs: Expr;
  readonly op: '>' | '>=' | '<' | '<=' | '!=' | '=';
  readonly rhs: Expr;
}

/** A relation in normal form: `difference op 0`. */
export interface AssumedRelation {
  readonly difference: Expr;
  readonly op: '>' | '>=' | '!=' | '=';
}

/**
 * One assumption: a text (`"a > 0"`, `"a < b"`), a sign fact about one symbol, or a
 * relation between expressions.
 */
export type AssumptionInput = string | readonly [string, SignFact] | Comparison | AssumedRelation;

const RELATION_SIGNS: Record<AssumedRelation['op'], SignSet> = { '>': SIGN_POS, '>=': SIGN_POS | SIGN_ZERO, '!=': SIGN_NEG | SIGN_POS, '=': SIGN_ZERO };

/**
 * What is assumed about the symbols: sign facts about single symbols (`sigma > 0`) and
 * relations between expressions (`a < b`, stored as `b - a > 0`). Immutable: `with`
 * returns a new set of assumptions. The only representation of assumptions in the
 * library: every room reads and passes this class.
 */
export class Assumptions {
  private readonly signs: ReadonlyMap<string, SignSet>;
  private readonly stated: readonly AssumedRelation[];
  /** The sign set each relation gives its difference (and the negated one its negation). */
  private readonly relationSigns: ReadonlyMap<Expr, SignSet>;
  /** Memo of inferred signs, valid for this immutable set of facts. */
  private readonly memo = new WeakMap<Expr, SignSet>();

  /**
   * From sign facts (`['x', 'positive']`), texts (`'x > 0'`, `'a < b'`, read as by
   * `Assumptions.parse`) and relations. Contradictory sign facts about one symbol are a
   * RangeError.
   */
  constructor(facts: Iterable<AssumptionInput> = []) {
    const signs = new Map<string, SignSet>();
    const stated: AssumedRelation[] = [];
    const restrict = (name: string, set: SignSet): void => {
      const s = (signs.get(name) ?? SIGN_ANY) & set;
      if (s === 0) throw new RangeError(`contradictory assumptions about ${name}`);
      signs.set(name, s);
    };
    for (const input of facts) {
      const fact = typeof input === 'string' ? parseAssumption(input, undefined) : input;
      if (Array.isArray(fact)) {
        const [name, f] = fact as readonly [string, SignFact];
        if (!(f in FACT_SIGNS)) throw new RangeError(`unknown sign fact "${String(f)}" about ${name}`);
        restrict(name, FACT_SIGNS[f]);
        continue;
      }
      const relation = normalRelation(fact as Comparison | AssumedRelation);
      const bound = symbolBound(relation);
      if (bound) restrict(bound[0], bound[1]);
      // A bound other than 0 (a > 2) says more than the sign: it stays a relation too.
      if (bound && bound[2]) continue;
      if (relation.difference.kind === 'num') {
        if ((signOfRational(relation.difference.value) & RELATION_SIGNS[relation.op]) === 0) throw new RangeError('contradictory assumption about constants');
      } else stated.push(relation);
    }
    const relationSigns = new Map<Expr, SignSet>();
    for (const r of stated) {
      const set = RELATION_SIGNS[r.op];
      relationSigns.set(r.difference, (relationSigns.get(r.difference) ?? SIGN_ANY) & set);
      const negated = neg(r.difference);
      relationSigns.set(negated, (relationSigns.get(negated) ?? SIGN_ANY) & flipSigns(set));
    }
    this.signs = signs;
    this.stated = stated;
    this.relationSigns = relationSigns;
  }

  /** No facts. */
  static readonly NONE = new Assumptions();

  /**
   * Reads assumptions as written in problem files: a name against a number (`a > 0`,
   * `0 < a`, `x >= 0`, `n != 0`, `b < 0`, `b <= 0`; also `a > 2` or `a >= 1`, recorded as
   * the sign they imply) or a name against a name (`a < b`, `lambda_1 >= mu`). The
   * unicode forms `≥ ≤ ≠` are accepted. Anything else is a ParseError naming the text
   * and position.
   */
  static parse(texts: string | readonly string[], options: { knownNames?: Iterable<string> } = {}): Assumptions {
    const known = options.knownNames ? new Set(options.knownNames) : undefined;
    const facts: AssumptionInput[] = [];
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      const fact = parseAssumption(text, known);
      const combined = [...facts, fact];
      try {
        new Assumptions(combined);
      } catch {
        const c = fact as Comparison;
        const about = Array.isArray(fact) ? fact[0] : c.lhs.kind === 'sym' && c.rhs.kind !== 'sym' ? c.lhs.name : c.rhs.kind === 'sym' && c.lhs.kind !== 'sym' ? c.rhs.name : text.trim();
        throw new ParseError(`assumption contradicts an earlier one about "${about}"`, text, 1);
      }
      facts.push(fact);
    }
    return new Assumptions(facts);
  }

  /** These assumptions plus one sign fact or relation. */
  with(name: string, fact: SignFact): Assumptions;
  with(relation: Comparison | AssumedRelation): Assumptions;
  with(a: string | Comparison | AssumedRelation, fact?: SignFact): Assumptions {
    const extra: AssumptionInput = typeof a === 'string' ? [a, fact!] : a;
    return new Assumptions([...this.facts(), ...this.stated, extra]);
  }

  /** These assumptions plus several more (a RangeError if they contradict a sign fact). */
  withAll(more: Iterable<AssumptionInput>): Assumptions {
    return new Assumptions([...this.facts(), ...this.stated, ...more]);
  }

  /** The sign facts as (name, fact) pairs, the strongest fact per symbol. */
  facts(): [string, SignFact][] {
    const out: [string, SignFact][] = [];
    for (const [name, s] of this.signs) out.push([name, factOf(s)]);
    return out;
  }

  /** The relations that are not sign facts about one symbol (`b - a > 0` for `a < b`). */
  relations(): readonly AssumedRelation[] {
    return this.stated;
  }

  /** Every assumption as a relation `difference op 0`: the sign facts, then the relations. */
  allRelations(): AssumedRelation[] {
    const out: AssumedRelation[] = [];
    for (const [name, s] of this.signs) out.push(...relationsOfSign(sym(name), s));
    return [...out, ...this.stated];
  }

  /** The possible signs of a symbol. */
  signOfSymbol(name: string): SignSet {
    return this.signs.get(name) ?? SIGN_ANY;
  }

  /** The possible signs of an expression (where it is defined). */
  sign(e: Expr): SignSet {
    const cached = this.memo.get(e);
    if (cached !== undefined) return cached;
    // Children first, so inferSign finds each operand's sign here: no recursion on depth.
    for (const n of topologicalOrder([e], (x) => this.memo.has(x))) {
      let s = inferSign(n, this);
      const stated = this.relationSigns.get(n);
      if (stated !== undefined) s = s & stated || stated;
      this.memo.set(n, s);
    }
    return this.memo.get(e)!;
  }
}

/** `lhs op rhs` as `difference op' 0` with op' in {>, >=, !=, =}. */
function normalRelation(r: Comparison | AssumedRelation): AssumedRelation {
  if ('difference' in r) return r;
  switch (r.op) {
    case '<':
      return { difference: sub(r.rhs, r.lhs), op: '>' };
    case '<=':
      return { difference: sub(r.rhs, r.lhs), op: '>=' };
    default:
      return { difference: sub(r.lhs, r.rhs), op: r.op };
  }
}

/**
 * The sign a relation implies for its one symbol, when the difference is c*x + k with
 * numbers c != 0 and k (`a - 2 > 0` gives a > 0; `2 - a > 0` says nothing about the sign
 * and stays a relation). Undefined for anything else.
 */
function symbolBound(r: AssumedRelation): [string, SignSet, boolean] | undefined {
  const terms = r.difference.kind === 'add' ? r.difference.terms : [r.difference];
  let name: string | undefined;
  let c: Rational | undefined;
  let k = Rational.ZERO;
  for (const t of terms) {
    if (t.kind === 'num') k = k.add(t.value);
    else if (t.kind === 'sym' && name === undefined) [name, c] = [t.name, Rational.ONE];
    else if (t.kind === 'mul' && t.factors.length === 2 && t.factors[0]!.kind === 'num' && t.factors[1]!.kind === 'sym' && name === undefined) {
      [name, c] = [t.factors[1].name, t.factors[0].value];
    } else return undefined;
  }
  if (name === undefined || c === undefined) return undefined;
  // c*x + k op 0  <=>  x op' -k/c (op flipped when c < 0).
  const flip = c.sign < 0;
  const t = k.neg().div(c);
  const s = t.sign;
  const op = r.op;
  const exact = s === 0; // the relation says no more than the sign
  const sign = ((): SignSet | undefined => {
    if (op === '=') return s > 0 ? SIGN_POS : s < 0 ? SIGN_NEG : SIGN_ZERO;
    if (op === '!=') return s === 0 ? SIGN_NEG | SIGN_POS : undefined;
    const strict = op === '>';
    // x > t (or >=) when not flipped; x < t (or <=) when flipped.
    if (!flip) return s > 0 || (s === 0 && strict) ? SIGN_POS : s === 0 ? SIGN_POS | SIGN_ZERO : undefined;
    return s < 0 || (s === 0 && strict) ? SIGN_NEG : s === 0 ? SIGN_NEG | SIGN_ZERO : undefined;
  })();
  return sign === undefined ? undefined : [name, sign, exact];
}

function flipSigns(s: SignSet): SignSet {
  return (s & SIGN_ZERO) | (s & SIGN_POS ? SIGN_NEG : 0) | (s & SIGN_NEG ? SIGN_POS : 0);
}

function relationsOfSign(x: Expr, s: SignSet): AssumedRelation[] {
  if (s === SIGN_POS) return [{ difference: x, op: '>' }];
  if (s === SIGN_NEG) return [{ difference: neg(x), op: '>' }];
  if (s === (SIGN_POS | SIGN_ZERO)) return [{ difference: x, op: '>=' }];
  if (s === (SIGN_NEG | SIGN_ZERO)) return [{ difference: neg(x), op: '>=' }];
  if (s === (SIGN_NEG | SIGN_POS)) return [{ difference: x, op: '!=' }];
  if (s === SIGN_ZERO) return [{ difference: x, op: '=' }];
  return [];
}

/** The name of a set of possible signs. */
export type Sign = SignFact | 'zero' | 'unknown';

/** A set of possible signs by name ('unknown' for any real, and for the empty set). */
export function signName(s: SignSet): Sign {
  if (s === SIGN_ZERO) return 'zero';
  if (s === 0 || s === SIGN_ANY) return 'unknown';
  return factOf(s);
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

function parseAssumption(text: string, known: ReadonlySet<string> | undefined): [string, SignFact] | Comparison {
  if (typeof text !== 'string') throw new ParseError('an assumption must be text such as "a > 0"', String(text));
  const m = RELATION.exec(text);
  const usage = 'an assumption is "name > 0", "name >= 0", "name < 0", "name <= 0", "name != 0" or a relation between two names such as "a < b"';
  if (!m) {
    const eq = text.indexOf('=');
    throw new ParseError(`${usage}; found no relation${eq >= 0 ? ' ("=" states a value, not a sign)' : ''}`, text, eq >= 0 ? eq + 1 : 1);
  }
  const [, left, opText, right] = m as unknown as [string, string, string, string];
  const opAt = text.indexOf(opText) + 1;
  const op = (opText === '≥' ? '>=' : opText === '≤' ? '<=' : opText === '≠' ? '!=' : opText) as Comparison['op'];
  const leftNum = Rational.parseDecimal(left);
  const rightNum = Rational.parseDecimal(right);
  const checkName = (name: string, at: number): void => {
    if (!NAME_PATTERN.test(name)) throw new ParseError(`"${name}" is not a name (a letter, then letters, digits or _)`, text, at);
    const reserved = reservedKind(name);
    if (reserved) throw new ParseError(`"${name}" is a ${reserved}, not a name one can assume about`, text, at);
    if (known && !known.has(name)) {
      throw new ParseError(`unknown name "${name}" (declared: ${[...known].sort().join(', ') || 'none'})`, text, at);
    }
  };
  if (leftNum === undefined && rightNum === undefined && NAME_PATTERN.test(left) && NAME_PATTERN.test(right)) {
    // A relation between two names.
    checkName(left, text.indexOf(left) + 1);
    checkName(right, text.indexOf(right, opAt - 1 + opText.length) + 1);
    if (left === right) throw new ParseError(`"${text.trim()}" relates ${left} to itself`, text, opAt);
    return { lhs: sym(left), op, rhs: sym(right) };
  }
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
    throw new ParseError(`${usage}: one side must be a name and the other a number or a name`, text, where);
  }
  checkName(name, text.indexOf(name) + 1);
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
  // `a > 2` is kept whole (it implies a > 0 and says more); `a > 0` is the sign fact.
  if (s !== 0) return rightNum !== undefined ? { lhs: sym(name), op, rhs: num(bound) } : { lhs: num(bound), op, rhs: sym(name) };
  return [name, fact];
}

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

/** A matrix property stated in `assume` (`"F symmetric positive definite"`, `"Q is orthogonal"`). */
export interface PropertyAssumption {
  readonly name: string;
  readonly properties: readonly MatrixProperty[];
}

/**
 * Reads an `assume` entry that states matrix properties instead of a sign: a name, an
 * optional "is", then properties (INTERFACE.md's names, with a space or hyphen for "_"
 * allowed, joined by nothing, "," or "and"). Undefined when the text is a relation (a
 * sign fact, read by `Assumptions.parse`); a ParseError when it is neither.
 */
export function readPropertyAssumption(text: string): PropertyAssumption | undefined {
  if (RELATION.test(text) || /=/.test(text)) return undefined;
  const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s+(?:is\s+)?(.*?)\s*$/.exec(text);
  const usage = `a matrix property is stated as "NAME PROPERTY", e.g. "F symmetric positive definite" (properties: ${MATRIX_PROPERTIES.map((p) => p.replace(/_/g, ' ')).join(', ')}); a sign as "name > 0"`;
  if (!m || m[2] === '') throw new ParseError(`${usage}; found neither`, text, 1);
  const name = m[1]!;
  const rest = m[2]!;
  const restAt = text.indexOf(rest, text.indexOf(name) + name.length);
  const words = [...rest.matchAll(/[^\s,]+/g)].map((w) => ({ w: w[0].toLowerCase().replace(/-/g, '_'), at: restAt + w.index! + 1 }));
  const properties: MatrixProperty[] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!.w;
    if (w === 'and') continue;
    // "positive definite", "positive semi definite": joined into one property name
    if (w === 'positive' && words[i + 1]?.w === 'semi' && words[i + 2]) w = `positive_semi${words[(i += 2)]!.w}`;
    else if (w === 'positive' && words[i + 1]) w = `positive_${words[++i]!.w}`;
    w = w.replace(/^positive_semi_/, 'positive_semi');
    if (!(MATRIX_PROPERTIES as readonly string[]).includes(w)) throw new ParseError(`unknown matrix property "${w.replace(/_/g, ' ')}"; ${usage}`, text, words[i]!.at);
    if (!properties.includes(w as MatrixProperty)) properties.push(w as MatrixProperty);
  }
  if (properties.length === 0) throw new ParseError(usage, text, restAt + 1);
  return { name, properties };
}
