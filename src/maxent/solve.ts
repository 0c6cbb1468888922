/**
 * Solving a maximum-entropy problem: the Lagrangian and its stationarity condition,
 * then the multipliers, by the first route that applies:
 *   1. a closed-form family (normal, exponential, uniform, Laplace, half-normal): the
 *      moment equations are solved exactly for the expectations of the basis functions,
 *      the family gives θ and log Z by named integral rules, and θ = Cᵀλ is solved
 *      exactly for the multipliers;
 *   2. the gamma family (E[x], E[log x] on [0, ∞)): the shape solves
 *      log k − ψ(k) = log E[x] − E[log x] (Newton with digamma and trigamma);
 *   3. the convex dual, minimised by Newton's method with quadrature (or finite sums),
 *      for everything else with numbers for every parameter.
 * Every answer is checked by quadrature of its normalisation and moments.
 */
import {
  add,
  Assumptions,
  dependsOn,
  exp,
  freeSymbols,
  log,
  mul,
  num,
  pow,
  sub,
  substitute,
  sym,
  toText,
  ZERO,
  type Expr,
} from '../expr/index.js';
import { compile } from '../compile/index.js';
import { digamma, erf, erfc, integrateVector, logGamma, luSolve, luSolveTransposed, trigamma } from '../numeric/index.js';
import { solveSystem } from '../solve/index.js';
import { closedForm, type ClosedForm, type FamilyName } from './families.js';
import { buildLagrangian, multiplierName, type MaxentLagrangian } from './lagrangian.js';
import { numericValue, parameterSamples, positivity, valueAt, type ParameterContext } from './context.js';
import { solveDual, startingPoint, type DualDomain, type DualProblem } from './dual.js';
import { exactNumbers, latexWithNumbers, NumberSlots, namesOf, numberLatex, numberText, textWithNumbers } from './format.js';
import { constraintPrinted, printed } from './notation.js';
import type { MaxentProblem } from './problem.js';
import type { FamilyParameterValue, MaxentResult, MomentCheck, MultiplierValue, NumericDetails, StatedCondition } from './result.js';
import type { MathText } from '../document/index.js';
import { INTEGRAL_RULES, type IntegralRule } from './rules.js';
import { decompose, polynomialCoefficients, polynomialDegree, type Statistics } from './statistics.js';

/** Options of solveMaxent. */
export interface MaxentOptions {
  /** Number of parameter samples for checking a parametric closed form (default 3). */
  readonly samples?: number;
}

/** Relative moment error accepted by the checks. */
export const MOMENT_TOL = 1e-8;

/** Solves a maximum-entropy problem (never throws for a well-formed problem). */
export function solveMaxent(problem: MaxentProblem, options: MaxentOptions = {}): MaxentResult {
  const lag = buildLagrangian(problem);
  const ctx: ParameterContext = {
    parameters: problem.parameters,
    assumptions: problem.assumptions,
    ...(problem.parameterValues ? { values: problem.parameterValues } : {}),
  };
  const stop = (status: MaxentResult['status'], message: string, extra: Partial<MaxentResult> = {}): MaxentResult =>
    noAnswer(problem, lag, status, message, extra);

  for (const [i, m] of problem.moments.entries()) {
    if (!dependsOn(m.f, problem.variable)) {
      return stop('unsupported', `moment ${i + 1}: E[${m.source.f}] does not depend on ${problem.variable}, so it constrains nothing about p (it is either redundant or contradictory)`);
    }
  }
  if (problem.support.kind === 'discrete') return solveDiscrete(problem, lag, ctx, stop);

  const support = problem.support;
  // An empty or reversed support.
  if (support.lower !== '-inf' && support.upper !== 'inf') {
    const width = sub(support.upper as Expr, support.lower as Expr);
    if (positivity(width, ctx) === 'fails') {
      return stop('infeasible', `the support [${toText(support.lower as Expr)}, ${toText(support.upper as Expr)}] is empty: its upper end must exceed its lower end`);
    }
  }
  const stats = decompose(problem.moments.map((m) => m.f), problem.variable);
  const unbounded = unboundedReason(problem, stats);
  if (unbounded) return stop('unbounded', unbounded, { statistics: stats });

  // 1. Closed forms.
  const closed = tryClosedForm(problem, lag, stats, ctx, options);
  if (closed && 'status' in closed) return closed.status === 'optimal' ? closed : { ...closed, statistics: stats };
  const notes: string[] = closed?.notes ?? [];

  // 2-3. Numeric routes need a number for every parameter.
  const missing = problem.parameters.filter((p) => !ctx.values?.has(p) && usedParameters(problem).has(p));
  if (missing.length > 0) {
    return stop(
      'unsupported',
      `the multipliers of this problem have no closed form in the tool's table of families; give "parameter_values" for ${missing.join(', ')} to solve them numerically`,
      { statistics: stats, notes },
    );
  }
  const values = ctx.values ?? new Map<string, number>();
  if (isGamma(problem, stats)) return solveGamma(problem, lag, stats, values, stop, notes);
  return solveNumeric(problem, lag, stats, values, stop, notes);
}

type Stop = (status: MaxentResult['status'], message: string, extra?: Partial<MaxentResult>) => MaxentResult;

/** Parameters that appear anywhere in the problem. */
function usedParameters(problem: MaxentProblem): Set<string> {
  const es: Expr[] = problem.moments.flatMap((m) => [m.f, m.value]);
  if (problem.support.kind === 'interval') {
    for (const b of [problem.support.lower, problem.support.upper]) if (typeof b !== 'string') es.push(b);
  } else es.push(...problem.support.values);
  const out = namesOf(...es);
  out.delete(problem.variable);
  return out;
}

