/**
 * Issue 13, case 2: least squares w = inv(X'*X)*X'*y, ridge regression w = inv(X'*X + lambda*eye(n))*X'*y and the
 * minimum-norm solution of A*x = b, x = A'*inv(A*A')*b with lambda_1 = -2*inv(A*A')*b.
 * Run: `npx tsx derivations/matrix-least-squares.ts` — writes docs/derivations/matrix-least-squares.html.
 */
import { gen, runMatrixDerivation } from './matrix-cases.js';
import { inline, tex } from '../src/document/index.js';

const A = tex('A', 'A');
const X = tex('X', 'X');

runMatrixDerivation('matrix-least-squares', 'Least squares, ridge and minimum norm in matrix notation', [
  {
    note: inline`${X} of full column rank`,
    file: { variables: [{ name: 'w', shape: ['n'] }], parameters: [{ name: 'X', shape: ['m', 'n'] }, { name: 'y', shape: ['m'] }], minimize: 'norm(X*w - y)^2' },
    expected: { w: "inv(X'*X)*X'*y" },
    instance: (rand, k) => {
      const n = 1 + (k % 6);
      const m = n + (k % 3);
      return { dims: { n, m }, values: { X: gen.mat(rand, m, n), y: gen.vec(rand, m) } };
    },
  },
  {
    file: { variables: [{ name: 'w', shape: ['n'] }], parameters: [{ name: 'X', shape: ['m', 'n'] }, { name: 'y', shape: ['m'] }, 'lambda'], assume: ['lambda > 0'], minimize: 'norm(X*w - y)^2 + lambda*norm(w)^2' },
    expected: { w: "inv(X'*X + lambda*eye(n))*X'*y" },
    instance: (rand, k) => {
      const n = 1 + (k % 6);
      const m = 1 + ((5 * k) % 6);
      return { dims: { n, m }, values: { X: gen.mat(rand, m, n), y: gen.vec(rand, m), lambda: 0.1 + rand() } };
    },
  },
  {
    note: inline`${A} of full row rank`,
    file: { variables: [{ name: 'x', shape: ['n'] }], parameters: [{ name: 'A', shape: ['m', 'n'] }, { name: 'b', shape: ['m'] }], minimize: "x'*x", subject_to: ['A*x = b'] },
    expected: { x: "A'*inv(A*A')*b", lambda_1: "-2*inv(A*A')*b" },
    instance: (rand, k) => {
      const n = 1 + (k % 6);
      const m = 1 + (k % n);
      return { dims: { n, m }, values: { A: gen.mat(rand, m, n), b: gen.vec(rand, m) } };
    },
  },
]);
