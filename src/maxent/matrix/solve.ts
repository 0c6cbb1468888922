/**
 * The maximum-entropy density of a vector variable on R^n with E[x] = m and
 * E[(x - c)*(x - c)'] = S, in matrix form for every n.
 *
 * Lagrangian (the scalar route's convention, constraints entering with a plus sign; a
 * matrix constraint pairs with its multiplier through the trace inner product):
 *   L[p] = H[p] + lambda_0*(∫p - 1) + lambda_1'*(∫x p - m) + tr(Lambda_2'*(∫(x - c)(x - c)' p - S)).
 * Pointwise stationarity gives log p = lambda_0 - 1 + lambda_1'*x + (x - c)'*Lambda_2*(x - c)
 * (tr(Λ'*v*v') = v'*Λ*v). Only the symmetric part of Λ2 enters, so Λ2 is taken
 * symmetric. With A = -2*Λ2 and b = lambda_1 + A*c the exponent is -x'*A*x/2 + b'*x + const;
 * the Gaussian integral and its moments (rules `gaussian-integral-rn`,
 * `gaussian-moments-rn`) give E[x] = inv(A)*b and Cov[x] = inv(A), so
 *   Σ = S - (m - c)*(m - c)',  Λ2 = -inv(Σ)/2,  lambda_1 = inv(Σ)*(m - c),
 *   lambda_0 = 1 - logdet(2*pi*Σ)/2 - (m'*inv(Σ)*m - c'*inv(Σ)*c)/2,
 * and p is the normal density N(m, Σ). With c = m (the seed's form) lambda_1 = 0.
 */
import { div, num, PI } from '../../expr/index.js';
import {
  hasProperty, isZeroM, madd, mdet, minv, mlogdet, mmap, mmul, mpow, mscalar, msub, mtoText, mtranspose, mvar, shapeOf, zeros, type MExpr,
} from '../../expr/matrix/index.js';
import { inline, matrixMathText, tex, type Prose } from '../../document/index.js';
import { INTEGRAL_RULES, type IntegralRule } from '../rules.js';
import type { GaussianMoments, MatrixMaxentProblem } from './problem.js';

/** One multiplier's closed form. */
export interface MatrixMultiplier {
  /** `lambda_0`, `lambda_1` (a vector) or `Lambda_2` (a symmetric matrix). */
  readonly name: string;
  /** The multiplier as a symbol of its shape. */
  readonly symbol: MExpr;
  /** Index of its constraint: 0 normalisation, k the k-th moment. */
  readonly constraint: number;
  readonly value: MExpr;
}

/** The outcome of the matrix route. */
export interface MatrixMaxentResult {
  readonly problem: MatrixMaxentProblem;
  readonly status: 'optimal' | 'unsupported' | 'unbounded';
  readonly message?: string;
  /** log p from stationarity, in the multipliers (lambda_0 - 1 + lambda_1'*x + (x - c)'*Lambda_2*(x - c)). */
  readonly exponent?: MExpr;
  /** The moments recognised. */
  readonly gaussian?: GaussianMoments;
  /** Mean m and covariance Σ of the density. */
  readonly mean?: MExpr;
  readonly covariance?: MExpr;
  readonly density?: MExpr;
  readonly multipliers: readonly MatrixMultiplier[];
  /** Conditions assumed rather than declared (Σ symmetric positive definite), as sentences. */
  readonly assumed: readonly string[];
  readonly rules: readonly IntegralRule[];
  /** Remarks on the result, their formulas as math items (JSON reads them with proseToText). */
  readonly notes: readonly Prose[];
}

const HALF = mscalar(div(num(1), num(2)));
const MINUS_HALF = mscalar(div(num(-1), num(2)));

/** The multiplier symbols: lambda_0 (scalar), lambda_1 (n-vector), Lambda_2 (symmetric n×n). */
export function multiplierSymbols(problem: MatrixMaxentProblem): { l0: MExpr; l1: MExpr; L2: MExpr } {
  const n = problem.dim;
  return { l0: mscalar('lambda_0'), l1: mvar('lambda_1', shapeOf(n)), L2: mvar('Lambda_2', shapeOf(n, n), ['symmetric']) };
}