/** Why no maximum exists on an infinite support without confining constraints (undefined when it may exist). */
function unboundedReason(problem: MaxentProblem, stats: Statistics): string | undefined {
  if (problem.support.kind !== 'interval') return undefined;
  const { lower, upper } = problem.support;
  if (lower !== '-inf' && upper !== 'inf') return undefined;
  if (stats.basis.length === 0) {
    return `no moment constraint confines p on the infinite support: densities spread ever wider have ever larger entropy, so H[p] has no maximum`;
  }
  if (lower === '-inf' && upper === 'inf' && stats.basis.every((b) => b.kind === 'power' && b.degree % 2 === 1)) {
    return `on (-inf, inf) only odd powers of ${problem.variable} are constrained: exp(odd polynomial) is not integrable, and densities spread ever wider keep these moments with ever larger entropy, so H[p] has no maximum`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// 1. Closed forms

type ClosedOutcome = MaxentResult | { readonly notes: string[] } | undefined;

function freshNames(prefix: string, count: number, taken: ReadonlySet<string>): string[] {
  return Array.from({ length: count }, (_, j) => {
    let name = `${prefix}${j + 1}`;
    while (taken.has(name)) name = `z${name}`;
    return name;
  });
}

function solveAssumptions(a: Assumptions): { positive: string[]; nonnegative: string[]; nonzero: string[] } {
  const positive: string[] = [];
  const nonnegative: string[] = [];
  const nonzero: string[] = [];
  for (const [name, fact] of a.facts()) {
    if (fact === 'positive') positive.push(name);
    if (fact === 'nonnegative' || fact === 'positive') nonnegative.push(name);
    if (fact === 'nonzero' || fact === 'positive' || fact === 'negative') nonzero.push(name);
  }
  return { positive, nonnegative, nonzero };
}

/** Solves a square linear system exactly through the solve room; undefined if not uniquely solvable. */
function solveLinear(equations: Expr[], unknowns: string[], problem: MaxentProblem): Expr[] | { failure: string } {
  if (unknowns.length === 0) return [];
  let result;
  try {
    result = solveSystem(equations, unknowns, {
      parameters: [...problem.parameters],
      assumptions: solveAssumptions(problem.assumptions),
      numeric: false,
    });
  } catch (err) {
    return { failure: `the exact linear solve failed (${(err as Error).message})` };
  }
  if (result.completeness === 'inconsistent') return { failure: 'inconsistent' };
  if (result.completeness === 'underdetermined') return { failure: 'dependent' };
  const sols = result.solutions.filter((s) => s.exact);
  if (sols.length !== 1) return { failure: `the exact linear solve gave ${sols.length} solutions` };
  return unknowns.map((u) => sols[0]!.values.get(u)!);
}

function tryClosedForm(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, ctx: ParameterContext, options: MaxentOptions): ClosedOutcome {
  const support = problem.support;
  if (support.kind !== 'interval') return undefined;
  const K = problem.moments.length;
  const J = stats.basis.length;
  if (K < J) return undefined; // fewer constraints than basis functions: the exponent is not a free family member
  const x = problem.variable;
  const taken = new Set([...problem.parameters, x]);

  // C E = m − c0: the expectations of the basis functions.
  const eNames = freshNames('Ez', J, taken);
  const eqs = problem.moments.map((m, k) =>
    sub(add(...stats.coefficients[k]!.map((c, j) => mul(c, sym(eNames[j]!)))), sub(m.value, stats.constants[k]!)),
  );
  const expectations = solveLinear(eqs, eNames, problem);
  if (K > J && Array.isArray(expectations)) return unsupportedDependent(problem, lag, stats, 'dependent');
  if (!Array.isArray(expectations)) {
    if (expectations.failure === 'inconsistent' || expectations.failure === 'dependent') {
      return {
        ...unsupportedDependent(problem, lag, stats, expectations.failure),
      };
    }
    return { notes: [`closed form not attempted: ${expectations.failure}`] };
  }
  const cf = closedForm({ lower: support.lower, upper: support.upper }, stats.basis, expectations, x);
  if (!cf) return undefined;

  // Conditions of the family: provably false → infeasible; undecided → stated.
  const conditions: StatedCondition[] = [];
  for (const c of cf.conditions) {
    const verdict = positivity(c.expr, ctx);
    if (verdict === 'fails') {
      return infeasibleResult(problem, lag, stats, `${c.reason}: ${toText(c.expr)} > 0 fails${ctx.values ? ' at the given parameter_values' : ''}`, cf);
    }
    if (verdict === 'condition') conditions.push({ expr: c.expr, reason: c.reason });
  }

  // Cᵀ λ = θ, then λ0 from the normalisation.
  const lNames = problem.moments.map((_, k) => multiplierName(k + 1));
  const lEqs = stats.basis.map((_, j) => sub(add(...problem.moments.map((_m, k) => mul(stats.coefficients[k]![j]!, sym(lNames[k]!)))), cf.theta[j]!));
  const lambdas = solveLinear(lEqs, lNames, problem);
  if (!Array.isArray(lambdas)) return { notes: [`closed form for the ${cf.family} family found, but solving for the multipliers failed: ${lambdas.failure}`] };
  const lambda0 = sub(sub(num(1), add(...lambdas.map((l, k) => mul(l, stats.constants[k]!)))), cf.logZ);
  const all = [lambda0, ...lambdas];

  const multipliers: MultiplierValue[] = all.map((v, k) => {
    const n = numericValue(v, ctx);
    return {
      name: multiplierName(k),
      constraint: constraintPrinted(problem, k),
      exact: v,
      value: printed(v),
      ...(n !== undefined ? { numeric: n } : {}),
    };
  });
  const familyParameters: FamilyParameterValue[] = cf.parameters.map((p) => {
    const n = numericValue(p.value, ctx);
    return { name: p.name, value: printed(p.value), ...(n !== undefined ? { numeric: n } : {}) };
  });

  // Checks: the density equals exp(λ0 − 1 + Σ λ_k f_k) and has the required moments, at parameter samples.
  const lagrangeForm = substitute(lag.density, new Map<Expr, Expr>(all.map((v, k) => [lag.multipliers[k]!, v])));
  const check = checkClosedForm(problem, cf, lagrangeForm, ctx, options.samples ?? 3);
  const notes = [...check.notes];
  if (!check.ok) {
    return {
      problem,
      lagrangian: lag,
      status: 'no_optimum_found',
      message: `the closed form of the ${cf.family} family failed its numeric check: ${check.failure}`,
      statistics: stats,
      family: cf.family,
      exact: false,
      multipliers,
      familyParameters,
      conditions,
      rules: cf.rules,
      checks: check.checks,
      notes,
    };
  }
  return {
    problem,
    lagrangian: lag,
    status: 'optimal',
    statistics: stats,
    family: cf.family,
    exact: true,
    method: 'closed-form',
    density: cf.density,
    densityPrinted: printed(cf.density),
    multipliers,
    familyParameters,
    expectations,
    theta: cf.theta,
    logZ: cf.logZ,
    conditions,
    rules: cf.rules,
    checks: check.checks,
    notes,
  };
}

/** A result without a density (unsupported, infeasible, ...): every list empty unless `extra` fills it. */
function noAnswer(problem: MaxentProblem, lag: MaxentLagrangian, status: MaxentResult['status'], message: string, extra: Partial<MaxentResult> = {}): MaxentResult {
  return {
    problem,
    lagrangian: lag,
    status,
    message,
    exact: false,
    multipliers: [],
    familyParameters: [],
    conditions: [],
    rules: [],
    checks: [],
    notes: [],
    ...extra,
  };
}

function unsupportedDependent(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, why: 'inconsistent' | 'dependent'): MaxentResult {
  const message =
    why === 'inconsistent'
      ? 'the moment constraints contradict each other (as linear equations in the expectations of the basis functions they have no solution)'
      : 'the moment functions are linearly dependent (with a constant), so their multipliers are not determined; drop the redundant constraint';
  return noAnswer(problem, lag, why === 'inconsistent' ? 'infeasible' : 'unsupported', message, { statistics: stats });
}

function infeasibleResult(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, message: string, cf?: ClosedForm): MaxentResult {
  return noAnswer(problem, lag, 'infeasible', message, { statistics: stats, ...(cf ? { family: cf.family, rules: cf.rules } : {}) });
}

interface ClosedCheck {
  readonly ok: boolean;
  readonly failure?: string;
  readonly checks: MomentCheck[];
  readonly notes: string[];
}

/**
 * Numeric check of a closed form at parameter samples: the family density equals the
 * Lagrange form exp(λ0 − 1 + Σ λ_k f_k) at points of the support, and quadrature gives
 * ∫ p = 1 and ∫ f_k p = m_k.
 */
function checkClosedForm(problem: MaxentProblem, cf: ClosedForm, lagrangeForm: Expr, ctx: ParameterContext, count: number): ClosedCheck {
  const support = problem.support;
  if (support.kind !== 'interval') return { ok: true, checks: [], notes: [] };
  const conds = cf.conditions.map((c) => c.expr);
  const accept = (v: ReadonlyMap<string, number>): boolean => {
    for (const c of conds) if (!(valueAt(c, v) > 0)) return false;
    return true;
  };
  const params = [...problem.parameters];
  const samples = params.length === 0 ? [new Map<string, number>()] : parameterSamples(ctx, count, accept);
  if (samples.length === 0) return { ok: true, checks: [], notes: ['no parameter values satisfying the conditions were found to check the closed form numerically'] };
  const x = problem.variable;
  const fns = compile([cf.density, lagrangeForm, ...problem.moments.map((m) => m.f)], [x, ...params]);
  const checks: MomentCheck[] = [];
  const input = new Float64Array(1 + params.length);
  const out = new Float64Array(2 + problem.moments.length);
  for (const [si, v] of samples.entries()) {
    params.forEach((p, i) => (input[1 + i] = v.get(p)!));
    const lo = support.lower === '-inf' ? -Infinity : valueAt(support.lower as Expr, v);
    const hi = support.upper === 'inf' ? Infinity : valueAt(support.upper as Expr, v);
    const scaleHint = familyScale(cf, v);
    // 1. Family form = Lagrange form at sample points.
    for (const u of [-1.3, -0.4, 0.1, 0.7, 1.9]) {
      const xv = pointIn(lo, hi, scaleHint.center, scaleHint.scale, u);
      input[0] = xv;
      fns.evaluate(input, out);
      const a = out[0]!;
      const b = out[1]!;
      if (!(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300))) {
        return { ok: false, failure: `the density ${a} and exp(lambda_0 - 1 + ...) ${b} differ at ${x} = ${xv}`, checks, notes: [] };
      }
    }
    // 2. Normalisation and moments by quadrature.
    const K = problem.moments.length;
    const r = integrateVector(
      (xv, o) => {
        input[0] = xv;
        fns.evaluate(input, out);
        const p = out[0]!;
        if (p === 0) return;
        o[0] = p;
        for (let k = 0; k < K; k++) o[1 + k] = p * out[2 + k]!;
      },
      1 + K,
      lo,
      hi,
      { relTol: 1e-12, center: scaleHint.center, scale: scaleHint.scale, breakpoints: scaleHint.breakpoints },
    );
    const at = Object.fromEntries(v);
    const targets = [1, ...problem.moments.map((m) => valueAt(m.value, v))];
    const labels = ['1', ...problem.moments.map((m) => m.source.f)];
    for (let k = 0; k <= K; k++) {
      const reached = r.value[k]!;
      const error = Math.abs(reached - targets[k]!) / Math.max(1, Math.abs(targets[k]!));
      if (si === 0) checks.push({ f: labels[k]!, target: targets[k]!, reached, error, at });
      if (!(error <= MOMENT_TOL)) {
        return { ok: false, failure: `quadrature of ${labels[k]} gives ${reached}, expected ${targets[k]}`, checks, notes: [] };
      }
    }
  }
  const notes = params.length === 0 || ctx.values ? [] : [`checked numerically at ${samples.length} parameter samples that satisfy the assumptions`];
  return { ok: true, checks, notes };
}

/** Centre, scale and kinks of a family density at parameter values (for quadrature). */
function familyScale(cf: ClosedForm, v: ReadonlyMap<string, number>): { center: number; scale: number; breakpoints: number[] } {
  const get = (name: string): number | undefined => {
    const p = cf.parameters.find((q) => q.name === name);
    return p ? valueAt(p.value, v) : undefined;
  };
  switch (cf.family) {
    case 'normal':
      return { center: get('mean')!, scale: Math.sqrt(get('variance')!), breakpoints: [] };
    case 'laplace':
      return { center: get('location')!, scale: get('scale')!, breakpoints: [get('location')!] };
    case 'exponential':
      return { center: 0, scale: 1 / get('rate')!, breakpoints: [] };
    case 'half-normal':
      return { center: 0, scale: Math.sqrt(get('scale^2')!), breakpoints: [] };
    default:
      return { center: 0, scale: 1, breakpoints: [] };
  }
}

/** A point of the support, spread by u around the bulk. */
function pointIn(lo: number, hi: number, c: number, s: number, u: number): number {
  if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + ((hi - lo) * (u + 1.5)) / 3.5;
  if (Number.isFinite(lo)) return lo + s * Math.abs(u) + 1e-3 * s;
  if (Number.isFinite(hi)) return hi - s * Math.abs(u) - 1e-3 * s;
  return c + s * u;
}

// ---------------------------------------------------------------------------
// Numeric helpers shared by the numeric routes

/** Numeric support ends. */
function numericSupport(problem: MaxentProblem, values: ReadonlyMap<string, number>): { lo: number; hi: number } {
  const s = problem.support;
  if (s.kind !== 'interval') throw new Error('internal: interval expected');
  return {
    lo: s.lower === '-inf' ? -Infinity : valueAt(s.lower as Expr, values),
    hi: s.upper === 'inf' ? Infinity : valueAt(s.upper as Expr, values),
  };
}

/** The moment functions with the parameters replaced by their values, compiled over x. */
function compiledStatistics(problem: MaxentProblem, values: ReadonlyMap<string, number>): (x: number, out: Float64Array) => void {
  const params = [...usedParameters(problem)];
  const fns = compile(problem.moments.map((m) => m.f), [problem.variable, ...params]);
  const input = new Float64Array(1 + params.length);
  params.forEach((p, i) => (input[1 + i] = values.get(p)!));
  return (x, out) => {
    input[0] = x;
    fns.evaluate(input, out);
  };
}

/** Numeric values of the statistics' coefficient matrix and constants. */
function numericStatistics(stats: Statistics, values: ReadonlyMap<string, number>): { C: number[][]; c0: number[] } {
  return {
    C: stats.coefficients.map((row) => row.map((c) => valueAt(c, values))),
    c0: stats.constants.map((c) => valueAt(c, values)),
  };
}

/** E[g_j] from the constraints when C is square and invertible (numbers). */
function numericExpectations(C: number[][], c0: number[], m: number[]): number[] | undefined {
  const K = C.length;
  if (K === 0 || C[0]!.length !== K) return undefined;
  try {
    const sol = luSolve(C.flat(), K, m.map((v, k) => v - c0[k]!));
    return Array.from(sol);
  } catch {
    return undefined;
  }
}

function printedNumber(v: number): MathText {
  return { text: numberText(v), latex: numberLatex(v) };
}

function numericMultipliers(problem: MaxentProblem, lambda0: number, lambda: ArrayLike<number>): MultiplierValue[] {
  return [lambda0, ...Array.from(lambda)].map((v, k) => ({
    name: multiplierName(k),
    constraint: constraintPrinted(problem, k),
    value: printedNumber(v),
    numeric: v,
  }));
}

/** The density exp(c + Σ λ_k f_k(x)) with numbers, printed; c = λ0 − 1. */
function numericDensity(problem: MaxentProblem, values: ReadonlyMap<string, number>, lambda0: number, lambda: ArrayLike<number>): { expr: Expr; printed: MathText } {
  const reserved = namesOf(...problem.moments.map((m) => m.f));
  const slots = new NumberSlots(reserved);
  const paramMap = new Map<Expr, Expr>();
  for (const p of usedParameters(problem)) paramMap.set(sym(p), slots.of(values.get(p)!));
  const terms: Expr[] = [slots.of(lambda0 - 1)];
  problem.moments.forEach((m, k) => {
    const l = lambda[k]!;
    if (l === 0) return;
    terms.push(mul(slots.of(l), substitute(m.f, paramMap)));
  });
  const expr = exp(add(...terms));
  return { expr: exactNumbers(expr, slots.values()), printed: { text: textWithNumbers(expr, slots.values()), latex: latexWithNumbers(expr, slots.values()) } };
}

/** Moments of exp(c + Σ λ_k f_k) recomputed by an independent quadrature (default mapping, tighter tolerance). */
function reachedMoments(problem: MaxentProblem, stats: (x: number, out: Float64Array) => void, lo: number, hi: number, logZ: number, lambda: ArrayLike<number>, hint: { center: number; scale: number; breakpoints: number[] }, targets: number[], at: Record<string, number>): MomentCheck[] {
  const K = problem.moments.length;
  const buf = new Float64Array(K);
  const r = integrateVector(
    (x, o) => {
      buf.fill(0);
      stats(x, buf);
      let eta = -logZ;
      for (let k = 0; k < K; k++) eta += lambda[k]! * buf[k]!;
      const p = Math.exp(eta);
      if (p === 0) return;
      o[0] = p;
      for (let k = 0; k < K; k++) o[1 + k] = p * buf[k]!;
    },
    1 + K,
    lo,
    hi,
    { relTol: 1e-13, center: hint.center, scale: hint.scale, breakpoints: hint.breakpoints, initialPieces: 16 },
  );
  const labels = ['1', ...problem.moments.map((m) => m.source.f)];
  const all = [1, ...targets];
  return all.map((t, k) => ({ f: labels[k]!, target: t, reached: r.value[k]!, error: Math.abs(r.value[k]! - t) / Math.max(1, Math.abs(t)), at }));
}

// ---------------------------------------------------------------------------
// 2. Gamma

function isGamma(problem: MaxentProblem, stats: Statistics): boolean {
  const s = problem.support;
  return (
    s.kind === 'interval' &&
    s.lower === ZERO &&
    s.upper === 'inf' &&
    stats.basis.length === 2 &&
    problem.moments.length === 2 &&
    stats.basis[0]!.kind === 'power' &&
    stats.basis[0]!.degree === 1 &&
    stats.basis[1]!.kind === 'log'
  );
}

/** Solves log k − ψ(k) = s for k > 0 (s > 0), by Newton in log k from Minka's approximation. */
export function gammaShape(s: number): number {
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const f = Math.log(k) - digamma(k) - s;
    const df = 1 / k - trigamma(k); // < 0
    // Newton on u = log k: d f/du = k·df.
    const step = f / (k * df);
    const next = k * Math.exp(-step);
    if (!(next > 0)) break;
    if (Math.abs(next - k) <= 1e-15 * k) {
      k = next;
      break;
    }
    k = next;
  }
  return k;
}

