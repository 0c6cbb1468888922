import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational, add, call, cos, expand, mul, nodeCount, num, parse, pow, sin, sym, toText, type Expr } from '../../src/expr/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { close, evaluate, rng } from '../support/expr-eval.js';

const x = sym('x');

describe('expand: exact results', () => {
  const cases: [string, string][] = [
    ['(x+1)^2', 'x^2 + 2*x + 1'],
    ['(x+y)^3', 'x^3 + 3*x^2*y + 3*x*y^2 + y^3'],
    ['(a+b)*(c+d)', 'a*c + a*d + b*c + b*d'],
    ['(x+1)^2 - x^2 - 2*x', '1'],
    ['x*(x+1) - x^2', 'x'],
    ['(x-1)*(x+1)', 'x^2 - 1'],
    ['2*(x+1)*(y+1)', '2*x*y + 2*x + 2*y + 2'],
    ['((x+1)^2 + 1)^2', 'x^4 + 4*x^3 + 8*x^2 + 8*x + 4'],
    ['(x+y+z)^2', 'x^2 + 2*x*y + 2*x*z + y^2 + 2*y*z + z^2'],
    ['sin((x+1)^2)', 'sin(x^2 + 2*x + 1)'],
    ['exp((a+b)*c)', 'exp(a*c + b*c)'],
    ['sqrt(x+1)*(x+1)^(3/2)', 'x^2 + 2*x + 1'],
    ['(x + 1/2)^2', 'x^2 + x + 1/4'],
    ['(sqrt(2) + x)^2', 'x^2 + 2*sqrt(2)*x + 2'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => {
      expect(expand(parse(input))).toBe(parse(expected));
    });
  }

  it('expands the denominator of a negative integer power of a sum', () => {
    expect(expand(parse('1/(x+1)^2'))).toBe(pow(parse('x^2 + 2*x + 1'), num(-1)));
    expect(toText(expand(parse('1/(x+1)^2')))).toBe('1/(x^2 + 2*x + 1)');
  });

  it('leaves fractional powers of sums and quotients of sums as they are', () => {
    for (const t of ['sqrt(x+1)', '(x+y)^z', '(x^2 - 1)/(x - 1)', 'x + y', 'sin(x)']) {
      const e = parse(t);
      expect(expand(e)).toBe(t === '(x^2 - 1)/(x - 1)' ? parse('x^2/(x - 1) - 1/(x - 1)') : e);
    }
  });

  it('expands multinomials with the right coefficients', () => {
    // (x+y)^10: binomial coefficients
    const e = expand(parse('(x+y)^10'));
    expect(e.kind).toBe('add');
    const binom = (n: number, k: number): number => (k === 0 ? 1 : (binom(n, k - 1) * (n - k + 1)) / k);
    for (let k = 0; k <= 10; k++) {
      const term = mul(num(binom(10, k)), pow(x, num(10 - k)), pow(sym('y'), num(k)));
      expect((e as { terms: readonly Expr[] }).terms).toContain(term);
    }
    // (a+b+c)^4 has C(6,2) = 15 terms, and the coefficients sum to 3^4
    const t = expand(parse('(a+b+c)^4'));
    expect(t.kind === 'add' && t.terms.length).toBe(15);
    const one = { a: 1, b: 1, c: 1 };
    expect(evaluate(t, one)).toBe(81);
  });

  it('stops at maxTerms and keeps that part factored', () => {
    const big = parse('(a+b+c+d+e1)^30'); // C(34, 4) = 46,376 terms
    expect(expand(big)).toBe(big);
    expect(expand(parse('(x+y)^20'), { maxTerms: 10 })).toBe(parse('(x+y)^20'));
    expect(expand(parse('(x+y)^20'), { maxTerms: 21 }).kind).toBe('add');
    const product = parse('(a+1)*(b+1)*(c+1)*(d+1)');
    expect(expand(product, { maxTerms: 15 })).toBe(product);
    expect(expand(product, { maxTerms: 16 }).kind === 'add' && (expand(product, { maxTerms: 16 }) as { terms: readonly Expr[] }).terms.length).toBe(16);
  });

  it('is idempotent and visits a shared DAG once per node', () => {
    // d_k = sin(d_{k-1}) + cos(d_{k-1}): 2^60 nodes as a tree, 3*60 + 1 as a DAG.
    let d: Expr = add(x, num(1));
    for (let k = 0; k < 60; k++) d = add(sin(d), cos(d));
    const t0 = performance.now();
    const e = expand(d);
    expect(performance.now() - t0).toBeLessThan(5_000); // a tree walk would never finish
    expect(e).toBe(d);
    expect(nodeCount(e)).toBe(nodeCount(d));
    // sharing with expandable parts: p_k = (p_{k-1})^2 inside calls, expanded once each
    let p: Expr = x;
    for (let k = 0; k < 40; k++) p = call('exp', pow(add(p, num(1)), num(2)));
    const q = expand(p);
    expect(expand(q)).toBe(q);
    expect(nodeCount(q)).toBeLessThan(10 * 40);
  });
});

describe('expand: numeric spot checks', () => {
  it('keeps the value of random expressions at random points', () => {
    const random = rng(17);
    let compared = 0;
    fc.assert(
      fc.property(
        exprArbitrary({ maxDepth: 4, symbolicExponents: false, exponents: [-2, -1, 2, 3, 4].map((k) => Rational.of(k)).concat([Rational.of(1, 2)]) }),
        (e) => {
          const ex = expand(e);
          expect(expand(ex)).toBe(ex);
          for (let i = 0; i < 3; i++) {
            const at = { x: 4 * random() - 2, y: 4 * random() - 2, z: 4 * random() - 2 };
            const a = evaluate(e, at);
            const b = evaluate(ex, at);
            if (!Number.isFinite(a) || Math.abs(a) > 1e6) continue;
            compared++;
            expect(close(a, b, 1e-6)).toBe(true);
          }
        },
      ),
      { seed: 2024, numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(500);
  });
});
