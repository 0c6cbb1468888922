/**
 * Verification of a KKT point by substitution: every condition evaluated at the point.
 * Exact points are substituted exactly (a residual of exactly 0 means the condition
 * holds identically, parameters included); anything that does not cancel exactly is
 * evaluated in double precision (at `parameter_values`, or the first parameter sample).
 * Numeric points are evaluated in double precision directly: substituting their long
 * rationals exactly and expanding costs minutes on large problems (HS70) and cannot
 * certify anything (a numeric point is never `exact`).
 */
import { ZERO, mul, substitute, sym, type Expr, type ExpandWork } from '../expr/index.js';
import { evaluateAt, isExactlyZero, type ParameterContext } from '../parameters/index.js';
import { isZeroWithLogs } from './log-multipliers.js';
import { stationarity } from './lagrangian.js';
import type { Problem } from './problem.js';
import type { KktPoint, Residuals } from './types.js';

/**
 * Expansion work (term products weighted by coefficient size, `ExpandOptions.work`) the
 * exact zero tests of one point may use. The test problems use at most about 300
 * (test/problems, test/maxent, test/lagrange); a point that needs more is not certified
 * exact, and its residuals are evaluated numerically.
 */
export const EXACT_ZERO_WORK = 200_000;

/** Residuals of stationarity, primal and dual feasibility and complementary slackness at a point. */
export function kktResiduals(problem: Problem, point: KktPoint, ctx: ParameterContext, grad?: readonly Expr[]): Residuals {
  if (!point.exact) return numericResiduals(problem, point, ctx, grad);
  const binding = new Map<Expr, Expr>([...point.values].map(([k, v]) => [sym(k), v] as [Expr, Expr]));
  // Exact cancellation: canonical form, or after expansion, within one counted budget for
  // the whole point; a condition not shown zero within it is evaluated numerically and the
  // point is not certified exact.
  const work: ExpandWork = { used: 0, limit: EXACT_ZERO_WORK };
  const sub = (e: Expr): Expr => {
    const r = substitute(e, binding);
    // Stationarity at an entropy-type optimum holds through identities among logarithms.
    return isZeroWithLogs(r, work) ? ZERO : r;
  };
  const station = (grad ?? stationarity(problem)).map(sub);
  const eqs = problem.equalities.map((c) => sub(c.fn));
  const ineqs = problem.inequalities.map((c) => sub(c.fn));
  const mus = problem.inequalities.map((c) => point.values.get(c.multiplier) ?? ZERO);
  const comp = problem.inequalities.map((_, j) => { const r = mul(mus[j]!, ineqs[j]!); return isExactlyZero(r, work) ? ZERO : r; });

  const env = ctx.samples[0] ?? new Map<string, number>();
  const num = (es: readonly Expr[]): number[] => (es.length ? evaluateAt(es, env) : []);
  const maxAbs = (es: readonly Expr[]): number => {
    if (es.every((e) => e === ZERO)) return 0;
    return Math.max(0, ...num(es).map((v) => (Number.isFinite(v) ? Math.abs(v) : Infinity)));
  };
  const stationarityResidual = maxAbs(station);
  const eqResidual = maxAbs(eqs);
  const ineqViolation = Math.max(0, ...num(ineqs).map((v) => (Number.isFinite(v) ? Math.max(0, v) : Infinity)));
  const dual = Math.max(0, ...num(mus).map((v) => (Number.isFinite(v) ? Math.max(0, -v) : Infinity)));
  const complementary = maxAbs(comp);
  const exact =
    point.exact && station.every((e) => e === ZERO) && eqs.every((e) => e === ZERO) && comp.every((e) => e === ZERO);
  return {
    stationarity: stationarityResidual,
    primal: Math.max(eqResidual, ineqViolation),
    dual,
    complementary,
    exact,
  };
}

/** The residuals of a numeric point, evaluated in double precision without substitution. */
function numericResiduals(problem: Problem, point: KktPoint, ctx: ParameterContext, grad?: readonly Expr[]): Residuals {
  const env = new Map(ctx.samples[0] ?? []);
  const names = [...point.values.keys()];
  const vals = evaluateAt(names.map((k) => point.values.get(k)!), env);
  names.forEach((k, i) => env.set(k, vals[i]!));
  const at = (es: readonly Expr[]): number[] => (es.length ? evaluateAt(es, env) : []);
  const abs = (v: number): number => (Number.isFinite(v) ? Math.abs(v) : Infinity);
  const station = at(grad ?? stationarity(problem));
  const eqs = at(problem.equalities.map((c) => c.fn));
  const ineqs = at(problem.inequalities.map((c) => c.fn));
  const mus = problem.inequalities.map((c) => (point.values.has(c.multiplier) ? env.get(c.multiplier)! : 0));
  return {
    stationarity: Math.max(0, ...station.map(abs)),
    primal: Math.max(0, ...eqs.map(abs), ...ineqs.map((v) => (Number.isFinite(v) ? Math.max(0, v) : Infinity))),
    dual: Math.max(0, ...mus.map((v) => (Number.isFinite(v) ? Math.max(0, -v) : Infinity))),
    complementary: Math.max(0, ...mus.map((m, j) => (m === 0 ? 0 : abs(m * ineqs[j]!)))),
    exact: false,
  };
}
