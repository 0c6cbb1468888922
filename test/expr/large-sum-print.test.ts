/**
 * A sum of at least LARGE_SUM terms is printed by `toText` and `toLatex` term by term
 * (issue 10: the 10 MB objective), without the generic walk. That path must print what
 * the generic printer prints (`toTextGeneral`, `toLatexGeneral`), on any sum: random
 * seeded sums of monomials with coefficients, powers (negative, fractional, out of the
 * packed key's range), negative terms, numbers, calls and nested products and sums.
 * The display order itself is checked against the pairwise comparison `displayCompare`.
 */
import { describe, expect, it } from 'vitest';
import {
  Rational,
  add,
  addAll,
  call,
  displayCompare,
  displayDegree,
  displayTerms,
  mul,
  num,
  pow,
  sym,
  toLatex,
  toText,
  type Expr,
  type FunctionName,
} from '../../src/expr/index.js';
import { toTextGeneral } from '../../src/expr/print.js';
import { toLatexGeneral } from '../../src/expr/latex.js';
import { GENERATION } from '../../src/expr/memo.js';

/** A seeded generator (an LCG): the same sums on every run. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
}

const NAMES = ['x', 'y', 'x1', 'x10', 'x2', 'x_2', 'sigma', 'mu_12', 'alpha_max', 'Theta0', 'eps', 'lambda'].map((n) => sym(n));
const EXPONENTS = [1, 1, 1, 2, 3, -1, -2, 0.5, -0.5, 1.5, 200, Rational.of(2, 3)].map((r) => num(r));
const COEFFICIENTS = [1, 1, 1, -1, 2, -3, 7, Rational.of(3, 2), Rational.of(-1, 3), Rational.of(5, 7)].map((r) => num(r));
const FUNCTIONS: readonly FunctionName[] = ['sin', 'exp', 'log', 'abs', 'cos'];

/** One random term: mostly monomials, else with a call, a sum, a symbolic power or a nested product among its factors. */
function randomTerm(rand: (n: number) => number, monomialShare: number): Expr {
  const factors: Expr[] = [COEFFICIENTS[rand(COEFFICIENTS.length)]!];
  const k = 1 + rand(4);
  for (let j = 0; j < k; j++) factors.push(pow(NAMES[rand(NAMES.length)]!, EXPONENTS[rand(EXPONENTS.length)]!));
  if (rand(100) >= monomialShare) {
    const a = NAMES[rand(NAMES.length)]!;
    const b = NAMES[rand(NAMES.length)]!;
    const other = [
      () => call(FUNCTIONS[rand(FUNCTIONS.length)]!, a),
      () => call(FUNCTIONS[rand(FUNCTIONS.length)]!, add(a, mul(num(2), b))),
      () => pow(add(a, num(1)), EXPONENTS[rand(EXPONENTS.length)]!),
      () => pow(a, b),
      () => pow(mul(a, call('sin', b)), num(Rational.of(1, 2))),
      () => add(a, b),
    ][rand(6)]!();
    factors.push(other);
  }
  return mul(...factors);
}

/** A sum of about n random terms (like terms combine), with a number unless told otherwise. */
function randomSum(seed: number, n: number, monomialShare: number, constant = true): Expr {
  const rand = prng(seed);
  const terms: Expr[] = [];
  for (let i = 0; i < n; i++) terms.push(randomTerm(rand, monomialShare));
  if (constant) terms.push(num(rand(2) === 0 ? -5 : Rational.of(7, 2)));
  return addAll(terms);
}

/** The display order by its definition: non-numbers by `displayCompare`, numbers last, the first positive term first if the first is negative. */
function referenceOrder(terms: readonly Expr[]): Expr[] {
  const negative = (t: Expr): boolean =>
    t.kind === 'num' ? t.value.isNegative : t.kind === 'mul' && t.factors[0]!.kind === 'num' && t.factors[0].value.isNegative;
  const out = [...terms.filter((t) => t.kind !== 'num').sort(displayCompare), ...terms.filter((t) => t.kind === 'num')];
  const i = out.findIndex((t) => !negative(t));
  if (negative(out[0]!) && i > 0) out.unshift(...out.splice(i, 1));
  return out;
}

function expectSamePrint(e: Expr): void {
  expect(e.kind === 'add' && e.terms.length).toBeGreaterThanOrEqual(256);
  expect(toText(e)).toBe(toTextGeneral(e));
  expect(toLatex(e)).toBe(toLatexGeneral(e));
}

