/**
 * Hypergradients of a bilevel problem through the implicit function theorem (seed 003):
 *
 *   minimise over λ   L_dev(θ*(λ), λ),   θ*(λ) = argmin_θ L_train(θ, λ).
 *
 * At the inner minimum ∇_θ L_train(θ*, λ) = 0; differentiating that identity in λ gives
 * dθ*(λ)/dλ = −H⁻¹ B with H = ∂²L_train/∂θ∂θᵀ and B = ∂²L_train/∂θ∂λᵀ, so
 *
 *   dL_dev/dλ = ∂L_dev/∂λ − ∂L_dev/∂θ · H⁻¹ B = ∂L_dev/∂λ − Bᵀ w,   H w = ∂L_dev/∂θ.
 *
 * Every derivative is derived symbolically and compiled; the one linear solve H w = g
 * runs by conjugate gradient on compiled Hessian-vector products (H is never formed),
 * and Bᵀw is the λ-block of one more Hessian-vector product of L_train over (θ, λ)
 * with direction (w, 0) — the adjoint (reverse) order, one solve for any number of
 * hyperparameters.
 */
import { compileGradient, compileHvp } from '../compile/index.js';
import { gradient } from '../diff/index.js';
import type { Expr } from '../expr/index.js';
import { conjugateGradient, lbfgs, newton, norm2, type Objective, type OptimizeOptions, type RunResult } from '../numeric/index.js';

/** The bilevel problem: inner variables θ, hyperparameters λ, the two losses. */
export interface BilevelProblem {
  readonly theta: readonly string[];
  readonly lambda: readonly string[];
  /** L_train(θ, λ), minimised over θ. */
  readonly train: Expr;
  /** L_dev(θ, λ), usually a function of θ only. */
  readonly dev: Expr;
}

/** The symbolic pieces of the hypergradient formula. */
export interface HypergradientDerivation {
  /** ∇_θ L_train (the inner stationarity condition, = 0 at θ*). */
  readonly innerGradient: readonly Expr[];
  /** B_ik = ∂²L_train/∂θ_i∂λ_k, rows θ, columns λ. */
  readonly mixed: readonly (readonly Expr[])[];
  /** ∂L_dev/∂θ. */
  readonly devGradientTheta: readonly Expr[];
  /** ∂L_dev/∂λ (the direct dependence; often zero). */
  readonly devGradientLambda: readonly Expr[];
}

/** Derives the pieces of the hypergradient symbolically (reverse mode over the DAG). */
export function deriveHypergradient(p: BilevelProblem): HypergradientDerivation {
  checkNames(p);
  const innerGradient = gradient(p.train, p.theta);
  const mixed = innerGradient.map((g) => gradient(g, p.lambda));
  const devAll = gradient(p.dev, [...p.theta, ...p.lambda]);
  return {
    innerGradient,
    mixed,
    devGradientTheta: devAll.slice(0, p.theta.length),
    devGradientLambda: devAll.slice(p.theta.length),
  };
}

/** One hypergradient evaluation and the evidence behind it. */
export interface HypergradientResult {
  /** dL_dev/dλ. */
  readonly gradient: Float64Array;
  /** L_dev at (θ, λ). */
  readonly devValue: number;
  /** w = H⁻¹ ∂L_dev/∂θ. */
  readonly adjoint: Float64Array;
  /** ‖∇_θ L_train(θ, λ)‖: how stationary the θ it was given is (the formula assumes 0). */
  readonly innerGradientNorm: number;
  readonly cg: { readonly iterations: number; readonly residualNorm: number; readonly converged: boolean };
  /** Hessian-vector products used (CG plus the one for Bᵀw). */
  readonly hessianVectorProducts: number;
}

/** The inner solution at one λ. */
export interface InnerSolution {
  readonly theta: Float64Array;
  readonly run: RunResult;
}

