/**
 * The text printer. Its output parses back (with `parse`) to the identical node, a
 * property tested on random expressions. Display order differs from canonical order:
 * terms of a sum go by descending degree, then lexicographically (`x^2 + 2*x*y + 1`),
 * factors of a product constants first, then by name (`2*pi*x^2*y`).
 */
import { E, mul, num, type Expr, type Mul, type Num, type Sym } from './nodes.js';
import { Rational } from './rational.js';
import { NodeMemo } from './memo.js';
import { freeSymbols, memoizedBottomUp, topologicalOrder } from './traverse.js';
import { monomialStart, packedKey, PACK_NO_RANK } from './display-key.js';

// Precedence levels of the printed forms.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

/** Prints an expression as text in the input syntax. */
export function toText(e: Expr): string {
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
  const ordered = displayTerms(terms);
  let text = '';
  ordered.forEach((t, i) => {
    const { negative, magnitude } = splitSign(t);
    const body = magnitude === undefined ? '' : wrap(print(magnitude), i === 0 && !negative ? SUM : PRODUCT);
    // A leading minus is printed by the term itself: `-((x + 1)*y)` needs the product's own care.
    if (i === 0) text = negative ? wrap(print(t), UNARY) : body;
    else text += negative ? ` - ${body}` : ` + ${body}`;
  });
  return { text, prec: SUM };
}

/** Splits a term into a sign and its magnitude (`-3*x` → negative, `3*x`). */
function splitSign(t: Expr): { negative: boolean; magnitude: Expr | undefined } {
  if (!coefficientValue(t).isNegative) return { negative: false, magnitude: t };
  return { negative: true, magnitude: negateTerm(t) };
}

/** The numeric coefficient of a term (`coefficientOf` without the factors). */
function coefficientValue(t: Expr): Rational {
  if (t.kind === 'num') return t.value;
  return t.kind === 'mul' && t.factors[0]!.kind === 'num' ? t.factors[0].value : Rational.ONE;
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
    if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative) {
      denom.push(printPowerPart(f.base, f.exp.value.neg()));
    } else {
      numer.push(printPowerPart(f.kind === 'pow' ? f.base : f, f.kind === 'pow' ? f.exp : undefined));
    }
  }
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
  const single = numer.length === 1 && denom.length === 0 && ordered.length === 1 && c.isOne;
  return { text, prec: single && e.kind === 'pow' ? POWER : PRODUCT };
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

const degreeCache = new NodeMemo<number>();

/** Total polynomial degree of a term in its symbols (non-polynomial parts count 0). */
export function displayDegree(e: Expr): number {
  const cached = degreeCache.get(e);
  if (cached !== undefined) return cached;
  const local = new Map<Expr, number>();
  const of = (n: Expr): number => local.get(n) ?? degreeCache.get(n)!;
  for (const node of topologicalOrder([e], (n) => degreeCache.has(n))) {
    let d = 0;
    switch (node.kind) {
      case 'sym':
        d = 1;
        break;
      case 'mul':
        for (const f of node.factors) d += of(f);
        break;
      case 'pow':
        d = node.exp.kind === 'num' ? of(node.base) * node.exp.value.toNumber() : 0;
        break;
      case 'add':
        d = -Infinity;
        for (const t of node.terms) d = Math.max(d, of(t));
        break;
      default:
        d = 0;
    }
    local.set(node, d);
    degreeCache.set(node, d);
  }
  return local.get(e)!;
}

const DISPLAY_RANK: Record<Expr['kind'], number> = { num: 0, const: 1, sym: 2, pow: 3, mul: 3, call: 4, add: 5 };

function stripCoefficient(e: Expr): Expr {
  if (e.kind === 'mul' && e.factors[0]!.kind === 'num') {
    const rest = e.factors.slice(1);
    return rest.length === 1 ? rest[0]! : mul(...rest);
  }
  return e;
}

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

/** Sums with at least this many terms keep their display order: the text and LaTeX printers both ask for it. */
const ORDER_CACHE_MIN = 256;
// Keyed by the (frozen) terms array of a sum node: few entries, each a large sum.
const orderCache = new WeakMap<readonly Expr[], readonly Expr[]>();

/**
 * The sort key of one term in `displayTerms`: `DisplayKey` with symbol names replaced by
 * their rank among the sum's names, so a comparison is a few number comparisons; the
 * printed text (the last tie-break, only between terms that are not monomials) is made
 * once per term, when first needed.
 */
interface TermKey {
  readonly t: Expr;
  readonly degree: number;
  /** Flat (rank, exponent) pairs of a monomial, by rank; null for anything else. */
  readonly monomial: number[] | null;
  readonly rank: number;
  /** The order's leading part packed in one integer (`packedKey`), or -1 where it does not fit. */
  readonly packed: number;
  /** The term without its coefficient; made with the text, for terms that are not monomials. */
  stripped: Expr | undefined;
  text: string | undefined;
}

/** Counts the comparisons of a `displayTerms` sort (a work measure for tests). */
export interface SortStats {
  comparisons: number;
}

/**
 * The terms of a sum in display order. When the first term would be negative and some
 * term is positive, the first positive term leads (`x - mu`, not `-mu + x`).
 * One O(n log n) sort over keys computed once per term; large sums remember the order.
 */
