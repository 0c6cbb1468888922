/**
 * The matrix path against the existing scalar `solve` path: small instances of every case
 * scalarised (entries as scalar variables, parameters as numbers), solved by
 * `solveProblem`, and the optimal value compared with the matrix path's instance value.
 */
import { describe, expect, it } from 'vitest';
import { parseProblem, solveProblem } from '../../../src/lagrange/index.js';
import { checkInstance, readMatrixProblem, scalarisedProblemFile, solveMatrixProblem } from '../../../src/lagrange/matrix/index.js';
import { rng } from './helpers.js';

const vec = (name: string, dim = 'n') => ({ name, shape: [dim] });
const mat = (name: string, r = 'n', c = 'n', properties: string[] = []) => ({ name, shape: [r, c], properties });
const round = (v: number) => Math.round(v * 10) / 10;
const rv = (rand: () => number, n: number) => Array.from({ length: n }, () => round(2 * rand() - 1) || 0.3);
const rm = (rand: () => number, m: number, n: number) => Array.from({ length: m }, () => rv(rand, n));
const spd = (rand: () => number, n: number) => {
  const B = rm(rand, n, n);
  return B.map((_, i) => B.map((__, j) => round(B.reduce((s, row) => s + row[i]! * row[j]!, 0)) + (i === j ? 1 : 0)));
};

const CASES: [string, object, (rand: () => number, n: number) => { dims: Record<string, number>; values: Record<string, unknown> }][] = [
  ['TRPO', { variables: [vec('d')], parameters: [vec('g'), 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*d <= eps"] }, (r, n) => ({ dims: { n }, values: { g: rv(r, n), eps: 0.25 } })],
  ['Fisher', { variables: [vec('d')], parameters: [vec('g'), mat('F', 'n', 'n', ['positive_definite']), 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*F*d/2 <= eps"] }, (r, n) => ({ dims: { n }, values: { g: rv(r, n), F: spd(r, n), eps: 0.5 } })],
  ['ridge', { variables: [vec('w')], parameters: [mat('X', 'm', 'n'), vec('y', 'm'), 'lambda'], assume: ['lambda > 0'], minimize: 'norm(X*w - y)^2 + lambda*norm(w)^2' }, (r, n) => ({ dims: { n, m: 3 }, values: { X: rm(r, 3, n), y: rv(r, 3), lambda: 0.5 } })],
  ['minimum norm', { variables: [vec('x')], parameters: [mat('A', 'm', 'n'), vec('b', 'm')], minimize: "x'*x", subject_to: ['A*x = b'] }, (r, n) => ({ dims: { n, m: 1 }, values: { A: [rv(r, n)], b: [round(r()) + 0.5] } })],
  ['minimum variance', { variables: [vec('w')], parameters: [mat('S', 'n', 'n', ['positive_definite'])], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1"] }, (r, n) => ({ dims: { n }, values: { S: spd(r, n) } })],
  ['long only', { variables: [vec('w')], parameters: [mat('S', 'n', 'n', ['positive_definite'])], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", 'w >= 0'] }, (r, n) => ({ dims: { n }, values: { S: spd(r, n) } })],
  ['Rayleigh', { variables: [vec('x')], parameters: [mat('A', 'n', 'n', ['symmetric'])], maximize: "x'*A*x", subject_to: ["x'*x = 1"] }, (r, n) => {
    const B = rm(r, n, n);
    return { dims: { n }, values: { A: B.map((row, i) => row.map((v, j) => round((v + B[j]![i]!) / 2))) } };
  }],
];

describe('matrix path against the scalar solve path on scalarised instances', () => {
  for (const [name, file, make] of CASES) {
    it(`${name}: optimal values agree for n = 1, 2, 3`, () => {
      const rand = rng(name.length * 7);
      for (const n of [1, 2, 3]) {
        const { dims, values } = make(rand, n);
        const p = readMatrixProblem({ ...file, dimensions: dims, parameter_values: values });
        const check = checkInstance(solveMatrixProblem(p))!;
        expect(check.passed).toBe(true);
        const scalar = solveProblem(parseProblem(scalarisedProblemFile(p, { dims, values: values as never }) as never));
        expect(scalar.status).toBe('optimal');
        const best = scalar.points[scalar.optimum[0]!]!.objectiveValue;
        expect(Math.abs(best - check.objective)).toBeLessThan(1e-8 * (1 + Math.abs(best)));
      }
    });
  }
});
