/**
 * Global search with the interior-point method: local solves from a seeded set of starts
 * (the given start first, then points drawn inside the bounds or, for unbounded
 * variables, at growing scales), keeping the best feasible local optimum. The budget
 * counts starts and iterations, never seconds, so the answer is the same on every machine.
 */
import { seededRandom } from '../random.js';
import { interiorPoint, type IpmResult } from './ipm.js';
import { buildModel, type NlpInput, type NlpModel } from './model.js';

/** Options of a global search. */
export interface NlpOptions {
  /** Starting points (user variables); tried first, in order. */
  readonly starts?: readonly (readonly number[])[];
  /** Number of seeded random starts after the given ones (default 8). */
  readonly randomStarts?: number;
  /** Iteration limit of each local solve (default 1000). */
  readonly maxIterations?: number;
  /** Seed of the random starts (default 1). */
  readonly seed?: number;
  /** Feasibility tolerance relative to max(1, |x|) (default 1e-9). */
  readonly feasibilityTol?: number;
  /** Called before each start with the starts done, their number and the optima so far (progress display only). */
  readonly onStart?: (done: number, total: number, optima: number) => void;
}

/** One local solve. */
export interface LocalSolution {
  readonly x: number[];
  /** f(x). */
  readonly objective: number;
  /** Multipliers of the input's equalities (L = f + λᵀh). */
  readonly lambda: number[];
  /** Multipliers of the input's inequalities g ≤ 0 (≥ 0). */
  readonly mu: number[];
  readonly violation: number;
  readonly status: IpmResult['status'];
  readonly iterations: number;
  /** Index of the start it came from. */
  readonly start: number;
}

/** The outcome of the search. */
export interface NlpResult {
  /** The best feasible local optimum, if any. */
  readonly best?: LocalSolution;
  /** Every converged feasible local optimum, best first, distinct points only. */
  readonly optima: readonly LocalSolution[];
  /** Starts tried and total iterations (the work done). */
  readonly starts: number;
  readonly iterations: number;
  /** Some run diverged with a falling objective (evidence of unboundedness). */
  readonly diverged: boolean;
  /** Every run ended locally infeasible. */
  readonly allInfeasible: boolean;
}

/** The user-level multipliers of an interior-point result. */
export function userMultipliers(model: NlpModel, r: IpmResult): { lambda: number[]; mu: number[] } {
  const lambda = Array.from(r.y.subarray(0, model.mEq));
  const mu = model.roles.map((role) => {
    if (role.kind === 'row') return r.y[role.row]!;
    const v = role.side === 'lower' ? r.zl[role.variable]! : r.zu[role.variable]!;
    return v / Math.abs(role.coefficient);
  });
  return { lambda, mu };
}

/** Minimises the input from every start; see NlpOptions for the budget. */
export function solveNlp(input: NlpInput, options: NlpOptions = {}): NlpResult {
  const model = buildModel(input);
  const nx = model.nx;
  const rand = seededRandom(options.seed ?? 1);
  const starts: number[][] = (options.starts ?? []).map((s) => [...s]);
  if (starts.length === 0) starts.push(new Array<number>(nx).fill(0));
  const randomStarts = options.randomStarts ?? 8;
  for (let k = 0; k < randomStarts; k++) {
    const scale = [1, 10, 100][k % 3]!;
    starts.push(
      Array.from({ length: nx }, (_, i) => {
        const l = model.lower[i]!;
        const u = model.upper[i]!;
        const t = rand();
        if (Number.isFinite(l) && Number.isFinite(u)) return l + t * (u - l);
        if (Number.isFinite(l)) return l + t * scale;
        if (Number.isFinite(u)) return u - t * scale;
        return (2 * t - 1) * scale;
      }),
    );
  }
  const tol = options.feasibilityTol ?? 1e-9;
  const optima: LocalSolution[] = [];
  let iterations = 0;
  let diverged = false;
  let infeasible = 0;
  starts.forEach((x0, start) => {
    // Every other start begins with a small barrier parameter (IPOPT's warm-start setting):
    // a start near an active constraint is then not pushed far from it, which matters where
    // the objective is nearly flat away from the constraint (HS57).
    const mu0 = start % 2 === 1 ? 1e-3 : 0.1;
    options.onStart?.(start, starts.length, optima.length);
    const r = interiorPoint(model, x0, { maxIterations: options.maxIterations ?? 1000, mu0 });
    iterations += r.iterations;
    if (r.status === 'diverged' && Number.isFinite(r.objective) && r.violation <= 1e-6) diverged = true;
    if (!(r.violation <= 1e-6)) infeasible++;
    if (r.status !== 'optimal' && r.status !== 'acceptable') return;
    const x = Array.from(r.z.subarray(0, nx));
    const { h, g } = model.userConstraints(x);
    const scale = Math.max(1, ...x.map(Math.abs));
    let violation = 0;
    for (const v of h) violation = Math.max(violation, Math.abs(v));
    for (const v of g) violation = Math.max(violation, v);
    if (!(violation <= tol * scale)) return;
    const { lambda, mu } = userMultipliers(model, r);
    const sol: LocalSolution = { x, objective: r.objective, lambda, mu, violation, status: r.status, iterations: r.iterations, start };
    if (!optima.some((o) => samePoint(o.x, x))) optima.push(sol);
  });
  optima.sort((a, b) => a.objective - b.objective || a.start - b.start);
  return { best: optima[0], optima, starts: starts.length, iterations, diverged, allInfeasible: infeasible === starts.length };
}

function samePoint(a: readonly number[], b: readonly number[]): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= 1e-6 * (1 + Math.abs(v)));
}
