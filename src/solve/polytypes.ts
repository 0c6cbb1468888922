/** Types shared by the files of the polynomial path. */
import type { Expr } from '../expr/index.js';
import type { ZPoly } from './poly/mpoly.js';
import type { SolutionCondition } from './types.js';
import type { Field, FieldElement } from './poly/fields.js';
import type { RootCondition } from './univariate.js';
import type { SolveWork } from './budget.js';

/** A verified candidate from the polynomial path. */
export interface PolyCandidate {
  /** Exact expressions per unknown (in ring order), or undefined when some value has no closed form. */
  readonly exprs?: Expr[];
  /** Double values per unknown (non-parametric only). */
  readonly approx?: number[];
  /** max |equation value| at the double point (0 when verified exactly). */
  readonly residual: number;
  /** Verified exactly (in exact arithmetic) rather than numerically. */
  readonly verifiedExactly: boolean;
  readonly conditions: SolutionCondition[];
  /** Names of free unknowns (positive-dimensional case). */
  readonly free: string[];
}

/** Outcome of the polynomial path. */
export interface PolyOutcome {
  readonly candidates: PolyCandidate[];
  readonly completeness: 'complete' | 'partial' | 'inconsistent' | 'underdetermined';
  readonly method: string;
  readonly notes: string[];
  /** True when the exact path could not run at all (budget), so the caller should go numeric. */
  readonly gaveUp?: boolean;
  /**
   * Polynomials (in the form's ring) assumed nonzero by a generic computation over
   * Q(params): pivots, contents divided out, leading coefficients, denominators. Where
   * some of the "parameters" are free unknowns, solutions on their zero sets are found by
   * splitting (solvePositiveDimensional).
   */
  readonly caveats?: ZPoly[];
}

/** Options of the polynomial path. */
export interface PolyOptions {
  /** The counters of the whole solve. */
  readonly work: SolveWork;
  /** Sign facts per ring variable index (parameters and atoms; unknowns undefined). */
  readonly facts: readonly ('positive' | 'nonnegative' | 'nonzero' | undefined)[];
  readonly unknownNames: readonly string[];
  /** Recursion depth of positive-dimensional splitting. */
  readonly depth?: number;
}

/** A partial solution during back-substitution: values of the unknowns after the current level. */
export interface PartialSolution {
  readonly field: Field;
  readonly values: FieldElement[];
  readonly conds: RootCondition[];
  /** Set when the branch continues numerically. */
  readonly approx?: number[];
}
