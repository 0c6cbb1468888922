/**
 * The text printer. Its output parses back (with `parse`) to the identical node, a
 * property tested on random expressions. Display order differs from canonical order:
 * terms of a sum go by descending degree, then lexicographically (`x^2 + 2*x*y + 1`),
 * factors of a product constants first, then by name (`2*pi*x^2*y`).
 */
import { E, mul, num, type Expr, type Mul, type Num } from './nodes.js';
import { Rational } from './rational.js';
import { NodeMemo } from './memo.js';
import { freeSymbols, memoizedBottomUp } from './traverse.js';
import { monomialStart } from './display-key.js';
import {
  coefficientValue,
  displayDegree,
  DISPLAY_RANK,
  LARGE_SUM,
  monomialDisplayFactors,
  orderTerms,
  stripCoefficient,
  takeSortTexts,
  visitOrder,
  type SortStats,
} from './display-order.js';

// Precedence levels of the printed forms.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

/** Prints an expression as text in the input syntax. */
export function toText(e: Expr): string {
  if (e.kind === 'add' && e.terms.length >= LARGE_SUM) return printLargeSum(e.terms);
  return print(e).text;
}

/** `toText` through the generic walk only (no large-sum path): the reference the fast path is tested against. */
export function toTextGeneral(e: Expr): string {
  return print(e).text;
}

interface Printed {
  readonly text: string;
  readonly prec: number;
}

/**
 * The printed form of e. Nodes are printed children first, in one iterative walk over
 * the DAG, so the depth of e never reaches the JS stack; each node's text is built once
 * from its children's (V8 keeps the concatenations as ropes, so memory stays linear in
 * the DAG until the text is written out).
 */
const print: (e: Expr) => Printed = memoizedBottomUp((node) => printUncached(node));

function wrap(p: Printed, min: number): string {
  return p.prec < min ? `(${p.text})` : p.text;
}

function printNumber(r: Rational): Printed {
  if (r.isNegative) return { text: `-${printNumber(r.neg()).text}`, prec: UNARY };
  return r.isInteger ? { text: r.toString(), prec: ATOM } : { text: r.toString(), prec: PRODUCT };
}

function printUncached(e: Expr): Printed {
  switch (e.kind) {
    case 'num':
      return printNumber(e.value);
    case 'sym':
    case 'const':
      return { text: e.name, prec: ATOM };
    case 'call':
      if (e === E) return { text: 'e', prec: ATOM };
      return { text: `${e.fn}(${print(e.arg).text})`, prec: ATOM };
    case 'add':
      return printSum(e.terms);
    case 'mul':
    case 'pow':
      return printProduct(e);
  }
}

function printSum(terms: readonly Expr[]): Printed {
  const parts: string[] = [];
  displayOrder(terms).forEach((t, i) => parts.push(termText(t, i === 0)));
  return { text: parts.join(''), prec: SUM };
}

/** A term of a sum as printed there: with its ` + ` or ` - ` unless it is the first. */
function termText(t: Expr, first: boolean): string {
  const { negative, magnitude } = splitSign(t);
  const body = magnitude === undefined ? '' : wrap(print(magnitude), first && !negative ? SUM : PRODUCT);
  // A leading minus is printed by the term itself: `-((x + 1)*y)` needs the product's own care.
  if (first) return negative ? wrap(print(t), UNARY) : body;
  return negative ? ` - ${body}` : ` + ${body}`;
}

/**
 * The text of a large sum (at least LARGE_SUM terms, printed at the top of `toText`):
 * `printSum` without a memo entry per term. A monomial in symbols (most terms of a large
 * objective) is put together here from its factors' parts, each printed once per call
 * (a sum has a few thousand distinct factors at most, against 10^6 terms); any other term
 * goes through the generic printer. The same text as `printSum`, pinned by
 * test/expr/large-sum-print.test.ts on random sums.
 */
