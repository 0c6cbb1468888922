/**
 * Polynomial (and rational) systems: the exact path.
 *
 * 1. Linear in the unknowns → fraction-free elimination over Q or Q(params) (linear.ts).
 * 2. Otherwise a Gröbner basis (groebner-path.ts): over Q in grevlex, converted to lex by
 *    FGLM; over Q(params) directly in lex. {1} means no solution; a positive-dimensional
 *    ideal is parametrised by a maximal independent set of unknowns, with its special
 *    cases solved again (positive-dim.ts); a zero-dimensional one is solved level by level
 *    from the last unknown, each level the gcd of the basis elements specialised at the
 *    partial solution, its real roots found exactly in a tower of fields (univariate.ts).
 * 3. Every candidate is substituted into the original numerators and denominators in its
 *    field: exact zero and nonzero, or it is dropped (candidates.ts).
 * Branches that leave the exact methods go numeric (roots of the specialised polynomials,
 * then Levenberg–Marquardt on the whole system) and are marked inexact.
 */
import { Rational } from '../expr/index.js';
import { ratFuncField } from './poly/fields.js';
import { zIsConst, zIsZero, type ZPoly } from './poly/mpoly.js';
import { rfVar, type RatFunc } from './poly/ratfunc.js';
import { ratFuncToExpr, polyToExpr, signOracle } from './poly/toexpr.js';
import { isLinearIn, linearForm, solveLinear } from './linear.js';
import { solveByGroebner } from './groebner-path.js';
import { dedupeConditions, evalInField, exprText, genericNote } from './polyutil.js';
import type { FieldElement } from './poly/fields.js';
import type { PolyForm } from './poly/convert.js';
import type { SolutionCondition } from './types.js';
import type { PolyOptions, PolyOutcome } from './polytypes.js';

export type { PolyCandidate, PolyOutcome, PolyOptions } from './polytypes.js';

/** Solves a polynomial form; see the file comment. */
export function solvePolyForm(form: PolyForm, opts: PolyOptions): PolyOutcome {
  const notes: string[] = [];
  const { nu } = form;
  const numerators: ZPoly[] = [];
  const denominators = form.equations.map((e) => e.den);
  for (const eq of form.equations) {
    if (zIsZero(eq.num)) continue;
    if (eq.num.terms.every((t) => t.e.slice(0, nu).every((x) => x === 0))) {
      // An equation free of unknowns: 0 = c.
      if (zIsConst(eq.num)) return { candidates: [], completeness: 'inconsistent', method: 'trivial', notes: ['an equation reduces to a nonzero constant = 0'] };
      return {
        candidates: [],
        completeness: 'inconsistent',
        method: 'trivial',
        notes: [`an equation does not involve the unknowns: ${textOf(eq.num, form)} = 0 would constrain the parameters; no solution for generic parameters`],
      };
    }
    numerators.push(eq.num);
  }
  if (numerators.length === 0) {
    return {
      candidates: [{ exprs: form.varExprs.slice(0, nu), residual: 0, verifiedExactly: true, conditions: [], free: [...opts.unknownNames] }],
      completeness: 'underdetermined',
      method: 'trivial',
      notes: ['every equation is identically zero: all unknowns are free'],
    };
  }
  const paramSigns = signOracle(opts.facts.slice(nu));
  if (isLinearIn(numerators, nu)) return solveLinearForm(form, numerators, denominators, opts, notes);
  return solveByGroebner(form, numerators, denominators, opts, paramSigns, notes, solvePolyForm);
}

function textOf(p: ZPoly, form: PolyForm): string {
  return String(polyToExpr(p, form.varExprs));
}


// ---------------------------------------------------------------------------
// Linear

function solveLinearForm(form: PolyForm, numerators: ZPoly[], denominators: ZPoly[], opts: PolyOptions, notes: string[]): PolyOutcome {
  const { n, nu } = form;
  const lin = solveLinear(linearForm(numerators, nu), nu, n);
  const genericNotes = lin.pivots.flatMap((p) => genericNote(p, form.varExprs, opts.facts));
  if (lin.status === 'inconsistent') {
    const allConst = lin.obstructions.every(zIsConst);
    return {
      candidates: [],
      completeness: 'inconsistent',
      method: 'linear',
      notes: allConst
        ? ['the linear system is inconsistent (elimination leaves 0 = nonzero constant)']
        : [`the linear system is inconsistent for generic parameters (consistent only where ${lin.obstructions.map((o) => exprText(polyToExpr(o, form.varExprs))).join(', ')} = 0)`, ...genericNotes],
    };
  }
  const values = lin.values!;
  const RF = ratFuncField(form.varExprs, signOracle(opts.facts));
  // Exact verification in Q(ring): numerators vanish, denominators do not.
  const vals: FieldElement[] = values.map((v) => v);
  for (let j = nu; j < n; j++) vals.push(rfVar(n, j));
  const ok = numerators.every((p) => RF.isZero(evalInField(p, RF, vals)));
  const bad = denominators.some((d) => RF.isZero(evalInField(d, RF, vals)));
  if (!ok) throw new Error('internal: linear solution failed exact verification');
  if (bad) return { candidates: [], completeness: 'inconsistent', method: 'linear', notes: ['the only solution makes a denominator vanish'] };
  const exprs = values.map((v) => ratFuncToExpr(v, form.varExprs));
  const conditions: SolutionCondition[] = [];
  for (const v of values) if (!zIsConst(v.den)) conditions.push({ expr: polyToExpr(v.den, form.varExprs), relation: 'nonzero' });
  for (const d of denominators) {
    const dv = evalInField(d, RF, vals) as RatFunc;
    if (!zIsConst(dv.num)) conditions.push({ expr: ratFuncToExpr(dv, form.varExprs), relation: 'nonzero' });
  }
  const parametric = n > nu || lin.free.length > 0;
  const approx = parametric ? undefined : values.map((v) => Rational.of(v.num.terms[0]?.c ?? 0n, v.den.terms[0]!.c).toNumber());
  const free = lin.free.map((i) => opts.unknownNames[i]!);
  if (free.length > 0) notes.push(`free unknowns: ${free.join(', ')}`);
  return {
    candidates: [{ exprs, ...(approx ? { approx } : {}), residual: 0, verifiedExactly: true, conditions: dedupeConditions(conditions), free }],
    completeness: lin.status === 'unique' ? 'complete' : 'underdetermined',
    method: 'linear',
    notes: [...notes, ...genericNotes],
    caveats: [...lin.pivots, ...values.map((v) => v.den).filter((d) => !zIsConst(d))],
  };
}
