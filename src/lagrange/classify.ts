/**
 * Second-order conditions on the tangent space of the active constraints.
 *
 * With s = +1 for minimise and −1 for maximise, s·L is the minimisation Lagrangian of
 * s·f. Let T be the null space of the gradients of the equalities and of the strictly
 * active inequalities (g_j = 0, μ_j > 0), and R = Zᵀ ∇²ₓ(s·L) Z with Z a basis of T:
 * - R positive definite (or T = {0}): a strict local optimum for the requested sense;
 * - R negative definite and no strictly active inequality: a strict local optimum of
 *   the opposite sense (a maximum of a minimisation, and vice versa);
 * - R negative definite with a strictly active inequality: f improves along T but
 *   worsens into the interior, so a saddle on the feasible set;
 * - R indefinite: a saddle, unless weakly active inequalities (g_j = 0, μ_j = 0) cut
 *   the critical cone, where the test is inconclusive (degenerate);
 * - R singular (semidefinite): degenerate (higher-order terms decide).
 *
 * Exact points are tested exactly (null space and symmetric elimination over
 * expressions, with assumption-aware sign decisions); otherwise, or when a sign cannot
 * be decided, eigenvalues in doubles at the point (at each parameter sample).
 */
import { mul, num, substitute, sym, type Expr } from '../expr/index.js';
import { gradient, hessian } from '../diff/index.js';
import { evaluateAt, signOf, type ParameterContext, type Sign } from '../parameters/index.js';
import { lagrangian, multiplierSign } from './lagrangian.js';
import { numericInertia, numericNullSpace, numericReduce, type Inertia } from '../numeric/index.js';
import { exactInertia, exactNullSpace, exactReduce } from './exact-linalg.js';
import type { Problem } from './problem.js';
import type { Classification, Evidence } from './types.js';

/** The second-order data of a problem, computed once. */
export interface SecondOrderData {
  /** ∇²ₓ(s·L), symbolic in variables, multipliers and parameters. */
  readonly hessian: Expr[][];
  /** Gradients (w.r.t. the variables) of each equality, then each inequality function. */
  readonly equalityGradients: Expr[][];
  readonly inequalityGradients: Expr[][];
}

/** Builds the symbolic Hessian of the sense-normalised Lagrangian and the constraint gradients. */
export function secondOrderData(problem: Problem): SecondOrderData {
  const s = num(multiplierSign(problem));
  const L = mul(s, lagrangian(problem));
  return {
    hessian: hessian(L, problem.variables),
    equalityGradients: problem.equalities.map((c) => gradient(c.fn, problem.variables)),
    inequalityGradients: problem.inequalities.map((c) => gradient(c.fn, problem.variables)),
  };
}

/** Result of the second-order test at one point. */
export interface SecondOrderResult {
  readonly classification: Classification;
  readonly evidence: Evidence;
  readonly tangentDimension: number;
  /** Eigenvalues of the reduced Hessian of L itself (not sense-normalised), in doubles, at the first parameter sample. */
  readonly eigenvalues: number[];
  readonly notes: string[];
}

/**
 * Classifies a feasible KKT point. `values` binds variables and multipliers;
 * `strictlyActive` and `weaklyActive` are inequality indices.
 */