/** The Gaussian density exp(-(x - m)'*inv(Σ)*(x - m)/2)/sqrt(det(2*pi*Σ)). */
export function normalDensity(x: MExpr, m: MExpr, cov: MExpr): MExpr {
  const d = isZeroM(m) ? x : msub(x, m);
  const quad = mmul(MINUS_HALF, mtranspose(d), minv(cov), d);
  return mmul(mmap('exp', quad), mpow(mdet(mmul(mscalar(num(2)), mscalar(PI), cov)), MINUS_HALF));
}

/** Solves the problem in closed form (never throws for a read problem). */
export function solveMatrixMaxent(problem: MatrixMaxentProblem): MatrixMaxentResult {
  const g = problem.gaussian;
  if ('unsupported' in g) return { problem, status: g.status, message: g.unsupported, multipliers: [], assumed: [], rules: [], notes: [] };
  const x = problem.variable;
  const { l0, l1, L2 } = multiplierSymbols(problem);
  const c = g.centre;
  const xc = isZeroM(c) ? x : msub(x, c);
  const exponent = madd(l0, mscalar(num(-1)), ...(g.mean ? [mmul(mtranspose(l1), x)] : []), mmul(mtranspose(xc), L2, xc));

  const m = g.mean ?? c;
  const shift = msub(m, c);
  const cov = isZeroM(shift) ? g.second : msub(g.second, mmul(shift, mtranspose(shift)));
  const P = minv(cov);
  const lambda0Terms: MExpr[] = [mscalar(num(1)), mmul(MINUS_HALF, mlogdet(mmul(mscalar(num(2)), mscalar(PI), cov)))];
  if (!isZeroM(shift)) {
    if (!isZeroM(m)) lambda0Terms.push(mmul(MINUS_HALF, mtranspose(m), P, m));
    if (!isZeroM(c)) lambda0Terms.push(mmul(HALF, mtranspose(c), P, c));
  }
  const multipliers: MatrixMultiplier[] = [{ name: 'lambda_0', symbol: l0, constraint: 0, value: madd(...lambda0Terms) }];
  if (g.meanIndex !== undefined) {
    multipliers.push({ name: 'lambda_1', symbol: l1, constraint: g.meanIndex + 1, value: isZeroM(shift) ? zeros(x.shape) : mmul(P, shift) });
  }
  multipliers.push({ name: 'Lambda_2', symbol: L2, constraint: g.secondIndex + 1, value: mmul(MINUS_HALF, P) });

  const assumed: string[] = [];
  const declaredPd = cov.kind === 'var' && hasProperty(cov, 'positive_definite');
  if (!declaredPd) {
    assumed.push(
      cov.kind === 'var'
        ? `${mtoText(cov)} is assumed symmetric positive definite (it is a covariance matrix, and the density exists only when it is positive definite); declare "properties": ["positive_definite"] to state it`
        : `${mtoText(cov)} (the covariance) is assumed symmetric positive definite: the density exists only when it is`,
    );
  }
  const lam2 = tex('Lambda_2', '\\boldsymbol{\\Lambda}_{2}');
  const v = isZeroM(c) ? matrixMathText(x) : { text: `(${mtoText(xc)})`, latex: `\\left(${matrixMathText(xc).latex}\\right)` };
  const notes: Prose[] = [
    inline`${tex('H[p]', 'H[p]')} is strictly concave and the constraints are linear in ${tex('p', 'p')}, so the stationary density is the unique maximiser: for any ${tex('q', 'q')} with the same moments, ${tex('H[q] = H[p] - KL(q || p) <= H[p]', 'H[q] = H[p] - \\operatorname{KL}(q \\,\\|\\, p) \\le H[p]')}.`,
    inline`Only the symmetric part of ${lam2} enters ${tex(`tr(Lambda_2'*${v.text}*${v.text}')`, `\\operatorname{tr}\\left(\\boldsymbol{\\Lambda}_{2}^{\\top}${v.latex}${v.latex}^{\\top}\\right)`)}, so ${lam2} is taken symmetric.`,
    ...(g.meanIndex === undefined ? [inline`No first moment is constrained: the density is centred at ${matrixMathText(c)}, the centre of the second moment.`] : []),
  ];
  return {
    problem,
    status: 'optimal',
    exponent,
    gaussian: g,
    mean: m,
    covariance: cov,
    density: normalDensity(x, m, cov),
    multipliers,
    assumed,
    rules: [INTEGRAL_RULES.gaussianRn, INTEGRAL_RULES.gaussianMomentsRn],
    notes,
  };
}
