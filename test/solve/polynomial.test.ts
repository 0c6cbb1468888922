/**
 * Polynomial systems: root isolation, radicals, Cardano, inconsistent and
 * positive-dimensional systems, and a textbook Gröbner example.
 */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { expectSameTuples, residualAt, solve, valuesOf } from './helpers.js';

describe('univariate', () => {
  it('x^3 - 3x + 1: irreducible, three real roots 2cos(2pi/9), 2cos(4pi/9), 2cos(8pi/9) to 1e-12', () => {
    const r = solve(['x^3 - 3*x + 1'], ['x']);
    expect(r.completeness).toBe('complete');
    const xs = r.solutions.map((s) => s.numericValues!.get('x')!).sort((a, b) => a - b);
    const expected = [1, 2, 4].map((k) => 2 * Math.cos((2 * Math.PI * k) / 9)).sort((a, b) => a - b);
    expect(xs).toHaveLength(3);
    xs.forEach((x, i) => expect(Math.abs(x - expected[i]!)).toBeLessThan(1e-12));
    for (const s of r.solutions) {
      expect(s.exact).toBe(false);
      expect(s.residual).toBeLessThan(1e-14);
    }
  });

  it('x^4 - 5x^2 + 6 (biquadratic): ±sqrt(2), ±sqrt(3)', () => {
    const r = solve(['x^4 - 5*x^2 + 6'], ['x']);
    expect(r.solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual(['-sqrt(2)', '-sqrt(3)', 'sqrt(2)', 'sqrt(3)']);
  });

  it('x^4 - 10x^2 + 1 (irreducible biquadratic): the nested radicals denest to ±sqrt(2) ± sqrt(3)', () => {
    const r = solve(['x^4 - 10*x^2 + 1'], ['x']);
    expect(r.completeness).toBe('complete');
    const xs = r.solutions.map((s) => valuesOf(s, ['x']));
    expectSameTuples(xs, [[Math.SQRT2 + Math.sqrt(3)], [Math.SQRT2 - Math.sqrt(3)], [-Math.SQRT2 + Math.sqrt(3)], [-Math.SQRT2 - Math.sqrt(3)]], 1e-14);
    expect(r.solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual([
      '-sqrt(2) - sqrt(3)',
      'sqrt(2) + sqrt(3)',
      'sqrt(2) - sqrt(3)',
      'sqrt(3) - sqrt(2)',
    ]);
  });

  it('x^4 + 1 has no real root', () => {
    const r = solve(['x^4 + 1'], ['x']);
    expect(r.solutions).toHaveLength(0);
    expect(r.completeness).toBe('inconsistent');
  });

  it('a cubic with one real root takes Cardano form, checked against the isolated root', () => {
    // x^3 + x + 1: the real root is about -0.6823278038280193
    const r = solve(['x^3 + x + 1'], ['x']);
    expect(r.solutions).toHaveLength(1);
    const s = r.solutions[0]!;
    expect(s.exact).toBe(true);
    expect(valuesOf(s, ['x'])[0]).toBeCloseTo(-0.6823278038280193, 14);
  });

  it('x^3 = 2 gives 2^(1/3); x^2 = 2 with a double root factor', () => {
    expect(toText(solve(['x^3 - 2'], ['x']).solutions[0]!.values.get('x')!)).toBe('2^(1/3)');
    const r = solve(['(x^2 - 2)^2*(x - 1)'], ['x']);
    expect(r.solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual(['-sqrt(2)', '1', 'sqrt(2)']);
  });

  it('rational roots of a large-coefficient polynomial', () => {
    // (3x - 2)(5x + 7)(x - 11)
    const r = solve(['(3*x - 2)*(5*x + 7)*(x - 11)'], ['x']);
    expect(r.solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual(['-7/5', '11', '2/3']);
  });

  it('an irreducible quartic with a rational resolvent root (Ferrari): x^4 - 4x - 1 in nested square roots', () => {
    // Real roots (mpmath polyroots, 30 digits): -0.249038376398374331, 1.663251938771469380.
    const r = solve(['x^4 - 4*x - 1'], ['x']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions.every((s) => s.exact)).toBe(true);
    expectSameTuples(r.solutions.map((s) => valuesOf(s, ['x'])), [[-0.249038376398374331], [1.66325193877146938]], 1e-15);
  });

  it('a quintic with no closed form: real roots isolated numerically, flagged inexact', () => {
    // x^5 - x - 1 is irreducible (and not solvable by radicals); one real root ≈ 1.1673039782614187.
    const r = solve(['x^5 - x - 1'], ['x']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(1);
    expect(r.solutions[0]!.exact).toBe(false);
    expect(Math.abs(r.solutions[0]!.numericValues!.get('x')! - 1.1673039782614187)).toBeLessThan(1e-13);
  });
});

describe('systems', () => {
  it('Cox–Little–O’Shea: x^2+y+z=1, x+y^2+z=1, x+y+z^2=1 has 5 solutions', () => {
    // Book: (1,0,0), (0,1,0), (0,0,1), (-1 ± sqrt(2)) (1,1,1).
    const eqs = ['x^2 + y + z - 1', 'x + y^2 + z - 1', 'x + y + z^2 - 1'];
    const r = solve(eqs, ['x', 'y', 'z']);
    expect(r.completeness).toBe('complete');
    const a = -1 + Math.SQRT2;
    const b = -1 - Math.SQRT2;
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['x', 'y', 'z'])),
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [a, a, a],
        [b, b, b],
      ],
      1e-14,
    );
    expect(r.solutions.every((s) => s.exact)).toBe(true);
  });

  it('nearest and farthest points of the ellipse x^2/4 + y^2 = 1 from (2, 1): a quartic, solved exactly', () => {
    // KKT of min (x-2)^2 + (y-1)^2 s.t. x^2/4 + y^2 = 1. Independent check: the stationary
    // points of phi(t) = (2 cos t - 2)^2 + (sin t - 1)^2, found by bisection on phi'(t).
    const r = solve(['2*(x-2) + l*x/2', '2*(y-1) + 2*l*y', 'x^2/4 + y^2 - 1'], ['x', 'y', 'l']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions.every((s) => s.exact)).toBe(true);
    const dphi = (t: number): number => -4 * Math.sin(t) * (2 * Math.cos(t) - 2) + 2 * Math.cos(t) * (Math.sin(t) - 1);
    const ts: number[] = [];
    const N = 20000;
    for (let i = 0; i < N; i++) {
      let a = (2 * Math.PI * i) / N;
      let b = (2 * Math.PI * (i + 1)) / N;
      if (Math.sign(dphi(a)) === Math.sign(dphi(b))) continue;
      for (let k = 0; k < 100; k++) {
        const m = (a + b) / 2;
        if (Math.sign(dphi(m)) === Math.sign(dphi(a))) a = m;
        else b = m;
      }
      ts.push(a);
    }
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['x', 'y'])),
      ts.map((t) => [2 * Math.cos(t), Math.sin(t)]),
      1e-12,
    );
  });

  it('x^2 + y^2 = 1, xy = 0: four points', () => {
    const r = solve(['x^2 + y^2 - 1', 'x*y'], ['x', 'y']);
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['x', 'y'])),
      [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ],
      0,
    );
  });

  it('a system whose last level is a cubic with three real roots: back-substitution stays exact in Q[s]/(m)', () => {
    // y = x^2 + 1 and x^3 - 3x + 1 = 0
    const eqs = ['x^3 - 3*x + 1', 'y - x^2 - 1'];
    const r = solve(eqs, ['x', 'y']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(3);
    for (const s of r.solutions) {
      const x = s.numericValues!.get('x')!;
      expect(Math.abs(s.numericValues!.get('y')! - (x * x + 1))).toBeLessThan(1e-14);
    }
  });

  it('inconsistent: x + y = 1, x + y = 2', () => {
    const r = solve(['x + y - 1', 'x + y - 2'], ['x', 'y']);
    expect(r.completeness).toBe('inconsistent');
    expect(r.solutions).toHaveLength(0);
  });

  it('inconsistent nonlinear: xy = 1, x = 0 (Gröbner basis {1})', () => {
    const r = solve(['x*y - 1', 'x'], ['x', 'y']);
    expect(r.completeness).toBe('inconsistent');
    expect(r.notes.join(' ')).toMatch(/\{1\}/);
  });

  it('no real solution: x^2 + y^2 + 1 = 0, x = y', () => {
    const r = solve(['x^2 + y^2 + 1', 'x - y'], ['x', 'y']);
    expect(r.completeness).toBe('inconsistent');
  });

  it('underdetermined linear: a parametrisation by the free unknown', () => {
    const r = solve(['x + 2*y - 1', '2*x + 4*y - 2'], ['x', 'y']);
    expect(r.completeness).toBe('underdetermined');
    const s = r.solutions[0]!;
    expect(s.free).toEqual(['y']);
    expect(toText(s.values.get('x')!)).toBe('1 - 2*y');
  });

  it('underdetermined nonlinear: the circle, x = ±sqrt(1 - y^2)', () => {
    const r = solve(['x^2 + y^2 - 1'], ['x', 'y']);
    expect(r.completeness).toBe('underdetermined');
    expect(r.solutions).toHaveLength(2);
    for (const s of r.solutions) {
      expect(s.free).toEqual(['y']);
      for (const y of [-0.9, 0.2, 0.7]) expect(residualAt(['x^2 + y^2 - 1'], s, { y })).toBeLessThan(1e-15);
    }
  });

  it('rational equations: denominators are side conditions', () => {
    // 1/x + 1/y = 1, x = y  =>  x = y = 2 ; the candidate x = 0 never arises.
    const r = solve(['1/x + 1/y - 1', 'x - y'], ['x', 'y']);
    expectSameTuples(r.solutions.map((s) => valuesOf(s, ['x', 'y'])), [[2, 2]], 0);
    // x/(x - 1) = 1/(x - 1): numerator x - 1 = 0 but x = 1 is excluded.
    const r2 = solve(['x/(x - 1) - 1/(x - 1)'], ['x']);
    expect(r2.solutions).toHaveLength(0);
  });

  it('constants as coefficients: x^2 = pi', () => {
    const r = solve(['x^2 - pi'], ['x']);
    expectSameTuples(r.solutions.map((s) => valuesOf(s, ['x'])), [[Math.sqrt(Math.PI)], [-Math.sqrt(Math.PI)]], 1e-15);
  });
});
