/**
 * A global certificate for problems whose equalities are linear: eliminate them (solve
 * the affine system exactly for some variables in terms of the others), substitute into
 * the objective, and prove the reduced objective convex (concave for maximise) by a
 * constant Hessian whose principal minors have the right signs, parameters included
 * (decided exactly from the assumptions). With affine inequalities the reduced problem
 * is then convex, so every KKT point is a global optimum. `maximize x*y s.t. x + y = s`
 * becomes x*(s − x), Hessian −2: concave.
 */
import { hessian } from '../diff/index.js';
import { add, freeSymbols, mul, neg, num, substitute, toText, type Expr } from '../expr/index.js';
import { solveSystem } from '../solve/index.js';
import { signOf, type ParameterContext } from '../parameters/index.js';
import { isAffine } from './geometry.js';
import type { Problem } from './problem.js';

/** Most free variables after elimination (principal minors of a k×k matrix: 2^k − 1). */
const MAX_REDUCED = 4;

/** The certificate in words, or undefined when it does not apply or cannot be decided. */
export function proveConvexByElimination(problem: Problem, ctx: ParameterContext): string | undefined {
  const vars = problem.variables;
  if (problem.equalities.length === 0) return undefined;
  if (!problem.constraints.every((c) => isAffine(c.fn, vars))) return undefined;
  let sol;
  try {
    sol = solveSystem(problem.equalities.map((c) => c.fn), vars, { parameters: problem.parameters, assumptions: ctx.assumptions });
  } catch {
    return undefined;
  }
  if (sol.solutions.length !== 1 || !sol.solutions[0]!.exact) return undefined;
  const s = sol.solutions[0]!;
  const free = vars.filter((v) => (s.free ?? []).includes(v));
  if (free.length === 0 || free.length > MAX_REDUCED) return undefined;
  const binding = Object.fromEntries(vars.filter((v) => !free.includes(v)).map((v) => [v, s.values.get(v)!]));
  const reduced = substitute(problem.objective, binding);
  const signed = problem.sense === 'minimize' ? reduced : neg(reduced);
  const H = hessian(signed, free);
  if (H.some((row) => row.some((h) => free.some((f) => freeSymbols(h).has(f))))) return undefined;
  // Positive semidefinite: every principal minor ≥ 0.
  for (let mask = 1; mask < 1 << free.length; mask++) {
    const idx = free.map((_, i) => i).filter((i) => (mask >> i) & 1);
    const minor = determinant(idx.map((i) => idx.map((j) => H[i]![j]!)));
    const sign = signOf(minor, ctx).sign;
    if (!(sign === 'positive' || sign === 'zero' || sign === 'nonnegative')) return undefined;
  }
  const shape = problem.sense === 'minimize' ? 'convex' : 'concave';
  const eliminated = Object.entries(binding).map(([v, e]) => `${v} = ${toText(e)}`).join(', ');
  return `elimination of the linear equality constraints (${eliminated}) leaves f = ${toText(reduced)} in ${free.join(', ')}, whose Hessian is constant and ${problem.sense === 'minimize' ? 'positive' : 'negative'} semidefinite (every principal minor of ${problem.sense === 'minimize' ? 'it' : 'its negative'} is >= 0): ${shape} on the affine feasible set`;
}

/** Determinant by cofactor expansion (k ≤ MAX_REDUCED, so at most 24 products). */
function determinant(m: Expr[][]): Expr {
  const k = m.length;
  if (k === 1) return m[0]![0]!;
  const terms: Expr[] = [];
  for (let j = 0; j < k; j++) {
    const minor = m.slice(1).map((row) => row.filter((_, c) => c !== j));
    terms.push(mul(num(j % 2 === 0 ? 1 : -1), m[0]![j]!, determinant(minor)));
  }
  return add(...terms);
}
