/**
 * Irregular points: feasible points where the gradients of the active constraints are
 * linearly dependent. There the KKT conditions need not hold at an optimum (Fritz John:
 * ν₀∇f + Σν_i∇c_i = 0 with ν₀ = 0 is possible), so a global argument over "all KKT
 * points" must look at these too. Affine constraints never need it (their constraint
 * qualification always holds), so only active sets with a nonlinear constraint are
 * searched.
 *
 * For an active set A, with the chart ν_k = 1 for each k in A in turn, the system is
 * c_i(x) = 0 (i in A) and Σ_i ν_i ∇c_i(x) = 0: |A| + n equations in n + |A| − 1
 * unknowns (generically none: that is why constraint qualifications hold generically).
 */
import { ONE, ZERO, add, mul, substitute, sym, type Expr } from '../expr/index.js';
import { gradient } from '../diff/index.js';
import { solveSystem } from '../solve/index.js';
import { isNonPositive, type ParameterContext } from '../parameters/index.js';
import { activeSets } from './activeset.js';
import { isAffine } from './geometry.js';
import type { Constraint, Problem } from './problem.js';
import type { KktPoint } from './types.js';

/** The irregular points found, and whether every system was solved completely. */
export interface IrregularResult {
  readonly points: KktPoint[];
  readonly complete: boolean;
  readonly systems: number;
}

/** Searches the feasible irregular points of a problem. */
export function irregularPoints(problem: Problem, ctx: ParameterContext, seed = 1): IrregularResult {
  const n = problem.variables.length;
  const p = problem.equalities.length;
  const out: KktPoint[] = [];
  let complete = true;
  let systems = 0;
  for (const S of activeSets(problem.inequalities.length, Math.max(0, n - p))) {
    const A: Constraint[] = [...problem.equalities, ...S.map((j) => problem.inequalities[j]!)];
    if (A.length === 0 || A.every((c) => isAffine(c.fn, problem.variables))) continue;
    const grads = A.map((c) => gradient(c.fn, problem.variables));
    const nus = A.map((_, i) => `nu_${i + 1}`);
    for (let k = 0; k < A.length; k++) {
      const weights = nus.map((nu, i) => (i === k ? ONE : sym(nu)));
      const combo = problem.variables.map((_, r) => add(...grads.map((g, i) => mul(weights[i]!, g[r]!))));
      const equations = [...A.map((c) => c.fn), ...combo];
      const unknowns = [...problem.variables, ...nus.filter((_, i) => i !== k)];
      systems++;
      let result;
      try {
        result = solveSystem(equations, unknowns, {
          parameters: problem.parameters,
          assumptions: ctx.assumptions,
          seed,
        });
      } catch {
        complete = false;
        continue;
      }
      if (result.completeness === 'partial' || result.completeness === 'underdetermined') complete = false;
      for (const sol of result.solutions) {
        const values = new Map<string, Expr>();
        for (const v of problem.variables) values.set(v, sol.values.get(v) ?? sym(v));
        const binding = new Map<Expr, Expr>([...values].map(([name, v]) => [sym(name), v] as [Expr, Expr]));
        let feasible = true;
        problem.inequalities.forEach((c, j) => {
          if (S.includes(j)) return;
          if (isNonPositive(substitute(c.fn, binding), ctx) !== true) feasible = false;
        });
        if (!feasible) continue;
        for (const c of problem.constraints) values.set(c.multiplier, ZERO);
        if (out.some((q) => problem.variables.every((v) => q.values.get(v) === values.get(v)))) continue;
        out.push({
          values,
          exact: sol.exact,
          residual: sol.residual,
          active: S,
          kind: 'irregular',
          conditions: [],
          method: result.method,
          feasibilityEvidence: 'exact',
        });
      }
    }
  }
  return { points: out, complete, systems };
}