function solveGamma(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, values: ReadonlyMap<string, number>, stop: Stop, notes: string[]): MaxentResult {
  const targets = problem.moments.map((m) => valueAt(m.value, values));
  const { C, c0 } = numericStatistics(stats, values);
  const E = numericExpectations(C, c0, targets);
  if (!E) return stop('unsupported', 'the constraints on E[x] and E[log(x)] are linearly dependent', { statistics: stats });
  const [mean, meanLog] = E as [number, number];
  if (!(mean > 0)) return stop('infeasible', `E[${problem.variable}] = ${mean} must be positive on [0, inf)`, { statistics: stats, family: 'gamma' });
  const s = Math.log(mean) - meanLog;
  if (!(s > 0)) {
    return stop('infeasible', `by Jensen's inequality E[log(x)] < log(E[x]) for every non-degenerate density; here E[log(x)] = ${meanLog} and log(E[x]) = ${Math.log(mean)}`, { statistics: stats, family: 'gamma' });
  }
  const shape = gammaShape(s);
  const rate = shape / mean;
  const theta = [-rate, shape - 1];
  const lambda = luSolveTransposed(C.flat(), 2, theta);
  const logZ = logGamma(shape) - shape * Math.log(rate);
  const lambda0 = 1 - (lambda[0]! * c0[0]! + lambda[1]! * c0[1]!) - logZ;
  const statsFn = compiledStatistics(problem, values);
  const at = Object.fromEntries(values);
  // p = exp(λ0 − 1 + Σ λ_k f_k) = exp(Σ λ_k f_k − L) with L = 1 − λ0.
  const checks = reachedMoments(problem, statsFn, 0, Infinity, 1 - lambda0, lambda, { center: mean, scale: Math.sqrt(shape) / rate, breakpoints: [] }, targets, at);
  // Density in the gamma family's usual shape: C x^(k-1) exp(-r x).
  const slots = new NumberSlots(new Set([problem.variable]));
  const X = sym(problem.variable);
  const logC = shape * Math.log(rate) - logGamma(shape);
  const expr = mul(slots.of(Math.exp(logC)), pow(X, slots.of(shape - 1)), exp(mul(slots.of(-rate), X)));
  const densityPrinted = { text: textWithNumbers(expr, slots.values()), latex: latexWithNumbers(expr, slots.values()) };
  const ok = checks.every((c) => c.error <= MOMENT_TOL);
  return {
    problem,
    lagrangian: lag,
    status: ok ? 'optimal' : 'no_optimum_found',
    ...(ok ? {} : { message: 'the gamma solution failed its quadrature check of the moments' }),
    statistics: stats,
    family: 'gamma',
    exact: false,
    method: 'gamma-shape-newton',
    density: exactNumbers(expr, slots.values()),
    densityPrinted,
    multipliers: numericMultipliers(problem, lambda0, lambda),
    familyParameters: [
      { name: 'shape', value: printedNumber(shape), numeric: shape },
      { name: 'rate', value: printedNumber(rate), numeric: rate },
    ],
    conditions: [],
    rules: [INTEGRAL_RULES.gamma],
    checks,
    numeric: { iterations: 0, residual: Math.max(...checks.map((c) => c.error)), parameterValues: at, theta, logZ },
    notes: [...notes, `the shape k solves log(k) - psi(k) = log(E[x]) - E[log(x)] = ${numberText(s)} (Newton with digamma and trigamma); the rate is k/E[x]`],
  };
}

