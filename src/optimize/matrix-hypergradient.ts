/**
 * The hypergradient's derivation in matrix notation (seed 003, issue 13 case 6). For an
 * inner problem θ*(λ) = argmin_θ L(θ, λ) with a vector θ, the stationarity ∇_θ L = 0
 * holds along θ*(λ); differentiating it in λ (the implicit function theorem) gives
 *
 *   d(θ*)/dλ = −inv(H) * B,   H = ∂²L/∂θ∂θ' (the Hessian in θ),   B = ∂(∇_θ L)/∂λ,
 *
 * derived here as matrix expressions by src/diff/matrix. When ∇_θ L is affine in θ
 * (H does not depend on θ), the stationarity is solved as well, θ* = inv(H)*b with
 * b = −∇_θ L at θ = 0, and the sensitivity is given in closed form: for ridge,
 * `L = norm(X*theta - y)^2 + lambda*norm(theta)^2` gives θ* = inv(X'*X + lambda*eye(n))*X'*y
 * and d(θ*)/dλ = −inv(X'*X + lambda*eye(n))*θ*. The numeric path stays the one of
 * hypergradient.ts (CG on compiled Hessian-vector products); this is its derivation.
 */
import { num, type Expr } from '../expr/index.js';
import type { Rational } from '../expr/rational.js';
import { mgradient, mhessian, mjacobian, type MatrixVariable } from '../diff/matrix/index.js';
import {
  isColumnShape, isScalarShape, madd, minv, mmul, mneg, mscalar, mtopologicalOrder, replaceNodes, splitScalarCoefficient, zeros, formatShape, ShapeError, type MExpr,
} from '../expr/matrix/index.js';

/** The inner problem: L(θ, λ) minimised over the vector θ, with hyperparameter λ (a scalar symbol or a vector). */
export interface MatrixInnerProblem {
  readonly theta: MatrixVariable;
  readonly lambda: MatrixVariable;
  /** L(θ, λ), a scalar matrix expression. */
  readonly loss: MExpr;
}

/** The pieces of d(θ*)/dλ in matrix notation. */
export interface MatrixHypergradientDerivation {
  /** ∇_θ L (= 0 at θ*). */
  readonly innerGradient: MExpr;
  /** H = ∂²L/∂θ∂θ'. */
  readonly hessian: MExpr;
  /** B = ∂(∇_θ L)/∂λ: a column for a scalar λ, one column per entry of a vector λ. */
  readonly mixed: MExpr;
  /** d(θ*)/dλ = −inv(H)*B, in terms of θ (= θ*) and λ. */
  readonly sensitivity: MExpr;
  /** Present when ∇_θ L is affine in θ: the inner solution θ* = inv(H)*b. */
  readonly solution?: MExpr;
  /** Present with `solution`: d(θ*)/dλ with θ* substituted, in terms of the data and λ only. */
  readonly sensitivityClosed?: MExpr;
}

function dependsOnNode(e: MExpr, x: MExpr): boolean {
  return mtopologicalOrder([e]).includes(x);
}

/**
 * inv(H) with a coefficient common to every term of H taken out first, so that
 * inv(2*X'*X + 2*lambda*eye(n)) reads 1/2*inv(X'*X + lambda*eye(n)).
 */
function inverseOf(h: MExpr): MExpr {
  if (h.kind !== 'add') return minv(h);
  const numbers = h.terms.map((t) => numericFactor(splitScalarCoefficient(t)[0]));
  const c = numbers[0]!;
  if (c === undefined || c.isOne || !numbers.every((k) => k !== undefined && k.equals(c))) return minv(h);
  const scale = mscalar(num(c.inv()));
  return mmul(scale, minv(madd(...h.terms.map((t) => mmul(scale, t)))));
}

/** The rational number a scalar coefficient starts with (2 in 2*lambda), if any. */
function numericFactor(k: Expr): Rational | undefined {
  if (k.kind === 'num') return k.value;
  if (k.kind === 'mul' && k.factors[0]?.kind === 'num') return k.factors[0].value;
  return undefined;
}

/** Derives d(θ*)/dλ = −inv(H)*∂(∇_θ L)/∂λ, and its closed form when the stationarity is linear in θ. */
export function deriveMatrixHypergradient(p: MatrixInnerProblem): MatrixHypergradientDerivation {
  if (!isColumnShape(p.theta.shape)) throw new ShapeError(`the inner variable must be a vector, got ${formatShape(p.theta.shape)}`);
  if (!isScalarShape(p.loss.shape)) throw new ShapeError(`the inner loss must be a scalar, got ${formatShape(p.loss.shape)}`);
  const innerGradient = mgradient(p.loss, p.theta);
  const hessian = mhessian(p.loss, p.theta);
  const mixed = mjacobian(innerGradient, p.lambda);
  const sensitivity = mmul(mneg(inverseOf(hessian)), mixed);
  if (dependsOnNode(hessian, p.theta)) return { innerGradient, hessian, mixed, sensitivity };
  // Affine stationarity: ∇_θ L = H*θ − b, so b = −∇_θ L(θ = 0) and θ* = inv(H)*b.
  const b = mneg(replaceNodes(innerGradient, new Map([[p.theta, zeros(p.theta.shape)]])));
  const solution = mmul(inverseOf(hessian), b);
  const sensitivityClosed = replaceNodes(sensitivity, new Map([[p.theta, solution]]));
  return { innerGradient, hessian, mixed, sensitivity, solution, sensitivityClosed };
}
