/**
 * Several equality constraints with a vector among them (A*x = b, C*x = d; A*x = b with
 * ones(n)'*x = 1): the multipliers by block elimination in closed form. Each closed form
 * is checked on seeded instances (n = 2..6) against the full KKT system
 * [M, ±A', ±C'; A, 0, 0; C, 0, 0] solved here by the test helpers' own elimination, and
 * the instance_check (the scalarised instance by the scalar or NLP path) must pass.
 */
import { proseToText } from '../../../src/document/index.js';
import { describe, expect, it } from 'vitest';
import { evaluateMatrix } from '../../../src/compile/matrix/index.js';
import { checkInstance, readMatrixProblem, solveMatrixProblem } from '../../../src/lagrange/matrix/index.js';
import { close, randMat, randVec, rng, solveLinear, spd } from './helpers.js';

const TWO_VECTOR = {
  variables: [{ name: 'x', shape: ['n'] }],
  parameters: [{ name: 'A', shape: ['m', 'n'] }, { name: 'b', shape: ['m'] }, { name: 'C', shape: ['k', 'n'] }, { name: 'd', shape: ['k'] }],
  minimize: "x'*x",
  subject_to: ['A*x = b', 'C*x = d'],
};
const MIXED = {
  variables: [{ name: 'x', shape: ['n'] }],
  parameters: [{ name: 'S', shape: ['n', 'n'], properties: ['positive_definite'] }, { name: 'A', shape: ['m', 'n'] }, { name: 'b', shape: ['m'] }],
  minimize: "x'*S*x",
  subject_to: ['A*x = b', "ones(n)'*x = 1"],
};

/** min x'Hx/2-form KKT: [2P, R'; R, 0] [x; nu] = [0; s] with R the stacked constraint rows; x from the test's own solver. */
function kktSolution(P: number[][], rows: number[][], rhs: number[]): number[] {
  const n = P.length;
  const k = rows.length;
  const K = Array.from({ length: n + k }, (_, i) => Array.from({ length: n + k }, (_, j) => {
    if (i < n && j < n) return 2 * P[i]![j]!;
    if (i < n) return rows[j - n]![i]!;
    if (j < n) return rows[i - n]![j]!;
    return 0;
  }));
  return solveLinear(K, [...Array<number>(n).fill(0), ...rhs]).slice(0, n);
}
const eye = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

describe('several equality constraints with a vector among them: block elimination', () => {
  const two = solveMatrixProblem(readMatrixProblem(TWO_VECTOR));
  const mixed = solveMatrixProblem(readMatrixProblem(MIXED));
  it('closed forms, exact, global minima, the pivots named as conditions', () => {
    for (const r of [two, mixed]) {
      expect(r.status).toBe('optimal');
      expect(r.method).toBe('kkt-block');
      expect(r.solutions[0]!.exact).toBe(true);
      expect(r.solutions[0]!.classification).toBe('minimum');
      expect(r.solutions[0]!.conditions.filter((c) => /is invertible/.test(proseToText(c))).length).toBeGreaterThanOrEqual(2);
    }
  });
  it('A*x = b, C*x = d: 24 instances (n = 2..6) against the full KKT system; instance_check passes', () => {
    const rand = rng(1301);
    let count = 0;
    for (let rep = 0; rep < 24; rep++) {
      const n = 2 + (rep % 5);
      const m = 1 + (rep % (n - 1));
      const k = Math.max(1, Math.min(n - m, 1 + (rep % 2)));
      const A = randMat(rand, m, n);
      const b = randVec(rand, m);
      const C = randMat(rand, k, n);
      const d = randVec(rand, k);
      const hand = kktSolution(eye(n), [...A, ...C], [...b, ...d]);
      const dims = { n, m, k };
      const values = { A, b: m === 1 ? b[0] : b, C, d: k === 1 ? d[0] : d };
      const x = Array.from(evaluateMatrix(two.solutions[0]!.point.get('x')!, { dims, values: values as never }).data);
      expect(close(x, hand, 1e-7)).toBe(true);
      const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...TWO_VECTOR, dimensions: dims, parameter_values: values })))!;
      expect(check.passed).toBe(true);
      expect(check.scalar_solve?.agrees).toBe(true);
      count++;
    }
    expect(count).toBe(24);
  });
  it("A*x = b with ones(n)'*x = 1 (a vector and a scalar constraint): 20 instances (n = 2..6) against the KKT system", () => {
    const rand = rng(1302);
    for (let rep = 0; rep < 20; rep++) {
      const n = 2 + (rep % 5);
      const m = 1 + (rep % (n - 1));
      const S = spd(rand, n);
      const A = randMat(rand, m, n);
      const b = randVec(rand, m);
      const hand = kktSolution(S, [...A, Array<number>(n).fill(1)], [...b, 1]);
      const dims = { n, m };
      const values = { S, A, b: m === 1 ? b[0] : b };
      const x = Array.from(evaluateMatrix(mixed.solutions[0]!.point.get('x')!, { dims, values: values as never }).data);
      expect(close(x, hand, 1e-7)).toBe(true);
      const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...MIXED, dimensions: dims, parameter_values: values })))!;
      expect(check.passed).toBe(true);
    }
  });
  it('a hand instance: x = (1, 2, 0) minimises x\'x on x_1 = 1, x_2 = 2 (A = e1\', C = e2\')', () => {
    const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...TWO_VECTOR, dimensions: { n: 3, m: 1, k: 1 }, parameter_values: { A: [[1, 0, 0]], b: 1, C: [[0, 1, 0]], d: 2 } })))!;
    expect((check.values['x'] as number[]).map((v) => Math.round(v * 1e12) / 1e12 + 0)).toEqual([1, 2, 0]);
    expect(check.objective).toBeCloseTo(5, 12);
  });
  it('more than three such constraints: no closed form (the reason says why), the instance solved from the KKT system, exact: false', () => {
    // (not e: e is the constant, refused as a declared name)
    const FOUR = { ...TWO_VECTOR, parameters: [...TWO_VECTOR.parameters, { name: 'p', shape: ['n'] }, { name: 'f', shape: ['n'] }], subject_to: [...TWO_VECTOR.subject_to, "p'*x = 1", "f'*x = 2"] };
    const r = solveMatrixProblem(readMatrixProblem(FOUR));
    expect(r.status).toBe('no_optimum_found');
    expect(r.reason).toMatch(/more than 3 equality constraints/);
    // five unit rows pin x = (1, 2, 3, 1, 2): x'x = 19 by hand
    const unit = (i: number) => Array.from({ length: 5 }, (_, j) => (j === i ? 1 : 0));
    const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...FOUR, dimensions: { n: 5, m: 1, k: 2 }, parameter_values: { A: [unit(0)], b: 1, C: [unit(1), unit(2)], d: [2, 3], p: unit(3), f: unit(4) } })))!;
    expect(check.method).toBe('active_set');
    expect((check.values['x'] as number[]).map((v) => Math.round(v * 1e12) / 1e12 + 0)).toEqual([1, 2, 3, 1, 2]);
    expect(check.objective).toBeCloseTo(1 + 4 + 9 + 1 + 4, 12);
    expect(check.passed).toBe(true);
  });
});