function printLargeSum(terms: readonly Expr[]): string {
  const factorParts = new Map<Expr, FactorPart>();
  const classes = new Map<Expr, number>();
  const scratch: Expr[] = [];
  const ordered = orderTerms(terms, partsTextOf(factorParts, classes, scratch));
  const pieces = new Array<string>(ordered.length);
  const visit = visitOrder(ordered);
  // The sort's texts of products without a coefficient are their texts here.
  const texts = takeSortTexts(ordered);
  for (let q = 0; q < visit.length; q++) {
    const i = visit[q]!;
    const t = ordered[i]!;
    const start = monomialStart(t);
    if (start < 0) {
      // A product without a coefficient is never wrapped in a sum (`termText`): its own text.
      if (t.kind === 'mul' && t.factors[0]!.kind !== 'num') {
        const body = texts?.[i] ?? productFromParts(t, factorParts, classes, scratch);
        pieces[i] = i === 0 ? body : ` + ${body}`;
      } else pieces[i] = termText(t, i === 0);
      continue;
    }
    const coeff = start === 1 ? ((t as Mul).factors[0] as Num).value : Rational.ONE;
    const numer: string[] = [];
    const denom: string[] = [];
    for (const f of monomialDisplayFactors(t, start, scratch)) {
      let part = factorParts.get(f);
      if (part === undefined) factorParts.set(f, (part = factorPart(f)));
      (part.denominator ? denom : numer).push(part.text);
    }
    // The magnitude of a monomial is never a sum or negative: no parentheses around it.
    const body = productText(coeff.abs(), numer, denom, scratch.length === 1 && scratch[0]!.kind === 'pow').text;
    pieces[i] = i === 0 ? (coeff.isNegative ? `-${body}` : body) : coeff.isNegative ? ` - ${body}` : ` + ${body}`;
  }
  return pieces.join('');
}

/** Splits a term into a sign and its magnitude (`-3*x` → negative, `3*x`). */
function splitSign(t: Expr): { negative: boolean; magnitude: Expr | undefined } {
  if (!coefficientValue(t).isNegative) return { negative: false, magnitude: t };
  return { negative: true, magnitude: negateTerm(t) };
}

function coefficientOf(t: Expr): [Rational, readonly Expr[]] {
  if (t.kind === 'num') return [t.value, []];
  if (t.kind === 'mul') {
    return t.factors[0]!.kind === 'num' ? [t.factors[0].value, t.factors.slice(1)] : [Rational.ONE, t.factors];
  }
  return [Rational.ONE, [t]];
}

function negateTerm(t: Expr): Expr {
  return mul(num(-1), t);
}

/** Prints a product (or a lone power) as numerator / denominator. */
function printProduct(e: Mul | Extract<Expr, { kind: 'pow' }>): Printed {
  const [coeff, factors] = e.kind === 'mul' ? coefficientOf(e) : [Rational.ONE, [e] as readonly Expr[]];
  const numer: string[] = [];
  const denom: string[] = [];
  const ordered = [...factors].sort(displayFactorCompare);
  if (e.kind === 'mul' && !coeff.isOne && coefficientMeetsSum(ordered, coeff)) {
    // Written as `2*(x + 1)*y`, the parser would build 2*(x + 1) first and distribute it
    // (2*x + 2), a different node. `2*((x + 1)*y)` multiplies the whole product instead.
    const rest = print(mul(...factors));
    if (coeff.equals(Rational.MINUS_ONE)) return { text: `-(${rest.text})`, prec: UNARY };
    const c = printNumber(coeff);
    return { text: `${c.text}*(${rest.text})`, prec: coeff.isNegative ? UNARY : PRODUCT };
  }
  for (const f of ordered) {
    const part = factorPart(f);
    (part.denominator ? denom : numer).push(part.text);
  }
  return productText(coeff, numer, denom, ordered.length === 1 && e.kind === 'pow');
}

