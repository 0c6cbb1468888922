/**
 * L-BFGS (Nocedal 1980; Liu and Nocedal 1989): a quasi-Newton method that keeps the last
 * m pairs s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k and applies the inverse-Hessian
 * approximation they define by the two-loop recursion, with the initial scaling
 * γ = sᵀy/yᵀy. Steps come from the strong Wolfe line search of `linesearch.ts`, which
 * guarantees sᵀy > 0 and so a positive definite approximation; pairs with too little
 * curvature are skipped anyway, as a guard against rounding.
 */
import { checkOption, checkStarts, finishRun, resolve, stopTest, TrajectoryRecorder } from './common.js';
import { wolfeLineSearch, type LinePoint } from './linesearch.js';
import { bestRunResult } from './result.js';
import type { BatchResult, Objective, OptimizeOptions, RunResult } from './types.js';
import { dot, norm2 } from '../../linalg/vector.js';

/** One accepted line search, as recorded with `recordLineSearches`. */
export interface LineSearchRecord {
  readonly iteration: number;
  readonly alpha: number;
  readonly phi0: number;
  readonly dphi0: number;
  readonly phi: number;
  readonly dphi: number;
  /** Accepted by the approximate Wolfe conditions (f flat to rounding). */
  readonly approximate: boolean;
}

/** L-BFGS from each of n starts (one after another). */
export function lbfgs(objective: Objective, starts: Float64Array, n: number, options: OptimizeOptions = {}, recordLineSearches?: LineSearchRecord[][]): BatchResult {
  const d = objective.dimension;
  checkStarts(starts, n, d);
  const runs: RunResult[] = [];
  for (let s = 0; s < n; s++) {
    const log: LineSearchRecord[] | undefined = recordLineSearches ? [] : undefined;
    runs.push(lbfgsRun(objective, starts.subarray(s * d, s * d + d), options, log));
    if (log) recordLineSearches!.push(log);
  }
  return bestRunResult('lbfgs', runs);
}

function lbfgsRun(objective: Objective, start: Float64Array, options: OptimizeOptions, log?: LineSearchRecord[]): RunResult {
  const r = resolve('lbfgs', options);
  const d = objective.dimension;
  const memory = Math.round(checkOption('memory', options.memory ?? 10, 0, 1000));
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const x = Float64Array.from(start);
  const g = new Float64Array(d);
  const p = new Float64Array(d);
  const xt = new Float64Array(d);
  const gt = new Float64Array(d);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alphas = new Float64Array(memory);
  const recorder = r.trajectory ? new TrajectoryRecorder(d) : undefined;
  let f = objective.valueAndGradient(x, g);
  let evaluations = 1;
  let resets = 0;
  // φ(α) = f(x + αp) along the current direction p (made once per run; x and p change in place).
  const phi = (alpha: number): LinePoint => {
    for (let i = 0; i < d; i++) xt[i] = x[i]! + alpha * p[i]!;
    const v = objective.valueAndGradient(xt, gt);
    evaluations++;
    return { alpha, phi: v, dphi: dot(gt, p) };
  };
  const end = (status: RunResult['status'], reason: string, k: number) =>
    finishRun({ status, reason, x, value: f, iterations: k, gradientNorm: norm2(g), evaluations, ...(recorder ? { trajectory: recorder } : {}), info: { memory_resets: resets } }, options.constraints);

  for (let k = 0; ; k++) {
    recorder?.record(x, f);
    const gnorm = norm2(g);
    const stop = stopTest(x, f, g, gnorm, r, k);
    if (stop) return end(stop.status, stop.reason, k);

    twoLoop(g, S, Y, rho, alphas, p);
    let dphi0 = dot(g, p);
    if (!(dphi0 < 0)) {
      clear(S, Y, rho);
      resets++;
      for (let i = 0; i < d; i++) p[i] = -g[i]!;
      dphi0 = -gnorm * gnorm;
    }
    // First step (no curvature known yet): a step of length 1 in x, as SciPy does; afterwards α = 1.
    const alpha1 = S.length === 0 ? Math.min(1, 1 / gnorm) : 1;
    let ls = wolfeLineSearch(phi, f, dphi0, alpha1, { c1, c2 });
    if (!ls.ok && S.length > 0) {
      // The quasi-Newton direction failed; retry once along −∇f with a fresh memory.
      clear(S, Y, rho);
      resets++;
      for (let i = 0; i < d; i++) p[i] = -g[i]!;
      dphi0 = -gnorm * gnorm;
      ls = wolfeLineSearch(phi, f, dphi0, Math.min(1, 1 / gnorm), { c1, c2 });
    }
    if (!ls.ok && ls.unbounded) return end('diverged', `${ls.reason} at iteration ${k}`, k);
    if (!ls.ok) {
      if (ls.alpha > 0 && ls.phi < f) {
        // Sufficient decrease without the curvature condition: take the step, keep no pair.
        phi(ls.alpha);
        x.set(xt);
        g.set(gt);
        f = ls.phi;
        continue;
      }
      return end('stalled', `the line search failed at iteration ${k}: ${ls.reason} (|grad f| = ${gnorm.toExponential(2)})`, k);
    }
    log?.push({ iteration: k, alpha: ls.alpha, phi0: f, dphi0, phi: ls.phi, dphi: ls.dphi, approximate: ls.approximate ?? false });
    // The last evaluation was at the accepted step: xt, gt hold it.
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      s[i] = xt[i]! - x[i]!;
      y[i] = gt[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > Number.EPSILON * norm2(s) * norm2(y) && memory > 0) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(xt);
    g.set(gt);
    f = ls.phi;
  }
}

/** p ← −H_k g by the two-loop recursion (newest pair last in S, Y). */
function twoLoop(g: Float64Array, S: Float64Array[], Y: Float64Array[], rho: number[], alphas: Float64Array, p: Float64Array): void {
  const d = g.length;
  const m = S.length;
  for (let i = 0; i < d; i++) p[i] = -g[i]!;
  for (let j = m - 1; j >= 0; j--) {
    const a = rho[j]! * dot(S[j]!, p);
    alphas[j] = a;
    const y = Y[j]!;
    for (let i = 0; i < d; i++) p[i]! -= a * y[i]!;
  }
  if (m > 0) {
    const gamma = dot(S[m - 1]!, Y[m - 1]!) / dot(Y[m - 1]!, Y[m - 1]!);
    for (let i = 0; i < d; i++) p[i]! *= gamma;
  }
  for (let j = 0; j < m; j++) {
    const b = rho[j]! * dot(Y[j]!, p);
    const s = S[j]!;
    const coef = alphas[j]! - b;
    for (let i = 0; i < d; i++) p[i]! += coef * s[i]!;
  }
}

function clear(S: Float64Array[], Y: Float64Array[], rho: number[]): void {
  S.length = 0;
  Y.length = 0;
  rho.length = 0;
}
