import { describe, expect, it } from 'vitest';
import { parse } from '../../src/expr/index.js';
import { ldltFactor, ldltSolve } from '../../src/linalg/ldlt.js';
import { interiorPoint, buildModel, solveNlp } from '../../src/numeric/nlp/index.js';

const input = (variables: string[], f: string, eq: string[] = [], ineq: string[] = []) => ({
  variables,
  objective: parse(f),
  equalities: eq.map((s) => parse(s)),
  inequalities: ineq.map((s) => parse(s)),
});

describe('LDLᵀ with Bunch–Kaufman pivoting', () => {
  it('solves an indefinite system and counts its inertia', () => {
    // [[0,1],[1,0]] has eigenvalues ±1 and a zero diagonal (needs a 2x2 pivot).
    const f = ldltFactor([0, 1, 1, 0], 2);
    expect(f.inertia).toEqual({ positive: 1, negative: 1, zero: 0 });
    expect([...ldltSolve(f, [3, 5])]).toEqual([5, 3]);
  });
  it('agrees with the eigenvalue signs of a 4x4 KKT matrix', () => {
    // [[2,0,1,0],[0,-1,0,1],[1,0,0,0],[0,1,0,0]]: H = diag(2,-1), J = I. Inertia (2,2,0).
    const A = [2, 0, 1, 0, 0, -1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0];
    const f = ldltFactor(A, 4);
    expect(f.inertia).toEqual({ positive: 2, negative: 2, zero: 0 });
    const x = ldltSolve(f, [1, 2, 3, 4]);
    // Solution by hand: x1 = 3, x2 = 4, then 2*3 + x3 = 1 → x3 = -5; -4 + x4 = 2 → x4 = 6.
    [3, 4, -5, 6].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });
  it('reports a zero eigenvalue of a singular matrix', () => {
    expect(ldltFactor([1, 1, 1, 1], 2).inertia).toEqual({ positive: 1, negative: 0, zero: 1 });
  });
});

describe('interior-point method', () => {
  it('solves HS71 to the published optimum 17.0140173 (Hock & Schittkowski 1981)', () => {
    const p = input(['x1', 'x2', 'x3', 'x4'], 'x1*x4*(x1+x2+x3) + x3', ['x1^2+x2^2+x3^2+x4^2 - 40'], ['25 - x1*x2*x3*x4', ...['x1', 'x2', 'x3', 'x4'].flatMap((v) => [`1 - ${v}`, `${v} - 5`])]);
    const r = interiorPoint(buildModel(p), [1, 5, 5, 1]);
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(17.0140173, 6);
    [1, 4.743, 3.82115, 1.379408].forEach((v, i) => expect(r.z[i]).toBeCloseTo(v, 3));
  });
  it('finds the minimum of a concave objective on a box (inertia correction)', () => {
    // min -(x-0.2)^2 on [-1, 1]: the minimum is at x = -1 with value -1.44.
    const r = solveNlp(input(['x'], '-(x - 1/5)^2', [], ['-1 - x', 'x - 1']), { starts: [[0.1]], randomStarts: 0 });
    expect(r.best!.objective).toBeCloseTo(-1.44, 8);
    expect(r.best!.x[0]).toBeCloseTo(-1, 7);
    // Multiplier of x >= -1 by hand: -2(x - 0.2) - mu = 0 at x = -1 → mu = 2.4.
    expect(r.best!.mu[0]).toBeCloseTo(2.4, 5);
  });
  it('descends from next to a local maximum instead of converging to it (inertia correction)', () => {
    // x^4 - 2x^2 has a local maximum at 0 and minima at ±1 (value -1). Plain Newton from
    // x = 0.01 steps to the maximum; the regularised matrix gives a descent direction.
    const r = interiorPoint(buildModel(input(['x'], 'x^4 - 2*x^2')), [0.01]);
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(-1, 10);
    expect(Math.abs(r.z[0]!)).toBeCloseTo(1, 8);
  });
  it('gives the KKT multipliers of an equality-constrained quadratic', () => {
    // min x^2 + y^2 s.t. x + y = 2: x = y = 1, 2x + lambda = 0 → lambda = -2.
    const r = solveNlp(input(['x', 'y'], 'x^2 + y^2', ['x + y - 2']), { randomStarts: 0 });
    expect(r.best!.x[0]).toBeCloseTo(1, 9);
    expect(r.best!.lambda[0]).toBeCloseTo(-2, 8);
  });
  it('keeps iterates inside bounds so log stays defined', () => {
    // min x - log(x) on x >= 0: minimum at x = 1, value 1.
    const r = solveNlp(input(['x'], 'x - log(x)', [], ['-x']), { starts: [[5]], randomStarts: 0 });
    expect(r.best!.objective).toBeCloseTo(1, 10);
  });
  it('multistart finds the global minimum of a double well that a local start misses', () => {
    // (x^2 - 1)^2 + x/2: the global minimum is near x = -1.06 (f < 0), the local one near 0.93.
    const local = solveNlp(input(['x'], '(x^2-1)^2 + x/2'), { starts: [[1]], randomStarts: 0 });
    expect(local.best!.x[0]).toBeGreaterThan(0);
    const global = solveNlp(input(['x'], '(x^2-1)^2 + x/2'), { starts: [[1]], randomStarts: 6, seed: 3 });
    expect(global.best!.x[0]).toBeLessThan(-1);
    // Stationarity 4x(x^2 - 1) + 1/2 = 0 at the reported point.
    const x = global.best!.x[0]!;
    expect(Math.abs(4 * x * (x * x - 1) + 0.5)).toBeLessThan(1e-7);
  });
  it('gives the same answer twice (no clock, no hidden state)', () => {
    const p = input(['x', 'y'], '(x-1)^4 + (y+2)^2 + x*y', [], ['x^2 + y^2 - 4']);
    const a = solveNlp(p, { seed: 5 });
    const b = solveNlp(p, { seed: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it('reports local infeasibility', () => {
    const r = solveNlp(input(['x', 'y'], 'x + y', ['x^2 + y^2 + 1']), { randomStarts: 2 });
    expect(r.best).toBeUndefined();
    expect(r.allInfeasible).toBe(true);
  });
});
