/**
 * Compiled derivatives: the value and the gradient of a scalar matrix expression in one
 * plan, so that the subexpressions they share (`A*x - b` in least squares) are computed
 * once per call.
 */
import { mgradient, type MatrixVariable } from '../../diff/matrix/index.js';
import { freeSymbols } from '../../expr/index.js';
import { mtopologicalOrder, type MExpr } from '../../expr/matrix/index.js';
import { compileMatrix, type CompiledMatrix, type MatrixPlanOptions } from './plan.js';

/** The input names of expressions: declared vectors and matrices, then scalar symbols, each sorted. */
export function inputsOf(roots: readonly MExpr[], dims: Readonly<Record<string, number>> = {}): string[] {
  const shaped = new Set<string>();
  const scalars = new Set<string>();
  for (const n of mtopologicalOrder(roots)) {
    if (n.kind === 'var') shaped.add(n.name);
    else if (n.kind === 'scalar') for (const s of freeSymbols(n.expr)) if (!(s in dims)) scalars.add(s);
  }
  return [...[...shaped].sort(), ...[...scalars].sort()];
}

/**
 * Compiles f and its gradient with respect to x at the given dimensions; `evaluate`
 * returns [value (length 1), gradient (x's entries, row-major)].
 */
export function compileValueAndGradient(f: MExpr, x: MatrixVariable, dims: Readonly<Record<string, number>>, inputs?: readonly string[], options?: MatrixPlanOptions): CompiledMatrix {
  const g = mgradient(f, x);
  return compileMatrix([f, g], inputs ?? inputsOf([f, x], dims), dims, options);
}