// ---------------------------------------------------------------------------
// 3. The dual, continuous

function solveNumeric(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, values: ReadonlyMap<string, number>, stop: Stop, notes: string[]): MaxentResult {
  const { lo, hi } = numericSupport(problem, values);
  if (!(lo < hi)) return stop('infeasible', `the support [${lo}, ${hi}] is empty`, { statistics: stats });
  const K = problem.moments.length;
  const targets = problem.moments.map((m) => valueAt(m.value, values));
  const bad = targets.findIndex((t) => !Number.isFinite(t));
  if (bad >= 0) return stop('unsupported', `the value of moment ${bad + 1} (${problem.moments[bad]!.source.value}) is not a finite number at the given parameter_values`);
  const statsFn = compiledStatistics(problem, values);
  const { C, c0 } = numericStatistics(stats, values);

  // Necessary conditions where the range of a moment function on the support is known exactly:
  // affine functions (the mean must lie inside the support) and even powers (non-negative).
  for (let k = 0; k < K; k++) {
    const range = exactRange(problem.moments[k]!.f, problem.variable, lo, hi, values);
    if (range && !(targets[k]! > range[0] && targets[k]! < range[1])) {
      const m = problem.moments[k]!;
      return stop(
        'infeasible',
        `E[${m.source.f}] = ${numberText(targets[k]!)} is not strictly inside the range (${numberText(range[0])}, ${numberText(range[1])}) of ${m.source.f} on the support, so no density has this moment`,
        { statistics: stats },
      );
    }
  }
  // Mean and spread from the constraints when they determine them (quadrature centring, feasibility).
  const E = numericExpectations(C, c0, targets);
  let center = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi : 0;
  let scale = Number.isFinite(lo) && Number.isFinite(hi) ? (hi - lo) / 4 : 1;
  if (E) {
    const i1 = stats.basis.findIndex((b) => b.kind === 'power' && b.degree === 1);
    const i2 = stats.basis.findIndex((b) => b.kind === 'power' && b.degree === 2);
    if (i1 >= 0) center = E[i1]!;
    if (i1 >= 0 && i2 >= 0) {
      const v = E[i2]! - E[i1]! ** 2;
      if (!(v > 0)) return stop('infeasible', `the variance E[${problem.variable}^2] - E[${problem.variable}]^2 = ${numberText(v)} must be positive`, { statistics: stats });
      scale = Math.sqrt(v);
    } else if (i2 >= 0 && E[i2]! > 0) scale = Math.sqrt(E[i2]!);
  }
  if (!E) {
    const hint = bulkHint(problem, values, targets);
    if (hint.center !== undefined) center = hint.center;
    if (hint.scale !== undefined) scale = hint.scale;
  }
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  const breakpoints = stats.basis.flatMap((b) => (b.kind === 'abs' ? [valueAt(b.center, values)] : [])).filter(Number.isFinite);
  const domain: DualDomain = { kind: 'interval', lo, hi, breakpoints };
  const dual: DualProblem = { stats: statsFn, count: K, targets, domain };
  const map = { center, scale };
  const start = startingPoint(dual, map);
  const sol = solveDual(dual, start, map);
  const at = Object.fromEntries(values);
  if (!sol.converged) {
    return stop('no_optimum_found', `Newton's method on the dual did not converge: ${sol.message}`, { statistics: stats, rules: [INTEGRAL_RULES.quadrature], notes });
  }
  const checks = reachedMoments(problem, statsFn, lo, hi, sol.logZ, sol.lambda, { center: sol.xMean, scale: sol.xSd > 0 ? sol.xSd : scale, breakpoints }, targets, at);
  const ok = checks.every((c) => c.error <= MOMENT_TOL);
  // θ = Cᵀ λ identifies the family.
  const theta = C.length === K ? stats.basis.map((_, j) => C.reduce((s, row, k) => s + row[j]! * sol.lambda[k]!, 0)) : undefined;
  const ident = identifyNumericFamily(stats, theta, lo, hi, sol.logZ, c0, sol.lambda);
  const density = numericDensity(problem, values, sol.lambda0, sol.lambda);
  const details: NumericDetails = {
    iterations: sol.iterations,
    residual: sol.residual,
    parameterValues: at,
    ...(theta ? { theta } : {}),
    logZ: sol.logZ,
    ...(ident.closedFormLogZ ? { closedFormLogZ: ident.closedFormLogZ } : {}),
  };
  return {
    problem,
    lagrangian: lag,
    status: ok ? 'optimal' : 'no_optimum_found',
    ...(ok ? {} : { message: `the moments reached by the numeric solution miss their targets by more than ${MOMENT_TOL}` }),
    statistics: stats,
    family: ident.family,
    exact: false,
    method: 'dual-newton',
    density: density.expr,
    densityPrinted: density.printed,
    multipliers: numericMultipliers(problem, sol.lambda0, sol.lambda),
    familyParameters: ident.parameters,
    conditions: [],
    rules: [INTEGRAL_RULES.quadrature, ...ident.rules],
    checks,
    numeric: details,
    notes: [...notes, ...ident.notes],
  };
}