/** A factor of a product as printed: below the bar (a negative numeric power, printed with the opposite exponent) or above. */
interface FactorPart {
  readonly text: string;
  readonly denominator: boolean;
}

function factorPart(f: Expr): FactorPart {
  if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative) {
    return { text: printPowerPart(f.base, f.exp.value.neg()), denominator: true };
  }
  return { text: printPowerPart(f.kind === 'pow' ? f.base : f, f.kind === 'pow' ? f.exp : undefined), denominator: false };
}

/**
 * `toText` for the terms of one large sum: a product without a numeric coefficient (what
 * the display order's tie-break prints of a term that is not a monomial) is put together
 * from its factors' parts, each made once in `parts`, instead of a walk of the printer per term.
 */
function partsTextOf(parts: Map<Expr, FactorPart>, classes: Map<Expr, number>, scratch: Expr[]): (e: Expr) => string {
  return (e) => (e.kind === 'mul' && e.factors[0]!.kind !== 'num' ? productFromParts(e, parts, classes, scratch) : toText(e));
}

/**
 * `printProduct(e).text` for a product without a numeric coefficient (so no hazard of a
 * coefficient meeting a sum), its factors' parts from `parts`.
 */
function productFromParts(e: Mul, parts: Map<Expr, FactorPart>, classes: Map<Expr, number>, scratch: Expr[]): string {
  const numer: string[] = [];
  const denom: string[] = [];
  for (const f of displayFactors(e.factors, 0, classes, scratch)) {
    let part = parts.get(f);
    if (part === undefined) parts.set(f, (part = factorPart(f)));
    (part.denominator ? denom : numer).push(part.text);
  }
  return productText(Rational.ONE, numer, denom, false).text;
}

/**
 * `factors` from `start` on, in `displayFactorCompare` order, written into `out` (returned):
 * an insertion sort, stable like the array sort of `printProduct`, each factor's class
 * kept in `classes` (one table per large sum: a few thousand distinct factors).
 */
export function displayFactors(factors: readonly Expr[], start: number, classes: Map<Expr, number>, out: Expr[]): Expr[] {
  out.length = 0;
  const classOf = (f: Expr): number => {
    let c = classes.get(f);
    if (c === undefined) classes.set(f, (c = factorClass(f)));
    return c;
  };
  for (let i = start; i < factors.length; i++) {
    const f = factors[i]!;
    const cf = classOf(f);
    let j = out.length;
    out.push(f);
    while (j > 0) {
      const g = out[j - 1]!;
      const cg = classOf(g);
      if ((cg !== cf ? cg - cf : cf === 1 ? compareSymbolPowers(g, f) : displayCompare(g, f)) <= 0) break;
      out[j] = g;
      j--;
    }
    out[j] = f;
  }
  return out;
}

/**
 * A product from its factors' parts in display order and its coefficient (which no sum
 * follows): numerator / denominator. `lonePower`: the product is one power (x^2, sqrt(x)).
 */
function productText(coeff: Rational, numer: string[], denom: string[], lonePower: boolean): Printed {
  const negative = coeff.isNegative;
  const c = coeff.abs();
  if (c.num !== 1n) numer.unshift(c.num.toString());
  if (c.den !== 1n) denom.unshift(c.den.toString());
  let text = numer.length === 0 ? '1' : numer.join('*');
  if (denom.length > 0) {
    // Each entry is printed at power level (a wrapped base, sqrt(...), or b^e), so a lone
    // entry needs no parentheses after '/': `1/x^2`, `1/(x + 1)`, `1/sqrt(y)`.
    const d = denom.length === 1 ? denom[0]! : `(${denom.join('*')})`;
    text = `${text}/${d}`;
  }
  if (negative) return { text: `-${text}`, prec: UNARY };
  // A lone power (x^2, sqrt(x)) binds as a power; `1/x` and products bind as products.
  const single = numer.length === 1 && denom.length === 0 && c.isOne;
  return { text, prec: single && lonePower ? POWER : PRODUCT };
}

