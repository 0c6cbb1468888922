/**
 * The work budgets of the solving room. Every limit counts work, never seconds, so the
 * same system gets the same answer on every machine (INTERFACE.md: only the CLI's
 * `--timeout` looks at the clock). One `SolveWork` is shared by the whole of a
 * `solveSystem` call, its recursive calls (transcendental rules, special cases of a
 * positive-dimensional set) included. The limits are set well above what the test
 * problems use (docs/design-notes.md, "Budgets count work").
 */

/** Raised when a counted budget runs out; the message names the budget. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

/** One counted budget. */
export class WorkCounter {
  /** Work counted so far. */
  used = 0;
  constructor(
    /** What is counted, as it appears in notes: "Gröbner basis", "FGLM", ... */
    readonly label: string,
    /** The unit: "term operations", "iterations", ... */
    readonly unit: string,
    readonly limit: number,
  ) {}
  /** Counts n units of work without checking the limit. */
  add(n: number): void {
    this.used += n;
  }
  /** Counts n units of work; throws BudgetExceeded once the limit is passed. */
  charge(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw new BudgetExceeded(this.exhaustedNote());
  }
  get exhausted(): boolean {
    return this.used >= this.limit;
  }
  /** The note that says the budget ran out. */
  exhaustedNote(): string {
    return `${this.label}: budget of ${this.limit} ${this.unit} exhausted`;
  }
}

/** The limits of one solve (every field optional in `SolveOptions.budgets`). */
export interface SolveBudgets {
  /**
   * Term operations of the Gröbner path: terms of S-polynomials, terms added by each
   * reduction step and terms rescaled or divided by a content (these weighed by the
   * square of the coefficients' size), terms specialised during back-substitution.
   */
  readonly groebnerTerms: number;
  /** Scalar operations (rational multiply-subtract) of FGLM's linear algebra. */
  readonly fglmOps: number;
  /** Levenberg–Marquardt iterations of the numeric multistart search. */
  readonly numericIterations: number;
  /** Special-case systems solved below a positive-dimensional solution set. */
  readonly systems: number;
}

/**
 * Gröbner term operations, each weighed by the square of its coefficients' size in
 * 64-bit words (the gcds of fraction-free reduction cost about that). The largest use in
 * the tests is about 6.6·10⁴ (a 5-unknown KKT system with 17 special cases); cyclic-5,
 * whose coefficients swell, stops at this budget in about 3 s instead of running for
 * minutes.
 */
export const GROEBNER_TERM_BUDGET = 1_000_000;
/**
 * FGLM scalar operations. The tests use at most about 6.7·10³. The cost of FGLM and of
 * the back-substitution after it (in towers of fields, not counted operation by
 * operation) grows with the quotient's dimension, the number of complex solutions:
 * Katsura-4 (16 solutions) needs 6–10·10⁴ here and ran 91 s in all; at this budget it
 * stops within a second.
 */
export const FGLM_OP_BUDGET = 50_000;
/**
 * Levenberg–Marquardt iterations. One search is at most 64 starts of 100 iterations; the
 * tests use at most about 6.2·10³ in one solve (a transcendental rule solving several
 * reduced systems).
 */
export const NUMERIC_ITERATION_BUDGET = 40_000;
/** Special-case systems below positive-dimensional sets (at most 8 per level, 3 levels deep; the tests use at most 17). */
export const SPECIAL_CASE_BUDGET = 200;

export const DEFAULT_SOLVE_BUDGETS: SolveBudgets = {
  groebnerTerms: GROEBNER_TERM_BUDGET,
  fglmOps: FGLM_OP_BUDGET,
  numericIterations: NUMERIC_ITERATION_BUDGET,
  systems: SPECIAL_CASE_BUDGET,
};

/** The counters of one solve. */
export interface SolveWork {
  readonly groebner: WorkCounter;
  readonly fglm: WorkCounter;
  readonly numeric: WorkCounter;
  readonly systems: WorkCounter;
}

/** Fresh counters with the given limits (defaults for the ones not given). */
export function newSolveWork(budgets: Partial<SolveBudgets> = {}): SolveWork {
  const b = { ...DEFAULT_SOLVE_BUDGETS, ...budgets };
  return {
    groebner: new WorkCounter('Gröbner basis', 'term operations', b.groebnerTerms),
    fglm: new WorkCounter('FGLM', 'linear-algebra operations', b.fglmOps),
    numeric: new WorkCounter('numeric search', 'Levenberg–Marquardt iterations', b.numericIterations),
    systems: new WorkCounter('special cases', 'systems', b.systems),
  };
}

/** The work a solve used, per budget (reported in `SolveResult.work`). */
export type WorkUsed = { readonly [K in keyof SolveBudgets]: number };

export function workUsed(w: SolveWork): WorkUsed {
  return { groebnerTerms: w.groebner.used, fglmOps: w.fglm.used, numericIterations: w.numeric.used, systems: w.systems.used };
}