/**
 * Where the bulk of the density lies, read off single constraints when the full moment
 * system cannot be solved: E[a x + b] = m gives the mean; E[A x^2 + B x + C] = m with
 * A > 0 gives a centre −B/(2A) and a spread sqrt((m − C + B²/(4A))/A).
 */
function bulkHint(problem: MaxentProblem, values: ReadonlyMap<string, number>, targets: number[]): { center?: number; scale?: number } {
  const x = problem.variable;
  let center: number | undefined;
  let scale: number | undefined;
  problem.moments.forEach((m, k) => {
    const d = polynomialDegree(m.f, x);
    if (d === 1 && center === undefined) {
      const [b, a] = polynomialCoefficients(m.f, x, 1).map((c) => valueAt(c, values)) as [number, number];
      if (a !== 0) center = (targets[k]! - b) / a;
    } else if (d === 2) {
      const [C, B, A] = polynomialCoefficients(m.f, x, 2).map((c) => valueAt(c, values)) as [number, number, number];
      if (A > 0) {
        const c = -B / (2 * A);
        const v = (targets[k]! - C + (B * B) / (4 * A)) / A;
        if (center === undefined) center = c;
        if (scale === undefined && v > 0) scale = Math.sqrt(v);
      }
    }
  });
  return { ...(center !== undefined && Number.isFinite(center) ? { center } : {}), ...(scale !== undefined && Number.isFinite(scale) ? { scale } : {}) };
}

