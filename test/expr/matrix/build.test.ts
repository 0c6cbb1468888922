/** Canonical construction of matrix expressions: the identities a reader expects, shapes, errors. */
import { describe, expect, it } from 'vitest';
import {
  madd, mdet, mdiag, mhadamard, minv, mlogdet, mmap, mmul, mpow, mscalar, msub, msum, mtoText, mtr, mtranspose, mvar, eye, ones,
  shapeOf, ShapeError, mnorm, type MExpr,
} from '../../../src/expr/matrix/index.js';

const x = mvar('x', shapeOf('n'));
const y = mvar('y', shapeOf('n'));
const A = mvar('A', shapeOf('n', 'n'));
const B = mvar('B', shapeOf('n', 'n'));
const S = mvar('S', shapeOf('n', 'n'), ['symmetric']);
const Q = mvar('Q', shapeOf('n', 'n'), ['orthogonal']);
const T = (e: MExpr): string => mtoText(e);
const t = mtranspose;

describe('identities at construction', () => {
  it("(A')' = A, (A*B)' = B'*A', S' = S, inv(A)' = inv(A')", () => {
    expect(t(t(A))).toBe(A);
    expect(T(t(mmul(A, B)))).toBe("B'*A'");
    expect(t(S)).toBe(S);
    expect(t(minv(A))).toBe(minv(t(A)));
    expect(T(t(minv(A)))).toBe("inv(A')");
    expect(minv(minv(A))).toBe(A);
  });

  it("x'*A*x is a scalar; y'*x and x'*y are one node", () => {
    const q = mmul(t(x), A, x);
    expect(q.shape).toEqual({ rows: 1, cols: 1 });
    expect(t(q)).toBe(q);
    expect(mmul(t(y), x)).toBe(mmul(t(x), y));
    // a scalar product inside a product stays a scalar factor
    expect(T(mmul(q, y))).toBe("(x'*A*x)*y");
  });

  it("A*x + A'*x is (A + A')*x, and 2*S*x when S is symmetric", () => {
    expect(T(madd(mmul(A, x), mmul(t(A), x)))).toBe("(A + A')*x");
    expect(T(madd(mmul(S, x), mmul(t(S), x)))).toBe('2*S*x');
    expect(madd(mmul(A, x), mmul(t(A), x))).toBe(madd(mmul(t(A), x), mmul(A, x)));
  });

  it('like terms collect with scalar coefficients; a - a is the zero of the shape', () => {
    expect(T(madd(mmul(mscalar(2), x), mmul(mscalar('eps'), x)))).toBe('(eps + 2)*x');
    expect(T(msub(mmul(A, x), mmul(A, x)))).toBe('0*ones(n)');
  });

  it('inverses, identities, orthogonal and diagonal matrices', () => {
    expect(mmul(A, minv(A))).toBe(eye('n'));
    expect(mmul(minv(A), A, x)).toBe(x);
    expect(mmul(t(Q), Q)).toBe(eye('n'));
    expect(minv(Q)).toBe(t(Q));
    expect(T(mmul(mdiag(x), y))).toBe('x .* y');
    expect(mdiag(mdiag(x))).toBe(mdiag(mdiag(x)));
    expect(mdiag(ones('n'))).toBe(eye('n'));
    expect(T(mmul(mdiag(x), mdiag(y)))).toBe('diag(x .* y)');
    // A row times a diagonal is a row: ones(1,n)*diag(v) = v', y'*diag(x)*A = (y' .* x')*A.
    expect(mmul(t(ones('n')), mdiag(mmap('exp', x)))).toBe(t(mmap('exp', x)));
    expect(T(mmul(t(y), mdiag(x), A))).toBe("(y' .* x')*A");
    expect(T(mmul(A, mdiag(x), B))).toBe('A*diag(x)*B');
  });

  it('scalar factors merge powers: norm(r)*norm(r)^-1 = 1, x .* x = x.^2', () => {
    const r = msub(mmul(A, x), y);
    expect(mmul(mnorm(r), mpow(mnorm(r), mscalar(-1)), x)).toBe(x);
    expect(T(mhadamard(x, x))).toBe('x.^2');
    expect(T(mhadamard(mmap('exp', x), mmap('exp', x)))).toBe('exp(2*x)');
  });

  it('reductions: tr(eye(n)) = n, det(inv(A)) = det(A)^-1, logdet(inv(A)) = -logdet(A), sum(ones(3)) = 3', () => {
    expect(T(mtr(eye('n')))).toBe('n');
    expect(T(mdet(minv(A)))).toBe('1/det(A)');
    expect(T(mlogdet(minv(A)))).toBe('-logdet(A)');
    expect(T(msum(ones(3)))).toBe('3');
    expect(mtr(t(A))).toBe(mtr(A));
  });

  it('pure scalars are the scalar IR', () => {
    expect(T(madd(mscalar(2), mscalar('a'), mscalar(3)))).toBe('a + 5');
  });
});

describe('shape errors name both shapes', () => {
  it('products, sums, entrywise operations, square-only functions', () => {
    const z = mvar('z', shapeOf('m'));
    expect(() => mmul(A, z)).toThrow(/cannot multiply n×n by m×1/);
    expect(() => madd(x, z)).toThrow(/cannot add n×1 and m×1/);
    expect(() => mhadamard(x, A)).toThrow(ShapeError);
    expect(() => mtr(mvar('R', shapeOf('m', 'n')))).toThrow(/tr needs a square matrix, got m×n/);
    expect(() => minv(x)).toThrow(/inv needs a square matrix/);
    expect(() => mpow(x, y)).toThrow(/exponent of .\^ must be a scalar/);
    expect(() => mvar('R', shapeOf('m', 'n'), ['symmetric'])).toThrow(/needs a square matrix/);
  });
});
