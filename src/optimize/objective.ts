/**
 * Symbolic functions made numeric for the optimisers: an objective compiled together
 * with its reverse-mode gradient (one generated function, batched over many points),
 * with the Hessian and Hessian-vector products compiled the first time a method asks
 * for them; and constraint functions compiled with their gradients.
 */
import { compile, compileGradient, compileHessian, compileHvp, type CompiledGradient, type CompiledHessian, type CompiledHvp } from '../compile/index.js';
import { gradient } from '../diff/index.js';
import type { Expr } from '../expr/index.js';
import type { ConstraintFunctions, Objective } from '../numeric/index.js';

/** An Objective built from an expression; `source` exposes the compiled pieces for inspection. */
export interface CompiledObjective extends Objective {
  readonly expression: Expr;
  readonly variables: readonly string[];
  /** f and ∇f (always compiled). */
  readonly valueAndGradientCode: CompiledGradient;
  /** Whether the Hessian / HVP have been compiled yet (they are compiled on first use). */
  readonly compiled: { readonly hessian: boolean; readonly hvp: boolean };
}

/** Compiles f and ∇f now; H and H·v on first use. */
export function compileObjective(f: Expr, variables: readonly string[]): CompiledObjective {
  const fg = compileGradient(f, variables);
  const d = variables.length;
  let hessian: CompiledHessian | undefined;
  let hvp: CompiledHvp | undefined;
  return {
    expression: f,
    variables,
    dimension: d,
    valueAndGradientCode: fg,
    get compiled() {
      return { hessian: hessian !== undefined, hvp: hvp !== undefined };
    },
    valueAndGradient: (x, g) => fg.valueAndGradient(x, g),
    evaluateBatch: (xs, n, out) => fg.evaluateBatch(xs, n, out),
    hessian(x, out) {
      hessian ??= compileHessian(f, variables);
      return hessian.evaluate(x, out);
    },
    hvp(x, v, out) {
      hvp ??= compileHvp(f, variables);
      return hvp.evaluate(x, v, out);
    },
  };
}

/**
 * Compiles h_1..h_p (= 0) and g_1..g_q (≤ 0) with their gradients into one function whose
 * output, per point, is [h_1, ∇h_1, ..., g_q, ∇g_q] (the layout of ConstraintFunctions).
 */
export function compileConstraints(equalities: readonly Expr[], inequalities: readonly Expr[], variables: readonly string[]): ConstraintFunctions {
  const all = [...equalities, ...inequalities];
  const roots = all.flatMap((c) => [c, ...gradient(c, variables)]);
  const fn = roots.length > 0 ? compile(roots, variables) : undefined;
  return {
    equalities: equalities.length,
    inequalities: inequalities.length,
    evaluate: (x, out) => (fn ? fn.evaluate(x, out) : out),
    evaluateBatch: (xs, n, out) => (fn ? fn.evaluateBatch(xs, n, out) : out),
  };
}
