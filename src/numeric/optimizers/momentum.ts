/**
 * Gradient descent with heavy-ball momentum (seed 004's `GradientDescentMomentum`):
 * v ← βv − η∇f(x), x ← x + v: a damped particle of mass ∝ β in the landscape.
 * Stationary when both the gradient and the velocity (in gradient units, ‖v‖/η) vanish.
 */
import { checkOption, resolve } from './common.js';
import { runLockstep, stepSizer } from './lockstep.js';
import { bestRunResult } from './result.js';
import type { BatchResult, Objective, OptimizeOptions } from './types.js';
import { norm2 } from '../../linalg/vector.js';

/** Momentum descent from n starts. */
export function momentumDescent(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const r = resolve('momentum', options);
  const beta = checkOption('momentum', options.momentum ?? 0.9, 0, 1, true);
  const d = objective.dimension;
  const v = new Float64Array(n * d);
  const steps = stepSizer(objective, options, r.lr, n);
  const runs = runLockstep(objective, starts, n, r, options.constraints, {
    measure: 'max(|grad f|, |v|/lr)',
    stationarity: (s, _x, g) => Math.max(norm2(g), norm2(v.subarray(s * d, s * d + d)) / r.lr),
    step(s, x, g) {
      const eta = steps.size(s, x);
      const vs = v.subarray(s * d, s * d + d);
      for (let i = 0; i < d; i++) {
        vs[i] = beta * vs[i]! - eta * g[i]!;
        x[i]! += vs[i]!;
      }
    },
    report: (s) => ({ info: steps.info(s) }),
  });
  return bestRunResult('momentum', runs);
}
