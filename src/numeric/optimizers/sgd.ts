/**
 * Noisy gradient descent (seed 004's `StochasticGradientDescent`): x ← x − η(∇f(x) + σ_k ξ),
 * ξ ~ N(0, I) from a seeded generator, one independent stream per start (start s uses
 * seed + s), so a start's path does not depend on which other starts run beside it.
 * Overdamped Langevin dynamics: the noise lets a start hop out of shallow wells. With
 * `anneal` (default) σ_k falls linearly from σ to 0 at 3/4 of the budget, after which
 * the run is plain gradient descent and can meet the tolerance.
 */
import { checkOption, resolve } from './common.js';
import { runLockstep, stepSizer } from './lockstep.js';
import { Mt19937 } from './random.js';
import { bestRunResult } from './result.js';
import type { BatchResult, Objective, OptimizeOptions } from './types.js';

/** The noise level at iteration k. */
export function noiseLevel(noise: number, k: number, maxIter: number, anneal: boolean): number {
  if (!anneal) return noise;
  return noise * Math.max(0, 1 - k / (0.75 * Math.max(1, maxIter)));
}

/** Noisy gradient descent from n starts. */
export function stochasticDescent(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}): BatchResult {
  const r = resolve('sgd', options);
  const noise = checkOption('noise', options.noise ?? 0.2, 0, Infinity, true);
  const seed = options.seed ?? 0;
  const anneal = options.anneal ?? true;
  const rngs = Array.from({ length: n }, (_, s) => new Mt19937((seed + s) >>> 0));
  const steps = stepSizer(objective, options, r.lr, n);
  const runs = runLockstep(objective, starts, n, r, options.constraints, {
    step(s, x, g, _f, k) {
      const eta = steps.size(s, x);
      const sigma = noiseLevel(noise, k, r.maxIter, anneal);
      const rng = rngs[s]!;
      for (let i = 0; i < x.length; i++) x[i]! -= eta * (g[i]! + (sigma > 0 ? sigma * rng.gauss() : 0));
    },
    report: (s) => ({ info: steps.info(s) }),
  });
  return bestRunResult('sgd', runs);
}
