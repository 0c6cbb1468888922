/**
 * The Lagrangian of a program and its three families of stationarity conditions.
 *
 * Sign convention (seed 001, Tim Vieira's "autodiff by the method of Lagrange
 * multipliers"): the objective is the output variable z_out itself, and
 *
 *     L(x, z, λ) = z_out − Σ_i λ_i (z_i − f_i(parents of i)).
 *
 * Then
 *   ∂L/∂λ_i = −(z_i − f_i) = 0            the forward pass z_i = f_i(parents);
 *   ∂L/∂z_j = [j = out] − λ_j + Σ_{i ∈ children(j)} λ_i ∂f_i/∂z_j = 0
 *                                          the adjoint equations, so λ_out = 1 and
 *                                          λ_j = Σ_{children i} λ_i ∂f_i/∂z_j;
 *   ∂L/∂x   = Σ_{i ∈ children(x)} λ_i ∂f_i/∂x
 *                                          the gradient d z_out / dx at the solution.
 * λ_i is the sensitivity of the output to a perturbation of the i-th constraint, which is
 * the backpropagated adjoint (δ) of z_i.
 *
 * Every equation is assembled from the local partials ∂f_i/∂(parent), one forward-mode
 * derivative of one right-hand side each, so building the whole system is linear in
 * the program's size.
 */
import { derivative } from '../diff/index.js';
import { add, mul, neg, ONE, sub, sym, transform, ZERO, type Expr, type Sym } from '../expr/index.js';
import { programGraph, type ProgramGraph } from './graph.js';
import { multiplierName, type AdjointProgram } from './program.js';

/** The local partial derivative of one right-hand side with respect to one parent. */
export interface LocalPartial {
  /** The child assignment i (whose right-hand side is differentiated). */
  readonly child: string;
  /** The parent variable or input j. */
  readonly parent: string;
  /** ∂f_i/∂z_j as derived, over the program's symbols. */
  readonly raw: Expr;
  /**
   * The same, with f_i itself replaced by the symbol z_i wherever the rule reuses the
   * node's own value (d/dc exp(c) = exp(c) = d): equal to `raw` on the forward solution,
   * and what the backward pass computes, reusing forward values.
   */
  readonly value: Expr;
}

/** One adjoint equation λ_j = [j = out] + Σ λ_i ∂f_i/∂z_j, or one gradient component. */
export interface AdjointEquation {
  /** The variable (or input) j. */
  readonly name: string;
  /** The terms λ_i ∂f_i/∂z_j, one per child i, in forward order. */
  readonly terms: readonly LocalPartial[];
  /** 1 for the output variable (the seed), else 0. */
  readonly seed: 0 | 1;
  /** The right-hand side over z's and λ's, with the reused values of `LocalPartial.value` (what the backward pass computes). */
  readonly rhs: Expr;
  /** The right-hand side with the partials as derived (`LocalPartial.raw`): ∂L/∂z_j = 0 read literally. */
  readonly rawRhs: Expr;
}

/** The Lagrangian of a program and its conditions. */
export interface AdjointSystem {
  readonly program: AdjointProgram;
  readonly graph: ProgramGraph;
  /** L as a canonical expression (for checks; the derivation prints it in program order). */
  readonly lagrangian: Expr;
  /** The multiplier symbol of each assigned variable. */
  readonly multipliers: ReadonlyMap<string, Sym>;
  /** Local partials by child, then parent. */
  readonly partials: ReadonlyMap<string, ReadonlyMap<string, LocalPartial>>;
  /** Forward equations z_i = f_i, one per assignment, in forward order. */
  readonly forward: readonly { readonly name: string; readonly lhs: Sym; readonly rhs: Expr }[];
  /** Adjoint equations ∂L/∂z_j = 0 solved for λ_j, in forward order. */
  readonly adjoint: readonly AdjointEquation[];
  /** Gradient components ∂L/∂x, one per input, in input order. */
  readonly gradient: readonly AdjointEquation[];
}

/** Builds the Lagrangian and its conditions. Linear in the size of the program. */
export function adjointSystem(program: AdjointProgram): AdjointSystem {
  const graph = programGraph(program);
  const multipliers = new Map(program.assignments.map((a) => [a.name, sym(multiplierName(a.name))] as const));
  const partials = new Map<string, Map<string, LocalPartial>>();
  for (const a of graph.order) {
    const self = new Map<Expr, Expr>();
    if (a.rhs.kind !== 'sym' && a.rhs.kind !== 'num') self.set(a.rhs, a.symbol);
    const byParent = new Map<string, LocalPartial>();
    for (const q of [...graph.parents.get(a.name)!, ...graph.inputParents.get(a.name)!]) {
      const raw = derivative(a.rhs, q);
      const value = self.size > 0 ? transform([raw], (node) => self.get(node))[0]! : raw;
      byParent.set(q, { child: a.name, parent: q, raw, value });
    }
    partials.set(a.name, byParent);
  }

  const equation = (name: string, seed: 0 | 1): AdjointEquation => {
    const terms = graph.children.get(name)!.map((i) => partials.get(i)!.get(name)!);
    const rhs = add(seed === 1 ? ONE : ZERO, ...terms.map((t) => mul(multipliers.get(t.child)!, t.value)));
    const rawRhs = add(seed === 1 ? ONE : ZERO, ...terms.map((t) => mul(multipliers.get(t.child)!, t.raw)));
    return { name, terms, seed, rhs, rawRhs };
  };
  const adjoint = graph.order.map((a) => equation(a.name, a.name === program.output ? 1 : 0));
  const gradient = program.inputs.map((x) => equation(x, 0));
  const forward = graph.order.map((a) => ({ name: a.name, lhs: a.symbol, rhs: a.rhs }));
  const lagrangian = add(
    sym(program.output),
    ...program.assignments.map((a) => neg(mul(multipliers.get(a.name)!, sub(a.symbol, a.rhs)))),
  );
  return { program, graph, lagrangian, multipliers, partials, forward, adjoint, gradient };
}
