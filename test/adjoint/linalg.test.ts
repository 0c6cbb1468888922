import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/adjoint/index.js';
import { luFactor, luSolve, luSolveTransposed, SingularMatrixError } from '../../src/numeric/index.js';

/** Max |A x - b| for a row-major n×n A. */
function residual(A: ArrayLike<number>, n: number, x: ArrayLike<number>, b: ArrayLike<number>, transposed = false): number {
  let r = 0;
  for (let i = 0; i < n; i++) {
    let s = -b[i]!;
    for (let j = 0; j < n; j++) s += (transposed ? A[j * n + i]! : A[i * n + j]!) * x[j]!;
    r = Math.max(r, Math.abs(s));
  }
  return r;
}

describe('LU with partial pivoting (src/linalg/lu.ts)', () => {
  it('solves a hand-checked 3x3 system that needs a row exchange (zero leading pivot)', () => {
    // 0x + 2y + z = 5, x + y + z = 6, 2x + y - z = 1, by hand: eq2 gives x = 6 - y - z; into eq3,
    // y + 3z = 11; with eq1 (2y + z = 5): y = 4/5, z = 17/5, x = 9/5.
    const A = [0, 2, 1, 1, 1, 1, 2, 1, -1];
    const x = luSolve(A, 3, [5, 6, 1]);
    expect(x[0]).toBeCloseTo(9 / 5, 14);
    expect(x[1]).toBeCloseTo(4 / 5, 14);
    expect(x[2]).toBeCloseTo(17 / 5, 14);
    const xt = luSolveTransposed(A, 3, [5, 6, 1]);
    expect(residual(A, 3, xt, [5, 6, 1], true)).toBeLessThan(1e-14);
  });

  it('random systems up to 12x12: residuals at rounding level, A and Aᵀ', () => {
    const rand = seededRandom(11);
    for (let n = 1; n <= 12; n++) {
      const A = Float64Array.from({ length: n * n }, () => 2 * rand() - 1);
      const b = Float64Array.from({ length: n }, () => 2 * rand() - 1);
      const copy = Float64Array.from(A);
      const x = luSolve(A, n, b);
      expect(residual(A, n, x, b)).toBeLessThan(1e-12);
      expect(residual(A, n, luSolveTransposed(A, n, b), b, true)).toBeLessThan(1e-12);
      expect(Array.from(A)).toEqual(Array.from(copy)); // A is not modified
    }
  });

  it('refuses singular matrices with the column where elimination broke down', () => {
    expect(() => luSolve([1, 2, 2, 4], 2, [1, 1])).toThrow(SingularMatrixError);
    try {
      luFactor([1, 2, 3, 2, 4, 6, 1, 0, 1], 3);
      throw new Error('expected a SingularMatrixError');
    } catch (err) {
      expect(err).toBeInstanceOf(SingularMatrixError);
      expect((err as SingularMatrixError).column).toBe(2);
    }
    expect(() => luSolve([0, 0, 0, 0], 2, [1, 1])).toThrow(SingularMatrixError);
    expect(() => luSolve([1, 2, 3], 2, [1, 1])).toThrow(RangeError);
  });
});
