/**
 * solve in matrix form: the golden closed forms (TRPO, Fisher, ridge, minimum norm,
 * minimum variance, two-fund, Rayleigh) compared with hand-derived texts by value on
 * random instances, and ≥ 20 seeded instances per case (dimensions 1 to 6, SPD as
 * B'B + I) checked against independent numerics written in the test helpers.
 */
import { describe, expect, it } from 'vitest';
import { parseMatrix, mtoText } from '../../../src/expr/matrix/index.js';
import { evaluateMatrix, type Instance } from '../../../src/compile/matrix/index.js';
import { readMatrixProblem, solveMatrixProblem, checkInstance, type MatrixSolveResult } from '../../../src/lagrange/matrix/index.js';
import { close, dot, matmul, matvec, randMat, randVec, rng, solveLinear, spd, transpose } from './helpers.js';
import { proseToText } from '../../../src/document/index.js';

const vec = (name: string, dim = 'n') => ({ name, shape: [dim] });
const mat = (name: string, r = 'n', c = 'n', properties: string[] = []) => ({ name, shape: [r, c], properties });

const TRPO = { variables: [vec('d')], parameters: [vec('g'), 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*d <= eps"] };
const FISHER = { variables: [vec('d')], parameters: [vec('g'), mat('F', 'n', 'n', ['symmetric', 'positive_definite']), 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*F*d/2 <= eps"] };
const RIDGE = { variables: [vec('w')], parameters: [mat('X', 'm', 'n'), vec('y', 'm'), 'lambda'], assume: ['lambda > 0'], minimize: 'norm(X*w - y)^2 + lambda*norm(w)^2' };
const MINNORM = { variables: [vec('x')], parameters: [mat('A', 'm', 'n'), vec('b', 'm')], minimize: "x'*x", subject_to: ['A*x = b'] };
const MINVAR = { variables: [vec('w')], parameters: [mat('S', 'n', 'n', ['positive_definite'])], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1"] };
const TWOFUND = { variables: [vec('w')], parameters: [mat('S', 'n', 'n', ['positive_definite']), vec('mu'), 'r'], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", "mu'*w = r"] };
const LONGONLY = { variables: [vec('w')], parameters: [mat('S', 'n', 'n', ['positive_definite'])], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", 'w >= 0'] };
const RAYLEIGH = { variables: [vec('x')], parameters: [mat('A', 'n', 'n', ['symmetric'])], maximize: "x'*A*x", subject_to: ["x'*x = 1"] };

function solve(file: object): MatrixSolveResult {
  return solveMatrixProblem(readMatrixProblem(file));
}
function value(r: MatrixSolveResult, name: string, inst: Instance): number[] {
  const s = r.solutions[0]!;
  const e = s.point.get(name) ?? s.multipliers.get(name)!;
  return Array.from(evaluateMatrix(e, inst).data);
}
/** The hand-written closed form, read under the problem's declarations, evaluated. */
function golden(file: object, text: string, inst: Instance): number[] {
  return Array.from(evaluateMatrix(parseMatrix(text, readMatrixProblem(file).declarations), inst).data);
}
function withInstance(file: object, dims: Record<string, number>, values: Record<string, unknown>): MatrixSolveResult {
  return solve({ ...file, dimensions: dims, parameter_values: values });
}

describe('TRPO (case 1)', () => {
  it('d = sqrt(eps)*g/norm(g), mu_1 = norm(g)/(2*sqrt(eps)), global maximum', () => {
    const r = solve(TRPO);
    expect(r.status).toBe('optimal');
    expect(r.solutions[0]!.classification).toBe('maximum');
    expect(mtoText(r.solutions[0]!.point.get('d')!)).toBe(mtoText(parseMatrix('sqrt(eps)*g/norm(g)', readMatrixProblem(TRPO).declarations)));
    expect(mtoText(r.solutions[0]!.multipliers.get('mu_1')!)).toBe(mtoText(parseMatrix('norm(g)/(2*sqrt(eps))', readMatrixProblem(TRPO).declarations)));
  });
  it('20 instances: the closed forms against sqrt(eps)*g/|g| computed by hand, KKT substituted back', () => {
    const rand = rng(11);
    const r = solve(TRPO);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const g = randVec(rand, n);
      const eps = 0.01 + rand();
      const inst = { dims: { n }, values: { g, eps } };
      const ng = Math.sqrt(dot(g, g));
      expect(close(value(r, 'd', inst), g.map((v) => (Math.sqrt(eps) * v) / ng))).toBe(true);
      expect(close(value(r, 'mu_1', inst), ng / (2 * Math.sqrt(eps)))).toBe(true);
      const check = checkInstance(withInstance(TRPO, { n }, { g, eps }))!;
      expect(check.passed).toBe(true);
      expect(close(check.objective, Math.sqrt(eps) * ng)).toBe(true); // Cauchy–Schwarz bound attained
      expect(close(check.objective_scalarised!, check.objective)).toBe(true);
    }
  });
  it('Fisher: d = sqrt(2*eps/(g\'*inv(F)*g))*inv(F)*g on 20 instances', () => {
    const r = solve(FISHER);
    expect(r.status).toBe('optimal');
    expect(r.solutions[0]!.classification).toBe('maximum');
    const rand = rng(12);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const g = randVec(rand, n);
      const F = spd(rand, n);
      const eps = 0.01 + rand();
      const inst = { dims: { n }, values: { g, F, eps } };
      const Fg = solveLinear(F, g);
      const q = dot(g, Fg);
      expect(close(value(r, 'd', inst), Fg.map((v) => Math.sqrt((2 * eps) / q) * v))).toBe(true);
      expect(close(value(r, 'd', inst), golden(FISHER, "sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g", inst))).toBe(true);
      expect(close(value(r, 'mu_1', inst), Math.sqrt(q / (2 * eps)))).toBe(true);
      expect(checkInstance(withInstance(FISHER, { n }, { g, F, eps }))!.passed).toBe(true);
    }
  });
});

describe('least squares, ridge and minimum norm (case 2)', () => {
  it('ridge: w = inv(X\'*X + lambda*eye(n))*X\'*y, structurally and on 20 instances', () => {
    const r = solve(RIDGE);
    expect(r.status).toBe('optimal');
    const decls = readMatrixProblem(RIDGE).declarations;
    expect(r.solutions[0]!.point.get('w')).toBe(parseMatrix("inv(X'*X + lambda*eye(n))*X'*y", decls));
    const rand = rng(21);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const m = 1 + ((t * 5) % 6);
      const X = randMat(rand, m, n);
      const y = randVec(rand, m);
      const lambda = 0.1 + rand();
      const XtX = matmul(transpose(X), X).map((row, i) => row.map((v, j) => v + (i === j ? lambda : 0)));
      const w = solveLinear(XtX, matvec(transpose(X), y));
      expect(close(value(r, 'w', { dims: { n, m }, values: { X, y, lambda } }), w)).toBe(true);
      expect(checkInstance(withInstance(RIDGE, { n, m }, { X, y, lambda }))!.passed).toBe(true);
    }
  });
  it("least squares: w = inv(X'*X)*X'*y (normal equations), X of full column rank, on 20 instances", () => {
    const LS = { variables: [vec('w')], parameters: [mat('X', 'm', 'n'), vec('y', 'm')], minimize: 'norm(X*w - y)^2' };
    const r = solve(LS);
    expect(r.status).toBe('optimal');
    expect(r.solutions[0]!.point.get('w')).toBe(parseMatrix("inv(X'*X)*X'*y", readMatrixProblem(LS).declarations));
    expect(r.solutions[0]!.conditions.map(proseToText).join(' ')).toMatch(/X of full column rank/);
    const rand = rng(23);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const m = n + (t % 3); // m >= n: full column rank almost surely
      const X = randMat(rand, m, n);
      const y = randVec(rand, m);
      const w = solveLinear(matmul(transpose(X), X), matvec(transpose(X), y));
      expect(close(value(r, 'w', { dims: { n, m }, values: { X, y } }), w, 1e-6)).toBe(true);
      expect(checkInstance(withInstance(LS, { n, m }, { X, y }))!.passed).toBe(true);
    }
  });
  it("minimum norm: x = A'*inv(A*A')*b, lambda_1 = -2*inv(A*A')*b, on 20 instances", () => {
    const r = solve(MINNORM);
    expect(r.status).toBe('optimal');
    const decls = readMatrixProblem(MINNORM).declarations;
    expect(r.solutions[0]!.point.get('x')).toBe(parseMatrix("A'*inv(A*A')*b", decls));
    expect(r.solutions[0]!.multipliers.get('lambda_1')).toBe(parseMatrix("-2*inv(A*A')*b", decls));
    const rand = rng(22);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const m = 1 + (t % n); // m <= n: full row rank almost surely
      const A = randMat(rand, m, n);
      const b = randVec(rand, m);
      const z = solveLinear(matmul(A, transpose(A)), b);
      expect(close(value(r, 'x', { dims: { n, m }, values: { A, b } }), matvec(transpose(A), z))).toBe(true);
      expect(close(value(r, 'lambda_1', { dims: { n, m }, values: { A, b } }), z.map((v) => -2 * v))).toBe(true);
      expect(checkInstance(withInstance(MINNORM, { n, m }, { A, b }))!.passed).toBe(true);
    }
  });
});

describe('portfolio (case 3)', () => {
  it("minimum variance: w = inv(S)*ones(n)/(ones(n)'*inv(S)*ones(n)) on 20 instances", () => {
    const r = solve(MINVAR);
    expect(r.status).toBe('optimal');
    const rand = rng(31);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const S = spd(rand, n);
      const Si1 = solveLinear(S, Array(n).fill(1));
      const s = Si1.reduce((a, v) => a + v, 0);
      const inst = { dims: { n }, values: { S } };
      expect(close(value(r, 'w', inst), Si1.map((v) => v / s))).toBe(true);
      expect(close(value(r, 'w', inst), golden(MINVAR, "inv(S)*ones(n)/(ones(n)'*inv(S)*ones(n))", inst))).toBe(true);
      expect(checkInstance(withInstance(MINVAR, { n }, { S }))!.passed).toBe(true);
    }
  });
  it('two-fund: with a target return, the 2×2 KKT solution by hand on 20 instances', () => {
    const r = solve(TWOFUND);
    expect(r.status).toBe('optimal');
    const rand = rng(32);
    for (let t = 0; t < 24; t++) {
      const n = 2 + (t % 5);
      const S = spd(rand, n);
      const mu = randVec(rand, n);
      const rr = randn(rand);
      // a = 1'S^-1 1, b = 1'S^-1 mu, c = mu'S^-1 mu; w = S^-1 (g1 1 + g2 mu) with [a b; b c][g1; g2] = [1; r]
      const Si1 = solveLinear(S, Array(n).fill(1));
      const Sim = solveLinear(S, mu);
      const a = Si1.reduce((x, v) => x + v, 0);
      const b = Sim.reduce((x, v) => x + v, 0);
      const c = dot(mu, Sim);
      const det = a * c - b * b;
      const g1 = (c - b * rr) / det;
      const g2 = (a * rr - b) / det;
      const inst = { dims: { n }, values: { S, mu, r: rr } };
      expect(close(value(r, 'w', inst), Si1.map((v, i) => g1 * v + g2 * Sim[i]!), 1e-6)).toBe(true);
      expect(close(value(r, 'lambda_1', inst), -2 * g1, 1e-6)).toBe(true);
      expect(checkInstance(withInstance(TWOFUND, { n }, { S, mu, r: rr }))!.passed).toBe(true);
    }
  });
  it('long-only: no closed form; 20 instances solved by active sets and checked against the KKT conditions', () => {
    const r = solve(LONGONLY);
    expect(r.solutions).toHaveLength(0);
    expect(r.notes.map(proseToText).join(' ')).toMatch(/no closed form/);
    const rand = rng(33);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const S = spd(rand, n);
      const check = checkInstance(withInstance(LONGONLY, { n }, { S }))!;
      expect(check.method).toBe('active_set');
      expect(check.passed).toBe(true);
      const w = ([] as number[]).concat(check.values['w'] as number[]);
      expect(w.every((v) => v >= -1e-9)).toBe(true);
      // optimality against the unconstrained-sign minimum: never below it
      const Si1 = solveLinear(S, Array(n).fill(1));
      const floor = 1 / Si1.reduce((x, v) => x + v, 0);
      expect(check.objective).toBeGreaterThanOrEqual(floor - 1e-9);
      expect(close(dot(w, matvec(S, w)), check.objective)).toBe(true);
    }
  });
});

