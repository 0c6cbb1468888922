/**
 * Issue 13, case 4: maximize x'*A*x subject to x'*x = 1 (A symmetric) is characterised:
 * A*x = lambda_1*x, the maximiser a unit eigenvector for the largest eigenvalue, the
 * optimum that eigenvalue; instances solved by the symmetric eigenproblem and checked.
 * Run: `npx tsx derivations/matrix-rayleigh.ts` — writes docs/derivations/matrix-rayleigh.html.
 */
import { gen, runMatrixDerivation } from './matrix-cases.js';
import { inline, tex } from '../src/document/index.js';

const A = tex('A', 'A');

runMatrixDerivation('matrix-rayleigh', 'The Rayleigh quotient in matrix notation', [
  {
    note: inline`${A} symmetric`,
    file: { variables: [{ name: 'x', shape: ['n'] }], parameters: [{ name: 'A', shape: ['n', 'n'], properties: ['symmetric'] }], maximize: "x'*A*x", subject_to: ["x'*x = 1"] },
    expected: {},
    instance: (rand, k) => {
      const n = 1 + (k % 6);
      const B = gen.mat(rand, n, n);
      return { dims: { n }, values: { A: B.map((row, i) => row.map((v, j) => (v + B[j]![i]!) / 2)) } };
    },
  },
]);