export function displayTerms(terms: readonly Expr[], stats?: SortStats): Expr[] {
  const cached = stats === undefined && terms.length >= ORDER_CACHE_MIN ? orderCache.get(terms) : undefined;
  if (cached) return [...cached];
  const numbers = terms.filter((t) => t.kind === 'num');
  const keys = termKeys(terms.filter((t) => t.kind !== 'num'));
  keys.sort(
    stats === undefined
      ? comparePackedFirst
      : (p, q) => {
          stats.comparisons++;
          return comparePackedFirst(p, q);
        },
  );
  const ordered = [...keys.map((k) => k.t), ...numbers];
  if (coefficientValue(ordered[0]!).isNegative) {
    const i = ordered.findIndex((t) => !coefficientValue(t).isNegative);
    if (i > 0) ordered.unshift(...ordered.splice(i, 1));
  }
  if (terms.length >= ORDER_CACHE_MIN) orderCache.set(terms, ordered.slice());
  return ordered;
}

function termKeys(terms: readonly Expr[]): TermKey[] {
  // A monomial's key comes from its factors alone (no stripped node, no degree walk);
  // its names are ranked once, in string order, so monomials compare as numbers.
  const starts = terms.map(monomialStart);
  const names = new Set<string>();
  terms.forEach((t, k) => {
    const start = starts[k]!;
    if (start < 0) return;
    if (t.kind !== 'mul') names.add(symbolName(t));
    else for (let i = start; i < t.factors.length; i++) names.add(symbolName(t.factors[i]!));
  });
  const rankOf = new Map([...names].sort().map((name, i) => [name, i]));
  const packable = names.size < PACK_NO_RANK;
  return terms.map((t, k): TermKey => {
    const start = starts[k]!;
    if (start < 0) {
      const stripped = stripCoefficient(t);
      const s = stripped.kind === 'pow' ? stripped.base : stripped;
      const degree = displayDegree(t);
      const rank = DISPLAY_RANK[s.kind];
      return { t, degree, monomial: null, rank, packed: packedKey(degree, null, rank), stripped, text: undefined };
    }
    const all = t.kind === 'mul' ? t.factors : [t];
    const monomial: number[] = [];
    let degree = 0; // summed in factor order, as displayDegree does (fractional exponents round alike)
    for (let i = start; i < all.length; i++) {
      const f = all[i]!;
      const e = f.kind === 'pow' ? (f.exp as Num).value.toNumber() : 1;
      degree += e;
      // Insert (rank, exponent) in rank order: a handful of factors.
      const r = rankOf.get(symbolName(f))!;
      let j = monomial.length;
      monomial.push(r, e);
      while (j > 0 && monomial[j - 2]! > r) {
        monomial[j] = monomial[j - 2]!;
        monomial[j + 1] = monomial[j - 1]!;
        monomial[j - 2] = r;
        monomial[j - 1] = e;
        j -= 2;
      }
    }
    const rank = all.length - start === 1 ? DISPLAY_RANK.sym : DISPLAY_RANK.mul;
    return { t, degree, monomial, rank, packed: packable ? packedKey(degree, monomial, rank) : -1, stripped: undefined, text: undefined };
  });
}

/** `compareTermKeys`, deciding by the packed keys when both have one and they differ (a sort of 10^6 terms touches little else). */
function comparePackedFirst(ka: TermKey, kb: TermKey): number {
  const pa = ka.packed;
  const pb = kb.packed;
  if (pa !== pb && pa >= 0 && pb >= 0) return pa - pb;
  return compareTermKeys(ka, kb);
}

/** The name of a symbol or of the base of a power of a symbol. */
function symbolName(f: Expr): string {
  return f.kind === 'pow' ? (f.base as Sym).name : (f as Sym).name;
}

/** `compareKeys` on term keys (the same order). */
function compareTermKeys(ka: TermKey, kb: TermKey): number {
  if (ka.degree !== kb.degree) return kb.degree - ka.degree;
  const ma = ka.monomial;
  const mb = kb.monomial;
  if ((ma === null) !== (mb === null)) return ma === null ? 1 : -1;
  if (ma && mb) {
    const c = compareRankedMonomials(ma, mb);
    if (c !== 0) return c;
  }
  if (ka.rank !== kb.rank) return ka.rank - kb.rank;
  const ta = (ka.text ??= toText((ka.stripped ??= stripCoefficient(ka.t))));
  const tb = (kb.text ??= toText((kb.stripped ??= stripCoefficient(kb.t))));
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** `compareMonomials` over (rank, exponent) pairs. */
function compareRankedMonomials(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // A name missing on one side has exponent 0 there.
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) return -a[i + 1]!;
    if (i >= a.length || b[j]! < a[i]!) return b[j + 1]!;
    const d = b[j + 1]! - a[i + 1]!;
    if (d !== 0) return d;
    i += 2;
    j += 2;
  }
  return 0;
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
  if (ca === 1) {
    const [na, ea] = symbolPower(a)!;
    const [nb, eb] = symbolPower(b)!;
    if (na !== nb) return na < nb ? -1 : 1;
    return eb - ea;
  }
  return displayCompare(a, b);
}

function factorClass(f: Expr): number {
  // A symbol or its numeric power (most factors) has a free symbol: no memo lookup needed.
  if (f.kind === 'sym' || (f.kind === 'pow' && f.base.kind === 'sym' && f.exp.kind === 'num')) return 1;
  if (freeSymbols(f).size === 0) return 0;
  if (symbolPower(f)) return 1;
  return (f.kind === 'pow' ? f.base : f).kind === 'add' ? 3 : 2;
}
