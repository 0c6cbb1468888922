/**
 * instance_check beyond two entries: the scalarised instance is solved by the numeric NLP
 * path (interior point with multistart) and its optimum compared with the matrix path's.
 * The optimal values are also computed here by hand formulas with the test helpers'
 * own linear algebra: Fisher sqrt(2*eps*g'F^-1 g), minimum variance 1/(1'S^-1 1), the
 * Rayleigh maximum as the largest eigenvalue (power iteration on A + cI).
 */
import { describe, expect, it } from 'vitest';
import { checkInstance, readMatrixProblem, solveMatrixProblem } from '../../../src/lagrange/matrix/index.js';
import { dot, matvec, randVec, rng, solveLinear, spd } from './helpers.js';

const vec = (name: string) => ({ name, shape: ['n'] });
const mat = (name: string, properties: string[] = []) => ({ name, shape: ['n', 'n'], properties });
const FISHER = { variables: [vec('d')], parameters: [vec('g'), mat('F', ['positive_definite']), 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*F*d/2 <= eps"] };
const MINVAR = { variables: [vec('w')], parameters: [mat('S', ['positive_definite'])], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1"] };
const RAYLEIGH = { variables: [vec('x')], parameters: [mat('A', ['symmetric'])], maximize: "x'*A*x", subject_to: ["x'*x = 1"] };

/** The largest eigenvalue of a symmetric matrix: power iteration on A + c*I (c makes it positive definite). */
function largestEigenvalue(A: number[][]): number {
  const n = A.length;
  const c = Math.max(...A.map((r) => r.reduce((s, v) => s + Math.abs(v), 0)));
  let v = Array.from({ length: n }, (_, i) => 1 + i / 7);
  let lambda = 0;
  for (let k = 0; k < 20000; k++) {
    const w = matvec(A, v).map((x, i) => x + c * v[i]!);
    const norm = Math.sqrt(dot(w, w));
    v = w.map((x) => x / norm);
    lambda = dot(v, matvec(A, v));
  }
  return lambda;
}

function check(file: object, n: number, values: object) {
  return checkInstance(solveMatrixProblem(readMatrixProblem({ ...file, dimensions: { n }, parameter_values: values })))!;
}

describe('instance_check by the numeric NLP path (dimensions 3 to 6)', () => {
  it('24 instances (Fisher, minimum variance, Rayleigh; n = 3..6): the NLP optimum agrees with the hand value and the matrix path', () => {
    const rand = rng(1313);
    let count = 0;
    for (let n = 3; n <= 6; n++) {
      for (let rep = 0; rep < 2; rep++) {
        const g = randVec(rand, n);
        const F = spd(rand, n);
        const fisher = check(FISHER, n, { g, F, eps: 0.5 });
        const hand = Math.sqrt(2 * 0.5 * dot(g, solveLinear(F, g)));
        const S = spd(rand, n);
        const ones = Array<number>(n).fill(1);
        const minvar = check(MINVAR, n, { S });
        const handMinvar = 1 / dot(ones, solveLinear(S, ones));
        const B = spd(rand, n).map((r, i) => r.map((v, j) => (i === j ? v - 3 : v)));
        const rayleigh = check(RAYLEIGH, n, { A: B });
        const handRayleigh = largestEigenvalue(B);
        for (const [c, h] of [[fisher, hand], [minvar, handMinvar], [rayleigh, handRayleigh]] as const) {
          expect(c.scalar_solve?.path).toBe('numeric_nlp');
          expect(c.scalar_solve?.agrees).toBe(true);
          expect(c.passed).toBe(true);
          expect(Math.abs(c.scalar_solve!.objective! - h)).toBeLessThan(1e-6 * (1 + Math.abs(h)));
          expect(Math.abs(c.objective - h)).toBeLessThan(1e-8 * (1 + Math.abs(h)));
          count++;
        }
      }
    }
    expect(count).toBe(24);
  });
  it('two entries or fewer still go through the exact scalar path', () => {
    const c = check(MINVAR, 2, { S: [[2, 0], [0, 2]] });
    // w = (1/2, 1/2), w'Sw = 1
    expect(c.scalar_solve).toMatchObject({ path: 'scalar_exact', agrees: true, objective: 1 });
  });
  it("TRPO at n = 3: maximize g'd on d'd <= 1 with g = (1, 2, 2) has the optimum |g| = 3 by hand, found by both paths", () => {
    const TRPO = { variables: [vec('d')], parameters: [vec('g'), 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*d <= eps"] };
    const c = check(TRPO, 3, { g: [1, 2, 2], eps: 1 });
    expect(c.objective).toBeCloseTo(3, 12);
    expect(c.scalar_solve).toMatchObject({ path: 'numeric_nlp', agrees: true });
    expect(c.scalar_solve!.objective!).toBeCloseTo(3, 6);
  });
});
