/**
 * The solving room: exact linear systems (over Q and over rational functions of
 * parameters), polynomial systems by a lex Gröbner basis and exact univariate solving,
 * closed-form rules for exp/log equations, a verified numeric fallback.
 * Every returned solution has been substituted back.
 */
export type { SolveOptions, Solution, SolutionCondition, SolveResult } from './types.js';
export { solveSystem } from './system.js';
// The exact univariate solver over Q and its fields, for rooms with a polynomial of their own (maxent's Gibbs distributions).
export { solveOverQ, type FieldRoot, type UnivariateOutcome, type RootCondition } from './univariate.js';
export type { Field, FieldElement } from './poly/fields.js';
export {
  BudgetExceeded,
  WorkCounter,
  DEFAULT_SOLVE_BUDGETS,
  FGLM_OP_BUDGET,
  GROEBNER_TERM_BUDGET,
  NUMERIC_ITERATION_BUDGET,
  SPECIAL_CASE_BUDGET,
  newSolveWork,
  type SolveBudgets,
  type SolveWork,
  type WorkUsed,
} from './budget.js';
