/**
 * Which functions an export holds, each lowered once to a Program: for an expression
 * f, its gradient (and f with the gradient, sharing work), optionally the Hessian and a
 * Hessian-vector product; for a problem, the SciPy layout (objective, gradient,
 * Hessian, equality and inequality constraints with their Jacobians, inequalities as
 * −g ≥ 0) or the IPOPT layout (eval_f, eval_grad_f, eval_g, eval_jac_g, eval_h of the
 * Lagrangian σ∇²f + Σ λ_i ∇²c_i, lower triangle, both as triplets).
 */
import { gradient, hessian, hessianVectorProduct } from '../diff/index.js';
import { add, mul, neg, num, sym, Rational, type Expr, type Sym } from '../expr/index.js';
import { lowerForLayout } from '../compile/index.js';
import type { ExportFunction, InputArray } from './core.js';
import { ExportError } from './functions.js';

/** How repeated structure is written: as loops wherever a pattern repeats at least 4 times (`always`, the default for export: loops read better and compile smaller in every target language), only in programs over 1000 instructions (`auto`, compile's default), or never. */
export type LoopPolicy = 'auto' | 'always' | 'never';

/** A problem as the exporter needs it (the `solve` reader's Problem gives these fields). */
export interface ExportProblem {
  readonly variables: readonly string[];
  readonly sense: 'minimize' | 'maximize';
  readonly objective: Expr;
  /** Constraints in file order: h = 0 (`equality`) or g ≤ 0 (`inequality`). */
  readonly constraints: readonly { readonly kind: 'equality' | 'inequality'; readonly fn: Expr }[];
}

/** The structure of a sparse matrix: (row, column) of each stored entry, in value order. */
export interface Triplets {
  readonly rows: readonly number[];
  readonly cols: readonly number[];
}

/** The IPOPT layout's facts beside its functions. */
export interface IpoptFacts {
  readonly m: number;
  /** Per constraint: 0 ≤ c ≤ 0 for equalities, −∞ < c ≤ 0 for inequalities. */
  readonly kinds: readonly ('equality' | 'inequality')[];
  readonly jacobian: Triplets;
  readonly hessian: Triplets;
}

const isZero = (e: Expr): boolean => e.kind === 'num' && e.value.isZero;

function lowered(name: string, doc: string, roots: readonly Expr[], vars: readonly Sym[], inputs: readonly InputArray[], result: ExportFunction['result'], loops: LoopPolicy): ExportFunction {
  const program = lowerForLayout(roots, vars, inputs.map((a) => a.count), loops);
  return { name, doc, program, inputs, result };
}

/** Direction and multiplier symbols: their names contain '#', which the input syntax cannot write. */
function hidden(prefix: string, n: number): Sym[] {
  return Array.from({ length: n }, (_, i) => sym(`#export.${prefix}${i}`));
}

/** f, grad, f_grad, and optionally hess and hvp, for an expression over `variables`. */
export function expressionFunctions(e: Expr, variables: readonly string[], options: { hessian?: boolean; hvp?: boolean; loops?: LoopPolicy } = {}): ExportFunction[] {
  const vars = variables.map((v) => sym(v));
  const n = vars.length;
  const loops = options.loops ?? 'always';
  const x: InputArray[] = [{ name: 'x', count: n }];
  const g = gradient(e, vars);
  const out: ExportFunction[] = [
    lowered('f', 'f(x)', [e], vars, x, { kind: 'scalar' }, loops),
    lowered('grad', 'the gradient of f at x, length n', g, vars, x, { kind: 'vector' }, loops),
    lowered('f_grad', 'f(x) and its gradient, computed together (shared work once)', [e, ...g], vars, x, { kind: 'scalar+vector' }, loops),
  ];
  if (options.hessian) out.push(lowered('hess', 'the Hessian of f at x, n x n, row-major', hessian(e, vars).flat(), vars, x, { kind: 'matrix', rows: n, cols: n }, loops));
  if (options.hvp) {
    const v = hidden('v', n);
    out.push(lowered('hvp', 'the Hessian of f at x times the vector v, length n', hessianVectorProduct(e, vars, v), [...vars, ...v], [...x, { name: 'v', count: n }], { kind: 'vector' }, loops));
  }
  return out;
}

/** The objective to minimise: f, or −f for a maximisation (both SciPy and IPOPT minimise). */
function minimised(p: ExportProblem): Expr {
  return p.sense === 'maximize' ? neg(p.objective) : p.objective;
}

/**
 * The SciPy layout: `fun`, `jac`, `hess` (of the objective), and for each kind of
 * constraint present `eq_fun`/`eq_jac` (h = 0) and `ineq_fun`/`ineq_jac` (−g ≥ 0:
 * SciPy's `ineq` means fun ≥ 0, our g means g ≤ 0).
 */
