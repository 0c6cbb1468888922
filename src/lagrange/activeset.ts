/**
 * Active-set enumeration of the KKT conditions.
 *
 * Complementary slackness μ_j g_j = 0 splits the KKT system into 2^m smooth systems,
 * one per set S of active inequalities: stationarity ∇ₓL_S = 0 (μ_j = 0 off S), every
 * equality h_i = 0 and g_j = 0 for j in S. Each is square (n + p + |S| equations and
 * unknowns) and goes to `solveSystem`. A solution is a KKT point when the inactive
 * constraints hold (g_j ≤ 0, j ∉ S) and its multipliers are dual feasible (μ_j ≥ 0,
 * j ∈ S). Points found from several sets (a constraint active with μ_j = 0) are kept
 * once, from the smallest set.
 *
 * Sets with more active constraints than variables (p + |S| > n) are not solved: by the
 * conic Carathéodory theorem, multipliers μ ≥ 0 that exist for such a set also exist
 * with linearly independent active gradients, i.e. for one of its subsets, which is
 * enumerated. (This uses independent equality gradients; the derivation says so.)
 */
import { ZERO, freeSymbols, substitute, sym, toText, topologicalOrder, type Expr } from '../expr/index.js';
import { solveSystem, type Solution } from '../solve/index.js';
import { evaluateAt, isParametric, signOf, type ParameterContext } from '../parameters/index.js';
import { seededRandom } from '../numeric/index.js';
import { stationarity } from './lagrangian.js';
import type { Problem } from './problem.js';
import { familyDomain } from './domain.js';
import { tidy } from './tidy.js';
import type { ActiveSetRecord, Evidence, KktPoint } from './types.js';

/** Options of the enumeration. */
export interface EnumerateOptions {
  /** Seed of the solver's numeric starts. */
  readonly seed?: number;
  /** Only these active sets (default: every set of size at most n − p). */
  readonly sets?: readonly (readonly number[])[];
  /** Called before each system with the systems done, their number and the KKT points so far (progress display only). */
  readonly onSystem?: (done: number, total: number, points: number) => void;
}

/** What the enumeration found. */
export interface EnumerationResult {
  readonly points: KktPoint[];
  readonly records: ActiveSetRecord[];
  /** Every system was solved completely (no numeric search that may have missed roots). */
  readonly complete: boolean;
  /** Some system had a continuum of solutions. */
  readonly underdetermined: boolean;
  readonly notes: string[];
}

/** Most active-set systems enumerated (beyond: the interior-point path answers). */
export const MAX_SYSTEMS = 64;
/** Most total work (sum over systems of the Bézout number Π deg) enumerated. */
export const MAX_WORK = 1024;
/**
 * Most work of any one polynomial system (the exact solver's cost grows steeply past it:
 * HS26's Bézout number 144 and HS43's 64 run for minutes).
 */
export const MAX_SYSTEM_WORK = 32;
/** Work charged for a system that is not polynomial, plus its number of nodes (solved by rules or a seeded numeric search). */
const NONPOLYNOMIAL_WORK = 64;

/** How much work enumerating the active sets would be, and whether it fits the budget. */
export interface EnumerationWork {
  /** Active sets that would be solved (size ≤ n − p); counting stops past MAX_SYSTEMS. */
  readonly systems: number;
  /** Σ over those systems of the Bézout bound Π deg(equation) (NONPOLYNOMIAL_WORK for non-polynomial ones). */
  readonly work: number;
  readonly fits: boolean;
}

/**
 * Counts the work of the enumeration before doing it (deterministic: it looks only at
 * the problem). Counting stops as soon as the budget is exceeded, so 2^m sets are never
 * listed for large m.
 */
export function enumerationWork(problem: Problem): EnumerationWork {
  const n = problem.variables.length;
  const p = problem.equalities.length;
  const m = problem.inequalities.length;
  const maxSize = Math.max(0, n - p);
  let systems = 0;
  let binom = 1;
  for (let k = 0; k <= Math.min(m, maxSize); k++) {
    if (k > 0) binom = (binom * (m - k + 1)) / k;
    systems += binom;
    if (systems > MAX_SYSTEMS) return { systems, work: Infinity, fits: false };
  }
  let work = 0;
  for (const S of activeSets(m, maxSize)) {
    const w = systemWork(problem, S);
    work += w.work;
    if (work > MAX_WORK || (w.polynomial && w.work > MAX_SYSTEM_WORK)) return { systems, work, fits: false };
  }
  return { systems, work, fits: true };
}