/**
 * Would the printed product put the coefficient (or the coefficient's denominator) right
 * next to a sum, so that parsing it left to right distributes the number over the sum?
 * A sign counts too: `-(x + 1)*y` parses as (-(x + 1))*y.
 */
function coefficientMeetsSum(ordered: readonly Expr[], coeff: Rational): boolean {
  const isDenominator = (f: Expr): boolean => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative;
  const firstNumer = ordered.find((f) => !isDenominator(f));
  const firstDenom = ordered.find(isDenominator);
  const numerHazard = (coeff.num !== 1n) && firstNumer !== undefined && firstNumer.kind === 'add';
  const denomHazard =
    coeff.den !== 1n && firstDenom !== undefined && firstDenom.kind === 'pow' && firstDenom.base.kind === 'add' && firstDenom.exp === MINUS_ONE_NODE;
  return numerHazard || denomHazard;
}

const MINUS_ONE_NODE = num(-1);

/** Prints base^exp as a factor (exp undefined means exponent 1). */
function printPowerPart(base: Expr, exp: Expr | Rational | undefined): string {
  const expNode = exp instanceof Rational ? (exp.isOne ? undefined : num(exp)) : exp;
  if (expNode === undefined) return wrap(print(base), POWER);
  if (expNode.kind === 'num' && expNode.value.equals(Rational.of(1n, 2n))) return `sqrt(${print(base).text})`;
  const b = wrap(print(base), ATOM);
  const ep = print(expNode);
  // ^ is right-associative, so an exponent that is itself a power needs no parentheses: x^y^z.
  return `${b}^${ep.prec >= POWER && !ep.text.startsWith('-') ? ep.text : `(${ep.text})`}`;
}

// ---------------------------------------------------------------------------
// Display order

/** A symbol or a symbol to a numeric power: its name and exponent. */
function symbolPower(f: Expr): [string, number] | undefined {
  if (f.kind === 'sym') return [f.name, 1];
  if (f.kind === 'pow' && f.base.kind === 'sym' && f.exp.kind === 'num') return [f.base.name, f.exp.value.toNumber()];
  return undefined;
}

/** What display order compares about a term, computed once per term (a sort of n terms does n log n comparisons). */
interface DisplayKey {
  readonly degree: number;
  /** The term without its coefficient. */
  readonly stripped: Expr;
  /** Exponents of a monomial in symbols, sorted by name; null for anything else. */
  readonly monomial: readonly (readonly [string, number])[] | null;
  readonly rank: number;
}

const keyCache = new NodeMemo<DisplayKey>();

function displayKey(e: Expr): DisplayKey {
  const cached = keyCache.get(e);
  if (cached) return cached;
  const stripped = stripCoefficient(e);
  const k = stripped.kind === 'pow' ? stripped.base : stripped;
  const key: DisplayKey = { degree: displayDegree(e), stripped, monomial: monomialExponents(stripped), rank: DISPLAY_RANK[k.kind] };
  keyCache.set(e, key);
  return key;
}

/** Exponents of a monomial in symbols, sorted by name (`x^2*y` → [[x, 2], [y, 1]]); null for anything else. */
function monomialExponents(e: Expr): readonly (readonly [string, number])[] | null {
  return monomialOfFactors(e.kind === 'mul' ? e.factors : [e]);
}

/** `monomialExponents` of the product of `factors`. */
function monomialOfFactors(factors: readonly Expr[]): readonly (readonly [string, number])[] | null {
  const out: [string, number][] = [];
  for (const f of factors) {
    const sp = symbolPower(f);
    if (!sp) return null;
    out.push(sp);
  }
  return out.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
}

