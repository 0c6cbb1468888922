/**
 * Projected gradient descent (seed 004's `ProjectedGradientDescent`): x ← P(x − η∇f(x)),
 * P the Euclidean projection onto the feasible set (sphere, ball, box, simplex,
 * hyperplane, half-space, or a product of them). Starts are projected first. The
 * stationarity measure is the gradient mapping ‖x − P(x − η∇f(x))‖/η, which is ‖∇f‖ in
 * the interior and vanishes exactly at the constrained stationary points.
 */
import { resolve } from './common.js';
import { runLockstep, stepSizer } from './lockstep.js';
import { bestRunResult } from './result.js';
import type { BatchResult, Objective, OptimizeOptions } from './types.js';

/** Projected gradient descent from n starts; needs `options.projection`. */
export function projectedDescent(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const projection = options.projection;
  if (!projection) throw new RangeError('projected gradient descent needs a projection onto the feasible set');
  const r = resolve('projected', options);
  const d = objective.dimension;
  const projected = Float64Array.from(starts);
  for (let s = 0; s < n && (s + 1) * d <= projected.length; s++) projection.project(projected.subarray(s * d, s * d + d));
  const steps = stepSizer(objective, options, r.lr, n);
  // The trial point P(x − η∇f) of the start whose stationarity was just measured; its step reuses it.
  const trial = new Float64Array(d);
  let trialOf = -1;
  const runs = runLockstep(objective, projected, n, r, options.constraints, {
    measure: 'gradient mapping |x - P(x - lr grad f)|/lr',
    stationarity(s, x, g) {
      const eta = steps.size(s, x);
      for (let i = 0; i < d; i++) trial[i] = x[i]! - eta * g[i]!;
      projection.project(trial);
      trialOf = s;
      let m = 0;
      for (let i = 0; i < d; i++) m += (x[i]! - trial[i]!) ** 2;
      return Math.sqrt(m) / eta;
    },
    step(s, x) {
      if (trialOf !== s) throw new Error('internal: projected step without its trial point');
      x.set(trial);
    },
    report: (s) => ({ info: steps.info(s) }),
  });
  return bestRunResult('projected', runs);
}
