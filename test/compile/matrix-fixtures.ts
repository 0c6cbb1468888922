/**
 * Symbols and helpers shared by the compiled-matrix-plan tests (the JS fused loops and
 * the WebAssembly plans run the same roles over the same declarations).
 */
import type { Dense } from '../../src/compile/matrix/index.js';
import { mmul, mscalar, msub, mvar, shapeOf } from '../../src/expr/matrix/index.js';

export const x = mvar('x', shapeOf('n'));
export const v = mvar('v', shapeOf('n'));
export const y = mvar('y', shapeOf('m'));
export const A = mvar('A', shapeOf('m', 'n'));
export const B = mvar('B', shapeOf('n', 'm'));
export const S = mvar('S', shapeOf('n', 'n'));
export const c = mscalar('c');
export const Ax = mmul(A, x);
export const r = msub(Ax, y);

/** A compiled plan's arguments, in its input order, from a random instance's values. */
export function inputValues(inputs: readonly string[], inst: { values: Record<string, unknown> }): (Float64Array | number)[] {
  return inputs.map((name) => {
    const val = inst.values[name];
    return typeof val === 'number' ? val : (val as Dense).data;
  });
}
