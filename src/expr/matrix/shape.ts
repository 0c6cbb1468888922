/**
 * Shapes of matrix expressions: a number of rows and of columns, each a positive
 * integer or a dimension name (a symbolic size). A vector is a column (n×1); a 1×1
 * shape is a scalar.
 */
import { NAME_PATTERN } from '../names.js';

/** A dimension: a positive integer or a dimension name such as `n`. */
export type Dim = number | string;

/** Is the value a dimension: a positive integer or a dimension name? (The one rule; readers add their size limit.) */
export function isDimension(d: unknown): d is Dim {
  return typeof d === 'number' ? Number.isInteger(d) && d >= 1 : typeof d === 'string' && NAME_PATTERN.test(d);
}

/** Rows × columns. */
export interface Shape {
  readonly rows: Dim;
  readonly cols: Dim;
}

/** The properties a declared matrix may carry (INTERFACE.md, "Vectors and matrices"). */
export const MATRIX_PROPERTIES = ['symmetric', 'positive_definite', 'positive_semidefinite', 'diagonal', 'orthogonal'] as const;
/** Functions of the matrix language (INTERFACE.md, "Vectors and matrices"), besides the scalar ones applied entry by entry. */
export const MATRIX_FUNCTION_NAMES = ['sum', 'norm', 'tr', 'det', 'logdet', 'inv', 'diag', 'eye', 'ones'] as const;

/** One declared matrix property. */
export type MatrixProperty = (typeof MATRIX_PROPERTIES)[number];

/** The shape of a scalar. */
export const SCALAR_SHAPE: Shape = Object.freeze({ rows: 1, cols: 1 });

/** Builds a shape (a column vector when cols is omitted). */
export function shapeOf(rows: Dim, cols: Dim = 1): Shape {
  return rows === 1 && cols === 1 ? SCALAR_SHAPE : Object.freeze({ rows, cols });
}

/** Is the shape 1×1? */
export function isScalarShape(s: Shape): boolean {
  return s.rows === 1 && s.cols === 1;
}

/** Is the shape a column vector (n×1, n not 1)? */
export function isColumnShape(s: Shape): boolean {
  return s.cols === 1 && s.rows !== 1;
}

/** Is the shape a row vector (1×n, n not 1)? */
export function isRowShape(s: Shape): boolean {
  return s.rows === 1 && s.cols !== 1;
}

/** Is the shape square (equal dimensions, numeric or by name)? */
export function isSquareShape(s: Shape): boolean {
  return s.rows === s.cols;
}

/** Equal dimensions: the same number, or the same dimension name. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

/** The shape as a reader writes it: `n×n`, `3×1`, `scalar`. */
export function formatShape(s: Shape): string {
  if (isScalarShape(s)) return 'scalar (1×1)';
  return `${s.rows}×${s.cols}`;
}

/** Raised when operand shapes do not fit; the converter adds the position in the text. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Resolves a dimension to a number under bound dimension names; undefined when unbound. */
export function dimValue(d: Dim, dims: ReadonlyMap<string, number> | Record<string, number>): number | undefined {
  if (typeof d === 'number') return d;
  const v = dims instanceof Map ? dims.get(d) : (dims as Record<string, number>)[d];
  return v;
}
