/**
 * The Lagrangian and the KKT conditions, with the one sign convention of INTERFACE.md:
 *
 *   minimise:  L = f + Σ λ_i h_i + Σ μ_j g_j,   μ_j ≥ 0
 *   maximise:  L = f − Σ λ_i h_i − Σ μ_j g_j,   μ_j ≥ 0
 *
 * where h_i = 0 are the equalities and g_j ≤ 0 the inequalities. The maximisation
 * form is −(the Lagrangian of minimising −f), so the multipliers mean the same thing
 * in both senses: μ_j ≥ 0 is the price of tightening constraint j.
 */
import { add, mul, num, sym, ZERO, type Expr } from '../expr/index.js';
import { derivative } from '../diff/index.js';
import type { Constraint, Problem } from './problem.js';

/** The sign that multiplies the constraint terms: +1 for minimise, −1 for maximise. */
export function multiplierSign(problem: Problem): 1 | -1 {
  return problem.sense === 'minimize' ? 1 : -1;
}

/** Names of all multipliers, equalities first (λ_1..λ_p), then inequalities (μ_1..μ_m). */
export function multiplierNames(problem: Problem): string[] {
  return [...problem.equalities.map((c) => c.multiplier), ...problem.inequalities.map((c) => c.multiplier)];
}

/**
 * L(x, λ, μ). With `active`, only the listed inequalities (by 0-based index among the
 * inequalities) carry their μ; the others have μ_j = 0 (an active-set system).
 */
export function lagrangian(problem: Problem, active?: ReadonlySet<number>): Expr {
  const s = num(multiplierSign(problem));
  const terms: Expr[] = [problem.objective];
  for (const c of problem.equalities) terms.push(mul(s, sym(c.multiplier), c.fn));
  problem.inequalities.forEach((c, j) => {
    if (!active || active.has(j)) terms.push(mul(s, sym(c.multiplier), c.fn));
  });
  return add(...terms);
}

/** The kind of a KKT condition (the `kind` of INTERFACE.md's `conditions`). */
export type ConditionKind = 'stationarity' | 'primal' | 'dual' | 'complementary';

/** One KKT condition `lhs op rhs`, with what it is about. */
export interface Condition {
  readonly kind: ConditionKind;
  readonly lhs: Expr;
  readonly op: '=' | '<=' | '>=';
  readonly rhs: Expr;
  /** e.g. `∂L/∂x`, or the constraint text. */
  readonly note: string;
  /** The variable (stationarity) or constraint (others) the condition is about. */
  readonly about: string;
}

/** Stationarity ∂L/∂x_k = 0 for each variable, in the order of `variables`. */
export function stationarity(problem: Problem, active?: ReadonlySet<number>): Expr[] {
  const L = lagrangian(problem, active);
  return problem.variables.map((v) => derivative(L, v));
}

/**
 * All KKT conditions: stationarity, primal feasibility (h_i = 0, g_j ≤ 0), dual
 * feasibility (μ_j ≥ 0) and complementary slackness (μ_j g_j = 0).
 */
export function kktConditions(problem: Problem): Condition[] {
  const out: Condition[] = [];
  const grad = stationarity(problem);
  problem.variables.forEach((v, k) => {
    out.push({ kind: 'stationarity', lhs: grad[k]!, op: '=', rhs: ZERO, note: `dL/d${v} = 0`, about: v });
  });
  for (const c of problem.equalities) out.push(primal(c));
  for (const c of problem.inequalities) out.push(primal(c));
  for (const c of problem.inequalities) {
    out.push({ kind: 'dual', lhs: sym(c.multiplier), op: '>=', rhs: ZERO, note: `dual feasibility of ${c.multiplier}`, about: c.multiplier });
  }
  for (const c of problem.inequalities) {
    out.push({
      kind: 'complementary',
      lhs: mul(sym(c.multiplier), c.fn),
      op: '=',
      rhs: ZERO,
      note: `complementary slackness of ${c.multiplier}`,
      about: c.multiplier,
    });
  }
  return out;
}

function primal(c: Constraint): Condition {
  return {
    kind: 'primal',
    lhs: c.fn,
    op: c.kind === 'equality' ? '=' : '<=',
    rhs: ZERO,
    note: `${c.kind === 'equality' ? 'h' : 'g'}_${c.number}: ${c.text}`,
    about: c.multiplier,
  };
}