/**
 * The exact range of f on (lo, hi) when it is easy to know: f affine in x (a x + b), or
 * an even power of an affine function (then [0, ...)). Undefined otherwise: a sampled
 * range would be an inner approximation and could call a feasible moment infeasible.
 */
function exactRange(f: Expr, x: string, lo: number, hi: number, values: ReadonlyMap<string, number>): [number, number] | undefined {
  const affine = (e: Expr): [number, number] | undefined => {
    if (polynomialDegree(e, x) !== 1) return undefined;
    const [b, a] = polynomialCoefficients(e, x, 1).map((c) => valueAt(c, values)) as [number, number];
    return Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? [a, b] : undefined;
  };
  const lin = affine(f);
  if (lin) {
    const [a, b] = lin;
    const ends = [a * lo + b, a * hi + b].map((v) => (Number.isNaN(v) ? (a > 0 ? 1 : -1) * Infinity : v));
    return [Math.min(...ends), Math.max(...ends)];
  }
  if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isInteger && !f.exp.value.isNegative && f.exp.value.num % 2n === 0n && affine(f.base)) {
    return [0, Infinity];
  }
  return undefined;
}

/** erf(u) − erf(v) for u > v without cancellation in the tails (through erfc). */
function erfDifference(u: number, v: number): number {
  if (v >= 0) return erfc(v) - erfc(u);
  if (u <= 0) return erfc(-u) - erfc(-v);
  return erf(u) - erf(v);
}

