/**
 * The fused loops of compiled matrix plans (src/compile/matrix/fuse.ts) on every shape
 * they generate code for: matrix-vector products as producers (short rows, and long
 * rows with four accumulators and a remainder), `A'*c` and `c'*A` accumulated four
 * rows at a time (row counts with every remainder), outer products, dot products,
 * sums and norms, entrywise nodes of every kind, scalar factors, and nodes that keep
 * their closures in between. References: the plain evaluator (evaluate.ts, one literal
 * loop per node) and central differences.
 */
import { describe, expect, it } from 'vitest';
import { compileMatrix, compileValueAndGradient, evaluateMatrix, inputsOf } from '../../src/compile/matrix/index.js';
import { mgradient } from '../../src/diff/matrix/index.js';
import { compileMatrixPasses, checkMatrixGradient, deriveMatrixAdjoints, parseMatrixProgram } from '../../src/adjoint/matrix/index.js';
import { madd, mhadamard, minv, mmap, mmul, mneg, mnorm, mpow, mscalar, msub, msum, mtranspose, mvar, ones, shapeOf, type MVar } from '../../src/expr/matrix/index.js';
import { seededRandom } from '../../src/numeric/random.js';
import { gradientReferences, maxRelativeError, randomInstance } from '../diff/matrix/check.js';
import { A, Ax, B, S, c, inputValues, r, v, x, y } from './matrix-fixtures.js';

const roots = [
  Ax, // producer
  mmul(c, mtranspose(A), y), // A'*c accumulated, with a scalar factor
  mmul(mtranspose(y), A), // c'*A accumulated
  mmul(mtranspose(x), mtranspose(A)), // (A*x)' as a producer
  mmul(y, mtranspose(x)), // outer product
  mmul(mtranspose(x), v), // dot product
  msum(mmap('exp', mneg(mhadamard(y, Ax)))), // reduction of an entrywise chain of a producer
  mpow(mnorm(r), mscalar(2)),
  mmul(mtranspose(A), mhadamard(mmap('tanh', Ax), madd(ones('m'), mneg(mpow(y, mscalar(2)))))), // producer, entrywise and consumer in one loop
  madd(mpow(x, mscalar(-1)), mpow(v, mscalar(0.5)), mpow(x, mscalar(-2)), mpow(v, mscalar(3)), mpow(x, c), mmul(mscalar(3), v)),
  mmul(mtranspose(A), A, x), // chain of three: a closure between the loops
  mmul(minv(madd(S, mmul(mscalar(10), mmul(B, mtranspose(B))))), mtranspose(A), r), // inverse and matrix-matrix closures feeding a loop
  mmul(B, mmap('sin', r)), // a producer whose vector comes from an earlier loop
];

describe('fused loops of compiled matrix plans', () => {
  it('every generated shape agrees with the plain evaluator, for row counts with every remainder and long rows', () => {
    const sizes: [number, number][] = [[1, 1], [3, 2], [9, 5], [13, 6], [8, 7], [16, 11], [2, 9]];
    sizes.forEach(([n, m], k) => {
      const dims = { n, m };
      const inst = randomInstance(roots, dims, 100 + k, { x: 'positive', v: 'positive' }, { c: 0.7 });
      const fused = compileMatrix(roots, inputsOf(roots), dims);
      const plain = compileMatrix(roots, inputsOf(roots), dims, { fuse: false });
      const args = inputValues(fused.inputs, inst);
      const outs = fused.evaluate(args).map((o) => Float64Array.from(o));
      const reference = plain.evaluate(args);
      roots.forEach((root, i) => {
        const want = evaluateMatrix(root, inst).data;
        expect(outs[i]!.length).toBe(want.length);
        expect(maxRelativeError(outs[i]!, want)).toBeLessThan(1e-11);
        expect(maxRelativeError(reference[i]!, want)).toBeLessThan(1e-11);
      });
    });
  });

  it('value and gradient of logistic regression and least squares match central differences (n = 9, m = 13)', () => {
    const w = mvar('w', shapeOf('n')) as MVar;
    const logistic = msum(mmap('log', madd(ones('m'), mmap('exp', mneg(mhadamard(y, mmul(A, w)))))));
    const leastSquares = mpow(mnorm(msub(mmul(A, w), y)), mscalar(2));
    for (const f of [logistic, leastSquares]) {
      const dims = { n: 9, m: 13 };
      const g = mgradient(f, w);
      const inst = randomInstance([f, g], dims, 7);
      const compiled = compileValueAndGradient(f, w, dims);
      const [value, grad] = compiled.evaluate(inputValues(compiled.inputs, inst));
      expect(value![0]).toBeCloseTo(evaluateMatrix(f, inst).data[0]!, 10);
      const { central } = gradientReferences(f, w, g, inst);
      expect(maxRelativeError(grad!, central)).toBeLessThan(1e-6);
    }
  });

  it('compiled backprop passes match central differences at widths where every loop is unrolled with a remainder', () => {
    const program = parseMatrixProgram({
      inputs: [
        { name: 'x', shape: ['n'] }, { name: 'W1', shape: ['h', 'n'] }, { name: 'b1', shape: ['h'] },
        { name: 'W2', shape: ['m', 'h'] }, { name: 'b2', shape: ['m'] }, { name: 'y', shape: ['m'] },
      ],
      program: ['z1 = tanh(W1*x + b1)', 'z2 = W2*z1 + b2', 'loss = norm(z2 - y)^2/2'],
      output: 'loss',
    });
    const passes = compileMatrixPasses(deriveMatrixAdjoints(program), { n: 9, h: 11, m: 6 });
    const rand = seededRandom(3);
    const values = passes.inputShapes.map(([rows, cols]) => Float64Array.from({ length: rows * cols }, () => 2 * rand() - 1));
    const check = checkMatrixGradient(passes, values);
    expect(check.ok).toBe(true);
    expect(check.components.length).toBe(9 + 11 * 9 + 11 + 6 * 11 + 6 + 6);
  });

  it('names that read like generated ones (t0, u, k, Math) stay inputs, and a plan too large to fuse keeps its closures', () => {
    const t0 = mvar('t0', shapeOf('n'));
    const u = mvar('u', shapeOf('m', 'n'));
    const k = mvar('k', shapeOf('m'));
    const M = mscalar('Math');
    const small = [mmul(M, mtranspose(u), mhadamard(k, mmap('cos', mmul(u, t0))))];
    // 600 distinct entrywise terms: far more source than one generated function may hold.
    const big = [msum(madd(...Array.from({ length: 600 }, (_, i) => mmap('sin', mmul(mscalar(i + 1), t0)))))];
    for (const list of [small, big]) {
      const dims = { n: 6, m: 5 };
      const inst = randomInstance(list, dims, 11, {}, { Math: 0.3 });
      const plan = compileMatrix(list, inputsOf(list), dims);
      const out = plan.evaluate(inputValues(plan.inputs, inst));
      expect(maxRelativeError(out[0]!, evaluateMatrix(list[0]!, inst).data)).toBeLessThan(1e-12);
    }
  });
});