/** Factor on the work of a system whose coefficients are irrational (sqrt(2), pi): exact arithmetic in an extension field. */
const IRRATIONAL_FACTOR = 16;

/**
 * The work estimate of the active-set system of S: the Bézout bound Π deg(equation) in
 * the unknowns (variables and multipliers), times IRRATIONAL_FACTOR when a coefficient
 * is irrational; NONPOLYNOMIAL_WORK when an equation is not polynomial.
 */
export function systemWork(problem: Problem, S: readonly number[]): { work: number; polynomial: boolean } {
  const unknowns = new Set<string>([...problem.variables, ...problem.equalities.map((c) => c.multiplier), ...S.map((j) => problem.inequalities[j]!.multiplier)]);
  const eqs = [...stationarity(problem, new Set(S)), ...problem.equalities.map((c) => c.fn), ...S.map((j) => problem.inequalities[j]!.fn)];
  let bezout = 1;
  for (const e of eqs) {
    const d = polynomialDegree(e, unknowns);
    // Solved by rules or a seeded Levenberg–Marquardt search whose cost grows with the size of the equations.
    if (d === Infinity) return { work: NONPOLYNOMIAL_WORK + topologicalOrder(eqs).length, polynomial: false };
    bezout *= Math.max(1, d);
  }
  return { work: hasIrrationalCoefficient(eqs) ? bezout * IRRATIONAL_FACTOR : bezout, polynomial: true };
}

function hasIrrationalCoefficient(es: readonly Expr[]): boolean {
  for (const node of topologicalOrder(es)) {
    if (node.kind === 'const') return true;
    if (node.kind === 'pow' && node.base.kind === 'num' && node.exp.kind === 'num' && !node.exp.value.isInteger) return true;
  }
  return false;
}

/** Total degree of e in the unknowns; Infinity when e is not a polynomial in them. */
function polynomialDegree(e: Expr, unknowns: ReadonlySet<string>): number {
  const deg = new Map<Expr, number>();
  for (const node of topologicalOrder([e])) {
    let d: number;
    switch (node.kind) {
      case 'num':
      case 'const':
        d = 0;
        break;
      case 'sym':
        d = unknowns.has(node.name) ? 1 : 0;
        break;
      case 'add':
        d = Math.max(...node.terms.map((t) => deg.get(t)!));
        break;
      case 'mul':
        d = node.factors.reduce((acc, f) => acc + deg.get(f)!, 0);
        break;
      case 'pow': {
        const b = deg.get(node.base)!;
        const x = deg.get(node.exp)!;
        if (b === 0 && x === 0) d = 0;
        else if (x === 0 && node.exp.kind === 'num' && node.exp.value.isInteger && !node.exp.value.isNegative) d = b * node.exp.value.toNumber();
        else d = Infinity;
        break;
      }
      case 'call':
        d = deg.get(node.arg)! === 0 ? 0 : Infinity;
        break;
    }
    deg.set(node, d);
  }
  return deg.get(e)!;
}

/** Subsets of {0..m-1} by size, then lexicographically; sizes up to `maxSize`. */
export function activeSets(m: number, maxSize: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, size: number, acc: number[]): void => {
    if (acc.length === size) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < m; i++) {
      acc.push(i);
      rec(i + 1, size, acc);
      acc.pop();
    }
  };
  for (let size = 0; size <= Math.min(m, maxSize); size++) rec(0, size, []);
  return out;
}

