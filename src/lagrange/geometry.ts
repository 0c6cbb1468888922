/**
 * Facts about the feasible set and the objective that turn local answers into global
 * ones, each a proof (never a sample):
 * - `affineForm`: is a constraint linear in the variables, and with which coefficients;
 * - `proveInfeasible`: a constraint that no point satisfies (g structurally positive,
 *   h structurally nonzero), or linear constraints that contradict (Fourier–Motzkin
 *   elimination over the rationals, an exact certificate);
 * - `proveCompact`: the feasible set is bounded (and closed): variables bounded by a
 *   constraint whose quadratic part is positive definite (a ball, an ellipsoid), the
 *   others by linear constraints whose recession cone is {0} (checked exactly by
 *   enumerating candidate extreme rays); constraints that fit neither are dropped,
 *   which only enlarges the set, so a bounded relaxation proves boundedness;
 * - `proveConvex`: f convex (concave for maximise), equalities affine, inequalities
 *   convex, on a convex set containing the feasible set (the domain of log and sqrt of
 *   a variable, and simple bounds x ≥ 0 from the constraints), by a structural proof
 *   that the Hessians are positive semidefinite.
 */
import {
  ZERO,
  add,
  freeSymbols,
  mul,
  neg,
  num,
  pow,
  substitute,
  topologicalOrder,
  Rational,
  type Expr,
  type SignFact,
} from '../expr/index.js';
import { gradient, hessian } from '../diff/index.js';
import { provedSign, withAssumptions, type ParameterContext, type Sign } from '../parameters/index.js';
import { exactNullSpace, type SignDecider } from './exact-linalg.js';
import type { Constraint, Problem } from './problem.js';

/** An affine function a·x + b with rational coefficients. */
export interface AffineForm {
  readonly coefficients: readonly Rational[];
  readonly constant: Rational;
}

/** Is e affine in the variables, with numeric coefficients? */
export function affineForm(e: Expr, variables: readonly string[]): AffineForm | undefined {
  const g = gradient(e, variables);
  const coefficients: Rational[] = [];
  for (const gi of g) {
    if (gi.kind !== 'num') return undefined;
    coefficients.push(gi.value);
  }
  const c = substitute(e, Object.fromEntries(variables.map((v) => [v, ZERO])));
  if (c.kind !== 'num') return undefined;
  return { coefficients, constant: c.value };
}

/** Is e affine in the variables (coefficients may involve parameters)? */
export function isAffine(e: Expr, variables: readonly string[]): boolean {
  return gradient(e, variables).every((gi) => variables.every((v) => !freeSymbols(gi).has(v)));
}

/** Functions that are defined and smooth for every real argument. */
const EVERYWHERE_SMOOTH = new Set(['exp', 'sin', 'cos', 'sinh', 'cosh', 'tanh']);

