/**
 * Numeric KKT points made exact where they can be: Newton's method on the KKT system of
 * the point's active set polishes the doubles to full precision, each coordinate is
 * offered to the recogniser (numeric/identify: rationals, quadratic surds), and the
 * candidate is accepted only if it satisfies the KKT system exactly (stationarity,
 * equalities and complementarity cancel identically; feasibility and multiplier signs
 * hold). Where stationarity carries logarithms, a row may vanish only through an identity
 * among them (log p₂² = log p₁ + log p₃): lagrange/log-multipliers verifies that. Numeric points that land on the same point are kept once (clusters).
 */
import { compile } from '../compile/index.js';
import { jacobian } from '../diff/index.js';
import { mul, num, substitute, topologicalOrder, type Expr, type ExpandWork } from '../expr/index.js';
import { solveSystem } from '../solve/index.js';
import { identify } from '../numeric/identify.js';
import { ldltFactor, ldltSolve } from '../linalg/ldlt.js';
import { evaluateAt, isExactlyZero, type ParameterContext } from '../parameters/index.js';
import { multiplierSign, stationarity } from './lagrangian.js';
import type { Problem } from './problem.js';
import type { KktPoint } from './types.js';
import { exactLogMultipliers } from './log-multipliers.js';
import { EXACT_ZERO_WORK, kktResiduals } from './verify.js';

/** Newton steps of the polish (quadratic convergence: a handful suffice from 1e-8). */
const NEWTON_STEPS = 8;

/** The exact version of a numeric KKT point, or undefined when none is verified. */
export function snapPoint(problem: Problem, p: KktPoint, ctx: ParameterContext): KktPoint | undefined {
  if (p.exact || p.kind !== 'kkt' || (p.free && p.free.length > 0) || problem.parameters.length > 0) return undefined;
  const S = p.active;
  const unknowns = [...problem.variables, ...problem.equalities.map((c) => c.multiplier), ...S.map((j) => problem.inequalities[j]!.multiplier)];
  const env = new Map<string, number>();
  const z0 = unknowns.map((u) => evaluateAt([p.values.get(u)!], env)[0]!);
  if (!z0.every(Number.isFinite)) return undefined;
  const z = polish(problem, S, unknowns, z0);
  if (!z) return undefined;
  const values = new Map<string, Expr>();
  for (let i = 0; i < problem.variables.length; i++) {
    const candidate = identify(z[i]!, { tolerance: 1e-10 })[0];
    if (!candidate) return undefined;
    values.set(unknowns[i]!, candidate);
  }
  // Multipliers: recognised like the variables, or else solved exactly from stationarity,
  // which is linear in them once the variables are exact (log and power terms stay exact).
  const multipliers = unknowns.slice(problem.variables.length);
  const recognised = multipliers.map((u, i) => identify(z[problem.variables.length + i]!, { tolerance: 1e-10 })[0]);
  const binding = Object.fromEntries(problem.variables.map((v) => [v, values.get(v)!]));
  const rows = stationarity(problem, new Set(S)).map((e) => substitute(e, binding));
  if (recognised.every((e) => e !== undefined)) {
    multipliers.forEach((u, i) => values.set(u, recognised[i]!));
  } else if (multipliers.length > 0) {
    let sol;
    try {
      sol = solveSystem(rows, multipliers);
    } catch {
      sol = undefined;
    }
    const exact = sol?.solutions.find((q) => q.exact && !(q.free && q.free.length > 0));
    if (sol?.completeness === 'complete' && exact) for (const u of multipliers) values.set(u, exact.values.get(u)!);
  }
  problem.inequalities.forEach((c, j) => {
    if (!S.includes(j)) values.set(c.multiplier, num(0));
  });
  if (multipliers.every((u) => values.has(u))) {
    const snapped: KktPoint = { ...p, values, exact: true, method: `${p.method}, recognised exactly` };
    const r = kktResiduals(problem, snapped, ctx);
    if (r.exact && r.primal <= 1e-12 && r.dual <= 1e-12) return snapped;
  }
  return snapWithLogs(problem, p, S, values, rows, multipliers, ctx);
}

/**
 * The second way to exact multipliers: stationarity rows whose residuals are zero only
 * through an identity among logarithms (log p₂² = log p₁ + log p₃), verified by
 * lagrange/log-multipliers. The point's constraints are checked exactly first: equalities
 * and active inequalities vanish identically (complementarity follows, μ = 0 elsewhere);
 * inactive inequalities and multiplier signs are checked like kktResiduals does.
 */
