/**
 * A matrix variable: no closed form in the matrix path (stationarity is a matrix
 * equation), said with the reason; numeric instances are solved by the NLP path on the
 * scalarised instance (exact: false) and checked against hand closed forms:
 * min tr(X'X) s.t. X*a = b gives X = b*a'/(a'a), lambda_1 = -2*b/(a'a);
 * min norm(X - B)^2 s.t. X*ones(m) = r gives X = B + (r - B*1)*1'/m.
 */
import { describe, expect, it } from 'vitest';
import { checkInstance, readMatrixProblem, solveMatrixProblem } from '../../../src/lagrange/matrix/index.js';
import { close, dot, randMat, randVec, rng } from './helpers.js';

const MINNORM = { variables: [{ name: 'X', shape: ['n', 'm'] }], parameters: [{ name: 'a', shape: ['m'] }, { name: 'b', shape: ['n'] }], minimize: "tr(X'*X)", subject_to: ['X*a = b'] };
const ROWSUMS = { variables: [{ name: 'X', shape: ['n', 'm'] }], parameters: [{ name: 'B', shape: ['n', 'm'] }, { name: 'r', shape: ['n'] }], minimize: 'norm(X - B)^2', subject_to: ['X*ones(m) = r'] };
const vecValue = (v: number[]) => (v.length === 1 ? v[0]! : v);
const matValue = (M: number[][]) => (M.length === 1 && M[0]!.length === 1 ? M[0]![0]! : M.length === 1 || M[0]!.length === 1 ? M.flat() : M);
const flat = (v: unknown): number[] => (typeof v === 'number' ? [v] : (v as unknown[]).flat() as number[]);

describe('a matrix variable: numeric instances by the NLP path', () => {
  it('says why there is no closed form, and gives the Lagrangian and stationarity', () => {
    const r = solveMatrixProblem(readMatrixProblem(MINNORM));
    expect(r.status).toBe('no_optimum_found');
    expect(r.reason).toMatch(/matrix variable/);
    expect(r.numericInstances).toBe('nlp');
    expect(r.steps.map((s) => s.title)).toEqual(['Lagrangian', 'Stationarity']);
  });
  it("min tr(X'X) s.t. X*a = b: 20 instances (n, m = 1..6) give X = b*a'/(a'a), lambda_1 = -2*b/(a'a)", () => {
    const rand = rng(1331);
    for (let rep = 0; rep < 20; rep++) {
      const n = 1 + (rep % 6);
      const m = 1 + ((rep * 5) % 6);
      const a = randVec(rand, m).map((v) => v + (v >= 0 ? 0.5 : -0.5));
      const b = randVec(rand, n);
      const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...MINNORM, dimensions: { n, m }, parameter_values: { a: vecValue(a), b: vecValue(b) } })))!;
      const aa = dot(a, a);
      const X = b.flatMap((bi) => a.map((aj) => (bi * aj) / aa));
      expect(check.method).toBe('numeric_nlp');
      expect(close(flat(check.values['X']), X, 1e-6)).toBe(true);
      expect(close(flat(check.values['lambda_1']), b.map((v) => (-2 * v) / aa), 1e-6)).toBe(true);
      expect(check.passed).toBe(true);
    }
  });
  it('min norm(X - B)^2 s.t. X*ones(m) = r: 20 instances give X = B + (r - B*1)*1\'/m', () => {
    const rand = rng(1332);
    for (let rep = 0; rep < 20; rep++) {
      const n = 1 + ((rep * 7) % 6);
      const m = 1 + (rep % 6);
      const B = randMat(rand, n, m);
      const r = randVec(rand, n);
      const check = checkInstance(solveMatrixProblem(readMatrixProblem({ ...ROWSUMS, dimensions: { n, m }, parameter_values: { B: matValue(B), r: vecValue(r) } })))!;
      const X = B.flatMap((row, i) => {
        const shift = (r[i]! - row.reduce((s, v) => s + v, 0)) / m;
        return row.map((v) => v + shift);
      });
      expect(close(flat(check.values['X']), X, 1e-6)).toBe(true);
      expect(check.passed).toBe(true);
    }
  });
});
