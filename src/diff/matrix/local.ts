/**
 * Pieces both modes of the matrix calculus share: which nodes depend on the variable,
 * the derivative of a scalar function lifted to act entry by entry, and the inner
 * product of two equally shaped expressions.
 */
import { FUNCTIONS, dependsOn, sym, call, type FunctionName } from '../../expr/index.js';
import {
  liftEntrywise, mhadamard, mmul, msum, mtranspose, ones, isScalarShape, isColumnShape, isRowShape,
  mchildren, mtopologicalOrder, ShapeError, type MExpr,
} from '../../expr/matrix/index.js';

/** A variable of differentiation: a declared vector or matrix, or a scalar symbol (as its scalar node). */
export type MatrixVariable = MExpr;

/** The scalar symbol name of a scalar variable node, if the variable is one. */
export function scalarVariableName(x: MatrixVariable): string | undefined {
  return x.kind === 'scalar' && x.expr.kind === 'sym' ? x.expr.name : undefined;
}

/** Checks that x can be differentiated against: a declared vector or matrix, or a scalar symbol. */
export function checkVariable(x: MatrixVariable): void {
  if (x.kind !== 'var' && scalarVariableName(x) === undefined) {
    throw new ShapeError('differentiate with respect to a declared vector, matrix or scalar symbol');
  }
}

/** The set of nodes under the roots that depend on x (x included). */
export function dependents(roots: readonly MExpr[], x: MatrixVariable): Set<MExpr> {
  const name = scalarVariableName(x);
  const out = new Set<MExpr>();
  for (const node of mtopologicalOrder(roots)) {
    if (node === x) out.add(node);
    else if (node.kind === 'scalar') {
      if (name !== undefined && dependsOn(node.expr, name)) out.add(node);
    } else if (mchildren(node).some((k) => out.has(k))) out.add(node);
  }
  return out;
}

const U = sym('\u0000u'); // placeholder the parser can never produce

/**
 * f'(U) entry by entry, as a matrix expression, from the FUNCTIONS table's scalar rule:
 * the rule is built on a placeholder u and then lifted, numbers becoming constant
 * matrices, products `.*`, powers `.^`, calls entrywise (tanh' = 1 - tanh(u)^2 becomes
 * `ones - tanh(U).^2`). `self` is the node f(U), reused as the rules ask.
 */
export function entrywiseDerivative(fn: FunctionName, arg: MExpr, self: MExpr): MExpr {
  const lifted = liftEntrywise(FUNCTIONS[fn].derivative(U, call(fn, U)), new Map([[U, arg], [call(fn, U), self]]));
  // A constant derivative (sign' = 0) applies to every entry.
  return isScalarShape(lifted.shape) && !isScalarShape(arg.shape) ? mmul(lifted, ones(arg.shape.rows, arg.shape.cols)) : lifted;
}

/** <a, b>: the sum of the entrywise products of two equally shaped expressions, as a scalar. */
export function inner(a: MExpr, b: MExpr): MExpr {
  if (isScalarShape(a.shape)) return mmul(a, b);
  if (isColumnShape(a.shape)) return mmul(mtranspose(a), b);
  if (isRowShape(a.shape)) return mmul(a, mtranspose(b));
  return msum(mhadamard(a, b));
}

/** A vector-shaped node as a column (a row is transposed; scalars and columns stay). */
export function asColumn(a: MExpr): MExpr {
  return isRowShape(a.shape) ? mtranspose(a) : a;
}
