/**
 * The public types of the solving room. Other rooms (lagrange, maxent, adjoint) code
 * against these; fields are only ever added, never renamed.
 */
import type { Assumptions, Expr } from '../expr/index.js';
import type { SolveBudgets, SolveWork, WorkUsed } from './budget.js';

/** Options of `solveSystem`. */
export interface SolveOptions {
  /**
   * Symbols treated as parameters: they may appear in answers. Any free symbol of the
   * equations that is neither an unknown nor listed here is also treated as a parameter
   * (and named in the notes).
   */
  readonly parameters?: readonly string[];
  /**
   * Assumptions on the parameters (expr's `Assumptions`: sign facts and relations). Used
   * to split radicals (`sqrt(eps*G) = sqrt(eps)*sqrt(G)` needs eps >= 0), to decide the
   * sign of radicands and denominators, and to sample parameters when verifying numerically.
   */
  readonly assumptions?: Assumptions;
  /** Allow the numeric fallback (default true). */
  readonly numeric?: boolean;
  /** Seed of the numeric starts (default 1). */
  readonly seed?: number;
  /** Number of numeric starts (default 64). */
  readonly starts?: number;
  /**
   * Half-width of the box the numeric starts are drawn from (default 10; starts are drawn
   * at the scales 1, box/10 and box, so small and large roots are both reached).
   */
  readonly box?: number;
  /**
   * Work budgets of the whole solve (budget.ts; defaults DEFAULT_SOLVE_BUDGETS). They
   * count work, not time, so the answer is the same on every machine; a budget that
   * runs out is named in the notes, and the result is then 'partial' (or numeric).
   */
  readonly budgets?: Partial<SolveBudgets>;
  /** Counters shared with an enclosing solve (so several solves draw on one budget); overrides `budgets`. */
  readonly work?: SolveWork;
}

/** A side condition under which a (parametric) solution is real and defined. */
export interface SolutionCondition {
  /** An expression in the parameters. */
  readonly expr: Expr;
  /** What must hold of it. */
  readonly relation: 'nonzero' | 'positive' | 'nonnegative';
}

/** One solution of a system. */
export interface Solution {
  /** unknown name → exact expression (in parameters, if any), or Num of the double for numeric roots. */
  readonly values: ReadonlyMap<string, Expr>;
  /** true when values are exact closed forms; false for numeric roots. */
  readonly exact: boolean;
  /**
   * max |residual| of the equations at the solution: exactly 0 when verified exactly,
   * else evaluated in exact rational arithmetic at the double point (polynomial systems)
   * or in double precision (transcendental systems).
   */
  readonly residual: number;
  /** Double value of each unknown, when the solution has no parameters. */
  readonly numericValues?: ReadonlyMap<string, number>;
  /**
   * Conditions on the parameters (or on the free unknowns of a family) for this solution to
   * exist: real radicands, positive logarithm arguments, nonzero denominators. Empty or
   * absent: holds for all parameter values allowed by the assumptions, apart from the
   * generic-parameter caveats listed in the result's notes.
   */
  readonly conditions?: readonly SolutionCondition[];
  /** Free unknowns of a positive-dimensional solution set (they appear in `values` as themselves). */
  readonly free?: readonly string[];
}

/** The result of `solveSystem`. */
export interface SolveResult {
  readonly solutions: Solution[];
  /**
   * 'complete': every real solution was found (exact triangularisation and root isolation);
   * 'partial': some may be missing (numeric search);
   * 'inconsistent': provably no real solution;
   * 'underdetermined': positive-dimensional solution set (solutions then list a
   * parametrisation by the unknowns in `free`, when one was found).
   */
  readonly completeness: 'complete' | 'partial' | 'inconsistent' | 'underdetermined';
  /** How the answer was found, e.g. 'linear', 'groebner-lex', 'newton-multistart'. */
  readonly method: string;
  /** Human-readable remarks: generic-parameter assumptions, dropped candidates, fallbacks. */
  readonly notes: string[];
  /** The work the solve used, per budget (set by solveSystem). */
  readonly work?: WorkUsed;
}

/** Internal context shared by the recursive calls of the solver. */
export interface SolveContext {
  /** The counters of the whole solve, shared by the recursive calls. */
  readonly work: SolveWork;
  readonly options: SolveOptions;
  readonly parameters: readonly string[];
  readonly depth: number;
  /**
   * The recursive worker (system.ts's solveInternal), passed in so that the rules it
   * routes to (transcendental.ts) can solve reduced systems without importing it back.
   */
  readonly solve: (equations: readonly Expr[], unknowns: readonly string[], ctx: SolveContext) => SolveResult;
}
