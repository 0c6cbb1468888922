/** Gradient descent, x ← x − η∇f(x) (seed 004's `GradientDescent`), from many starts at once. */
import { resolve } from './common.js';
import { runLockstep, stepSizer } from './lockstep.js';
import type { BatchResult, Objective, OptimizeOptions } from './types.js';
import { bestRunResult } from './result.js';

/** Gradient descent from n starts (rows of `starts`); `step: 'eigen'` divides η by ρ(H(x)) at each step. */
export function gradientDescent(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const r = resolve('gd', options);
  const steps = stepSizer(objective, options, r.lr, n);
  const fixed = (options.step ?? 'fixed') === 'fixed';
  const runs = runLockstep(objective, starts, n, r, options.constraints, {
    step(s, x, g) {
      const eta = fixed ? r.lr : steps.size(s, x);
      for (let i = 0; i < x.length; i++) x[i]! -= eta * g[i]!;
    },
    ...(fixed ? {} : { report: (s: number) => ({ info: steps.info(s) }) }),
  });
  return bestRunResult('gd', runs);
}
