/**
 * What every method shares: resolved defaults, the divergence test, trajectory
 * recording, the constraint violation of a final point, and the assembly of a run's
 * result. Keeps each method's file about its update rule only.
 */
import type { ConstraintFunctions, Method, OptimizeOptions, RunResult, RunStatus } from './types.js';

/** Options with every default filled in for one method. */
export interface Resolved {
  readonly maxIter: number;
  readonly tol: number;
  readonly lr: number;
  readonly divergenceBound: number;
  readonly trajectory: boolean;
}

const SECOND_ORDER: readonly Method[] = ['newton', 'lbfgs'];

/** The defaults documented on `OptimizeOptions`, checked (a bad option is a RangeError naming it). */
export function resolve(method: Method, options: OptimizeOptions): Resolved {
  const second = SECOND_ORDER.includes(method);
  const maxIter = options.maxIter ?? (method === 'newton' ? 1000 : method === 'lbfgs' ? 15000 : 2000);
  const tol = options.tol ?? (second ? 1e-8 : 1e-6);
  const lr = options.lr ?? 0.1;
  const divergenceBound = options.divergenceBound ?? 1e100;
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`max_iter must be a non-negative integer, got ${maxIter}`);
  if (!(tol > 0) || !Number.isFinite(tol)) throw new RangeError(`tol must be a positive number, got ${tol}`);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`lr must be a positive number, got ${lr}`);
  if (!(divergenceBound > 0)) throw new RangeError(`divergence bound must be positive, got ${divergenceBound}`);
  return { maxIter, tol, lr, divergenceBound, trajectory: options.trajectory ?? false };
}

/** Checks a number option in (lo, hi) (open unless said otherwise). */
export function checkOption(name: string, value: number, lo: number, hi: number, closedLo = false): number {
  const okLo = closedLo ? value >= lo : value > lo;
  if (!(okLo && value < hi) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a number in ${closedLo ? '[' : '('}${lo}, ${hi}), got ${value}`);
  }
  return value;
}

/** Growable storage of one run's iterates and values. */
export class TrajectoryRecorder {
  private points: number[] = [];
  private values: number[] = [];
  constructor(private readonly d: number) {}
  record(x: Float64Array, f: number): void {
    for (let i = 0; i < this.d; i++) this.points.push(x[i]!);
    this.values.push(f);
  }
  finish(): { points: Float64Array; values: Float64Array } {
    return { points: Float64Array.from(this.points), values: Float64Array.from(this.values) };
  }
}

/** Why a point counts as diverged, or undefined when it does not. */
export function divergence(x: Float64Array, f: number, g: Float64Array | undefined, bound: number, k: number): string | undefined {
  if (!Number.isFinite(f)) return `f became ${f} at iteration ${k}`;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) return `the iterate became ${v} at iteration ${k}`;
    if (Math.abs(v) > bound) return `the iterate left |x_i| <= ${bound} at iteration ${k}`;
  }
  if (g) for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i]!)) return `the gradient became ${g[i]} at iteration ${k}`;
  return undefined;
}

/** max(max_i |h_i(x)|, max_j max(0, g_j(x))), or 0 without constraints (NaN if a value is not finite). */
export function constraintViolation(constraints: ConstraintFunctions | undefined, x: Float64Array): number {
  if (!constraints) return 0;
  const d = x.length;
  const m = constraints.equalities + constraints.inequalities;
  if (m === 0) return 0;
  const out = constraints.evaluate(x, new Float64Array(m * (1 + d)));
  let v = 0;
  for (let c = 0; c < m; c++) {
    const value = out[c * (1 + d)]!;
    if (!Number.isFinite(value)) return NaN;
    v = Math.max(v, c < constraints.equalities ? Math.abs(value) : Math.max(0, value));
  }
  return v;
}

/** The pieces of a run's result before its violation is measured. */
export interface RunOutcome extends Omit<RunResult, 'constraintViolation' | 'trajectory'> {
  /** The recorder of the iterates, when `trajectory: true` was asked for. */
  readonly trajectory?: TrajectoryRecorder;
}

/** Assembles a RunResult, measuring the constraint violation at the final point. */
export function finishRun(o: RunOutcome, constraints: ConstraintFunctions | undefined): RunResult {
  const x = Float64Array.from(o.x);
  return {
    status: o.status,
    reason: o.reason,
    x,
    value: o.value,
    iterations: o.iterations,
    gradientNorm: o.gradientNorm,
    constraintViolation: constraintViolation(constraints, x),
    evaluations: o.evaluations,
    ...(o.multipliers ? { multipliers: Float64Array.from(o.multipliers) } : {}),
    ...(o.trajectory ? { trajectory: o.trajectory.finish() } : {}),
    ...(o.info ? { info: o.info } : {}),
  };
}

/** "converged: ‖∇f‖ = 3.2e-9 <= tol 1e-8 after 36 iterations". */
export function convergedReason(measure: string, value: number, tol: number, k: number): string {
  return `${measure} = ${value.toExponential(2)} <= tol ${tolText(tol)} after ${k} iteration${k === 1 ? '' : 's'}`;
}

/** "max_iter: ‖∇f‖ = 2.1e-3 > tol 1e-8 after 500 iterations (the budget)". */
export function budgetReason(measure: string, value: number, tol: number, k: number): string {
  return `${measure} = ${value.toExponential(2)} > tol ${tolText(tol)} after ${k} iterations (the budget)`;
}

/**
 * The stopping test of the single-start methods at iteration k: diverged, converged on
 * the gradient norm `gnorm` (= norm2(g), which the caller needs anyway), or out of
 * budget; undefined while the run should go on.
 */
export function stopTest(x: Float64Array, f: number, g: Float64Array, gnorm: number, r: Resolved, k: number): { status: 'diverged' | 'converged' | 'max_iter'; reason: string } | undefined {
  const bad = divergence(x, f, g, r.divergenceBound, k);
  if (bad) return { status: 'diverged', reason: bad };
  if (gnorm <= r.tol) return { status: 'converged', reason: convergedReason('|grad f|', gnorm, r.tol, k) };
  if (k >= r.maxIter) return { status: 'max_iter', reason: budgetReason('|grad f|', gnorm, r.tol, k) };
  return undefined;
}

/** A tolerance as people write it: 1e-6, not 0.000001. */
export function tolText(tol: number): string {
  return tol < 1e-3 ? tol.toExponential() : String(tol);
}

/** The index of the best run: lowest value among converged runs, else among finite runs; -1 if none. */
export function bestRun(runs: readonly RunResult[]): number {
  const pick = (ok: (r: RunResult) => boolean) => {
    let best = -1;
    runs.forEach((r, i) => {
      if (ok(r) && Number.isFinite(r.value) && (best < 0 || r.value < runs[best]!.value)) best = i;
    });
    return best;
  };
  const converged = pick((r) => r.status === 'converged' && !(r.constraintViolation > 1e-6));
  return converged >= 0 ? converged : pick(() => true);
}

/** Checks a block of starts: n rows of d finite numbers. */
export function checkStarts(starts: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the number of starts must be a positive integer, got ${n}`);
  if (starts.length !== n * d) throw new RangeError(`expected ${n} start${n === 1 ? '' : 's'} of ${d} value${d === 1 ? '' : 's'} (${n * d} numbers), got ${starts.length}`);
  for (let i = 0; i < starts.length; i++) {
    if (!Number.isFinite(starts[i]!)) throw new RangeError(`start ${Math.floor(i / d) + 1} has a non-finite coordinate ${starts[i]} at position ${(i % d) + 1}`);
  }
}
