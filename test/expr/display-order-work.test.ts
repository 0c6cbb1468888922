/**
 * The display order of a sum is one O(n log n) sort over keys made once per term
 * (issue 10: a 10 MB objective printed in seconds). Counted work, not time: the number of
 * comparisons of `displayTerms`, against n log2 n and against itself at twice the size.
 */
import { describe, expect, it } from 'vitest';
import { addAll, displayTerms, mul, parse, sym, type Expr, type SortStats } from '../../src/expr/index.js';

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
  return stats.comparisons;
}

describe('display order of a sum: counted work', () => {
  for (const [name, make] of [
    ['monomials', monomialTerms],
    ['terms with calls', callTerms],
  ] as const) {
    it(`${name}: at most n log2 n comparisons, and about twice as many for twice the terms`, () => {
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
});