/** Lexicographic order of monomials: the alphabetically first symbol's higher power first (`x^2*y` before `x*y^2`). */
function compareMonomials(a: readonly (readonly [string, number])[], b: readonly (readonly [string, number])[]): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const na = i < a.length ? a[i]![0] : undefined;
    const nb = j < b.length ? b[j]![0] : undefined;
    // A name missing on one side has exponent 0 there.
    if (nb === undefined || (na !== undefined && na < nb)) return -a[i]![1];
    if (na === undefined || nb < na) return b[j]![1];
    const d = b[j]![1] - a[i]![1];
    if (d !== 0) return d;
    i++;
    j++;
  }
  return 0;
}

/**
 * Order of the terms of a sum for display, shared by the text and LaTeX printers:
 * numbers last, higher degree first, monomials in symbols before other terms of the same
 * degree and in lexicographic order among themselves (`x^3 + 3*x^2*y + 3*x*y^2 + y^3`),
 * then by the kind of term and its printed text. A total order on terms, so the display
 * does not depend on construction order.
 */
export function displayCompare(a: Expr, b: Expr): number {
  if (a.kind === 'num' || b.kind === 'num') return a.kind === 'num' ? (b.kind === 'num' ? 0 : 1) : -1;
  return compareKeys(displayKey(a), displayKey(b));
}

function compareKeys(ka: DisplayKey, kb: DisplayKey): number {
  if (ka.degree !== kb.degree) return kb.degree - ka.degree;
  const ma = ka.monomial;
  const mb = kb.monomial;
  if ((ma === null) !== (mb === null)) return ma === null ? 1 : -1;
  if (ma && mb) {
    const c = compareMonomials(ma, mb);
    if (c !== 0) return c;
  }
  if (ka.rank !== kb.rank) return ka.rank - kb.rank;
  const ta = toText(ka.stripped);
  const tb = toText(kb.stripped);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/**
 * The terms of a sum in display order. When the first term would be negative and some
 * term is positive, the first positive term leads (`x - mu`, not `-mu + x`).
 * One O(n log n) sort over keys computed once per term; large sums remember the order.
 */
export function displayTerms(terms: readonly Expr[], stats?: SortStats): Expr[] {
  return [...displayOrder(terms, stats)];
}

/** `displayTerms` without the copy: the printers only read it (a large sum's order is the cached array itself). */
export function displayOrder(terms: readonly Expr[], stats?: SortStats): readonly Expr[] {
  // The printed text of a term's part without its coefficient breaks the last ties.
  return orderTerms(terms, toText, stats);
}

/**
 * Order of the factors of a product for display: constant factors first, as a
 * coefficient would be (`2*pi*sigma^2`, `sqrt(2)*x`), then powers of symbols by name
 * (`x^2*y*z`), then the rest in `displayCompare` order (`x*sin(y)`), sums last
 * (`x*exp(y)*(x + 1)`).
 */
export function displayFactorCompare(a: Expr, b: Expr): number {
  const ca = factorClass(a);
  const cb = factorClass(b);
  if (ca !== cb) return ca - cb;
  return ca === 1 ? compareSymbolPowers(a, b) : displayCompare(a, b);
}

/** `displayFactorCompare` between two factors of class 1 (symbols or their numeric powers): by name, the higher power first. */
function compareSymbolPowers(a: Expr, b: Expr): number {
  const [na, ea] = symbolPower(a)!;
  const [nb, eb] = symbolPower(b)!;
  if (na !== nb) return na < nb ? -1 : 1;
  return eb - ea;
}

function factorClass(f: Expr): number {
  // A symbol or its numeric power (most factors) has a free symbol: no memo lookup needed.
  if (f.kind === 'sym' || (f.kind === 'pow' && f.base.kind === 'sym' && f.exp.kind === 'num')) return 1;
  if (freeSymbols(f).size === 0) return 0;
  if (symbolPower(f)) return 1;
  return (f.kind === 'pow' ? f.base : f).kind === 'add' ? 3 : 2;
}