function snapWithLogs(
  problem: Problem,
  p: KktPoint,
  S: readonly number[],
  primal: ReadonlyMap<string, Expr>,
  rows: readonly Expr[],
  multipliers: readonly string[],
  ctx: ParameterContext,
): KktPoint | undefined {
  // Without logarithms in the rows the first way's verdict stands.
  const hasLog = topologicalOrder(rows).some((n) => n.kind === 'call' && n.fn === 'log');
  if (multipliers.length === 0 || !hasLog) return undefined;
  const work: ExpandWork = { used: 0, limit: EXACT_ZERO_WORK };
  const binding = Object.fromEntries(problem.variables.map((v) => [v, primal.get(v)!]));
  const vanishing = [...problem.equalities.map((c) => c.fn), ...S.map((j) => problem.inequalities[j]!.fn)];
  if (!vanishing.every((g) => isExactlyZero(substitute(g, binding), work))) return undefined;
  const solved = exactLogMultipliers(rows, multipliers, work);
  if (!solved) return undefined;
  const values = new Map(primal);
  for (const [u, v] of solved) values.set(u, v);
  const snapped: KktPoint = { ...p, values, exact: true, method: `${p.method}, recognised exactly (multipliers by an identity among logarithms)` };
  // Exact residuals, apart from the rows shown zero above by the log identity.
  const r = kktResiduals(problem, snapped, ctx);
  if (r.primal > 1e-12 || r.dual > 1e-12 || r.stationarity > 1e-12 || r.complementary > 1e-12) return undefined;
  return snapped;
}

/** Newton's method on F = (∇ₓL, s·h, s·g_S) = 0 (s = ±1 makes the Jacobian symmetric); undefined if it does not converge. */
function polish(problem: Problem, S: readonly number[], unknowns: readonly string[], z0: readonly number[]): number[] | undefined {
  const s = num(multiplierSign(problem));
  const eqs = [...stationarity(problem, new Set(S)), ...problem.equalities.map((c) => mul(s, c.fn)), ...S.map((j) => mul(s, problem.inequalities[j]!.fn))];
  if (eqs.length !== unknowns.length) return undefined;
  const F = compile(eqs, unknowns);
  const J = compile(jacobian(eqs, unknowns).flat(), unknowns);
  const n = unknowns.length;
  const z = Float64Array.from(z0);
  let best = Infinity;
  for (let k = 0; k < NEWTON_STEPS; k++) {
    const f = F.evaluate(z);
    const res = Math.max(...Array.from(f, Math.abs));
    if (!Number.isFinite(res)) return undefined;
    best = res;
    if (res <= 1e-15 * Math.max(1, ...Array.from(z, Math.abs))) break;
    const d = ldltSolve(ldltFactor(J.evaluate(z), n), Array.from(f, (v) => -v));
    if (!d.every(Number.isFinite)) return undefined;
    for (let i = 0; i < n; i++) z[i] = z[i]! + d[i]!;
  }
  return best <= 1e-9 * Math.max(1, ...Array.from(z, Math.abs)) ? Array.from(z) : undefined;
}

/**
 * Keeps one point per cluster, exact points first. Two numeric points (or a numeric and
 * an exact one) are one cluster when their coordinates agree to 1e-4 relative and their
 * objective values to 1e-10: near a degenerate (e.g. quartic) minimum a root finder
 * stops anywhere in a small cloud where the gradient is below its tolerance.
 */
export function dedupeClusters(problem: Problem, points: readonly KktPoint[]): KktPoint[] {
  const env = new Map<string, number>();
  const coords = (q: KktPoint): number[] => evaluateAt(problem.variables.map((v) => q.values.get(v)!), env);
  const order = [...points.keys()].sort((a, b) => Number(points[b]!.exact) - Number(points[a]!.exact) || a - b);
  const kept: number[] = [];
  for (const i of order) {
    const q = points[i]!;
    if (q.free && q.free.length > 0) {
      kept.push(i);
      continue;
    }
    const x = coords(q);
    const dup = kept.some((k) => {
      const o = points[k]!;
      if (o.free && o.free.length > 0) return false;
      if (o.exact && q.exact) return problem.variables.every((v) => o.values.get(v) === q.values.get(v));
      const y = coords(o);
      const fx = evaluateAt([problem.objective], new Map(problem.variables.map((v, t) => [v, x[t]!] as [string, number])))[0]!;
      const fy = evaluateAt([problem.objective], new Map(problem.variables.map((v, t) => [v, y[t]!] as [string, number])))[0]!;
      return x.every((v, t) => Math.abs(v - y[t]!) <= 1e-4 * (1 + Math.abs(v))) && Math.abs(fx - fy) <= 1e-10 * (1 + Math.abs(fx));
    });
    if (!dup) kept.push(i);
  }
  return kept.sort((a, b) => a - b).map((i) => points[i]!);
}
