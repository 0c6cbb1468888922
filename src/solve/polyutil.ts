/** Small helpers shared by the polynomial path: notes, conditions, evaluation in a field. */
import { Rational, toText, type Expr } from '../expr/index.js';
import { zIsConst, zPrimitive, type ZPoly } from './poly/mpoly.js';
import { polyToExpr } from './poly/toexpr.js';
import type { FieldElement, Field } from './poly/fields.js';
import type { SolutionCondition } from './types.js';

/**
 * The note for a polynomial in the parameters that is assumed nonzero (a pivot, a leading
 * coefficient), or none when it is a constant or a monomial in parameters known to be nonzero.
 */
export function genericNote(p: ZPoly, exprs: readonly Expr[], facts: readonly (string | undefined)[]): string[] {
  if (zIsConst(p)) return [];
  const q = zPrimitive(p);
  if (q.terms.length === 1 && q.terms[0]!.e.every((k, i) => k === 0 || facts[i] === 'positive' || facts[i] === 'nonzero')) return [];
  return [`generic parameters: assumes ${exprText(polyToExpr(q, exprs))} != 0`];
}

/** Text of an expression for a note (never throws). */
export function exprText(e: Expr): string {
  try {
    return toText(e);
  } catch {
    return '?';
  }
}

/** Conditions without repeats (same relation on the same interned expression). */
export function dedupeConditions(cs: SolutionCondition[]): SolutionCondition[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = `${c.relation}:${c.expr.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Powers vals[i]^k (k ≥ 1) of field elements, each computed once: the powers of one
 * element are kept in a list, extended by one multiplication at a time (a loop, so a
 * high degree sets no recursion depth).
 */
export function fieldPowers(F: Field, vals: readonly FieldElement[]): (i: number, k: number) => FieldElement {
  const powers = new Map<number, FieldElement[]>(); // powers.get(i)[k - 1] = vals[i]^k
  return (i, k) => {
    let list = powers.get(i);
    if (list === undefined) powers.set(i, (list = [vals[i]!]));
    while (list.length < k) list.push(F.mul(list[list.length - 1]!, vals[i]!));
    return list[k - 1]!;
  };
}

/** Evaluates a ring polynomial at field elements (one per ring variable). */
export function evalInField(p: ZPoly, F: Field, vals: readonly FieldElement[]): FieldElement {
  let acc = F.zero;
  const powOf = fieldPowers(F, vals);
  for (const t of p.terms) {
    let m = F.fromBase(Rational.of(t.c));
    t.e.forEach((k, i) => {
      if (k > 0) m = F.mul(m, powOf(i, k));
    });
    acc = F.add(acc, m);
  }
  return acc;
}
