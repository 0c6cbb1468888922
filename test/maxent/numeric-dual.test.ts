/**
 * Problems without closed-form multipliers: the dual solved by Newton's method, checked
 * here by an independent composite Simpson rule on a wide finite grid.
 */
import { describe, expect, it } from 'vitest';
import { readMaxentProblem, solveMaxent, type MaxentResult } from '../../src/maxent/index.js';
import { compile } from '../../src/compile/index.js';

function solve(doc: unknown): MaxentResult {
  return solveMaxent(readMaxentProblem(doc));
}

/** Composite Simpson on [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

function density(r: MaxentResult): (x: number) => number {
  const f = compile([r.density!], [r.problem.variable]);
  const input = new Float64Array(1);
  const out = new Float64Array(1);
  return (x) => {
    input[0] = x;
    return f.evaluate(input, out)[0]!;
  };
}

describe('dual Newton', () => {
  it('E[x^2] = 1, E[x^4] = 2 on the real line (kurtosis 2: bimodal, lambda_2 > 0)', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x^2', value: 1 }, { f: 'x^4', value: 2 }] });
    expect(r.status).toBe('optimal');
    expect(r.family).toBe('numeric');
    expect(r.exact).toBe(false);
    expect(r.multipliers[1]!.numeric!).toBeGreaterThan(0);
    expect(r.multipliers[2]!.numeric!).toBeLessThan(0);
    for (const c of r.checks) expect(c.error).toBeLessThan(1e-8);
    const p = density(r);
    expect(simpson(p, -12, 12)).toBeCloseTo(1, 10);
    expect(simpson((x) => x * x * p(x), -12, 12)).toBeCloseTo(1, 9);
    expect(simpson((x) => x ** 4 * p(x), -12, 12)).toBeCloseTo(2, 9);
    // density.text carries the numeric multipliers
    expect(r.densityPrinted!.text).toMatch(/^exp\(0\.2784\d+\*x\^2 - 0\.1946\d+\*x\^4 - 1\.2479\d+\)$/);
  });
  it('kurtosis exactly 3 reproduces the Gaussian: lambda_4 = 0', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x^2', value: 1 }, { f: 'x^4', value: 3 }] });
    expect(r.status).toBe('optimal');
    expect(Math.abs(r.multipliers[2]!.numeric!)).toBeLessThan(1e-9);
    expect(r.multipliers[1]!.numeric!).toBeCloseTo(-0.5, 9);
  });
  it('E[x], E[x^2] on [0, 1] with a U shape (variance above 1/12): numeric, not truncated normal', () => {
    const r = solve({ support: [0, 1], moments: [{ f: 'x', value: 0.5 }, { f: 'x^2', value: 0.35 }] });
    expect(r.status).toBe('optimal');
    expect(r.family).toBe('numeric');
    expect(r.multipliers[2]!.numeric!).toBeGreaterThan(0);
    const p = density(r);
    expect(simpson(p, 0, 1)).toBeCloseTo(1, 11);
    expect(simpson((x) => x * p(x), 0, 1)).toBeCloseTo(0.5, 11);
    expect(simpson((x) => x * x * p(x), 0, 1)).toBeCloseTo(0.35, 11);
  });
  it('E[x], E[x^2] on [0, 1] with a small variance: a truncated normal, its normaliser checked by erf', () => {
    const r = solve({ support: [0, 1], moments: [{ f: 'x', value: 0.3 }, { f: 'x^2', value: 0.15 }] });
    expect(r.family).toBe('truncated-normal');
    const cf = r.numeric!.closedFormLogZ!;
    expect(Math.abs(cf.value - cf.quadrature)).toBeLessThan(1e-10);
    const p = density(r);
    expect(simpson((x) => x * x * p(x), 0, 1)).toBeCloseTo(0.15, 11);
  });
  it('parameters with parameter_values, a non-polynomial statistic, and a shifted narrow bump', () => {
    const r = solve({
      support: ['-inf', 'inf'],
      parameters: ['c', 'w'],
      // E[cosh(x - c)] >= cosh(w) = 1.045339 by Jensen (cosh(sqrt(u)) is convex), and a
      // maximum exists only below the Gaussian's value exp(w^2/2) = 1.046028 (above it the
      // multiplier of cosh would have to be positive: not integrable).
      moments: [{ f: '(x - c)^2', value: 'w^2' }, { f: 'cosh(x - c)', value: 1.0457 }],
      parameter_values: { c: 50, w: 0.3 },
    });
    expect(r.status).toBe('optimal');
    for (const c of r.checks) expect(c.error).toBeLessThan(1e-8);
    const p = density(r);
    expect(r.multipliers[2]!.numeric!).toBeLessThan(0);
    expect(simpson(p, 40, 60, 40000)).toBeCloseTo(1, 9);
    expect(simpson((x) => Math.cosh(x - 50) * p(x), 40, 60, 40000)).toBeCloseTo(1.0457, 9);
  });
  it('E[x] and E|x| on the real line (asymmetric Laplace shape, numeric)', () => {
    const r = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 0.4 }, { f: 'abs(x)', value: 1 }] });
    expect(r.status).toBe('optimal');
    const p = density(r);
    expect(simpson(p, -40, 0) + simpson(p, 0, 40)).toBeCloseTo(1, 9);
    expect(simpson((x) => x * p(x), -40, 0) + simpson((x) => x * p(x), 0, 40)).toBeCloseTo(0.4, 9);
  });
});
