/**
 * The end of back-substitution: each candidate verified exactly in its field (numerators
 * vanish, denominators do not), turned into expressions, or polished numerically and
 * checked by its residual evaluated exactly in rationals at the double point.
 */
import { Rational, type Expr } from '../expr/index.js';
import { zDerivative, type ZPoly } from './poly/mpoly.js';
import { rfVar, type RatFunc } from './poly/ratfunc.js';
import { levenbergMarquardt, type NumericSystem } from './levenberg-marquardt.js';
import { dedupeConditions, evalInField } from './polyutil.js';
import type { FieldElement } from './poly/fields.js';
import type { PolyForm } from './poly/convert.js';
import type { SolutionCondition } from './types.js';
import type { PartialSolution, PolyCandidate } from './polytypes.js';

/** Verifies the partial solutions of a completed back-substitution and turns them into candidates. */
export function finishCandidates(form: PolyForm, partials: PartialSolution[], numerators: ZPoly[], denominators: ZPoly[], notes: string[]): PolyCandidate[] {
  const { n, nu } = form;
  const np = n - nu;
  const out: PolyCandidate[] = [];
  const numericSystem = np === 0 ? polyNumericSystem(numerators, nu) : undefined;
  for (const part of partials) {
    if (!part.approx) {
      const F = part.field;
      const vals: FieldElement[] = [...part.values];
      for (let j = 0; j < np; j++) vals.push(F.fromBase(rfVar(np, j)));
      const zero = numerators.every((p) => F.isZero(evalInField(p, F, vals)));
      if (!zero) {
        notes.push('a candidate failed exact verification and was dropped');
        continue;
      }
      const denVals = denominators.map((d) => evalInField(d, F, vals));
      if (denVals.some((v) => F.isZero(v))) {
        notes.push('a candidate makes a denominator vanish and was dropped');
        continue;
      }
      const conditions: SolutionCondition[] = part.conds.map((c) => ({ expr: c.expr, relation: c.relation }));
      if (np > 0) {
        for (const v of denVals) {
          const e = F.toExpr(v);
          if (e !== undefined && e.kind !== 'num') conditions.push({ expr: e, relation: 'nonzero' });
        }
      }
      const exprs = part.values.map((v) => F.toExpr(v));
      const allExpr = exprs.every((e) => e !== undefined);
      if (np > 0) {
        if (!allExpr) continue;
        out.push({ exprs: exprs as Expr[], residual: 0, verifiedExactly: true, conditions: dedupeConditions(conditions), free: [] });
        continue;
      }
      let approx = part.values.map((v) => F.approx(v));
      if (!allExpr && numericSystem) approx = polish(numericSystem, approx);
      out.push({
        ...(allExpr ? { exprs: exprs as Expr[] } : {}),
        approx,
        residual: allExpr ? 0 : exactResidual(form.equations, approx, nu),
        verifiedExactly: allExpr,
        conditions: [],
        free: [],
      });
      continue;
    }
    // Numeric branch.
    if (!numericSystem) continue;
    const x = polish(numericSystem, part.approx);
    const res = exactResidual(form.equations, x, nu);
    if (!(res <= residualTolerance(form.equations, x, nu))) {
      notes.push('a numeric candidate did not converge and was dropped');
      continue;
    }
    if (out.some((c) => c.approx && c.approx.every((v, i) => Math.abs(v - x[i]!) <= 1e-8 * (1 + Math.abs(v))))) continue;
    out.push({ approx: x, residual: res, verifiedExactly: false, conditions: [], free: [] });
  }
  return out;
}

/** The numerators as a numeric system (for polishing). */
function polyNumericSystem(numerators: ZPoly[], nu: number): NumericSystem {
  const jac = numerators.map((p) => Array.from({ length: nu }, (_, j) => zDerivative(p, j)));
  const ev = (p: ZPoly, x: ArrayLike<number>): number => {
    let s = 0;
    for (const t of p.terms) {
      let m = Number(t.c);
      for (let i = 0; i < nu; i++) if (t.e[i]! > 0) m *= x[i]! ** t.e[i]!;
      s += m;
    }
    return s;
  };
  return {
    m: numerators.length,
    n: nu,
    residual: (x, out) => numerators.forEach((p, i) => (out[i] = ev(p, x))),
    jacobian: (x, out) => jac.forEach((row, i) => row.forEach((d, j) => (out[i * nu + j] = ev(d, x)))),
  };
}

function polish(sys: NumericSystem, x0: number[]): number[] {
  const r = levenbergMarquardt(sys, x0, 50);
  const before = new Float64Array(sys.m);
  sys.residual(Float64Array.from(x0), before);
  const b = Math.max(...Array.from(before, Math.abs));
  return r.maxResidual <= b || !Number.isFinite(b) ? Array.from(r.x) : x0;
}

/** max_i |N_i(x)/D_i(x)| evaluated exactly in rationals at the double point x. */
export function exactResidual(equations: readonly RatFunc[], x: readonly number[], nu: number): number {
  const xs = x.map((v) => Rational.fromNumber(v));
  let worst = 0;
  for (const eq of equations) {
    const nv = evalRationalPoly(eq.num, xs, nu);
    const dv = evalRationalPoly(eq.den, xs, nu);
    if (dv.isZero) return Infinity;
    worst = Math.max(worst, Math.abs(nv.div(dv).toNumber()));
  }
  return worst;
}

/**
 * The acceptance tolerance of a numeric root: |f_i(x)| <= 1e-9 * (1 + S_i), where S_i is
 * the sum of the absolute values of the terms of f_i at x (the scale of the cancellation
 * that produced the residual).
 */
export function residualTolerance(equations: readonly RatFunc[], x: readonly number[], nu: number): number {
  let tol = Infinity;
  for (const eq of equations) {
    let s = 0;
    for (const t of eq.num.terms) {
      let m = Math.abs(Number(t.c));
      for (let i = 0; i < nu; i++) if (t.e[i]! > 0) m *= Math.abs(x[i]!) ** t.e[i]!;
      s += m;
    }
    let d = 0;
    for (const t of eq.den.terms) {
      let m = Number(t.c);
      for (let i = 0; i < nu; i++) if (t.e[i]! > 0) m *= x[i]! ** t.e[i]!;
      d += m;
    }
    tol = Math.min(tol, (1e-9 * (1 + s)) / Math.max(Math.abs(d), 1e-300));
  }
  return tol;
}

function evalRationalPoly(p: ZPoly, xs: readonly Rational[], nu: number): Rational {
  let acc = Rational.ZERO;
  for (const t of p.terms) {
    let m = Rational.of(t.c);
    for (let i = 0; i < nu; i++) if (t.e[i]! > 0) m = m.mul(xs[i]!.powInt(BigInt(t.e[i]!)));
    acc = acc.add(m);
  }
  return acc;
}
