/**
 * Sensitivities of the optimal value V by the envelope theorem: dV/dp = ∂L/∂p at the
 * optimum (x*, λ*, μ*), for each parameter p and for the right-hand side of each
 * constraint (the shadow price). With the sign convention of INTERFACE.md, perturbing a
 * constraint function by t (fn → fn + t·dfn/dt) gives dV/dt = s·m·dfn/dt, where s = +1
 * for minimise and −1 for maximise and m is the constraint's multiplier: for `lhs = rhs`
 * and `lhs <= rhs` raising the right-hand side gives dV/d(rhs) = −s·m, for `lhs >= rhs`
 * it gives +s·m.
 *
 * Each derivative is checked against a central finite difference of the re-solved
 * problem: the KKT system of the optimum's active set is solved again at p ± δ (the
 * same active set stays optimal near p under strict complementarity), the solution
 * nearest the optimum is taken, and its objective values are differenced.
 */
import { add, mul, num, substitute, sym, ZERO, type Expr } from '../expr/index.js';
import { derivative } from '../diff/index.js';
import { solveSystem } from '../solve/index.js';
import { evaluateAt, type ParameterContext } from '../parameters/index.js';
import { lagrangian, multiplierSign, stationarity } from './lagrangian.js';
import { withParameterValues, type Problem } from './problem.js';
import type { Sensitivity, SolvedPoint } from './types.js';

/** Computes the sensitivities at an optimum and checks them by finite differences where numbers allow. */
export function sensitivities(problem: Problem, point: SolvedPoint, ctx: ParameterContext): Sensitivity[] {
  const out: Sensitivity[] = [];
  const L = lagrangian(problem);
  const binding = new Map<Expr, Expr>([...point.values].map(([k, v]) => [sym(k), v] as [Expr, Expr]));
  const numericParams = problem.parameters.length === 0 ? new Map<string, number>() : ctx.hasUserValues ? ctx.samples[0]! : undefined;
  const s = multiplierSign(problem);

  for (const p of problem.parameters) {
    const d = substitute(derivative(L, p), binding);
    const value = numericParams ? evaluateAt([d], numericParams)[0]! : NaN;
    const fd = numericParams ? finiteDifference(problem, point, numericParams, { kind: 'parameter', name: p }) : undefined;
    out.push(finish({ target: p, kind: 'parameter', derivative: d, value, note: `dV/d${p} = dL/d${p} at the optimum` }, fd));
  }
  for (const c of problem.constraints) {
    const m = point.values.get(c.multiplier) ?? ZERO;
    const dfn = c.op === '>=' ? 1 : -1; // d fn / d rhs
    const d = mul(num(s * dfn), m);
    const value = numericParams ? evaluateAt([d], numericParams)[0]! : NaN;
    const fd = numericParams ? finiteDifference(problem, point, numericParams, { kind: 'rhs', index: c.index }) : undefined;
    const sign = s * dfn > 0 ? '' : '-';
    out.push(
      finish(
        {
          target: `rhs of ${c.text}`,
          kind: 'rhs',
          constraint: c.index,
          derivative: d,
          value,
          note: `dV/d(rhs) = ${sign}${c.multiplier} (shadow price)`,
        },
        fd,
      ),
    );
  }
  return out;
}

function finish(base: Omit<Sensitivity, 'finiteDifference' | 'relativeError'>, fd: number | undefined): Sensitivity {
  if (fd === undefined || !Number.isFinite(fd) || !Number.isFinite(base.value)) return base;
  return { ...base, finiteDifference: fd, relativeError: Math.abs(base.value - fd) / Math.max(1, Math.abs(base.value)) };
}

type Target = { kind: 'parameter'; name: string } | { kind: 'rhs'; index: number };

/** Central difference of the optimal value of the re-solved active-set system. */
function finiteDifference(problem: Problem, point: SolvedPoint, params: ReadonlyMap<string, number>, target: Target): number | undefined {
  // The step follows the size of what is varied (a radius eps = 0.01 needs a step well
  // below 0.01), with a floor so that a zero base still moves.
  const rhsValue = (): number => {
    const c = problem.constraints.find((k) => target.kind === 'rhs' && k.index === target.index)!;
    return evaluateAt([c.rhs], params)[0]!;
  };
  const base = target.kind === 'parameter' ? params.get(target.name)! : 0;
  const size = target.kind === 'parameter' ? Math.abs(base) : Math.abs(rhsValue());
  const h = 1e-4 * Math.max(Number.isFinite(size) ? size : 1, 1e-3);
  const here = problem.variables.map((v) => evaluateAt([point.values.get(v)!], params)[0]!);
  const values: number[] = [];
  for (const t of [h, -h]) {
    const numbers = new Map<string, Expr>([...params].map(([k, v]) => [k, num(v)] as [string, Expr]));
    if (target.kind === 'parameter') numbers.set(target.name, num(base + t));
    let perturbed = withParameterValues(problem, numbers);
    if (target.kind === 'rhs') perturbed = shiftRhs(perturbed, target.index, t);
    const v = resolveNear(perturbed, point.active, here);
    if (v === undefined) return undefined;
    values.push(v);
  }
  return (values[0]! - values[1]!) / (2 * h);
}

/** The problem with constraint `index`'s right-hand side raised by t. */
function shiftRhs(problem: Problem, index: number, t: number): Problem {
  const constraints = problem.constraints.map((c) => {
    if (c.index !== index) return c;
    const rhs = add(c.rhs, num(t));
    const fn = c.op === '>=' ? add(rhs, mul(num(-1), c.lhs)) : add(c.lhs, mul(num(-1), rhs));
    return { ...c, rhs, fn };
  });
  return {
    ...problem,
    constraints,
    equalities: constraints.filter((c) => c.kind === 'equality'),
    inequalities: constraints.filter((c) => c.kind === 'inequality'),
  };
}

/** Solves the active-set system and returns f at the solution nearest `near`. */
function resolveNear(problem: Problem, active: readonly number[], near: readonly number[]): number | undefined {
  const S = new Set(active);
  const equations = [...stationarity(problem, S), ...problem.equalities.map((c) => c.fn), ...active.map((j) => problem.inequalities[j]!.fn)];
  const unknowns = [...problem.variables, ...problem.equalities.map((c) => c.multiplier), ...active.map((j) => problem.inequalities[j]!.multiplier)];
  let result;
  try {
    result = solveSystem(equations, unknowns);
  } catch {
    return undefined;
  }
  let best: { d: number; f: number } | undefined;
  for (const sol of result.solutions) {
    const env = new Map<string, number>();
    for (const v of problem.variables) env.set(v, evaluateAt([sol.values.get(v)!], new Map())[0]!);
    const d = problem.variables.reduce((acc, v, i) => acc + (env.get(v)! - near[i]!) ** 2, 0);
    const f = evaluateAt([problem.objective], env)[0]!;
    if (!Number.isFinite(d) || !Number.isFinite(f)) continue;
    if (!best || d < best.d) best = { d, f };
  }
  return best?.f;
}