/** A bilevel problem compiled for repeated use. */
export interface CompiledBilevel {
  readonly problem: BilevelProblem;
  readonly derivation: HypergradientDerivation;
  /** L_train(·, λ) as an objective over θ (value, gradient, HVP). */
  inner(lambda: Float64Array): Objective;
  /** θ*(λ) by `method` (default Newton-CG on HVPs, which reaches machine-precision stationarity; tol 1e-10) from θ0. */
  solveInner(lambda: Float64Array, theta0: Float64Array, options?: OptimizeOptions & { method?: 'lbfgs' | 'newton' }): InnerSolution;
  /** dL_dev/dλ at (θ, λ); θ should be θ*(λ). */
  hypergradient(lambda: Float64Array, theta: Float64Array, options?: { rtol?: number; maxIter?: number }): HypergradientResult;
  /** L_dev(θ, λ). */
  devValue(lambda: Float64Array, theta: Float64Array): number;
}

/** Raised when the hypergradient cannot be computed (the inner Hessian is not positive definite at θ). */
export class HypergradientError extends Error {
  override name = 'HypergradientError';
}

/** Compiles L_train (value, gradient, HVP over (θ, λ)) and L_dev (value and gradient). */
export function compileBilevel(p: BilevelProblem): CompiledBilevel {
  const derivation = deriveHypergradient(p);
  const all = [...p.theta, ...p.lambda];
  const d = p.theta.length;
  const m = p.lambda.length;
  const train = compileGradient(p.train, all);
  const trainHvp = compileHvp(p.train, all);
  const dev = compileGradient(p.dev, all);
  const z = new Float64Array(d + m);
  const gz = new Float64Array(d + m);
  const vz = new Float64Array(d + m);
  const hz = new Float64Array(d + m);
  const load = (theta: Float64Array, lambda: Float64Array) => {
    z.set(theta.subarray(0, d), 0);
    z.set(lambda.subarray(0, m), d);
  };
  const hvpTheta = (theta: Float64Array, lambda: Float64Array, v: Float64Array, out: Float64Array) => {
    load(theta, lambda);
    vz.fill(0);
    vz.set(v.subarray(0, d), 0);
    trainHvp.evaluate(z, vz, hz);
    out.set(hz.subarray(0, d));
    return out;
  };
  const checkLambda = (lambda: Float64Array) => {
    if (lambda.length !== m) throw new RangeError(`expected ${m} hyperparameter value${m === 1 ? '' : 's'} (${p.lambda.join(', ')}), got ${lambda.length}`);
  };
  const self: CompiledBilevel = {
    problem: p,
    derivation,
    inner(lambda) {
      checkLambda(lambda);
      const lam = Float64Array.from(lambda);
      return {
        dimension: d,
        valueAndGradient(theta, g) {
          load(theta, lam);
          const f = train.valueAndGradient(z, gz);
          g.set(gz.subarray(0, d));
          return f;
        },
        hvp: (theta, v, out) => hvpTheta(theta, lam, v, out),
      };
    },
    solveInner(lambda, theta0, options = {}) {
      const objective = self.inner(lambda);
      const { method = 'newton', ...rest } = options;
      const opts = { tol: 1e-10, ...rest };
      const batch = method === 'newton' ? newton(objective, Float64Array.from(theta0), 1, { newtonSolver: 'cg', ...opts }) : lbfgs(objective, Float64Array.from(theta0), 1, opts);
      const run = batch.runs[0]!;
      return { theta: run.x, run };
    },
    hypergradient(lambda, theta, options = {}) {
      checkLambda(lambda);
      if (theta.length !== d) throw new RangeError(`expected ${d} inner variables (${p.theta.join(', ')}), got ${theta.length}`);
      load(theta, lambda);
      const gDev = new Float64Array(d + m);
      const devValue = dev.valueAndGradient(z, gDev);
      const gTrain = new Float64Array(d + m);
      train.valueAndGradient(z, gTrain);
      const innerGradientNorm = norm2(gTrain.subarray(0, d));
      let products = 0;
      const cg = conjugateGradient(
        (v, out) => {
          products++;
          hvpTheta(theta, lambda, v, out);
        },
        gDev.slice(0, d),
        { rtol: options.rtol ?? 1e-12, maxIter: options.maxIter ?? 10 * d },
      );
      if (cg.negativeCurvature) {
        throw new HypergradientError(
          `the Hessian of L_train in θ is not positive definite at the given θ (curvature ${cg.negativeCurvature.curvature.toExponential(2)} along a CG direction): θ is not a strict local minimum, so θ*(λ) is not differentiable there`,
        );
      }
      const w = cg.x;
      load(theta, lambda);
      vz.fill(0);
      vz.set(w, 0);
      trainHvp.evaluate(z, vz, hz);
      products++;
      const result = new Float64Array(m);
      for (let k = 0; k < m; k++) result[k] = gDev[d + k]! - hz[d + k]!;
      return {
        gradient: result,
        devValue,
        adjoint: w,
        innerGradientNorm,
        cg: { iterations: cg.iterations, residualNorm: cg.residualNorm, converged: cg.converged },
        hessianVectorProducts: products,
      };
    },
    devValue(lambda, theta) {
      load(theta, lambda);
      return dev.valueAndGradient(z, gz);
    },
  };
  return self;
}

