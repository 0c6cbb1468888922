/**
 * The results every route of the maxent solver shares: the result without a density
 * (unsupported, infeasible, ...) and the tolerance of the moment checks.
 */
import { type ClosedForm } from './families.js';
import { type MaxentLagrangian } from './lagrangian.js';
import type { MaxentProblem } from './problem.js';
import type { MaxentResult } from './result.js';
import { type Statistics } from './statistics.js';

/** Options of solveMaxent. */
export interface MaxentOptions {
  /** Number of parameter samples for checking a parametric closed form (default 3). */
  readonly samples?: number;
}

/** Relative moment error accepted by the checks. */
export const MOMENT_TOL = 1e-8;

/** Builds the result of a route that stops without a density. */
export type Stop = (status: MaxentResult['status'], message: string, extra?: Partial<MaxentResult>) => MaxentResult;

/** A result without a density (unsupported, infeasible, ...): every list empty unless `extra` fills it. */
export function noAnswer(problem: MaxentProblem, lag: MaxentLagrangian, status: MaxentResult['status'], message: string, extra: Partial<MaxentResult> = {}): MaxentResult {
  return {
    problem,
    lagrangian: lag,
    status,
    message,
    exact: false,
    multipliers: [],
    familyParameters: [],
    conditions: [],
    rules: [],
    checks: [],
    notes: [],
    ...extra,
  };
}

/** The result for moment equations that contradict each other or leave the multipliers undetermined. */
export function unsupportedDependent(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, why: 'inconsistent' | 'dependent'): MaxentResult {
  const message =
    why === 'inconsistent'
      ? 'the moment constraints contradict each other (as linear equations in the expectations of the basis functions they have no solution)'
      : 'the moment functions are linearly dependent (with a constant), so their multipliers are not determined; drop the redundant constraint';
  return noAnswer(problem, lag, why === 'inconsistent' ? 'infeasible' : 'unsupported', message, { statistics: stats });
}

/** The result for a problem no density satisfies. */
export function infeasibleResult(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, message: string, cf?: ClosedForm): MaxentResult {
  return noAnswer(problem, lag, 'infeasible', message, { statistics: stats, ...(cf ? { family: cf.family, rules: cf.rules } : {}) });
}