describe('long-only with an active bound (by hand)', () => {
  it('S = [[1, 1.2], [1.2, 4]]: the unconstrained weights are (2.8, -0.2)/2.6, the long-only optimum is w = (1, 0) with variance 1', () => {
    // on w = (t, 1 - t): f(t) = t^2 + 2.4 t (1 - t) + 4 (1 - t)^2, f'(1) = 2 - 2.4 = -0.4 < 0, so t = 1 on [0, 1]
    const check = checkInstance(withInstance(LONGONLY, { n: 2 }, { S: [[1, 1.2], [1.2, 4]] }))!;
    expect(check.passed).toBe(true);
    expect(close(check.values['w'] as number[], [1, 0])).toBe(true);
    expect(close(check.objective, 1)).toBe(true);
    // multipliers: stationarity 2*S*w + lambda_1*ones - mu_1 = 0 at w = (1, 0): lambda_1 = -2, mu_1 = (0, 2*1.2 - 2) = (0, 0.4)
    expect(close(check.values['lambda_1'] as number, -2)).toBe(true);
    expect(close(check.values['mu_1'] as number[], [0, 0.4])).toBe(true);
  });
});

describe('Rayleigh quotient (case 4)', () => {
  it('characterised: A*x = lambda_1*x; instances give the largest eigenvalue', () => {
    const r = solve(RAYLEIGH);
    const s = r.solutions[0]!;
    expect(s.characterisation).toBeDefined();
    const decls = readMatrixProblem(RAYLEIGH).declarations;
    expect(s.characterisation!.lhs).toBe(parseMatrix('A*x', decls));
    expect(s.characterisation!.rhs).toBe(parseMatrix('lambda_1*x', decls));
    expect(r.notes.map(proseToText).join(' ')).toMatch(/largest eigenvalue/);
    const rand = rng(41);
    for (let t = 0; t < 24; t++) {
      const n = 1 + (t % 6);
      const B = randMat(rand, n, n);
      const A = B.map((row, i) => row.map((v, j) => (v + B[j]![i]!) / 2));
      const check = checkInstance(withInstance(RAYLEIGH, { n }, { A }))!;
      expect(check.passed).toBe(true);
      // the optimum is at least every random unit vector's quotient, and equals x'Ax at the point
      const x = ([] as number[]).concat(check.values['x'] as number[]);
      for (let k = 0; k < 50; k++) {
        const v = randVec(rand, n);
        const nv = Math.sqrt(dot(v, v));
        expect(dot(v, matvec(A, v)) / (nv * nv)).toBeLessThanOrEqual(check.objective + 1e-9);
      }
      expect(close(dot(x, matvec(A, x)), check.values['lambda_1'] as number)).toBe(true);
    }
  });
});
import { randn } from './helpers.js';