/** Enumerates active sets, solves each system and keeps the feasible, dual-feasible points. */
export function enumerateKkt(problem: Problem, ctx: ParameterContext, options: EnumerateOptions = {}): EnumerationResult {
  const n = problem.variables.length;
  const p = problem.equalities.length;
  const m = problem.inequalities.length;
  const notes: string[] = [];
  const sets = options.sets ?? activeSets(m, Math.max(0, n - p));
  if (p > n) notes.push(`${p} equality constraints on ${n} variables: the system is overdetermined`);
  const skipped = options.sets ? 0 : 2 ** m - sets.length;
  if (skipped > 0) {
    notes.push(
      `${skipped} active set${skipped === 1 ? '' : 's'} with more active constraints than variables ${skipped === 1 ? 'was' : 'were'} not solved (Carathéodory: their KKT points are found through subsets)`,
    );
  }
  const records: ActiveSetRecord[] = [];
  const points: KktPoint[] = [];
  let complete = true;
  let underdetermined = false;
  const eqMultipliers = problem.equalities.map((c) => c.multiplier);

  for (const S of sets) {
    options.onSystem?.(records.length, sets.length, points.length);
    const active = new Set(S);
    const equations = [
      ...stationarity(problem, active),
      ...problem.equalities.map((c) => c.fn),
      ...S.map((j) => problem.inequalities[j]!.fn),
    ];
    const unknowns = [...problem.variables, ...eqMultipliers, ...S.map((j) => problem.inequalities[j]!.multiplier)];
    let result;
    try {
      result = solveSystem(equations, unknowns, {
        parameters: problem.parameters,
        assumptions: ctx.assumptions,
        seed: options.seed ?? 1,
      });
    } catch (err) {
      complete = false;
      records.push({
        active: S,
        equations,
        unknowns,
        completeness: 'failed',
        method: 'none',
        found: 0,
        kept: 0,
        rejected: [],
        notes: [`the solver failed: ${(err as Error).message}`],
      });
      continue;
    }
    if (result.completeness === 'partial') complete = false;
    if (result.completeness === 'underdetermined') underdetermined = true;
    const rejected: string[] = [];
    let kept = 0;
    for (const sol of result.solutions) {
      const checked = checkCandidate(problem, ctx, sol, S, result.method);
      if (typeof checked === 'string') {
        rejected.push(checked);
        continue;
      }
      if (points.some((q) => samePoint(problem, q, checked, ctx))) continue;
      points.push(checked);
      kept++;
    }
    records.push({
      active: S,
      equations,
      unknowns,
      completeness: result.completeness,
      method: result.method,
      found: result.solutions.length,
      kept,
      rejected,
      notes: result.notes,
    });
  }
  return { points, records, complete, underdetermined, notes };
}

/** Relative tolerance for the feasibility of numeric points. */
export const FEASIBILITY_TOL = 1e-8;

/** What every KKT point of the enumeration states first: its values, how exact they are, and its active set. */
function kktFields(sol: Solution, values: Map<string, Expr>, S: readonly number[]): Pick<KktPoint, 'values' | 'exact' | 'residual' | 'active' | 'kind'> {
  return { values, exact: sol.exact, residual: sol.residual, active: S, kind: 'kkt' };
}

/**
 * Checks one solution of the system of active set S: dual feasibility of μ_S, primal
 * feasibility of the inactive inequalities, finiteness of f and the constraints.
 * Returns the point, or the reason it was rejected.
 */