function checkNames(p: BilevelProblem): void {
  const seen = new Set<string>();
  for (const n of [...p.theta, ...p.lambda]) {
    if (seen.has(n)) throw new RangeError(`"${n}" is listed twice among the inner variables and hyperparameters`);
    seen.add(n);
  }
  if (p.theta.length === 0 || p.lambda.length === 0) throw new RangeError('a bilevel problem needs at least one inner variable and one hyperparameter');
}

/**
 * dL_dev/dλ by central differences of λ ↦ L_dev(θ*(λ), λ), re-solving the inner problem
 * at λ ± h_k e_k (from θ0) for each hyperparameter; h_k = step·max(1, |λ_k|). The check
 * the IFT formula is verified against.
 */
export function finiteDifferenceHypergradient(c: CompiledBilevel, lambda: Float64Array, theta0: Float64Array, options: { step?: number; innerTol?: number; method?: 'lbfgs' | 'newton' } = {}): Float64Array {
  const m = lambda.length;
  const out = new Float64Array(m);
  const step = options.step ?? 1e-5;
  for (let k = 0; k < m; k++) {
    const h = step * Math.max(1, Math.abs(lambda[k]!));
    const at = (sign: number) => {
      const l = Float64Array.from(lambda);
      l[k]! += sign * h;
      const inner = c.solveInner(l, theta0, { tol: options.innerTol ?? 1e-12, method: options.method ?? 'newton' });
      return c.devValue(l, inner.theta);
    };
    out[k] = (at(1) - at(-1)) / (2 * h);
  }
  return out;
}

/** One step of gradient descent on the hyperparameters. */
export interface HyperStep {
  readonly lambda: Float64Array;
  readonly devValue: number;
  readonly gradient: Float64Array;
  readonly theta: Float64Array;
}

/**
 * Gradient descent on λ itself: each step solves the inner problem (warm-started from
 * the previous θ*), takes the hypergradient, and moves λ. With `logScale`, the step is
 * taken in log λ (dL/dlog λ = λ dL/dλ), which keeps positive hyperparameters positive.
 */
export function hyperDescent(
  c: CompiledBilevel,
  lambda0: Float64Array,
  theta0: Float64Array,
  options: { lr?: number; steps?: number; tol?: number; logScale?: boolean } = {},
): HyperStep[] {
  const lr = options.lr ?? 0.1;
  const steps = options.steps ?? 50;
  const tol = options.tol ?? 1e-8;
  const path: HyperStep[] = [];
  let lambda: Float64Array = Float64Array.from(lambda0);
  let theta: Float64Array = Float64Array.from(theta0);
  for (let k = 0; k <= steps; k++) {
    const inner = c.solveInner(lambda, theta);
    theta = inner.theta;
    const hg = c.hypergradient(lambda, theta);
    path.push({ lambda: Float64Array.from(lambda), devValue: hg.devValue, gradient: hg.gradient, theta: Float64Array.from(theta) });
    const direction = options.logScale ? hg.gradient.map((g, i) => g * lambda[i]!) : hg.gradient;
    if (norm2(direction) <= tol || k === steps) break;
    lambda = options.logScale ? lambda.map((l, i) => l * Math.exp(-lr * direction[i]!)) : lambda.map((l, i) => l - lr * direction[i]!);
  }
  return path;
}
