/**
 * A problem's parameters as the parameters room's context: its assumptions (relations
 * between parameters included) read into expr's `Assumptions`, its `parameter_values`,
 * and samples that satisfy every assumption.
 */
import { Assumptions } from '../expr/index.js';
import { parameterContext, type ParameterContext } from '../parameters/index.js';
import type { Problem } from './problem.js';

/** The parameter context of a problem (seeded; deterministic). */
export function problemContext(problem: Problem, seed = 7): ParameterContext {
  let assumptions: Assumptions;
  try {
    assumptions = new Assumptions(problem.assumptions);
  } catch {
    // Contradictory sign facts: nothing is proved from them, and no sample satisfies them.
    const values = problem.parameterValues ? { values: problem.parameterValues } : {};
    const ctx = parameterContext(problem.parameters, Assumptions.NONE, { seed, count: problem.parameterValues ? 1 : 0, ...values });
    return ctx.samples.length > 0 ? ctx : { ...ctx, samples: [new Map(problem.parameters.map((p) => [p, 1]))] };
  }
  const ctx = parameterContext(problem.parameters, assumptions, { seed, ...(problem.parameterValues ? { values: problem.parameterValues } : {}) });
  // When no draw satisfies the assumptions, the one sample is every parameter at 1.
  return ctx.samples.length > 0 ? ctx : { ...ctx, samples: [new Map(problem.parameters.map((p) => [p, 1]))] };
}
