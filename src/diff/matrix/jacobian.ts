/**
 * Jacobians, Hessians and Hessian-vector products in matrix notation.
 *
 * The Jacobian of a vector y with respect to a vector x is built by forward mode over
 * the DAG: each node that depends on x gets its tangent d vec(node) / d x, a matrix with
 * one row per entry of the node (the node must be a scalar or a vector; a matrix-valued
 * node depending on x would need a third-order tensor, and is refused with its name).
 * Entrywise operations become `diag(f'(u))*T`, products with a vector `L*T`, as in the
 * translation back from index notation of Laue, Mitterreiter and Giesen. Each node is
 * visited once.
 */
import {
  eye, mhadamard, isScalarShape, isColumnShape, isRowShape, madd, mdiag, mmap, mmul, mpow, mscalar, mtopologicalOrder, mtranspose,
  ones, zeros, formatShape, shapeOf, ShapeError, MONE, mtoText, msimplify, type MExpr,
} from '../../expr/matrix/index.js';
import { derivative } from '../derivative.js';
import { asColumn, checkVariable, dependents, entrywiseDerivative, inner, scalarVariableName, type MatrixVariable } from './local.js';
import { mgradient } from './gradient.js';

function entries(e: MExpr): MExpr['shape']['rows'] {
  if (isScalarShape(e.shape)) return 1;
  if (isColumnShape(e.shape)) return e.shape.rows;
  if (isRowShape(e.shape)) return e.shape.cols;
  throw tensorError(e);
}

function tensorError(e: MExpr): ShapeError {
  const text = mtoText(e);
  return new ShapeError(
    `the derivative passes through the ${formatShape(e.shape)} matrix ${text.length > 60 ? `${text.slice(0, 57)}...` : text}, whose derivative would be a third-order tensor; ` +
      'differentiate a scalar (a gradient) or use the vector-Jacobian product',
  );
}

/**
 * d y / d x: for a vector y (m entries) and a vector x (n entries) the m×n Jacobian, one
 * row per output entry; for a scalar y the gradient as a row; for a scalar x the
 * derivative as a column.
 */
export function mjacobian(y: MExpr, x: MatrixVariable): MExpr {
  checkVariable(x);
  const n = entries(x);
  const m = entries(y);
  const dep = dependents([y], x);
  if (!dep.has(y)) return zeros(shapeOf(m, n));
  const xName = scalarVariableName(x);
  const tangent = new Map<MExpr, MExpr>();
  const T = (k: MExpr): MExpr | undefined => (dep.has(k) ? tangent.get(k)! : undefined);
  for (const node of mtopologicalOrder([y])) {
    if (!dep.has(node)) continue;
    if (node === x) {
      tangent.set(node, isScalarShape(x.shape) ? MONE : eye(n));
      continue;
    }
    const terms: MExpr[] = [];
    forward(node, T, terms, xName);
    tangent.set(node, terms.length === 0 ? zeros(shapeOf(entries(node), n)) : madd(...terms));
  }
  // The diagonal's entries combined over one denominator (the logistic Hessian's one fraction).
  return msimplify(tangent.get(y)!);
}

function forward(node: MExpr, T: (k: MExpr) => MExpr | undefined, out: MExpr[], xName: string | undefined): void {
  const withT = (k: MExpr, f: (t: MExpr) => MExpr): void => {
    const t = T(k);
    if (t) out.push(f(t));
  };
  switch (node.kind) {
    case 'scalar':
      if (xName !== undefined) out.push(mscalar(derivative(node.expr, xName)));
      return;
    case 'add':
      for (const term of node.terms) withT(term, (t) => t);
      return;
    case 'mul': {
      entries(node);
      const { scalars, chain } = node;
      scalars.forEach((s, i) => withT(s, (t) => mmul(asColumn(mmul(...scalars.filter((_, j) => j !== i), ...chain)), t)));
      chain.forEach((c, j) => {
        if (!T(c)) return;
        if (!isColumnShape(c.shape) && !isRowShape(c.shape)) throw tensorError(c);
        const left = mmul(...scalars, ...chain.slice(0, j));
        const right = j + 1 < chain.length ? mmul(...chain.slice(j + 1)) : MONE;
        out.push(isColumnShape(c.shape) ? mmul(mtranspose(right), left, T(c)!) : mmul(left, mtranspose(right), T(c)!));
      });
      return;
    }
    case 'transpose':
      entries(node);
      withT(node.arg, (t) => t);
      return;
    case 'hadamard':
      node.factors.forEach((f, i) => {
        withT(f, (t) => mmul(mdiag(asColumn(mmulEntrywise(node.factors.filter((_, j) => j !== i)))), t));
      });
      return;
    case 'pow': {
      const { base, exp } = node;
      withT(base, (t) => mmul(mdiag(asColumn(mmul(exp, mpow(base, madd(exp, mscalar(-1)))))), t));
      withT(exp, (t) => mmul(asColumn(mhadamardLog(node, base)), t));
      return;
    }
    case 'map':
      withT(node.arg, (t) => mmul(mdiag(asColumn(entrywiseDerivative(node.fn, node.arg, node))), t));
      return;
    case 'sum':
      withT(node.arg, (t) => mmul(mtranspose(ones(entries(node.arg))), t));
      return;
    case 'norm':
      withT(node.arg, (t) => mmul(mpow(node, mscalar(-1)), mtranspose(asColumn(node.arg)), t));
      return;
    default:
      // inv, tr, det, logdet, diag of a matrix that depends on x; a var is x itself.
      throw tensorError(mchildOf(node));
  }
}

function mmulEntrywise(fs: readonly MExpr[]): MExpr {
  return fs.length === 0 ? MONE : mhadamard(...fs);
}
function mhadamardLog(node: MExpr, base: MExpr): MExpr {
  return mhadamard(node, mmap('log', base));
}
function mchildOf(node: MExpr): MExpr {
  return 'arg' in node ? node.arg : node;
}

/** The Hessian of a scalar with respect to a vector: the Jacobian of the gradient (`x'*A*x` gives `A + A'`). */
export function mhessian(f: MExpr, x: MatrixVariable): MExpr {
  return mjacobian(mgradient(f, x), x);
}

/** The Hessian-vector product H(f) v without forming H: the gradient of gradient(f)'*v. */
export function mhessianVectorProduct(f: MExpr, x: MatrixVariable, v: MExpr): MExpr {
  return mgradient(inner(mgradient(f, x), v), x);
}