/** Is e defined, continuous and smooth on all of R^n (polynomials, exp, sin, ...)? */
export function isEverywhereSmooth(e: Expr): boolean {
  for (const node of topologicalOrder([e])) {
    if (node.kind === 'call' && !EVERYWHERE_SMOOTH.has(node.fn)) return false;
    if (node.kind === 'pow') {
      if (node.exp.kind !== 'num' || !node.exp.value.isInteger || node.exp.value.isNegative) {
        // Constant bases (2^x) are smooth everywhere when the base is a positive constant.
        if (!(freeSymbols(node.base).size === 0 && node.base.kind === 'num' && node.base.value.sign > 0)) return false;
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Infeasibility

/** A proof that no point is feasible, in words, or undefined. */
export function proveInfeasible(problem: Problem, ctx: ParameterContext): string | undefined {
  for (const c of problem.constraints) {
    const s = provedSign(c.fn, ctx);
    if (c.kind === 'inequality' && s === 'positive') return `${c.text} cannot hold: ${show(c)} > 0 for every x`;
    if (c.kind === 'equality' && (s === 'positive' || s === 'negative' || s === 'nonzero')) {
      return `${c.text} cannot hold: ${show(c)} is never 0`;
    }
  }
  const linear: { form: AffineForm; eq: boolean; text: string }[] = [];
  for (const c of problem.constraints) {
    const form = affineForm(c.fn, problem.variables);
    if (form) linear.push({ form, eq: c.kind === 'equality', text: c.text });
  }
  if (linear.length >= 2 && fourierMotzkinInfeasible(linear.map((l) => ({ ...l.form, eq: l.eq })), problem.variables.length)) {
    return `the linear constraints ${linear.map((l) => `"${l.text}"`).join(', ')} contradict each other (Fourier–Motzkin elimination of the variables leaves a constant inequality that fails)`;
  }
  return undefined;
}

function show(c: Constraint): string {
  return c.kind === 'equality' ? `h_${c.number}` : `g_${c.number}`;
}

interface Row {
  readonly a: Rational[];
  readonly b: Rational; // a·x + b <= 0
}

/**
 * Fourier–Motzkin elimination of `a·x + b ≤ 0` (and `= 0`) rows. True when the system is
 * infeasible over the reals. Gives up (false) when the row count explodes.
 */
export function fourierMotzkinInfeasible(rows: readonly (AffineForm & { eq: boolean })[], n: number): boolean {
  let sys: Row[] = [];
  for (const r of rows) {
    sys.push({ a: [...r.coefficients], b: r.constant });
    if (r.eq) sys.push({ a: r.coefficients.map((c) => c.neg()), b: r.constant.neg() });
  }
  for (let k = 0; k < n; k++) {
    const pos: Row[] = [];
    const negs: Row[] = [];
    const zero: Row[] = [];
    for (const r of sys) {
      const s = r.a[k]!.sign;
      (s > 0 ? pos : s < 0 ? negs : zero).push(r);
    }
    const next = [...zero];
    for (const p of pos) {
      for (const q of negs) {
        // p.a_k > 0, q.a_k < 0: combine to cancel x_k with positive weights.
        const wp = q.a[k]!.neg();
        const wq = p.a[k]!;
        next.push({ a: p.a.map((v, i) => v.mul(wp).add(q.a[i]!.mul(wq))), b: p.b.mul(wp).add(q.b.mul(wq)) });
      }
    }
    if (next.length > 5000) return false;
    sys = next;
  }
  return sys.some((r) => r.b.sign > 0);
}

// ---------------------------------------------------------------------------
// Compactness

/** A proof that the feasible set is compact, in words, or undefined. */
export function proveCompact(problem: Problem, ctx: ParameterContext): string | undefined {
  const vars = problem.variables;
  if (!problem.constraints.every((c) => isEverywhereSmooth(c.fn))) return undefined; // closedness needs continuity
  const bounded = new Set<string>();
  const reasons: string[] = [];
  const oracle: SignDecider = (e) => provedSign(e, ctx);
  for (const c of problem.constraints) {
    const forms = c.kind === 'equality' ? [c.fn, neg(c.fn)] : [c.fn];
    for (const f of forms) {
      const mine = vars.filter((v) => freeSymbols(f).has(v));
      if (mine.length === 0 || mine.every((v) => bounded.has(v))) continue;
      if (quadraticWithDefiniteHessian(f, mine, oracle)) {
        for (const v of mine) bounded.add(v);
        reasons.push(`${c.text} bounds ${mine.join(', ')} (its quadratic part is positive definite)`);
        break;
      }
    }
  }
  const free = vars.filter((v) => !bounded.has(v));
  if (free.length === 0) return reasons.join('; ');
  // Linear constraints in the remaining directions: the recession cone must be {0}.
  const A: Rational[][] = [];
  const E: Rational[][] = [];
  const linearTexts: string[] = [];
  for (const c of problem.constraints) {
    const form = affineForm(c.fn, vars);
    if (!form) continue;
    const row = free.map((v) => form.coefficients[vars.indexOf(v)]!);
    if (row.every((x) => x.isZero)) continue;
    (c.kind === 'equality' ? E : A).push(row);
    linearTexts.push(c.text);
  }
  if (!recessionConeTrivial(A, E, free.length)) return undefined;
  reasons.push(`the linear constraints ${linearTexts.map((t) => `"${t}"`).join(', ')} bound ${free.join(', ')} (their recession cone is {0})`);
  return reasons.join('; ');
}

/** Is f a polynomial of degree 2 in `vars` with a constant positive definite Hessian? */
function quadraticWithDefiniteHessian(f: Expr, vars: readonly string[], oracle: SignDecider): boolean {
  const H = hessian(f, vars);
  if (H.flat().some((h) => vars.some((v) => freeSymbols(h).has(v)))) return false;
  // The gradient must be affine (degree ≤ 2 overall), which a constant Hessian implies for polynomials;
  // reject non-polynomial forms (exp, log) whose Hessian happens to be constant nowhere else.
  if (!isEverywhereSmooth(f)) return false;
  return positiveDefinite(H, oracle);
}

/** Strict positive definiteness by symmetric elimination with structural signs. */
export function positiveDefinite(H: readonly (readonly Expr[])[], oracle: SignDecider): boolean {
  let A = H.map((r) => [...r]);
  while (A.length > 0) {
    if (oracle(A[0]![0]!) !== 'positive') return false;
    A = eliminateFirst(A);
  }
  return true;
}

/** The Schur complement of the first pivot: A[i][j] − A[i][0]·A[0][j]/A[0][0] for i, j ≥ 1. */
function eliminateFirst(A: readonly (readonly Expr[])[]): Expr[][] {
  const d = A[0]![0]!;
  const next: Expr[][] = [];
  for (let i = 1; i < A.length; i++) {
    const row: Expr[] = [];
    for (let j = 1; j < A.length; j++) row.push(subExpr(A[i]![j]!, mul(A[i]![0]!, A[0]![j]!, powInv(d))));
    next.push(row);
  }
  return next;
}

const subExpr = (a: Expr, b: Expr): Expr => add(a, mul(num(-1), b));
const powInv = (d: Expr): Expr => pow(d, num(-1));

/** Most candidate sets of rows examined for an extreme ray of the recession cone. */
const MAX_RAY_SUBSETS = 20000;

/**
 * Is {d : A d ≤ 0, E d = 0} = {0}? Exactly: no lineality (the stacked matrix has full
 * column rank) and no extreme ray (a 1-dimensional null space of E plus k−1−rank(E)
 * rows of A, whose generator ±r satisfies A r ≤ 0).
 */
export function recessionConeTrivial(A: readonly Rational[][], E: readonly Rational[][], k: number): boolean {
  const toExpr = (rows: readonly Rational[][]): Expr[][] => rows.map((r) => r.map((x) => num(x)));
  const oracle: SignDecider = (e) => (e.kind === 'num' ? (e.value.sign > 0 ? 'positive' : e.value.sign < 0 ? 'negative' : 'zero') : 'unknown');
  const nullity = (rows: readonly Rational[][]): Expr[][] | undefined => exactNullSpace(toExpr(rows), k, oracle);
  const all = nullity([...A, ...E]);
  if (!all) return false;
  if (all.length > 0) return false; // a line inside the cone
  const m = A.length;
  const subsets: number[][] = [];
  const rec = (start: number, acc: number[]): void => {
    if (subsets.length > MAX_RAY_SUBSETS) return; // too many: no proof (checked below)
    subsets.push([...acc]);
    if (acc.length >= k - 1) return;
    for (let i = start; i < m; i++) {
      acc.push(i);
      rec(i + 1, acc);
      acc.pop();
    }
  };
  rec(0, []);
  if (subsets.length > MAX_RAY_SUBSETS) return false;
  for (const T of subsets) {
    const ns = nullity([...E, ...T.map((i) => A[i]!)]);
    if (!ns || ns.length !== 1) continue;
    const r = ns[0]!.map((e) => (e.kind === 'num' ? e.value : Rational.ZERO));
    for (const sign of [1, -1]) {
      const d = r.map((x) => (sign > 0 ? x : x.neg()));
      const ok = A.every((row) => row.reduce((s, a, i) => s.add(a.mul(d[i]!)), Rational.ZERO).sign <= 0);
      if (ok) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Convexity

/** Sign facts about the variables on a convex set containing the feasible set. */
export function variableFacts(problem: Problem): { positive: Set<string>; nonnegative: Set<string>; negative: Set<string>; nonpositive: Set<string>; reasons: string[] } {
  const positive = new Set<string>();
  const nonnegative = new Set<string>();
  const negative = new Set<string>();
  const nonpositive = new Set<string>();
  const reasons: string[] = [];
  const vars = new Set(problem.variables);
  for (const e of [problem.objective, ...problem.constraints.map((c) => c.fn)]) {
    for (const node of topologicalOrder([e])) {
      if (node.kind === 'call' && node.fn === 'log' && node.arg.kind === 'sym' && vars.has(node.arg.name)) {
        if (!positive.has(node.arg.name)) reasons.push(`${node.arg.name} > 0 (domain of log)`);
        positive.add(node.arg.name);
      }
      if (node.kind === 'pow' && node.base.kind === 'sym' && vars.has(node.base.name) && node.exp.kind === 'num' && !node.exp.value.isInteger && node.exp.value.den % 2n === 0n) {
        if (!nonnegative.has(node.base.name)) reasons.push(`${node.base.name} >= 0 (domain of the root)`);
        nonnegative.add(node.base.name);
      }
    }
  }
  for (const c of problem.inequalities) {
    // Simple bounds: g = c0 - x <= 0 (x >= c0) or g = x - c0 <= 0 (x <= c0).
    const form = affineForm(c.fn, problem.variables);
    if (!form) continue;
    const nz = form.coefficients.map((a, i) => [a, i] as const).filter(([a]) => !a.isZero);
    if (nz.length !== 1) continue;
    const [a, i] = nz[0]!;
    const name = problem.variables[i]!;
    const bound = form.constant.neg().div(a); // a x + b <= 0  <=>  x <= -b/a (a > 0) or x >= -b/a (a < 0)
    if (a.sign < 0) {
      if (bound.sign > 0) positive.add(name);
      else if (bound.isZero) nonnegative.add(name);
      else continue;
    } else {
      if (bound.sign < 0) negative.add(name);
      else if (bound.isZero) nonpositive.add(name);
      else continue;
    }
    reasons.push(`${c.text} (a bound on ${name})`);
  }
  for (const v of positive) nonnegative.add(v);
  for (const v of negative) nonpositive.add(v);
  return { positive, nonnegative, negative, nonpositive, reasons };
}

/** A proof that the problem is convex (KKT points are global optima), in words, or undefined. */
export function proveConvex(problem: Problem, ctx: ParameterContext): string | undefined {
  const facts = variableFacts(problem);
  let ext: ParameterContext;
  try {
    const more = (names: ReadonlySet<string>, fact: SignFact): [string, SignFact][] => [...names].map((n) => [n, fact]);
    ext = withAssumptions(ctx, ctx.assumptions.withAll([...more(facts.nonnegative, 'nonnegative'), ...more(facts.nonpositive, 'nonpositive'), ...more(facts.positive, 'positive'), ...more(facts.negative, 'negative')]));
  } catch {
    return undefined; // contradictory bounds on a variable: the set is empty, no proof needed here
  }
  const oracle: SignDecider = (e) => provedSign(e, ext);
  const vars = problem.variables;
  for (const c of problem.equalities) if (!isAffine(c.fn, vars)) return undefined;
  for (const c of problem.inequalities) if (!positiveSemidefinite(hessian(c.fn, vars), oracle)) return undefined;
  const f = problem.sense === 'minimize' ? problem.objective : neg(problem.objective);
  if (!positiveSemidefinite(hessian(f, vars), oracle)) return undefined;
  if (!problem.constraints.every((c) => noDomainIssues(c.fn, facts.positive, facts.nonnegative))) return undefined;
  if (!noDomainIssues(problem.objective, facts.positive, facts.nonnegative)) return undefined;
  const what = problem.sense === 'minimize' ? 'f is convex' : 'f is concave';
  const parts = [what];
  if (problem.equalities.length) parts.push('the equality constraints are affine');
  if (problem.inequalities.length) parts.push('the inequality functions g_j are convex');
  const domain = facts.reasons.length ? ` on the convex set where ${facts.reasons.join(', ')}` : '';
  return `${parts.join(', ')}${domain}`;
}

/**
 * Every singular point of e lies outside the convex set of the facts: logs and roots
 * only of variables known positive (or non-negative for roots), negative powers only of
 * positive variables.
 */
function noDomainIssues(e: Expr, positive: ReadonlySet<string>, nonnegative: ReadonlySet<string>): boolean {
  for (const node of topologicalOrder([e])) {
    if (node.kind === 'call' && !EVERYWHERE_SMOOTH.has(node.fn)) {
      if (node.fn === 'log' && node.arg.kind === 'sym' && positive.has(node.arg.name)) continue;
      if (node.fn === 'log' && freeSymbols(node.arg).size === 0) continue;
      if (freeSymbols(node.arg).size === 0) continue;
      return false;
    }
    if (node.kind === 'pow' && freeSymbols(node.base).size > 0) {
      if (node.exp.kind !== 'num') return false;
      const r = node.exp.value;
      if (r.isInteger && !r.isNegative) continue;
      if (node.base.kind === 'sym' && positive.has(node.base.name)) continue;
      if (node.base.kind === 'sym' && !r.isNegative && nonnegative.has(node.base.name)) continue;
      return false;
    }
  }
  return true;
}

/** Positive semidefinite for every point of the set, by structure: diagonal with ≥ 0 entries, or elimination with positive pivots. */
export function positiveSemidefinite(H: readonly (readonly Expr[])[], oracle: SignDecider): boolean {
  const n = H.length;
  const nonneg = (s: Sign): boolean => s === 'positive' || s === 'nonnegative' || s === 'zero';
  let diagonal = true;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && H[i]![j] !== ZERO) diagonal = false;
  if (diagonal) return H.every((row, i) => nonneg(oracle(row[i]!)));
  let A = H.map((r) => [...r]);
  while (A.length > 0) {
    // Drop rows/columns that are entirely zero (they add zero eigenvalues).
    const keep = A.map((row) => row.some((x) => x !== ZERO));
    if (keep.some((k) => !k)) {
      const idx = keep.map((k, i) => (k ? i : -1)).filter((i) => i >= 0);
      A = idx.map((i) => idx.map((j) => A[i]![j]!));
      continue;
    }
    if (oracle(A[0]![0]!) !== 'positive') return false;
    A = eliminateFirst(A);
  }
  return true;
}
