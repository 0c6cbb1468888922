/**
 * `solveSystem`: the entry point of the solving room. It routes a system to the exact
 * polynomial path (linear elimination, or a Gröbner basis triangularising it:
 * polysolve.ts), to the closed-form rules for transcendental equations
 * (transcendental.ts), and to the verified numeric search (numeric.ts), then checks every
 * solution once more against the original expressions (verify.ts).
 */
import { freeSymbols, num, sym, Rational, ZERO, type Expr } from '../expr/index.js';
import { toPolyForm } from './poly/convert.js';
import { solvePolyForm, type PolyCandidate } from './polysolve.js';
import { solveTranscendental } from './transcendental.js';
import { numericSolve } from './numeric.js';
import { checkSolution, factsFor, markVerifiedExactly } from './verify.js';
import { newSolveWork, workUsed } from './budget.js';
import type { Solution, SolveContext, SolveOptions, SolveResult } from './types.js';

/**
 * Solves `equations` (each meaning expr = 0) for `unknowns`, real solutions only.
 * Exact where the system allows it, numeric otherwise; every solution is verified by
 * substitution (exactly, or numerically within the documented tolerance).
 */
export function solveSystem(equations: readonly Expr[], unknowns: readonly string[], options: SolveOptions = {}): SolveResult {
  if (new Set(unknowns).size !== unknowns.length) throw new RangeError(`unknowns must be distinct: ${unknowns.join(', ')}`);
  const notes: string[] = [];
  const declared = new Set(options.parameters ?? []);
  for (const u of unknowns) if (declared.has(u)) throw new RangeError(`${u} is both an unknown and a parameter`);
  const params = [...(options.parameters ?? [])];
  const implicit: string[] = [];
  for (const e of equations)
    for (const s of freeSymbols(e)) {
      if (unknowns.includes(s) || params.includes(s)) continue;
      params.push(s);
      implicit.push(s);
    }
  if (implicit.length > 0) notes.push(`treated as parameters: ${implicit.join(', ')}`);
  const work = options.work ?? newSolveWork(options.budgets);
  const ctx: SolveContext = { work, options, parameters: params, depth: 0, solve: solveInternal };
  const result = solveInternal(equations, unknowns, ctx);
  return { ...result, notes: [...new Set([...notes, ...result.notes])], work: workUsed(work) };
}

/** The recursive worker (used by the transcendental rules on reduced systems). */
export function solveInternal(equations: readonly Expr[], unknowns: readonly string[], ctx: SolveContext): SolveResult {
  const eqs = equations.filter((e) => e !== ZERO);
  const used = unknowns.filter((u) => eqs.some((e) => freeSymbols(e).has(u)));
  const unused = unknowns.filter((u) => !used.includes(u));
  if (eqs.length === 0) {
    return {
      solutions: [{ values: new Map(unknowns.map((u) => [u, sym(u)])), exact: true, residual: 0, free: [...unknowns] }],
      completeness: 'underdetermined',
      method: 'trivial',
      notes: ['no equations: every unknown is free'],
    };
  }
  const conv = toPolyForm(eqs, unknowns, ctx.parameters.map((p) => sym(p)));
  let result: SolveResult;
  if (conv.ok) {
    const facts = factsFor(conv.form, ctx.options.assumptions);
    // The exact path and the numeric fallback count against separate budgets, so the fallback still runs when the exact path gives up.
    const out = solvePolyForm(conv.form, { work: ctx.work, facts, unknownNames: unknowns });
    if (out.gaveUp && ctx.parameters.length === 0 && ctx.options.numeric !== false) {
      const num = numericSolve(eqs, unknowns, ctx);
      result = { ...num, notes: [...out.notes, 'exact path gave up; numeric search instead', ...num.notes] };
    } else {
      result = {
        solutions: out.candidates.map((c) => {
          const sol = toSolution(c, unknowns);
          return c.verifiedExactly ? markVerifiedExactly(sol) : sol;
        }),
        completeness: out.completeness,
        method: out.method,
        notes: out.notes,
      };
    }
  } else {
    result = solveTranscendental(eqs, unknowns, conv.obstacles, ctx);
  }
  // Final check against the original expressions (guards every conversion on the way).
  const kept: Solution[] = [];
  const notes = [...result.notes];
  for (const s of result.solutions) {
    const verdict = checkSolution(eqs, s, ctx);
    if (verdict.ok) kept.push(verdict.solution);
    else notes.push(`dropped a candidate that failed verification (${verdict.reason})`);
  }
  let completeness = result.completeness;
  let solutions = kept;
  if (unused.length > 0 && completeness !== 'inconsistent') {
    if (!result.notes.some((n) => n.startsWith('free unknowns'))) notes.push(`unknowns not in any equation are free: ${unused.join(', ')}`);
    completeness = 'underdetermined';
    solutions = kept.map((s) => {
      const values = new Map(s.values);
      for (const u of unused) if (!values.has(u)) values.set(u, sym(u));
      const { numericValues: _dropped, ...rest } = s; // no numeric values once unknowns are free
      void _dropped;
      return { ...rest, values, free: [...new Set([...(s.free ?? []), ...unused])] };
    });
  }
  if (solutions.length === 0 && completeness === 'complete') completeness = 'inconsistent';
  return { solutions, completeness, method: result.method, notes };
}

function toSolution(c: PolyCandidate, unknowns: readonly string[]): Solution {
  const values = new Map<string, Expr>();
  unknowns.forEach((u, i) => values.set(u, c.exprs ? c.exprs[i]! : num(Rational.fromNumber(c.approx![i]!))));
  const numericValues = c.approx ? new Map(unknowns.map((u, i) => [u, c.approx![i]!] as [string, number])) : undefined;
  return {
    values,
    exact: c.exprs !== undefined,
    residual: c.residual,
    ...(numericValues ? { numericValues } : {}),
    ...(c.conditions.length > 0 ? { conditions: c.conditions } : {}),
    ...(c.free.length > 0 ? { free: c.free } : {}),
  };
}
