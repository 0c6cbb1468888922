/**
 * The data the lagrange room produces: KKT points with their multipliers, checks and
 * classification, and the overall answer of a solve. Plain immutable records; printing
 * them is the business of `json.ts` (INTERFACE.md) and `document.ts` (derivations).
 */
import type { Expr } from '../expr/index.js';

/** Local nature of a point on the feasible set (INTERFACE.md `classification`). */
export type Classification = 'minimum' | 'maximum' | 'saddle' | 'degenerate' | 'unknown';

/** The kind of evidence behind a decision (see sign.ts). */
export type Evidence = 'exact' | 'numeric' | 'sampled' | 'none';

/** A candidate point from the active-set enumeration, after the feasibility checks. */
export interface KktPoint {
  /** Values of the variables and of every multiplier (inactive μ_j = 0), exact or Num of a double. */
  readonly values: ReadonlyMap<string, Expr>;
  /** True when every value is an exact closed form. */
  readonly exact: boolean;
  /** The solver's verification residual of the active-set system. */
  readonly residual: number;
  /** Inequalities (0-based among inequalities) taken as active when this point was found. */
  readonly active: readonly number[];
  /**
   * `kkt` for a KKT point; `irregular` for a feasible point where the gradients of the
   * active constraints are linearly dependent (no multipliers need exist there; such
   * points are candidates for the optimum too, Fritz John).
   */
  readonly kind: 'kkt' | 'irregular';
  /** Unknowns left free (a curve or surface of solutions parametrised by them). */
  readonly free?: readonly string[];
  /**
   * For a continuum (`free`): the conditions on the free names under which a member is a
   * KKT point (real, feasible, multipliers of the right sign), e.g. `3*z^2 <= 2`; their
   * conjunction. Empty: every member is one.
   */
  readonly domain?: readonly string[];
  /**
   * Side conditions on the parameters under which the point exists and passes the
   * checks (text), e.g. `a - 1 <= 0`. Empty: holds for every parameter value allowed.
   */
  readonly conditions: readonly string[];
  /** How the active-set system was solved (solver method). */
  readonly method: string;
  /** Evidence behind the feasibility checks (sign decisions). */
  readonly feasibilityEvidence: Evidence;
  /** For a continuum (`free`): the best objective value over its sampled feasible members. */
  readonly familyBest?: number;
}

/** Residuals of the KKT conditions at a point (max absolute value per kind). */
export interface Residuals {
  readonly stationarity: number;
  readonly primal: number;
  readonly dual: number;
  readonly complementary: number;
  /** True when every condition was verified exactly (substitution gives 0). */
  readonly exact: boolean;
}

/** A KKT point with its objective, classification and residuals. */
export interface SolvedPoint extends KktPoint {
  /** f at the point: exact where the point is exact, else the Num of the double. */
  readonly objective: Expr;
  /** f as a double (NaN with parameters and no parameter_values). */
  readonly objectiveValue: number;
  readonly classification: Classification;
  /** Evidence behind the classification. */
  readonly classificationEvidence: Evidence;
  /** Eigenvalues of the reduced Hessian Zᵀ∇²ₓL Z of L itself, in doubles (positive for a minimum, negative for a maximum). */
  readonly reducedEigenvalues: readonly number[];
  /** Dimension of the tangent space the second-order test ran on. */
  readonly tangentDimension: number;
  /** Inequalities with g_j = 0 and μ_j > 0. */
  readonly strictlyActive: readonly number[];
  /** Inequalities with g_j = 0 and μ_j = 0 (a degenerate complementarity). */
  readonly weaklyActive: readonly number[];
  readonly residuals: Residuals;
  /** Remarks on this point (why degenerate, which sign was sampled). */
  readonly notes: readonly string[];
}

/** How far a long stage of `solve` is (for a progress display on stderr; never part of the answer). */
export interface SolveProgress {
  readonly stage: 'active sets' | 'interior-point starts';
  /** Systems solved or starts run so far, of `total`. */
  readonly done: number;
  readonly total: number;
  /** KKT points (active sets) or distinct local optima (starts) found so far. */
  readonly points: number;
}

/** The status of INTERFACE.md `solve`. */
export type SolveStatus = 'optimal' | 'infeasible' | 'unbounded' | 'unattained' | 'no_optimum_found';

/** How a global claim was established (stated in the derivation and the JSON). */
export type Certificate =
  /** Convex problem: every KKT point is a global optimum. */
  | 'convex'
  /** Compact feasible set: the best of all KKT and irregular points is the global optimum (Weierstrass). */
  | 'compact'
  /** Coercive objective on a closed feasible set: the optimum exists and is the best of all KKT and irregular points, all of which were found. */
  | 'coercive'
  /** abs/sign: every smooth piece decided by proof (global certificate or infeasibility); the best piece optimum is global. */
  | 'piecewise'
  /** A numeric search over growing boxes found nothing better (evidence, not proof). */
  | 'numeric-search'
  /** A proof of infeasibility (a constraint that cannot hold, or linear constraints that contradict). */
  | 'proof'
  /** No certificate. */
  | 'none';

/** One derivative of the optimal value (envelope theorem). */
export interface Sensitivity {
  /** What is varied: a parameter name, or `rhs of <constraint text>`. */
  readonly target: string;
  /** `parameter` or `rhs`. */
  readonly kind: 'parameter' | 'rhs';
  /** The constraint (index in subject_to) for `rhs`. */
  readonly constraint?: number;
  /** dV/dp = ∂L/∂p at the optimum; exact where the optimum is. */
  readonly derivative: Expr;
  /** Its value (at parameter_values, when there are parameters). */
  readonly value: number;
  /** Central finite difference of the re-solved problem, when it could be computed. */
  readonly finiteDifference?: number;
  /** |derivative − finiteDifference| / max(1, |derivative|). */
  readonly relativeError?: number;
  /** How the derivative reads (e.g. `= -lambda_1`, the shadow price). */
  readonly note: string;
}

/** A record of one active-set system, for the derivation. */
export interface ActiveSetRecord {
  /** Inequalities (0-based) taken as active. */
  readonly active: readonly number[];
  readonly equations: readonly Expr[];
  readonly unknowns: readonly string[];
  readonly completeness: 'complete' | 'partial' | 'inconsistent' | 'underdetermined' | 'skipped' | 'failed';
  readonly method: string;
  /** Solutions the solver returned. */
  readonly found: number;
  /** Of those, points kept (feasible, μ ≥ 0). */
  readonly kept: number;
  /** Why the others were rejected. */
  readonly rejected: readonly string[];
  readonly notes: readonly string[];
}
