/**
 * The numeric path of `solve`, taken when enumerating the active sets would be too much
 * work (`enumerationWork`): the interior-point method (src/numeric/nlp) from seeded
 * starts finds local optima; the best one's active set (constraints with g = 0 and a
 * positive multiplier) is then solved exactly as one active-set system, so the optimum
 * comes out in closed form where the system allows, and as the polished numbers
 * otherwise. The claim of global optimality is a proof only when the problem is convex;
 * otherwise it is numeric evidence, and the reason says so.
 */
import { neg, num, Rational, substitute, type Expr } from '../expr/index.js';
import { solveNlp, type LocalSolution, type NlpResult } from '../numeric/nlp/index.js';
import { enumerateKkt, FEASIBILITY_TOL, systemWork } from './activeset.js';
import { evaluateAt, type ParameterContext } from '../parameters/index.js';
import type { Problem } from './problem.js';
import type { ActiveSetRecord, KktPoint, SolveProgress } from './types.js';

/** Seeded random starts after the deterministic first one (work budget, not time). */
export const NUMERIC_STARTS = 24;
/** Most work (systemWork) for solving the best local optimum's active set exactly. */
export const ACTIVE_SET_WORK = 32;
/** Iteration limit of each interior-point run. */
export const NUMERIC_ITERATIONS = 1000;

/** What the numeric path found. */
export interface NumericPathResult {
  /** The local optima as candidate points, best first (exact where the active set solved in closed form). */
  readonly points: KktPoint[];
  readonly records: ActiveSetRecord[];
  readonly notes: string[];
  /** The multistart's account of its work. */
  readonly search: NlpResult;
}

/** Runs the interior-point multistart; parameters must have numbers (user values). */
export function numericPath(problem: Problem, ctx: ParameterContext, seed = 1, onProgress?: (p: SolveProgress) => void): NumericPathResult {
  const params = ctx.samples[0] ?? new Map<string, number>();
  const bind = (e: Expr): Expr => (problem.parameters.length === 0 ? e : substitute(e, Object.fromEntries([...params].map(([k, v]) => [k, num(v)]))));
  const s = problem.sense === 'minimize' ? 1 : -1;
  const objective = bind(problem.objective);
  const search = solveNlp(
    {
      variables: problem.variables,
      // Maximisation minimises −f; the multipliers are then those of INTERFACE.md's convention.
      objective: s === 1 ? objective : neg(objective),
      equalities: problem.equalities.map((c) => bind(c.fn)),
      inequalities: problem.inequalities.map((c) => bind(c.fn)),
    },
    {
      starts: [startPoint(problem)],
      randomStarts: NUMERIC_STARTS,
      maxIterations: NUMERIC_ITERATIONS,
      seed,
      ...(onProgress ? { onStart: (done: number, total: number, optima: number) => onProgress({ stage: 'interior-point starts', done, total, points: optima }) } : {}),
    },
  );
  const notes = [
    `interior-point method (primal-dual, filter line search) from ${search.starts} seeded starts, ${search.iterations} iterations: ${search.optima.length} distinct local optim${search.optima.length === 1 ? 'um' : 'a'}`,
  ];
  const points: KktPoint[] = search.optima.map((o) => numericPoint(problem, o));
  const records: ActiveSetRecord[] = [];
  const best = search.best;
  if (best) {
    const S = activeSetOf(problem, best, params);
    const label = S.length === 0 ? 'no inequality' : S.map((j) => problem.inequalities[j]!.multiplier).join(', ');
    const work = systemWork(problem, S);
    if (!work.polynomial || work.work > ACTIVE_SET_WORK) {
      const why = work.polynomial ? `work estimate ${work.work} > ${ACTIVE_SET_WORK}` : 'the system is not polynomial';
      notes.push(`the active set of the best local optimum (${label}) was not solved exactly (${why}): the optimum is reported numerically`);
    } else {
      const exact = enumerateKkt(problem, ctx, { seed, sets: [S] });
      records.push(...exact.records);
      const match = exact.points.find((q) => q.free === undefined && closeTo(problem, q, best.x, params));
      if (match) {
        points[0] = match;
        notes.push(`the active set of the best local optimum (${label}) was solved as one system: the optimum is ${match.exact ? 'exact' : 'numeric'}`);
      } else {
        notes.push(`the active set of the best local optimum (${label}) did not give it in closed form: it is reported numerically`);
      }
    }
  }
  return { points, records, notes, search };
}

/** The first start: 0 for every variable (the multistart adds seeded ones). */
function startPoint(problem: Problem): number[] {
  return problem.variables.map(() => 0);
}

/** Inequalities active at a local optimum: g_j ≈ 0 with μ_j > 0 (strictly active). */
function activeSetOf(problem: Problem, o: LocalSolution, params: ReadonlyMap<string, number>): number[] {
  const env = new Map(params);
  problem.variables.forEach((v, i) => env.set(v, o.x[i]!));
  const g = evaluateAt(problem.inequalities.map((c) => c.fn), env);
  const scale = Math.max(1, ...o.x.map(Math.abs));
  const muScale = Math.max(1, ...o.mu.map(Math.abs), ...o.lambda.map(Math.abs));
  return problem.inequalities.map((_, j) => j).filter((j) => Math.abs(g[j]!) <= 1e-7 * scale && o.mu[j]! > 1e-7 * muScale);
}

/** A local optimum as a numeric KKT point (values are the doubles). */
function numericPoint(problem: Problem, o: LocalSolution): KktPoint {
  const values = new Map<string, Expr>();
  const asExpr = (v: number): Expr => num(Rational.fromNumber(v));
  problem.variables.forEach((v, i) => values.set(v, asExpr(o.x[i]!)));
  problem.equalities.forEach((c, i) => values.set(c.multiplier, asExpr(o.lambda[i]!)));
  problem.inequalities.forEach((c, j) => values.set(c.multiplier, asExpr(Math.max(0, o.mu[j]!))));
  const scale = Math.max(1, ...o.x.map(Math.abs));
  const active = problem.inequalities.map((_, j) => j).filter((j) => o.mu[j]! > FEASIBILITY_TOL * scale);
  return {
    values,
    exact: false,
    residual: o.violation,
    active,
    kind: 'kkt',
    conditions: [],
    method: 'interior-point',
    feasibilityEvidence: 'numeric',
  };
}

/** Is the exact point q the local optimum x (relative 1e-6)? */
function closeTo(problem: Problem, q: KktPoint, x: readonly number[], params: ReadonlyMap<string, number>): boolean {
  const vals = evaluateAt(problem.variables.map((v) => q.values.get(v)!), params);
  return vals.every((v, i) => Math.abs(v - x[i]!) <= 1e-6 * (1 + Math.abs(x[i]!)));
}
