/**
 * The gradient of a scalar matrix expression with respect to a vector, a matrix or a
 * scalar, in matrix notation, by reverse mode over the DAG: each node's adjoint is a
 * matrix expression of the node's own shape (the pullback rules below), accumulated in
 * reverse topological order. This is the reverse mode of Laue, Mitterreiter and Giesen
 * (NeurIPS 2018) specialised to a scalar output, where every adjoint is at most a
 * matrix, so no tensor ever appears. Each distinct node is visited once: the result's
 * size is linear in the DAG.
 */
import { derivative } from '../derivative.js';
import {
  eye, isScalarShape, madd, mdiag, mhadamard, minv, mmap, mmul, mneg, mpow, mscalar, mtopologicalOrder, mtranspose,
  ones, zeros, formatShape, ShapeError, MONE, msimplify, type MExpr,
} from '../../expr/matrix/index.js';
import { checkVariable, dependents, entrywiseDerivative, inner, scalarVariableName, type MatrixVariable } from './local.js';

/**
 * d f / d x for a scalar f: the gradient, of the same shape as x
 * (`x'*A*x` w.r.t. x gives `(A + A')*x`).
 */
export function mgradient(f: MExpr, x: MatrixVariable): MExpr {
  if (!isScalarShape(f.shape)) {
    throw new ShapeError(`the gradient needs a scalar expression, got ${formatShape(f.shape)} (use the Jacobian for a vector)`);
  }
  // Entrywise parts as one scalar entry simplifies (expr/matrix owns it): exp(x) .* exp(-x) is ones.
  return msimplify(adjointOf(f, MONE, x));
}

/**
 * The vector-Jacobian product u' * (d y / d x) as an expression of x's shape: the
 * gradient of `u'*y`. For a vector y and a matrix x (where d y / d x is a third-order
 * tensor) this is the form backpropagation uses (`((1 - z.^2) .* u)*x'`).
 */
export function mvjp(y: MExpr, x: MatrixVariable, u: MExpr): MExpr {
  return mgradient(inner(u, y), x);
}

/** Reverse sweep from root with the given seed adjoint (of root's shape); returns x's adjoint. */
function adjointOf(root: MExpr, seed: MExpr, x: MatrixVariable): MExpr {
  checkVariable(x);
  const dep = dependents([root], x);
  if (!dep.has(root)) return zeros(x.shape);
  const xName = scalarVariableName(x);
  // A scalar variable also occurs inside scalar expressions (`c*s`), whose pullback pushes
  // to x itself: x must accept those pushes, and its adjoint is complete only after the sweep.
  if (xName !== undefined) dep.add(x);
  const order = mtopologicalOrder([root]);
  const contributions = new Map<MExpr, MExpr[]>();
  contributions.set(root, [seed]);
  const push = (k: MExpr, c: MExpr): void => {
    if (!dep.has(k)) return;
    const list = contributions.get(k);
    if (list) list.push(c);
    else contributions.set(k, [c]);
  };
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const parts = contributions.get(node);
    if (!parts) continue;
    contributions.delete(node);
    const adj = parts.length === 1 ? parts[0]! : madd(...parts);
    if (node === x && xName === undefined) return adj;
    pullback(node, adj, push, (k) => dep.has(k), xName);
  }
  const rest = contributions.get(x);
  return rest ? madd(...rest) : zeros(x.shape);
}

/**
 * Pushes the adjoint of a node to its children. Contributions are built only for
 * children that depend on x, so a long product `A*A*...*A*x` costs one term, not one per factor.
 */
function pullback(node: MExpr, adj: MExpr, push: (k: MExpr, c: MExpr) => void, dep: (k: MExpr) => boolean, xName: string | undefined): void {
  switch (node.kind) {
    case 'scalar':
      // A scalar expression that depends on the scalar variable: the scalar calculus.
      if (xName !== undefined) push(mscalar(xName), mmul(adj, mscalar(derivative(node.expr, xName))));
      return;
    case 'var':
    case 'eye':
    case 'ones':
    case 'zero':
      return;
    case 'add':
      for (const t of node.terms) push(t, adj);
      return;
    case 'mul': {
      const { scalars, chain } = node;
      scalars.forEach((s, i) => {
        if (!dep(s)) return;
        const others = mmul(...scalars.filter((_, j) => j !== i), ...chain);
        push(s, inner(adj, others));
      });
      chain.forEach((c, j) => {
        if (!dep(c)) return;
        const left = mmul(...scalars, ...chain.slice(0, j));
        const right = j + 1 < chain.length ? mmul(...chain.slice(j + 1)) : MONE;
        push(c, mmul(mtranspose(left), adj, mtranspose(right)));
      });
      return;
    }
    case 'transpose':
      push(node.arg, mtranspose(adj));
      return;
    case 'inv': {
      const yt = mtranspose(node);
      push(node.arg, mneg(mmul(yt, adj, yt)));
      return;
    }
    case 'hadamard':
      node.factors.forEach((f, i) => {
        if (dep(f)) push(f, mhadamard(adj, ...node.factors.filter((_, j) => j !== i)));
      });
      return;
    case 'pow': {
      const { base, exp } = node;
      if (dep(base)) push(base, mhadamard(adj, mmul(exp, mpow(base, madd(exp, mscalar(-1))))));
      if (dep(exp)) push(exp, inner(adj, mhadamard(node, mmap('log', base))));
      return;
    }
    case 'map':
      push(node.arg, mhadamard(adj, entrywiseDerivative(node.fn, node.arg, node)));
      return;
    case 'sum':
      push(node.arg, mmul(adj, ones(node.arg.shape.rows, node.arg.shape.cols)));
      return;
    case 'norm':
      push(node.arg, mmul(adj, mpow(node, mscalar(-1)), node.arg));
      return;
    case 'tr':
      push(node.arg, mmul(adj, eye(node.arg.shape.rows)));
      return;
    case 'det':
      push(node.arg, mmul(adj, node, mtranspose(minv(node.arg))));
      return;
    case 'logdet':
      push(node.arg, mmul(adj, mtranspose(minv(node.arg))));
      return;
    case 'diag':
      push(node.arg, mdiag(adj));
      return;
  }
}
