/**
 * Compiled matrix expressions (loop nests over Float64Arrays) against the reference
 * evaluator, on the documented forms and random expressions, single and batched.
 */
import { describe, expect, it } from 'vitest';
import { compileMatrix, compileValueAndGradient, evaluateMatrix, inputsOf, type Dense } from '../../src/compile/matrix/index.js';
import {
  madd, mhadamard, minv, mmap, mmul, mneg, mnorm, mpow, mscalar, msub, msum, mtr, mtranspose, mvar, ones, shapeOf, mdiag, mdet,
} from '../../src/expr/matrix/index.js';
import { mgradient } from '../../src/diff/matrix/index.js';
import { maxRelativeError, randomInstance } from '../diff/matrix/check.js';

const x = mvar('x', shapeOf('n'));
const b = mvar('b', shapeOf('m'));
const y = mvar('y', shapeOf('m'));
const A = mvar('A', shapeOf('m', 'n'));
const Sq = mvar('S', shapeOf('n', 'n'));
const B = mvar('B', shapeOf('n', 'n'));

const forms = [
  mpow(mnorm(msub(mmul(A, x), b)), mscalar(2)),
  msum(mmap('log', madd(ones('m'), mmap('exp', mneg(mhadamard(y, mmul(A, x))))))),
  mmul(mtranspose(x), Sq, x),
  mtr(mmul(Sq, mtranspose(B), Sq, B)),
  mmap('log', mdet(madd(Sq, mmul(mscalar(10), mdiag(ones('n')))))),
  mmul(mtranspose(x), minv(madd(Sq, mmul(mscalar(10), mdiag(ones('n'))))), x),
  mmul(mscalar('c'), msum(mmap('tanh', mmul(A, x)))),
];

function inputValues(inputs: readonly string[], inst: { values: Record<string, unknown> }): (Float64Array | number)[] {
  return inputs.map((name) => {
    const v = inst.values[name];
    return typeof v === 'number' ? v : (v as Dense).data;
  });
}

describe('compiled matrix expressions', () => {
  it('value and gradient agree with the reference evaluator for n, m from 1 to 5', () => {
    for (const f of forms) {
      for (let seed = 1; seed <= 5; seed++) {
        const dims = { n: seed, m: 6 - seed };
        const g = mgradient(f, x);
        const inst = randomInstance([f, g, x], dims, seed, {}, { c: 0.4 });
        const compiled = compileValueAndGradient(f, x, dims);
        const [value, grad] = compiled.evaluate(inputValues(compiled.inputs, inst));
        expect(value![0]).toBeCloseTo(evaluateMatrix(f, inst).data[0]!, 10);
        expect(maxRelativeError(grad!, evaluateMatrix(g, inst).data)).toBeLessThan(1e-12);
      }
    }
  });

  it('products with transposed and matrix factors choose kernels right (A\'*A*x, x*x\', B*S\')', () => {
    const roots = [mmul(mtranspose(A), A, x), mmul(x, mtranspose(x)), mmul(B, mtranspose(Sq)), mmul(mtranspose(y), A), mmul(mtranspose(A), mtranspose(mtranspose(A)))];
    for (let seed = 1; seed <= 5; seed++) {
      const dims = { n: seed, m: 1 + (seed % 3) };
      const inst = randomInstance(roots, dims, seed);
      const c = compileMatrix(roots, inputsOf(roots), dims);
      const outs = c.evaluate(inputValues(c.inputs, inst));
      roots.forEach((r, i) => expect(maxRelativeError(outs[i]!, evaluateMatrix(r, inst).data)).toBeLessThan(1e-12));
    }
  });

  it('the batched form gives the values of single calls', () => {
    const f = forms[1]!;
    const dims = { n: 4, m: 3 };
    const c = compileValueAndGradient(f, x, dims);
    const points = [1, 2, 3].map((seed) => inputValues(c.inputs, randomInstance([f], dims, seed)));
    const batch = c.evaluateBatch(points);
    points.forEach((p, i) => {
      const single = c.evaluate(p).map((o) => Array.from(o));
      expect(batch[i]!.map((o) => Array.from(o))).toEqual(single);
    });
  });
});