function checkCandidate(problem: Problem, ctx: ParameterContext, sol: Solution, S: readonly number[], method: string): KktPoint | string {
  const values = new Map<string, Expr>();
  const get = (name: string): Expr => {
    const v = sol.values.get(name) ?? sym(name);
    return sol.exact ? tidy(v, ctx) : v;
  };
  for (const v of problem.variables) values.set(v, get(v));
  for (const c of problem.equalities) values.set(c.multiplier, get(c.multiplier));
  problem.inequalities.forEach((c, j) => values.set(c.multiplier, S.includes(j) ? get(c.multiplier) : ZERO));
  if (sol.free && sol.free.length > 0) return checkFamily(problem, ctx, sol, S, values, method);
  const binding = new Map<Expr, Expr>([...values].map(([k, v]) => [sym(k), v] as [Expr, Expr]));
  const describe = (): string => problem.variables.map((v) => `${v} = ${showValue(values.get(v)!, sol.exact)}`).join(', ');
  const conditions: string[] = [];
  let evidence: Evidence = 'exact';
  const note = (e: Evidence): void => {
    if (e === 'sampled' || (e === 'numeric' && evidence === 'exact')) evidence = e;
  };

  // Defined there: f and every constraint finite (log, division, sqrt of a negative).
  const probe = [problem.objective, ...problem.constraints.map((c) => c.fn)].map((e) => substitute(e, binding));
  for (const m of ctx.samples) {
    const vals = evaluateAt(probe, m);
    if (vals.some((v) => !Number.isFinite(v))) {
      if (isParametricPoint(probe, ctx)) continue;
      return `${describe()}: outside the domain of the functions (a value is not finite)`;
    }
    break;
  }

  for (const j of S) {
    const c = problem.inequalities[j]!;
    const mu = values.get(c.multiplier)!;
    const verdict = signVerdict(mu, ctx, sol.exact, 'nonnegative');
    note(verdict.evidence);
    if (verdict.ok === false) return `${describe()}: ${c.multiplier} = ${showValue(mu, sol.exact)} < 0 (dual infeasible)`;
    if (verdict.ok === undefined) conditions.push(`${toText(mu)} >= 0`);
  }
  for (let j = 0; j < problem.inequalities.length; j++) {
    if (S.includes(j)) continue;
    const c = problem.inequalities[j]!;
    const g = substitute(c.fn, binding);
    const verdict = signVerdict(g, ctx, sol.exact, 'nonpositive', constraintScale(c.fn, binding, ctx));
    note(verdict.evidence);
    if (verdict.ok === false) return `${describe()}: violates ${c.text}`;
    if (verdict.ok === undefined) conditions.push(`${toText(g)} <= 0`);
  }
  // The solver's side conditions (real radicands, nonzero denominators): decided where the
  // assumptions or the parameter samples allow, kept as conditions otherwise.
  for (const cond of sol.conditions ?? []) {
    const rel = cond.relation === 'positive' ? '> 0' : cond.relation === 'nonnegative' ? '>= 0' : '!= 0';
    const r = signOf(cond.expr, ctx);
    const holds =
      cond.relation === 'positive'
        ? r.sign === 'positive'
        : cond.relation === 'nonnegative'
          ? r.sign === 'positive' || r.sign === 'zero' || r.sign === 'nonnegative'
          : r.sign === 'positive' || r.sign === 'negative' || r.sign === 'nonzero';
    const fails =
      cond.relation === 'positive'
        ? r.sign === 'negative' || r.sign === 'zero' || r.sign === 'nonpositive'
        : cond.relation === 'nonnegative'
          ? r.sign === 'negative'
          : r.sign === 'zero';
    if (holds) {
      note(r.evidence);
      continue;
    }
    if (fails) return `${describe()}: needs ${toText(cond.expr)} ${rel}, which fails`;
    conditions.push(`${toText(cond.expr)} ${rel}`);
  }
  return {
    ...kktFields(sol, values, S),
    ...(sol.free && sol.free.length > 0 ? { free: sol.free } : {}),
    conditions,
    method,
    feasibilityEvidence: evidence,
  };
}

function isParametricPoint(es: readonly Expr[], ctx: ParameterContext): boolean {
  return es.some((e) => isParametric(e, ctx.parameters));
}

/** Magnitude of the terms of g at the point, so that "zero" is judged relative to them. */
function constraintScale(fn: Expr, binding: ReadonlyMap<Expr, Expr>, ctx: ParameterContext): number {
  const terms = fn.kind === 'add' ? fn.terms : [fn];
  const vals = evaluateAt(terms.map((t) => substitute(t, binding)), ctx.samples[0] ?? new Map());
  return Math.max(1, ...vals.filter(Number.isFinite).map(Math.abs));
}

/**
 * Is e ≥ 0 (or ≤ 0)? Exact values by their exact sign; numeric points with the
 * feasibility tolerance; parametric values by structure or samples, and at the user's
 * parameter_values when the samples disagree.
 */
function signVerdict(e: Expr, ctx: ParameterContext, exact: boolean, want: 'nonnegative' | 'nonpositive', scale = 1): { ok: boolean | undefined; evidence: Evidence } {
  const good = (s: string): boolean | undefined =>
    s === 'zero' || s === want || s === (want === 'nonnegative' ? 'positive' : 'negative')
      ? true
      : s === (want === 'nonnegative' ? 'negative' : 'positive')
        ? false
        : undefined;
  if (!exact) {
    const v = evaluateAt([e], ctx.samples[0] ?? new Map())[0]!;
    if (!Number.isFinite(v)) return { ok: undefined, evidence: 'none' };
    const tol = FEASIBILITY_TOL * scale;
    return { ok: want === 'nonnegative' ? v >= -tol : v <= tol, evidence: 'numeric' };
  }
  const r = signOf(e, ctx, scale);
  const ok = good(r.sign);
  if (ok === undefined && ctx.hasUserValues && freeSymbols(e).size > 0) {
    const v = evaluateAt([e], ctx.samples[0]!)[0]!;
    if (Number.isFinite(v)) return { ok: want === 'nonnegative' ? v >= -1e-12 : v <= 1e-12, evidence: 'numeric' };
  }
  return { ok, evidence: r.evidence };
}

/** A value for messages: exact text, or the double. */
export function showValue(e: Expr, exact: boolean): string {
  if (!exact && e.kind === 'num') return String(e.value.toNumber());
  return toText(e);
}