interface NumericIdentification {
  readonly family: FamilyName;
  readonly parameters: FamilyParameterValue[];
  readonly rules: IntegralRule[];
  readonly notes: string[];
  readonly closedFormLogZ?: { rule: string; value: number; quadrature: number };
}

/**
 * Names the family of a numeric solution where the exponent has a known shape, and
 * cross-checks quadrature's log Z against the family's closed-form normaliser.
 */
function identifyNumericFamily(stats: Statistics, theta: number[] | undefined, lo: number, hi: number, logZ: number, c0: number[], lambda: ArrayLike<number>): NumericIdentification {
  const none: NumericIdentification = { family: 'numeric', parameters: [], rules: [], notes: [] };
  if (!theta) return none;
  // log Z of exp(Σ θ_j g_j) = logZ(λ) + Σ λ_k c_k0 (the constants of the f_k moved out).
  let constShift = 0;
  for (let k = 0; k < c0.length; k++) constShift += lambda[k]! * c0[k]!;
  const logZtheta = logZ - constShift;
  const basis = stats.basis;
  const finite = Number.isFinite(lo) && Number.isFinite(hi);
  if (finite && basis.length === 1 && basis[0]!.kind === 'power' && basis[0]!.degree === 1) {
    const c = theta[0]!;
    // log ∫_lo^hi e^{c x} dx, computed stably.
    const closed = Math.abs(c) < 1e-300 ? Math.log(hi - lo) : c > 0 ? c * hi + Math.log(-Math.expm1(-c * (hi - lo)) / c) : c * lo + Math.log(-Math.expm1(c * (hi - lo)) / -c);
    return {
      family: 'truncated-exponential',
      parameters: [{ name: 'rate', value: printedNumber(-c), numeric: -c }],
      rules: [INTEGRAL_RULES.exponentialInterval],
      notes: ['the exponent is linear in x on a bounded interval: a truncated exponential; its rate has no closed form in the mean, so it was solved numerically'],
      closedFormLogZ: { rule: INTEGRAL_RULES.exponentialInterval.id, value: closed, quadrature: logZtheta },
    };
  }
  const i1 = basis.findIndex((b) => b.kind === 'power' && b.degree === 1);
  const i2 = basis.findIndex((b) => b.kind === 'power' && b.degree === 2);
  const onlyQuadratic = basis.every((b) => b.kind === 'power' && b.degree <= 2) && i2 >= 0;
  const realLine = lo === -Infinity && hi === Infinity;
  if (onlyQuadratic && !realLine && theta[i2]! < 0) {
    const a = -theta[i2]!;
    const b = i1 >= 0 ? theta[i1]! : 0;
    const m = b / (2 * a);
    const s = Math.sqrt(1 / (2 * a));
    // log ∫_lo^hi exp(−a x² + b x) dx = b²/(4a) + log(s·sqrt(π/2)·(erf((hi−m)/(s√2)) − erf((lo−m)/(s√2)))).
    const d = erfDifference((hi - m) / (s * Math.SQRT2), (lo - m) / (s * Math.SQRT2));
    const closed = (b * b) / (4 * a) + Math.log(s * Math.sqrt(Math.PI / 2) * d);
    return {
      family: 'truncated-normal',
      parameters: [
        { name: 'location', value: printedNumber(m), numeric: m },
        { name: 'scale', value: printedNumber(s), numeric: s },
      ],
      rules: [INTEGRAL_RULES.truncatedGaussian],
      notes: ['the exponent is a concave quadratic on a proper subset of the line: a truncated normal; its location and scale have no closed form in the moments, so they were solved numerically'],
      closedFormLogZ: { rule: INTEGRAL_RULES.truncatedGaussian.id, value: closed, quadrature: logZtheta },
    };
  }
  return none;
}

