/**
 * Leaves of matrix expressions: scalars (wrapping the scalar IR), declared vectors and
 * matrices, eye, ones and zero.
 */
import { lift, num, ONE, ZERO, type Expr } from '../nodes.js';
import { hashParts, hashText, internM, shapeKey, type MExpr, type MScalar, type MVar } from './nodes.js';
import { MATRIX_PROPERTIES, SCALAR_SHAPE, ShapeError, isScalarShape, shapeOf, type Dim, type MatrixProperty, type Shape } from './shape.js';

/** A scalar node wrapping a scalar expression (a number converts exactly, a string is a symbol). */
export function mscalar(e: Expr | number | string): MScalar {
  const x = lift(e);
  const key = `s:${x.id}`;
  return internM(key, (id) => ({ kind: 'scalar', id, hash: hashParts(0x5ca1, [x.hash]), shape: SCALAR_SHAPE, expr: x }));
}

/** The scalar 0. */
export const MZERO = mscalar(ZERO);
/** The scalar 1. */
export const MONE = mscalar(ONE);
/** The scalar -1. */
export const MMINUS_ONE = mscalar(num(-1));

/**
 * A declared vector or matrix. A 1×1 declaration is a scalar symbol. Properties that
 * need a square matrix are refused on other shapes; positive (semi)definite implies
 * symmetric, and the implied property is recorded too.
 */
export function mvar(name: string, shape: Shape, props: readonly MatrixProperty[] = []): MExpr {
  if (isScalarShape(shape)) return mscalar(name);
  const set = new Set<MatrixProperty>();
  for (const p of props) {
    if (!MATRIX_PROPERTIES.includes(p)) throw new ShapeError(`unknown matrix property '${String(p)}'`);
    if (shape.rows !== shape.cols) throw new ShapeError(`'${name}' is ${shape.rows}×${shape.cols}; the property ${p} needs a square matrix`);
    set.add(p);
    if (p === 'positive_definite' || p === 'positive_semidefinite' || p === 'diagonal') set.add('symmetric');
  }
  const sorted = [...set].sort();
  const key = `v:${name}:${shapeKey(shape)}:${sorted.join(',')}`;
  return internM(key, (id): MVar => ({ kind: 'var', id, hash: hashText(`v:${name}`), shape, name, props: Object.freeze(sorted) }));
}

/** Does the declared node carry the property? */
export function hasProperty(e: MExpr, p: MatrixProperty): boolean {
  return e.kind === 'var' && e.props.includes(p);
}

/** The identity matrix of size n (the scalar 1 when n is 1). */
export function eye(n: Dim): MExpr {
  if (n === 1) return MONE;
  const shape = shapeOf(n, n);
  const key = `I:${shapeKey(shape)}`;
  return internM(key, (id) => ({ kind: 'eye', id, hash: hashParts(0xe7e, [hashText(String(n))]), shape }));
}

/** The all-ones column vector ones(n), or matrix ones(m, n) (the scalar 1 when 1×1). */
export function ones(rows: Dim, cols: Dim = 1): MExpr {
  const shape = shapeOf(rows, cols);
  if (isScalarShape(shape)) return MONE;
  const key = `1:${shapeKey(shape)}`;
  return internM(key, (id) => ({ kind: 'ones', id, hash: hashParts(0x0e5, [hashText(shapeKey(shape))]), shape }));
}

/** The zero of a shape (the scalar 0 when 1×1). */
export function zeros(shape: Shape): MExpr {
  if (isScalarShape(shape)) return MZERO;
  const key = `0:${shapeKey(shape)}`;
  return internM(key, (id) => ({ kind: 'zero', id, hash: hashParts(0x2e0, [hashText(shapeKey(shape))]), shape }));
}

/** Is the node a zero (scalar 0 or a zero matrix)? */
export function isZeroM(e: MExpr): boolean {
  return e.kind === 'zero' || (e.kind === 'scalar' && e.expr === ZERO);
}

/** The scalar expression of a pure scalar node, else undefined. */
export function pureScalar(e: MExpr): Expr | undefined {
  return e.kind === 'scalar' ? e.expr : undefined;
}

/** A dimension as a scalar value: a number, or the dimension name as a scalar symbol. */
export function dimScalar(d: Dim): MScalar {
  return mscalar(typeof d === 'number' ? num(d) : d);
}