export function classifyPoint(
  problem: Problem,
  data: SecondOrderData,
  values: ReadonlyMap<string, Expr>,
  exact: boolean,
  strictlyActive: readonly number[],
  weaklyActive: readonly number[],
  ctx: ParameterContext,
): SecondOrderResult {
  const n = problem.variables.length;
  const rows = [...data.equalityGradients, ...strictlyActive.map((j) => data.inequalityGradients[j]!)];
  const notes: string[] = [];
  const binding = new Map<Expr, Expr>();
  for (const [k, v] of values) binding.set(sym(k), v);

  let inertia: Inertia | undefined;
  let evidence: Evidence = 'exact';
  let dim = 0;
  if (exact) {
    try {
      let worst: Evidence = 'exact';
      const oracle = (e: Expr): Sign => {
        const r = signOf(e, ctx);
        if (rank(r.evidence) > rank(worst)) worst = r.evidence;
        return r.sign;
      };
      const J = rows.map((row) => row.map((e) => substitute(e, binding)));
      const Z = exactNullSpace(J, n, oracle);
      if (Z) {
        dim = Z.length;
        const H = data.hessian.map((row) => row.map((e) => substitute(e, binding)));
        const R = exactReduce(H, Z);
        const found = exactInertia(R, oracle);
        if (!found.undecided || (found.positive > 0 && found.negative > 0)) {
          inertia = found;
          evidence = worst;
        }
      }
    } catch {
      inertia = undefined; // an exact path that fails falls back to doubles below
    }
  }

  // Doubles: at the point, at every parameter sample.
  let eigenvalues: number[] = [];
  let numericInertias: Inertia[] = [];
  const samples = ctx.parameters.length > 0 ? ctx.samples : [new Map<string, number>()];
  for (const m of samples) {
    const env = new Map(m);
    const names = [...values.keys()];
    const vals = evaluateAt(names.map((k) => values.get(k)!), m);
    names.forEach((k, i) => env.set(k, vals[i]!));
    const J = rows.map((row) => evaluateAt(row, env));
    const H = data.hessian.map((row) => evaluateAt(row, env));
    if (J.flat().some((v) => !Number.isFinite(v)) || H.flat().some((v) => !Number.isFinite(v))) continue;
    const Z = numericNullSpace(J, n);
    const R = numericReduce(H, Z);
    const scale = Math.max(1, ...H.flat().map(Math.abs));
    const ni = numericInertia(R, scale);
    if (numericInertias.length === 0) {
      eigenvalues = ni.eigenvalues.map((v) => multiplierSign(problem) * v).sort((a, b) => a - b);
      if (!inertia) dim = Z.length;
    }
    numericInertias.push(ni);
  }
  if (!inertia) {
    if (numericInertias.length === 0) {
      return { classification: 'unknown', evidence: 'none', tangentDimension: dim, eigenvalues, notes: ['the Hessian is not finite at the point'] };
    }
    const first = numericInertias[0]!;
    const consistent = numericInertias.every((x) => x.positive === first.positive && x.negative === first.negative && x.zero === first.zero);
    if (!consistent) {
      return {
        classification: 'unknown',
        evidence: 'sampled',
        tangentDimension: dim,
        eigenvalues,
        notes: ['the signs of the reduced Hessian depend on the parameters'],
      };
    }
    inertia = first;
    evidence = ctx.parameters.length > 0 ? 'sampled' : 'numeric';
  }

  const classification = interpret(inertia, dim, strictlyActive.length > 0, weaklyActive.length > 0, problem.sense, notes);
  return { classification, evidence, tangentDimension: dim, eigenvalues, notes };
}

function rank(e: Evidence): number {
  return e === 'exact' ? 0 : e === 'numeric' ? 1 : e === 'sampled' ? 2 : 3;
}

/** From the inertia of R to a classification, by the rules in the module comment. */
function interpret(
  inertia: Inertia,
  dim: number,
  hasStrict: boolean,
  hasWeak: boolean,
  sense: Problem['sense'],
  notes: string[],
): Classification {
  const same: Classification = sense === 'minimize' ? 'minimum' : 'maximum';
  const opposite: Classification = sense === 'minimize' ? 'maximum' : 'minimum';
  if (dim === 0) {
    notes.push('the active constraints fix the point (tangent space {0})');
    return same;
  }
  const { positive, negative, zero } = inertia;
  if (positive > 0 && negative > 0) {
    if (hasWeak) {
      notes.push('the reduced Hessian is indefinite, but a constraint is active with a zero multiplier: the test is inconclusive');
      return 'degenerate';
    }
    return 'saddle';
  }
  if (inertia.undecided) return 'unknown';
  if (positive === dim) return same;
  if (negative === dim) {
    if (hasStrict) {
      notes.push('the objective improves along the active constraints and worsens into the feasible interior');
      return 'saddle';
    }
    return opposite;
  }
  notes.push(`the reduced Hessian is singular (${zero} zero eigenvalue${zero === 1 ? '' : 's'}): higher-order terms decide`);
  return 'degenerate';
}