// ---------------------------------------------------------------------------
// 4. Discrete (Gibbs)

function solveDiscrete(problem: MaxentProblem, lag: MaxentLagrangian, ctx: ParameterContext, stop: Stop): MaxentResult {
  const support = problem.support;
  if (support.kind !== 'discrete') throw new Error('internal: discrete support expected');
  const values = ctx.values ?? new Map<string, number>();
  const missing = [...usedParameters(problem)].filter((p) => !values.has(p));
  const n = support.values.length;
  const K = problem.moments.length;
  if (K === 0) {
    // Uniform over the values, exactly: p_i = 1/n, λ0 = 1 − log n.
    const lambda0 = sub(num(1), log(num(n)));
    const density = pow(num(n), num(-1));
    return {
      problem,
      lagrangian: lag,
      status: 'optimal',
      family: 'gibbs',
      exact: true,
      method: 'uniform-finite',
      density,
      densityPrinted: printed(density),
      multipliers: [{ name: multiplierName(0), constraint: constraintPrinted(problem, 0), exact: lambda0, value: printed(lambda0), numeric: 1 - Math.log(n) }],
      familyParameters: [],
      conditions: [],
      rules: [INTEGRAL_RULES.finiteSum],
      checks: [{ f: '1', target: 1, reached: n * (1 / n), error: Math.abs(n * (1 / n) - 1), at: {} }],
      probabilities: freeSymbols(mul(...support.values)).size === 0 ? support.values.map((v) => ({ value: valueAt(v, new Map()), p: 1 / n })) : [],
      notes: ['without moment constraints the maximum-entropy distribution on a finite set is uniform'],
    };
  }
  if (missing.length > 0) {
    return stop('unsupported', `a discrete problem is solved numerically; give "parameter_values" for ${missing.join(', ')}`);
  }
  const xs = support.values.map((v) => valueAt(v, values));
  const targets = problem.moments.map((m) => valueAt(m.value, values));
  const statsFn = compiledStatistics(problem, values);
  const table = xs.map((x) => {
    const out = new Float64Array(K);
    statsFn(x, out);
    return out;
  });
  for (let k = 0; k < K; k++) {
    const col = table.map((r) => r[k]!);
    const lo = Math.min(...col);
    const hi = Math.max(...col);
    const m = problem.moments[k]!;
    if (!(targets[k]! > lo && targets[k]! < hi)) {
      const edge = targets[k] === lo || targets[k] === hi;
      return stop(
        'infeasible',
        edge
          ? `E[${m.source.f}] = ${numberText(targets[k]!)} is at the end of the range [${numberText(lo)}, ${numberText(hi)}] of ${m.source.f} on the values: only a degenerate distribution has it, and the Gibbs form would need an infinite multiplier`
          : `E[${m.source.f}] = ${numberText(targets[k]!)} lies outside the range [${numberText(lo)}, ${numberText(hi)}] of ${m.source.f} on the values, so no distribution has it`,
      );
    }
  }
  const dual: DualProblem = { stats: statsFn, count: K, targets, domain: { kind: 'discrete', values: xs } };
  const sol = solveDual(dual, new Array(K).fill(0), { center: 0, scale: 1 });
  const at = Object.fromEntries(values);
  if (!sol.converged) {
    return stop('no_optimum_found', `Newton's method on the dual did not converge: ${sol.message}`, { rules: [INTEGRAL_RULES.finiteSum] });
  }
  // Probabilities and the check, by direct summation.
  const probabilities = xs.map((x, i) => {
    let eta = -sol.logZ;
    for (let k = 0; k < K; k++) eta += sol.lambda[k]! * table[i]![k]!;
    return { value: x, p: Math.exp(eta) };
  });
  const sums = [probabilities.reduce((s, q) => s + q.p, 0), ...targets.map((_, k) => probabilities.reduce((s, q, i) => s + q.p * table[i]![k]!, 0))];
  const labels = ['1', ...problem.moments.map((m) => m.source.f)];
  const checks: MomentCheck[] = [1, ...targets].map((t, k) => ({ f: labels[k]!, target: t, reached: sums[k]!, error: Math.abs(sums[k]! - t) / Math.max(1, Math.abs(t)), at }));
  const ok = checks.every((c) => c.error <= MOMENT_TOL);
  const density = numericDensity(problem, values, sol.lambda0, sol.lambda);
  return {
    problem,
    lagrangian: lag,
    status: ok ? 'optimal' : 'no_optimum_found',
    ...(ok ? {} : { message: 'the probabilities found miss the moment targets' }),
    family: 'gibbs',
    exact: false,
    method: 'dual-newton',
    density: density.expr,
    densityPrinted: density.printed,
    multipliers: numericMultipliers(problem, sol.lambda0, sol.lambda),
    familyParameters: [],
    conditions: [],
    rules: [INTEGRAL_RULES.finiteSum],
    checks,
    probabilities,
    numeric: { iterations: sol.iterations, residual: sol.residual, parameterValues: at, logZ: sol.logZ },
    notes: ['on a finite set the integrals are sums, and the maximum-entropy distribution is the Gibbs distribution p_i = exp(lambda_0 - 1 + sum_k lambda_k f_k(v_i))'],
  };
}