describe('printing a large sum term by term', () => {
  it('prints what the generic printer prints: random sums of monomials', () => {
    for (let seed = 1; seed <= 12; seed++) expectSamePrint(randomSum(seed, 400, 100, seed % 3 !== 0));
  });

  it('prints what the generic printer prints: random sums with calls, sums, symbolic powers and nested products among the terms', () => {
    for (let seed = 101; seed <= 112; seed++) expectSamePrint(randomSum(seed, 400, 70));
  });

  it('prints what the generic printer prints: every term negative, and a sum whose first term is negative', () => {
    for (const share of [100, 80]) {
      const rand = prng(7);
      const negatives: Expr[] = [];
      for (let i = 0; i < 300; i++) {
        const t = randomTerm(rand, share);
        const c = t.kind === 'mul' && t.factors[0]!.kind === 'num' ? t.factors[0].value : Rational.ONE;
        negatives.push(c.isNegative ? t : mul(num(-1 - rand(4)), t));
      }
      const e = addAll(negatives);
      expect(toText(e).startsWith('-')).toBe(true);
      expectSamePrint(e);
      expectSamePrint(addAll([...negatives, sym('zeta')]));
    }
  });

  it('orders the terms as the pairwise comparison does (packed keys with ties, keys out of range, calls)', () => {
    for (const seed of [3, 104]) {
      const e = randomSum(seed, 600, seed < 100 ? 100 : 70);
      if (e.kind !== 'add') throw new Error('expected a sum');
      expect(displayTerms(e.terms)).toEqual(referenceOrder(e.terms));
    }
  });

  it('orders and prints a sum in more names than the packed key can rank (the comparison sort)', () => {
    // 16,400 names: past PACK_NO_RANK, so no term has a packed key.
    const terms: Expr[] = [];
    for (let i = 0; i < 16_400; i++) terms.push(mul(num(1 + (i % 3)), sym(`v${i}`), pow(sym('w'), num(1 + (i % 2)))));
    const e = addAll(terms);
    if (e.kind !== 'add') throw new Error('expected a sum');
    expect(displayTerms(e.terms)).toEqual(referenceOrder(e.terms));
    expectSamePrint(e);
  });

  it('orders and prints products with calls as the pairwise comparison does (the text-sorted runs: long shared prefixes, powers of calls, nested sums, coefficients, a name past ASCII)', () => {
    // Many terms of one degree and kind: the runs sorted by text, in chunks of characters,
    // with prefixes shared past the chunks made with the texts (long names).
    const rand = prng(2024);
    const xs = Array.from({ length: 40 }, (_, i) => sym(`alpha_long_name_${i}`));
    const ys = Array.from({ length: 30 }, (_, i) => sym(`beta_long_name_${i}`));
    const wide = sym('θ');
    for (const withWide of [false, true]) {
      const terms: Expr[] = [];
      for (let i = 0; i < 1600; i++) {
        const x = xs[rand(xs.length)]!;
        const y = ys[rand(ys.length)]!;
        const c = COEFFICIENTS[rand(COEFFICIENTS.length)]!;
        const fn = FUNCTIONS[rand(FUNCTIONS.length)]!;
        terms.push(
          [
            () => mul(x, call(fn, y)),
            () => mul(c, x, call(fn, y)),
            () => mul(x, pow(call(fn, y), num(2))),
            () => pow(call(fn, y), num(3)),
            () => mul(x, add(y, num(1))),
            () => mul(x, call('sin', y), call('cos', x)),
            () => mul(x, pow(call(fn, y), num(-1))),
            () => mul(pow(x, num(2)), call(fn, add(x, y))),
          ][rand(8)]!(),
        );
      }
      if (withWide) for (let i = 0; i < 100; i++) terms.push(mul(xs[i % xs.length]!, call('sin', rand(2) ? wide : ys[i % ys.length]!)));
      const e = addAll(terms);
      if (e.kind !== 'add') throw new Error('expected a sum');
      expect(displayTerms(e.terms)).toEqual(referenceOrder(e.terms));
      expectSamePrint(e);
    }
  });

  it('matches a hand-written sum of products with calls: x_i*sin(y_j) in string order of their texts', () => {
    // All terms of degree 1 and the same kind: the order is that of the texts, here made by hand.
    const texts: string[] = [];
    const terms: Expr[] = [];
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        texts.push(`x${i}*sin(y${j})`);
        terms.push(mul(sym(`x${i}`), call('sin', sym(`y${j}`))));
      }
    }
    expect(toText(addAll(terms))).toBe(texts.sort().join(' + '));
  });

  it('matches a hand-written sum: all terms negative with fractional coefficients, a positive number leads', () => {
    // -(3/2)*x_i^2/y for i = 100..399 (same-length names: string order is numeric order), plus 5.
    const terms: Expr[] = [num(5)];
    for (let i = 100; i < 400; i++) terms.push(mul(num(Rational.of(-3, 2)), pow(sym(`x${i}`), num(2)), pow(sym('y'), num(-1))));
    const e = addAll(terms);
    const idx = Array.from({ length: 300 }, (_, k) => 100 + k);
    expect(toText(e)).toBe(`5${idx.map((i) => ` - 3*x${i}^2/(2*y)`).join('')}`);
    expect(toLatex(e)).toBe(`5${idx.map((i) => ` - \\frac{3x_{${i}}^{2}}{2y}`).join('')}`);
  });
});

describe('display degree under memo turnover', () => {
  it('a product whose known factors are retired from the memo during its own walk still has its degree', () => {
    // Known symbols, then a product of them with 3 generations' worth of new symbols: the
    // walk's writes retire the known ones before the product reads them.
    const known = Array.from({ length: 20 }, (_, i) => sym(`known${i}`));
    for (const k of known) expect(displayDegree(k)).toBe(1);
    const fresh = Array.from({ length: 3 * GENERATION }, (_, i) => sym(`fresh${i}`));
    const product = mul(...known.map((k) => pow(k, num(2))), ...fresh);
    // Hand count: 20 squares and 3·GENERATION symbols.
    expect(displayDegree(product)).toBe(40 + 3 * GENERATION);
  });
});
