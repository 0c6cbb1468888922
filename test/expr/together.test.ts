/**
 * `together`: sums of fractions over one common denominator, with the numerator's
 * common factors cancelled. Expected forms are hand-derived; values are compared with
 * the input's own value at random points (the input is the independent reference).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, expand, mul, nodeCount, num, parse, pow, sym, toText, together, ZERO, type Expr } from '../../src/expr/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { close, evaluate, rng } from '../support/expr-eval.js';

describe('together', () => {
  const cases: [input: string, expected: string][] = [
    // e/(1+e) - e^2/(1+e)^2 = (e(1+e) - e^2)/(1+e)^2 = e/(1+e)^2: the sigmoid's derivative.
    ['exp(x)/(1 + exp(x)) - exp(2*x)/(1 + exp(x))^2', 'exp(x)/(exp(x) + 1)^2'],
    // The logistic loss's second derivative in t = a*b: a^2 (e^-2t - e^-t (1 + e^-t))/(1 + e^-t)^2.
    ['a^2*exp(-2*a*b)/(1 + exp(-a*b))^2 - a^2*exp(-a*b)/(1 + exp(-a*b))', '-a^2*exp(-a*b)/(exp(-a*b) + 1)^2'],
    // A combined sum inside a product: e*(1/(1+e) - e/(1+e)^2) = e/(1+e)^2.
    ['exp(x)*(1/(1 + exp(x)) - exp(x)/(1 + exp(x))^2)', 'exp(x)/(exp(x) + 1)^2'],
    ['x/(x + y) + y/(x + y)', '1'],
    // A power of a sum in a numerator is multiplied out: (x(x^2 + 2x + 1) - x^3)/(y + 1).
    ['x*(x + 1)^2/(y + 1) - x^3/(y + 1)', 'x*(2*x + 1)/(y + 1)'],
    ['1/x - 1/x', '0'],
    // ((x + 1) - (x - 1))/((x - 1)(x + 1)).
    ['1/(x - 1) - 1/(x + 1)', '2/((x + 1)*(x - 1))'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => {
      const e = parse(input);
      const t = together(e);
      expect(toText(t)).toBe(expected);
      const random = rng(3);
      for (let i = 0; i < 20; i++) {
        const at = { x: 4 * random() - 2, y: 0.5 + random(), a: 4 * random() - 2, b: 4 * random() - 2 };
        expect(close(evaluate(t, at), evaluate(e, at), 1e-12)).toBe(true);
      }
    });
  }

  it('leaves a sum alone when one fraction is not shorter (tanh(u)*(1 - tanh(u)^2), 1 + 1/x)', () => {
    for (const s of ['tanh(u)*(1 - tanh(u)^2)', '1 + 1/x']) expect(together(parse(s))).toBe(parse(s));
  });

  it('a continued fraction 4000 levels deep: no recursion on the depth, never larger', () => {
    let e: Expr = sym('x');
    for (let i = 0; i < 4000; i++) e = add(sym('x'), pow(add(num(1), e), num(-1)));
    expect(nodeCount(together(e))).toBeLessThanOrEqual(nodeCount(e));
  });

  it('a numerator past the term bound is left as it is', () => {
    const e = parse('(x + y + 1)^9/(x + 1) - 1/(x + 1)^2');
    expect(together(e, { maxTerms: 8 })).toBe(e);
  });

  it('property: sums of fractions over shared denominators keep their values and combine', () => {
    const random = rng(5);
    const dens = ['x + 1', 'exp(x) + 1', 'y^2 + 1', 'exp(-x*y) + 1'].map((d) => parse(d));
    const term = fc.tuple(
      exprArbitrary({ vars: ['x', 'y'], maxDepth: 2, functions: ['exp'], division: false, symbolicExponents: false, constants: false }),
      fc.integer({ min: 0, max: dens.length - 1 }),
      fc.integer({ min: 1, max: 3 }),
    );
    let changed = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(term, { minLength: 2, maxLength: 4 }), (terms) => {
        runs++;
        const e = add(...terms.map(([p, d, k]) => mul(p, pow(dens[d]!, num(-k)))));
        const t = together(e);
        if (t !== e) changed++;
        expect(nodeCount(t)).toBeLessThanOrEqual(nodeCount(e));
        for (let i = 0; i < 3; i++) {
          const at = { x: 2 * random() - 1, y: 2 * random() - 1 };
          const before = evaluate(e, at);
          if (!Number.isFinite(before) || Math.abs(before) > 1e6) continue;
          expect(close(evaluate(t, at), before, 1e-8), `${toText(e)} → ${toText(t)} at ${JSON.stringify(at)}`).toBe(true);
        }
      }),
      { numRuns: 200, seed: 21 },
    );
    // Some of the sample combines (most random numerators make one fraction larger).
    expect(changed).toBeGreaterThan(0);
    expect(runs).toBe(200);
  });

  it('property: P/D^k + Q/D^j minus the same over D^max(k,j), multiplied out, is exactly 0', () => {
    const poly = exprArbitrary({ vars: ['x', 'y'], maxDepth: 2, functions: ['exp'], division: false, symbolicExponents: false, constants: false });
    const dens = ['x + 1', 'exp(x) + y', 'y^2 + x + 2'].map((d) => parse(d));
    fc.assert(
      fc.property(poly, poly, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (P, Q, d, k, j) => {
        const D = dens[d]!;
        const m = Math.max(k, j);
        // The numerator multiplied out by expand (another owner), so that together's own errors cannot cancel.
        const combined = mul(expand(add(mul(P, pow(D, num(m - k))), mul(Q, pow(D, num(m - j))))), pow(D, num(-m)));
        const e = add(mul(P, pow(D, num(-k))), mul(Q, pow(D, num(-j))), mul(num(-1), combined));
        expect(together(e), toText(e)).toBe(ZERO);
      }),
      { numRuns: 150, seed: 4 },
    );
  });

  it('property: equal values where the input is defined, never larger, idempotent', () => {
    const random = rng(7);
    let compared = 0;
    fc.assert(
      fc.property(exprArbitrary({ vars: ['x', 'y'], maxDepth: 4, functions: ['exp', 'tanh', 'log'] }), (e) => {
        const t = together(e);
        expect(nodeCount(t)).toBeLessThanOrEqual(nodeCount(e));
        expect(together(t)).toBe(t);
        for (let i = 0; i < 3; i++) {
          const at = { x: 4 * random() - 2, y: 4 * random() - 2 };
          const before = evaluate(e, at);
          if (!Number.isFinite(before) || Math.abs(before) > 1e8) continue;
          compared++;
          expect(close(evaluate(t, at), before, 1e-7), `${toText(e)} at ${JSON.stringify(at)}`).toBe(true);
        }
      }),
      { numRuns: 300, seed: 12 },
    );
    expect(compared).toBeGreaterThan(100);
  });
});
