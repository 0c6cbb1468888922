/**
 * The shared vocabulary of the optimisers: what an objective offers (value and gradient,
 * optionally batched, a Hessian and Hessian-vector products), what a run reports, and
 * the options every method reads. Numbers only: the symbolic side builds these objects
 * from compiled expressions (src/optimize).
 */
import type { Projection } from './projections.js';

/** A smooth function R^d → R with its gradient; the optional members unlock methods that need them. */
export interface Objective {
  /** d, the number of variables. */
  readonly dimension: number;
  /** f(x), with ∇f(x) written into `grad`. */
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  /**
   * f and ∇f at n points in one call: `xs` holds n rows of d values; row i of `out` is
   * [f, ∂f/∂x_1, ..., ∂f/∂x_d]. Lets first-order methods advance many starts in lock-step.
   */
  evaluateBatch?(xs: Float64Array, n: number, out: Float64Array): Float64Array;
  /** The d×d Hessian at x, row-major (Newton's dense path). */
  hessian?(x: Float64Array, out: Float64Array): Float64Array;
  /** H(x)·v without forming H (Newton-CG, power iteration, hypergradients). */
  hvp?(x: Float64Array, v: Float64Array, out: Float64Array): Float64Array;
}

/**
 * Constraint functions h_i(x) = 0 (the first `equalities`) and g_j(x) ≤ 0 (the rest),
 * evaluated together: `out` receives, for each constraint in order, its value followed
 * by its gradient (count·(1+d) numbers).
 */
export interface ConstraintFunctions {
  readonly equalities: number;
  readonly inequalities: number;
  evaluate(x: Float64Array, out: Float64Array): Float64Array;
  /** The same at n points; row i of `out` has count·(1+d) numbers. */
  evaluateBatch?(xs: Float64Array, n: number, out: Float64Array): Float64Array;
}

/** The methods of `lagrangian optimize`. */
export type Method = 'gd' | 'momentum' | 'sgd' | 'projected' | 'primal-dual' | 'newton' | 'lbfgs';

/** Every method name, in the order the CLI lists them. */
export const METHODS: readonly Method[] = ['gd', 'momentum', 'sgd', 'projected', 'primal-dual', 'newton', 'lbfgs'];

/**
 * How a run ended: `converged` (the stationarity measure fell below tol), `max_iter`
 * (iteration budget spent), `diverged` (a value or the iterate became non-finite or
 * left the divergence bound), `stalled` (no further progress possible: the line search
 * or the step underflowed before the tolerance was met).
 */
export type RunStatus = 'converged' | 'max_iter' | 'diverged' | 'stalled';

/** The path of one run: the iterates x_0, x_1, ... and f at each. */
export interface Trajectory {
  /** (iterations + 1) rows of d values, row-major. */
  readonly points: Float64Array;
  readonly values: Float64Array;
}

/** The outcome of one start. */
export interface RunResult {
  readonly status: RunStatus;
  /** Why the run stopped, in words (with the numbers that decided it). */
  readonly reason: string;
  /** The final iterate. */
  readonly x: Float64Array;
  /** f at the final iterate (the function the optimiser minimised). */
  readonly value: number;
  /** Number of updates of x. */
  readonly iterations: number;
  /**
   * The stationarity measure the stop test used: ‖∇f‖ unconstrained; the norm of the
   * gradient mapping (x − P(x − η∇f))/η for projected; ‖∇ₓL‖ for primal-dual.
   */
  readonly gradientNorm: number;
  /** max(max_i |h_i(x)|, max_j max(0, g_j(x))); 0 without constraints. */
  readonly constraintViolation: number;
  /** Evaluations of f and ∇f (one per point). */
  readonly evaluations: number;
  /** primal-dual: the final multipliers, equalities then inequalities. */
  readonly multipliers?: Float64Array;
  /** Present when `trajectory: true` was asked for. */
  readonly trajectory?: Trajectory;
  /** Method-specific figures (Newton's largest regularisation, eigen-step curvature, ...). */
  readonly info?: Readonly<Record<string, number>>;
}

/** Options read by the methods (each ignores what does not concern it). */
export interface OptimizeOptions {
  /** Iteration budget (default: 2000 first-order, as seed 004; 1000 Newton; 15000 L-BFGS, as SciPy). */
  readonly maxIter?: number;
  /** Tolerance on the stationarity measure (default: 1e-6 first-order, 1e-8 Newton and L-BFGS). */
  readonly tol?: number;
  /** Learning rate η (first-order methods; default 0.1). With `step: 'eigen'`, the step is η/ρ(H). */
  readonly lr?: number;
  /** `fixed` (default): η; `eigen`: η divided by the spectral radius of H(x), by power iteration on HVPs. */
  readonly step?: 'fixed' | 'eigen';
  /** Momentum β (default 0.9). */
  readonly momentum?: number;
  /** Standard deviation of the gradient noise of sgd (default 0.2). */
  readonly noise?: number;
  /** sgd: let the noise fall linearly to zero at 3/4 of maxIter, then descend plainly (default true). */
  readonly anneal?: boolean;
  /** Seed of the random generator (sgd noise, power-iteration starts; default 0). */
  readonly seed?: number;
  /** L-BFGS memory (default 10). */
  readonly memory?: number;
  /** Wolfe constants (default c1 = 1e-4, c2 = 0.9). */
  readonly c1?: number;
  readonly c2?: number;
  /** primal-dual: step of the multipliers (default: lr). */
  readonly dualLr?: number;
  /** primal-dual: augmented-Lagrangian penalty ρ (default 0: plain descent–ascent). */
  readonly penalty?: number;
  /** primal-dual: initial multipliers (default 0). */
  readonly multiplier0?: number;
  /** Newton: `dense` Cholesky on H + τI, `cg` truncated CG on HVPs; `auto` (default) dense up to 200 variables when a Hessian is available. */
  readonly newtonSolver?: 'auto' | 'dense' | 'cg';
  /** Record each run's trajectory (default false). */
  readonly trajectory?: boolean;
  /** A run whose iterate exceeds this in any coordinate counts as diverged (default 1e100). */
  readonly divergenceBound?: number;
  /** projected: the projection onto the feasible set. */
  readonly projection?: Projection;
  /** primal-dual (and the violation report of every method): the constraints. */
  readonly constraints?: ConstraintFunctions;
}

/** Results of a multi-start call. */
export interface BatchResult {
  readonly method: Method;
  readonly runs: readonly RunResult[];
  /** Index of the best run: lowest value among converged runs, else among finite runs; -1 if none is finite. */
  readonly best: number;
}