/** Same point (variables only)? Exact points by identity, others by relative distance at the samples. */
function samePoint(problem: Problem, a: KktPoint, b: KktPoint, ctx: ParameterContext): boolean {
  if (a.exact && b.exact && problem.variables.every((v) => a.values.get(v) === b.values.get(v))) return true;
  const exprs = (q: KktPoint): Expr[] => problem.variables.map((v) => q.values.get(v)!);
  for (const m of ctx.samples.slice(0, 3)) {
    const va = evaluateAt(exprs(a), m);
    const vb = evaluateAt(exprs(b), m);
    for (let i = 0; i < va.length; i++) {
      if (!(Math.abs(va[i]! - vb[i]!) <= 1e-7 * (1 + Math.abs(va[i]!)))) return false;
    }
  }
  return true;
}

/** The multiplier of a constraint at a point (0 when inactive). */
export function multiplierValue(point: KktPoint, name: string): Expr {
  return point.values.get(name) ?? ZERO;
}

/** Number of points at which a continuum of solutions is sampled. */
export const FAMILY_SAMPLES = 200;

/**
 * A continuum of solutions (the solver left some unknowns free). It is kept when some
 * sampled member is feasible and dual feasible (its objective value there is recorded
 * in `familyBest`); otherwise rejected. Sampling can miss a thin feasible part; the
 * result's notes say that continua were checked by sampling.
 */
function checkFamily(
  problem: Problem,
  ctx: ParameterContext,
  sol: Solution,
  S: readonly number[],
  values: Map<string, Expr>,
  method: string,
): KktPoint | string {
  const free = sol.free!;
  // The exact domain first: a family whose conditions are refuted has no KKT member.
  const dom = familyDomain(problem, ctx, free, values, S, sol.exact ? (sol.conditions ?? []) : []);
  if ('empty' in dom) return `a continuum of solutions (free: ${free.join(', ')}) with no member that is a KKT point: ${dom.empty}`;
  const rand = seededRandom(97);
  const params = ctx.samples[0] ?? new Map<string, number>();
  const mus = S.map((j) => values.get(problem.inequalities[j]!.multiplier)!);
  const inactive = problem.inequalities.map((c, j) => (S.includes(j) ? undefined : c.fn)).filter((e): e is Expr => !!e);
  const names = [...values.keys()];
  let feasible = 0;
  let originFeasible = false;
  let best = NaN;
  const s = problem.sense === 'minimize' ? 1 : -1;
  for (let k = 0; k < FAMILY_SAMPLES; k++) {
    const env = new Map(params);
    for (const f of free) {
      const scale = [0.1, 1, 10, 100][k % 4]!;
      env.set(f, k === 0 ? 0 : (rand() * 2 - 1) * scale);
    }
    const vals = evaluateAt(names.map((n) => values.get(n)!), env);
    if (vals.some((v) => !Number.isFinite(v))) continue;
    names.forEach((n, i) => env.set(n, vals[i]!));
    const muVals = evaluateAt(mus, env);
    const gVals = evaluateAt(inactive, env);
    const fVal = evaluateAt([problem.objective], env)[0]!;
    if (!Number.isFinite(fVal)) continue;
    if (muVals.some((m) => !(m >= -1e-9)) || gVals.some((g) => !(g <= 1e-9))) continue;
    feasible++;
    if (k === 0) originFeasible = true;
    if (!(s * fVal >= s * best)) best = fVal;
  }
  if (feasible === 0) {
    return `a continuum of solutions (free: ${free.join(', ')}) with no sampled member feasible and dual feasible (${FAMILY_SAMPLES} samples)`;
  }
  if (feasible === 1 && originFeasible) {
    // Only the member at free = 0 passed (typically an endpoint, as x2 = 0 of HS30's
    // x1 = sqrt(1 - x2^2)): that member is the KKT point, not the family. It is checked
    // like any point of the system.
    const at0 = Object.fromEntries(free.map((f) => [f, ZERO]));
    const member: Solution = {
      ...sol,
      values: new Map([...sol.values].map(([k, v]) => [k, free.includes(k) ? ZERO : substitute(v, at0)] as [string, Expr])),
      free: undefined,
    };
    return checkCandidate(problem, ctx, member, S, method);
  }
  return {
    ...kktFields(sol, values, S),
    free,
    domain: dom.domain,
    conditions: dom.conditions,
    method,
    feasibilityEvidence: 'sampled',
    familyBest: best,
  };
}
