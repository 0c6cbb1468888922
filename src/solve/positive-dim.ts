/**
 * Positive-dimensional systems: a maximal independent set of unknowns becomes parameters,
 * the rest is solved over Q(those), and the zero sets of the generic caveats are solved
 * again as special cases (so isolated points beside the families are not lost).
 */
import { substitute, type Expr } from '../expr/index.js';
import { zConst, zEquals, zIsConst, zPrimitive, zRemap, type ZPoly } from './poly/mpoly.js';
import { polyToExpr } from './poly/toexpr.js';
import { exprText } from './polyutil.js';
import type { PolyForm } from './poly/convert.js';
import type { PolyCandidate, PolyOptions, PolyOutcome } from './polytypes.js';

/** The polynomial solver, passed in (it calls back into this file): no import cycle. */
export type SolveForm = (form: PolyForm, opts: PolyOptions) => PolyOutcome;

/** Solves a positive-dimensional system (see the file comment). */
export function solvePositiveDimensional(
  form: PolyForm,
  lms: readonly (readonly number[])[],
  opts: PolyOptions,
  notes: string[],
  method: string,
  solvePolyForm: SolveForm,
): PolyOutcome {
  const { n, nu } = form;
  // A maximal independent set: unknowns (taken from the last) such that no leading monomial lives in them alone.
  const U: number[] = [];
  for (let i = nu - 1; i >= 0; i--) {
    const set = new Set([...U, i]);
    const hit = lms.some((e) => e.every((x, j) => x === 0 || set.has(j)));
    if (!hit) U.push(i);
  }
  if (U.length === 0 || U.length === nu) {
    return { candidates: [], completeness: 'underdetermined', method, notes: [...notes, 'positive-dimensional solution set; no parametrisation found'] };
  }
  const bound = Array.from({ length: nu }, (_, i) => i).filter((i) => !U.includes(i));
  const freeNames = U.map((i) => opts.unknownNames[i]!).reverse();
  // New ring: bound unknowns, then the old parameters, then the free unknowns as parameters.
  const order = [...bound, ...Array.from({ length: n - nu }, (_, j) => nu + j), ...[...U].reverse()];
  const map = new Array<number>(n);
  order.forEach((old, neu) => (map[old] = neu));
  const varExprs = order.map((i) => form.varExprs[i]!);
  const equations = form.equations.map((e) => ({ num: zRemap(e.num, n, map), den: zRemap(e.den, n, map) }));
  const facts = order.map((i) => (i < nu ? undefined : opts.facts[i]));
  const sub = solvePolyForm(
    { n, nu: bound.length, varExprs, equations },
    { work: opts.work, facts, unknownNames: bound.map((i) => opts.unknownNames[i]!) },
  );
  const candidates = sub.candidates.map((c) => {
    if (!c.exprs) return undefined;
    const exprs = new Array<Expr>(nu);
    bound.forEach((i, j) => (exprs[i] = c.exprs![j]!));
    for (const i of U) exprs[i] = form.varExprs[i]!;
    // Conditions that mention the free unknowns restrict the family, they are not parameter conditions.
    return { exprs, residual: c.residual, verifiedExactly: c.verifiedExactly, conditions: c.conditions, free: [...freeNames, ...c.free] } as PolyCandidate;
  });
  const out: PolyCandidate[] = candidates.filter((c): c is PolyCandidate => c !== undefined);
  const outNotes = [...notes, `positive-dimensional: solved for the other unknowns in terms of ${freeNames.join(', ')}`, ...sub.notes];
  // The generic solution misses what lies where a caveat vanishes (an isolated point such as
  // x = y = z = w = 1 of max xyzw on a plane sits beside the families). Split on each caveat
  // that involves a free unknown: add it as an equation and solve again.
  const depth = opts.depth ?? 0;
  const splits = distinctCaveats((sub.caveats ?? []).map((c) => zRemap(c, n, order)))
    .filter((c) => U.some((i) => c.terms.some((t) => t.e[i]! > 0)))
    .slice(0, 8);
  let partial = sub.completeness === 'partial';
  if (splits.length > 0 && depth >= 3) {
    partial = true;
    outNotes.push('special cases of the parametrisation were not all examined (depth limit)');
  }
  if (depth < 3) {
    for (const h of splits) {
      if (opts.work.systems.exhausted) {
        partial = true;
        outNotes.push(`${opts.work.systems.exhaustedNote()} before every special case of the parametrisation was examined`);
        break;
      }
      opts.work.systems.add(1);
      const special = solvePolyForm(
        { ...form, equations: [...form.equations, { num: h, den: zConst(n, 1n) }] },
        { ...opts, depth: depth + 1 },
      );
      if (special.completeness === 'partial') partial = true;
      outNotes.push(`special case ${exprText(polyToExpr(h, form.varExprs))} = 0: ${special.candidates.length} solution(s)`);
      for (const c of special.candidates) if (!out.some((o) => sameCandidate(o, c) || onFamily(c, o, form, opts.unknownNames))) out.push(c);
    }
  }
  if (partial) outNotes.push('some special cases may be incomplete');
  return {
    candidates: out,
    completeness: sub.completeness === 'inconsistent' && out.length === 0 ? 'inconsistent' : 'underdetermined',
    method: sub.method,
    notes: outNotes,
  };
}

function distinctCaveats(cs: ZPoly[]): ZPoly[] {
  const out: ZPoly[] = [];
  for (const c of cs) {
    if (zIsConst(c)) continue;
    const p = zPrimitive(c);
    const q = p.terms[0]!.c < 0n ? { n: p.n, terms: p.terms.map((t) => ({ e: t.e, c: -t.c })) } : p;
    if (!out.some((o) => zEquals(o, q))) out.push(q);
  }
  return out;
}

/** Is the candidate c (exact) a member of the family f (its free unknowns set to c's values)? */
function onFamily(c: PolyCandidate, f: PolyCandidate, form: PolyForm, names: readonly string[]): boolean {
  if (f.free.length === 0 || !c.exprs || !f.exprs) return false;
  const binding: Record<string, Expr> = {};
  names.forEach((nm, i) => {
    if (f.free.includes(nm)) binding[nm] = c.exprs![i]!;
  });
  void form;
  try {
    return f.exprs.every((e, i) => substitute(e, binding) === c.exprs![i]);
  } catch {
    return false;
  }
}

function sameCandidate(a: PolyCandidate, b: PolyCandidate): boolean {
  if (a.exprs && b.exprs) return a.exprs.every((e, i) => e === b.exprs![i]);
  if (a.approx && b.approx) return a.approx.every((v, i) => Math.abs(v - b.approx![i]!) <= 1e-9 * (1 + Math.abs(v)));
  return false;
}
