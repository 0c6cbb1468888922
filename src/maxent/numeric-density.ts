/**
 * Numbers for the maxent routes: the support and statistics at parameter values, the
 * density with numeric multipliers, and the moments it reaches by an independent
 * quadrature.
 */
import { add, exp, mul, substitute, sym, type Expr } from '../expr/index.js';
import { compile } from '../compile/index.js';
import { integrateVector, luSolve } from '../numeric/index.js';
import { type ClosedForm } from './families.js';
import { momentMultiplierName } from './lagrangian.js';
import { valueAt } from '../parameters/index.js';
import { exactNumbers, latexWithNumbers, NumberSlots, namesOf, numberLatex, numberText, textWithNumbers } from './format.js';
import { constraintPrinted } from './notation.js';
import type { MaxentProblem } from './problem.js';
import type { MomentCheck, MultiplierValue } from './result.js';
import type { MathText } from '../document/index.js';
import { type Statistics } from './statistics.js';

/** Centre, scale and kinks of a family density at parameter values (for quadrature). */
export function familyScale(cf: ClosedForm, v: ReadonlyMap<string, number>): { center: number; scale: number; breakpoints: number[] } {
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
export function pointIn(lo: number, hi: number, c: number, s: number, u: number): number {
  if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + ((hi - lo) * (u + 1.5)) / 3.5;
  if (Number.isFinite(lo)) return lo + s * Math.abs(u) + 1e-3 * s;
  if (Number.isFinite(hi)) return hi - s * Math.abs(u) - 1e-3 * s;
  return c + s * u;
}

/** Numeric support ends. */
export function numericSupport(problem: MaxentProblem, values: ReadonlyMap<string, number>): { lo: number; hi: number } {
  const s = problem.support;
  if (s.kind !== 'interval') throw new Error('internal: interval expected');
  return {
    lo: s.lower === '-inf' ? -Infinity : valueAt(s.lower as Expr, values),
    hi: s.upper === 'inf' ? Infinity : valueAt(s.upper as Expr, values),
  };
}

/** The moment functions with the parameters replaced by their values, compiled over x. */
export function compiledStatistics(problem: MaxentProblem, values: ReadonlyMap<string, number>): (x: number, out: Float64Array) => void {
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
export function numericStatistics(stats: Statistics, values: ReadonlyMap<string, number>): { C: number[][]; c0: number[] } {
  return {
    C: stats.coefficients.map((row) => row.map((c) => valueAt(c, values))),
    c0: stats.constants.map((c) => valueAt(c, values)),
  };
}

/** E[g_j] from the constraints when C is square and invertible (numbers). */
export function numericExpectations(C: number[][], c0: number[], m: number[]): number[] | undefined {
  const K = C.length;
  if (K === 0 || C[0]!.length !== K) return undefined;
  try {
    const sol = luSolve(C.flat(), K, m.map((v, k) => v - c0[k]!));
    return Array.from(sol);
  } catch {
    return undefined;
  }
}

/** A number as printed text and LaTeX. */
export function printedNumber(v: number): MathText {
  return { text: numberText(v), latex: numberLatex(v) };
}

/** The multipliers λ0..λK as numbers, with the constraint each belongs to. */
export function numericMultipliers(problem: MaxentProblem, lambda0: number, lambda: ArrayLike<number>): MultiplierValue[] {
  return [lambda0, ...Array.from(lambda)].map((v, k) => ({
    name: momentMultiplierName(k),
    constraint: constraintPrinted(problem, k),
    value: printedNumber(v),
    numeric: v,
  }));
}

/** The density exp(c + Σ λ_k f_k(x)) with numbers, printed; c = λ0 − 1. */
export function numericDensity(problem: MaxentProblem, values: ReadonlyMap<string, number>, lambda0: number, lambda: ArrayLike<number>): { expr: Expr; printed: MathText } {
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
export function reachedMoments(problem: MaxentProblem, stats: (x: number, out: Float64Array) => void, lo: number, hi: number, logZ: number, lambda: ArrayLike<number>, hint: { center: number; scale: number; breakpoints: number[] }, targets: number[], at: Record<string, number>): MomentCheck[] {
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


/** Parameters that appear anywhere in the problem. */
export function usedParameters(problem: MaxentProblem): Set<string> {
  const es: Expr[] = problem.moments.flatMap((m) => [m.f, m.value]);
  if (problem.support.kind === 'interval') {
    for (const b of [problem.support.lower, problem.support.upper]) if (typeof b !== 'string') es.push(b);
  } else es.push(...problem.support.values);
  const out = namesOf(...es);
  out.delete(problem.variable);
  return out;
}
