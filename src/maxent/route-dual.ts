/**
 * Route 3 of the maxent solver: the convex dual, minimised by Newton's method with
 * quadrature, for every continuous problem with numbers for every parameter; the
 * numeric density is then matched against the closed-form families.
 */
import { type Expr } from '../expr/index.js';
import { erf, erfc } from '../numeric/index.js';
import { type FamilyName } from './families.js';
import { type MaxentLagrangian } from './lagrangian.js';
import { valueAt } from '../parameters/index.js';
import { solveDual, startingPoint, type DualDomain, type DualProblem } from './dual.js';
import { numberText } from './format.js';
import type { MaxentProblem } from './problem.js';
import type { FamilyParameterValue, MaxentResult, NumericDetails } from './result.js';
import { INTEGRAL_RULES, type IntegralRule } from './rules.js';
import { polynomialCoefficients, polynomialDegree, type Statistics } from './statistics.js';
import { MOMENT_TOL, type Stop } from './outcomes.js';
import { compiledStatistics, numericDensity, numericExpectations, numericMultipliers, numericStatistics, numericSupport, printedNumber, reachedMoments } from './numeric-density.js';

/** The dual route on a continuous support, with numbers for every parameter. */
export function solveNumeric(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, values: ReadonlyMap<string, number>, stop: Stop, notes: string[]): MaxentResult {
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
