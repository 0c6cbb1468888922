/**
 * The display order of a sum is one O(n log n) sort over keys made once per term
 * (issue 10: a 10 MB objective printed in seconds). Counted work, not time: the
 * comparisons of `displayTerms` plus the elements its radix passes over packed keys place
 * (linear), against n log2 n and against itself at twice the size.
 */
import { describe, expect, it } from 'vitest';
import { addAll, displayCompare, displayTerms, mul, num, parse, pow, sin, sym, type Expr, type SortStats } from '../../src/expr/index.js';

/** The terms of a canonical sum of n products x_{i mod 100}*y_{floor(i/100)} (all distinct monomials). */
function monomialTerms(n: number): readonly Expr[] {
  const terms: Expr[] = [];
  for (let i = 0; i < n; i++) terms.push(mul(sym(`x${i % 100}`), sym(`y${Math.floor(i / 100)}`)));
  const e = addAll(terms);
  if (e.kind !== 'add') throw new Error('expected a sum');
  return e.terms;
}

/** The terms of a sum of n terms sin(x_i)*y_i: not monomials, so the printed text breaks ties. */
function callTerms(n: number): readonly Expr[] {
  const e = parse(Array.from({ length: n }, (_, i) => `sin(x${i})*y${i}`).join(' + '));
  if (e.kind !== 'add') throw new Error('expected a sum');
  return e.terms;
}

function comparisons(terms: readonly Expr[]): number {
  const stats: SortStats = { comparisons: 0 };
  displayTerms(terms, stats);
  return stats.comparisons + (stats.moves ?? 0);
}

describe('display order of a sum: counted work', () => {
  for (const [name, make] of [
    ['monomials', monomialTerms],
    ['terms with calls', callTerms],
  ] as const) {
    it(`${name}: at most n log2 n steps, and about twice as many for twice the terms`, () => {
      const n = 1 << 13;
      const c1 = comparisons(make(n));
      const c2 = comparisons(make(2 * n));
      expect(c1).toBeLessThanOrEqual(n * Math.log2(n));
      expect(c2).toBeLessThanOrEqual(2 * n * Math.log2(2 * n));
      // n log n doubles to 2(1 + 1/log2 n) ≈ 2.15 times; a quadratic sort would quadruple.
      expect(c2 / c1).toBeGreaterThan(1.8);
      expect(c2 / c1).toBeLessThan(2.5);
    });
  }

  it('the order is the documented one: monomials by their names in string order (x0, x1, x10, ...)', () => {
    const terms = monomialTerms(300);
    const printed = displayTerms(terms).map((t) => (t.kind === 'mul' ? t.factors.map((f) => (f.kind === 'sym' ? f.name : '?')).join('*') : '?'));
    const expected: string[] = [];
    for (let i = 0; i < 300; i++) expected.push(`x${i % 100}*y${Math.floor(i / 100)}`);
    // Sorted independently: by the x name, then the y name, as strings.
    expected.sort((a, b) => {
      const [xa, ya] = a.split('*') as [string, string];
      const [xb, yb] = b.split('*') as [string, string];
      return xa !== xb ? (xa < xb ? -1 : 1) : ya < yb ? -1 : ya > yb ? 1 : 0;
    });
    expect(printed).toEqual(expected);
    // Asked twice (the text and LaTeX printers both ask): the same order.
    expect(displayTerms(terms)).toEqual(displayTerms(terms));
  });

  it('the packed sort key orders as the comparison by names does (exponents in and out of its range, long monomials, other terms)', () => {
    // Deterministic pseudo-random terms: monomials in up to 4 of 6 names with exponents
    // 1..3 (packed), 200 (beyond the packed range), 1/2 and -1 (not packed), degrees past
    // 255, and terms that are not monomials.
    let seed = 12345;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const names = ['a', 'b', 'c', 'x1', 'x10', 'x2'].map((n) => sym(n));
    const exps = [num(1), num(2), num(3), num(200), num(0.5), num(-1)];
    const terms: Expr[] = [];
    for (let i = 0; i < 3000; i++) {
      const k = 1 + rand(4);
      const factors: Expr[] = [num(1 + rand(5))];
      for (let j = 0; j < k; j++) factors.push(pow(names[rand(6)]!, exps[rand(10) < 8 ? rand(3) : 3 + rand(3)]!));
      if (rand(8) === 0) factors.push(sin(names[rand(6)]!));
      terms.push(mul(...factors));
    }
    const e = addAll(terms);
    if (e.kind !== 'add') throw new Error('expected a sum');
    const got = displayTerms(e.terms, { comparisons: 0 });
    // The reference: the pairwise comparison by names (displayCompare), numbers last.
    const reference = e.terms.filter((t) => t.kind !== 'num').sort(displayCompare);
    expect(reference.length).toBeGreaterThan(1000);
    expect(got.filter((t) => t.kind !== 'num')).toEqual(reference);
  });
});