export function scipyFunctions(p: ExportProblem, loops: LoopPolicy = 'always'): ExportFunction[] {
  const vars = p.variables.map((v) => sym(v));
  const n = vars.length;
  const x: InputArray[] = [{ name: 'x', count: n }];
  const f = minimised(p);
  const out: ExportFunction[] = [
    lowered('fun', p.sense === 'maximize' ? 'the objective to minimise: minus the maximised f' : 'the objective f', [f], vars, x, { kind: 'scalar' }, loops),
    lowered('jac', 'the gradient of fun, length n', gradient(f, vars), vars, x, { kind: 'vector' }, loops),
    lowered('hess', 'the Hessian of fun, n x n', hessian(f, vars).flat(), vars, x, { kind: 'matrix', rows: n, cols: n }, loops),
  ];
  const eq = p.constraints.filter((c) => c.kind === 'equality').map((c) => c.fn);
  const ineq = p.constraints.filter((c) => c.kind === 'inequality').map((c) => neg(c.fn));
  for (const [kind, list] of [['eq', eq], ['ineq', ineq]] as const) {
    if (list.length === 0) continue;
    const what = kind === 'eq' ? 'h(x) = 0' : '-g(x) >= 0 (SciPy ineq: fun >= 0; the problem has g <= 0)';
    out.push(lowered(`${kind}_fun`, `the ${kind === 'eq' ? 'equality' : 'inequality'} constraints in file order, ${what}`, list, vars, x, { kind: 'vector' }, loops));
    out.push(lowered(`${kind}_jac`, `the Jacobian of ${kind}_fun, ${list.length} x n, row-major`, list.flatMap((c) => gradient(c, vars)), vars, x, { kind: 'matrix', rows: list.length, cols: n }, loops));
  }
  return out;
}

/** The IPOPT layout: eval_f, eval_grad_f, eval_g, eval_jac_g (triplets, or dense), eval_h (lower triangle of the Lagrangian's Hessian). */
export function ipoptFunctions(p: ExportProblem, options: { dense?: boolean; loops?: LoopPolicy } = {}): { functions: ExportFunction[]; facts: IpoptFacts } {
  const loops = options.loops ?? 'always';
  const vars = p.variables.map((v) => sym(v));
  const n = vars.length;
  const m = p.constraints.length;
  const x: InputArray[] = [{ name: 'x', count: n }];
  const f = minimised(p);
  const cs = p.constraints.map((c) => c.fn);
  const jac: Triplets = { rows: [], cols: [] };
  const jacValues: Expr[] = [];
  cs.forEach((c, i) => {
    gradient(c, vars).forEach((d, j) => {
      if (!options.dense && isZero(d)) return;
      (jac.rows as number[]).push(i);
      (jac.cols as number[]).push(j);
      jacValues.push(d);
    });
  });
  const sigma = hidden('sigma', 1)[0]!;
  const lambda = hidden('lambda', m);
  const lagrangian = add(mul(sigma, f), ...cs.map((c, i) => mul(lambda[i]!, c)));
  const h = hessian(lagrangian, vars);
  const hess: Triplets = { rows: [], cols: [] };
  const hessValues: Expr[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const d = h[i]![j]!;
      if (!options.dense && isZero(d)) continue;
      (hess.rows as number[]).push(i);
      (hess.cols as number[]).push(j);
      hessValues.push(d);
    }
  }
  const functions: ExportFunction[] = [
    lowered('eval_f', 'the objective (minimised; a maximised f is negated)', [f], vars, x, { kind: 'scalar' }, loops),
    lowered('eval_grad_f', 'the gradient of eval_f', gradient(f, vars), vars, x, { kind: 'vector' }, loops),
    lowered('eval_g', 'the constraints in file order (h = 0: bounds 0, 0; g <= 0: bounds -inf, 0)', cs.length > 0 ? cs : [], vars, x, { kind: 'vector' }, loops),
    lowered('eval_jac_g', 'the Jacobian of eval_g at the stored entries', jacValues, vars, x, { kind: 'vector' }, loops),
    lowered(
      'eval_h',
      'the lower triangle of obj_factor * Hessian(f) + sum lambda[i] * Hessian(g_i) at the stored entries',
      hessValues,
      [...vars, sigma, ...lambda],
      [...x, { name: 'obj_factor', count: 1, scalar: true }, { name: 'lambda', count: m }],
      { kind: 'vector' },
      loops,
    ),
  ];
  return { functions, facts: { m, kinds: p.constraints.map((c) => c.kind), jacobian: jac, hessian: hess } };
}

/**
 * The problem with its parameters replaced by their `parameter_values`; a parameter
 * without a value is an ExportError (exported code takes only the variables).
 */
export function numericProblem<P extends { parameters: readonly string[]; parameterValues?: ReadonlyMap<string, number> }>(
  p: P,
  substitute: (p: P, values: ReadonlyMap<string, Expr>) => P,
): P {
  if (p.parameters.length === 0) return p;
  const missing = p.parameters.filter((q) => !p.parameterValues?.has(q));
  if (missing.length > 0) throw new ExportError(`export needs a number for every parameter: give "parameter_values" for ${missing.map((q) => JSON.stringify(q)).join(', ')}`);
  const values = new Map<string, Expr>();
  for (const [k, v] of p.parameterValues!) values.set(k, num(Rational.fromNumber(v)));
  return substitute(p, values);
}
