/**
 * The batched driver of the first-order methods: all starts advance in lock-step, one
 * batched evaluation of f and ∇f per iteration (the compiled `evaluateBatch` over a
 * block of rows), with converged or diverged starts dropping out of the block. Each
 * method supplies only its update rule.
 */
import { budgetReason, checkStarts, convergedReason, divergence, finishRun, TrajectoryRecorder, type Resolved } from './common.js';
import { spectralRadius } from '../../linalg/power.js';
import type { ConstraintFunctions, Objective, OptimizeOptions, RunResult } from './types.js';
import { norm2 } from '../../linalg/vector.js';

/** A first-order update rule. */
export interface Rule {
  /** Name of the stationarity measure in messages (default "|grad f|"). */
  readonly measure?: string;
  /** Before the iteration's tests and steps: the active starts and their packed points (rows of d). */
  prepare?(active: Int32Array, count: number, xs: Float64Array, k: number): void;
  /** The stationarity measure at start s's point x with gradient g (default ‖g‖). */
  stationarity?(s: number, x: Float64Array, g: Float64Array): number;
  /** Writes start s's next iterate into x (a view of the state). */
  step(s: number, x: Float64Array, g: Float64Array, f: number, k: number): void;
  /** Multipliers and figures to report for start s. */
  report?(s: number): { multipliers?: Float64Array; info?: Record<string, number> };
}

/** Runs `rule` from every start; returns one result per start, in order. */
export function runLockstep(objective: Objective, starts: Float64Array, n: number, r: Resolved, constraints: ConstraintFunctions | undefined, rule: Rule): RunResult[] {
  const d = objective.dimension;
  checkStarts(starts, n, d);
  const X = Float64Array.from(starts);
  const xs = new Float64Array(n * d);
  const out = new Float64Array(n * (d + 1));
  // Views made once: the hot loop allocates nothing per start and iteration.
  const xView = Array.from({ length: n }, (_, s) => X.subarray(s * d, s * d + d));
  const gView = Array.from({ length: n }, (_, a) => out.subarray(a * (d + 1) + 1, (a + 1) * (d + 1)));
  const results: (RunResult | undefined)[] = new Array(n);
  const recorders = r.trajectory ? Array.from({ length: n }, () => new TrajectoryRecorder(d)) : undefined;
  const active = Int32Array.from({ length: n }, (_, i) => i);
  let na = n;
  const measure = rule.measure ?? '|grad f|';
  const done = (s: number, status: RunResult['status'], reason: string, f: number, m: number, k: number) => {
    results[s] = finishRun(
      { status, reason, x: xView[s]!, value: f, iterations: k, gradientNorm: m, evaluations: k + 1, ...rule.report?.(s), ...(recorders ? { trajectory: recorders[s]! } : {}) },
      constraints,
    );
  };
  for (let k = 0; na > 0; k++) {
    for (let a = 0; a < na; a++) xs.set(xView[active[a]!]!, a * d);
    evaluate(objective, xs, na, out);
    rule.prepare?.(active, na, xs, k);
    let kept = 0;
    for (let a = 0; a < na; a++) {
      const s = active[a]!;
      const x = xView[s]!;
      const f = out[a * (d + 1)]!;
      const g = gView[a]!;
      recorders?.[s]!.record(x, f);
      const bad = divergence(x, f, g, r.divergenceBound, k);
      if (bad) {
        done(s, 'diverged', bad, f, norm2(g), k);
        continue;
      }
      const m = rule.stationarity ? rule.stationarity(s, x, g) : norm2(g);
      if (m <= r.tol) done(s, 'converged', convergedReason(measure, m, r.tol, k), f, m, k);
      else if (k >= r.maxIter) done(s, 'max_iter', budgetReason(measure, m, r.tol, k), f, m, k);
      else {
        rule.step(s, x, g, f, k);
        active[kept++] = s;
      }
    }
    na = kept;
  }
  return results as RunResult[];
}

/** f and ∇f at the packed rows, batched when the objective can. */
function evaluate(objective: Objective, xs: Float64Array, n: number, out: Float64Array): void {
  const d = objective.dimension;
  if (objective.evaluateBatch) {
    objective.evaluateBatch(xs, n, out);
    return;
  }
  for (let a = 0; a < n; a++) {
    out[a * (d + 1)] = objective.valueAndGradient(xs.subarray(a * d, a * d + d), out.subarray(a * (d + 1) + 1, (a + 1) * (d + 1)));
  }
}

/** The smallest curvature the eigen step divides by (a linear function would otherwise step to infinity). */
export const MIN_CURVATURE = 1e-12;

/**
 * The step size of start s at x: η, or with `step: 'eigen'` η/ρ(H(x)), ρ the spectral
 * radius by power iteration on HVPs, warm-started from the start's previous vector.
 */
export function stepSizer(objective: Objective, options: OptimizeOptions, lr: number, n: number): { size(s: number, x: Float64Array): number; info(s: number): Record<string, number> } {
  if ((options.step ?? 'fixed') === 'fixed') return { size: () => lr, info: () => ({}) };
  if (options.step !== 'eigen') throw new RangeError(`step must be "fixed" or "eigen", got ${JSON.stringify(options.step)}`);
  const hvp = objective.hvp;
  if (!hvp) throw new RangeError('the eigen step needs Hessian-vector products of the objective');
  const d = objective.dimension;
  const vectors: (Float64Array | undefined)[] = new Array(n);
  const last = new Float64Array(n);
  const products = new Float64Array(n);
  return {
    size(s, x) {
      const res = spectralRadius((v, o) => hvp.call(objective, x, v, o), d, { v0: vectors[s], tol: 1e-4, maxIter: 50 });
      vectors[s] = res.vector;
      last[s] = res.radius;
      products[s]! += res.iterations;
      return lr / Math.max(res.radius, MIN_CURVATURE);
    },
    info: (s) => ({ last_spectral_radius: last[s]!, hessian_vector_products: products[s]! }),
  };
}
