/** One entry point for every method, by name. */
import { gradientDescent } from './gd.js';
import { lbfgs } from './lbfgs.js';
import { momentumDescent } from './momentum.js';
import { newton } from './newton.js';
import { primalDual } from './primal-dual.js';
import { projectedDescent } from './projected.js';
import { stochasticDescent } from './sgd.js';
import type { BatchResult, Method, Objective, OptimizeOptions } from './types.js';

const RUNNERS: Readonly<Record<Method, (o: Objective, starts: Float64Array, n: number, options: OptimizeOptions) => BatchResult>> = {
  gd: gradientDescent,
  momentum: momentumDescent,
  sgd: stochasticDescent,
  projected: projectedDescent,
  'primal-dual': primalDual,
  newton,
  lbfgs,
};

/** What each method needs from the problem; the symbolic layer uses it to say which methods can handle given constraints. */
export const METHOD_NEEDS: Readonly<Record<Method, 'unconstrained' | 'projection' | 'constraints'>> = {
  gd: 'unconstrained',
  momentum: 'unconstrained',
  sgd: 'unconstrained',
  projected: 'projection',
  'primal-dual': 'constraints',
  newton: 'unconstrained',
  lbfgs: 'unconstrained',
};

/**
 * Minimises `objective` by `method` from n starts (rows of `starts`). Unconstrained
 * methods ignore `options.constraints` except to report the violation; callers check
 * compatibility first (src/optimize does, and says which methods fit).
 */
export function minimize(method: Method, objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const run = RUNNERS[method];
  if (!run) throw new RangeError(`unknown method ${JSON.stringify(method)}`);
  return run(objective, starts, n, options);
}
