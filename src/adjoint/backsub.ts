/**
 * Back-substitution: the adjoint equations solved in reverse topological order, giving
 * each multiplier in closed form over the program's variables (no λ left).
 *
 * Explicit blocks are solved one at a time: λ_j = [j = out] + Σ λ_i ∂f_i/∂z_j with every
 * λ_i of a child already known. A cycle S is solved as one linear system: for j in S,
 *
 *     λ_j − Σ_{i ∈ S} λ_i ∂f_i/∂z_j = b_j := [j = out] + Σ_{i ∉ S} λ_i ∂f_i/∂z_j,
 *
 * that is (I − ∂F/∂z)ᵀ λ_S = b (the implicit function theorem), solved symbolically by
 * Cramer's rule for up to three unknowns and by Gaussian elimination (assuming nonzero
 * symbolic pivots, stated in the derivation) beyond; the numeric values always come from
 * an LU solve with pivoting in the compiled passes.
 *
 * Closed forms can grow (a chain of products collects ever longer products), so the
 * work is capped by a budget; past it the closed forms are left out and the recursive
 * equations stand alone. The budget counts newly built nodes AND the operands of each
 * closed form built: canonical products flatten, so along a chain λ_i = λ_{i+1}·cos(a_i)
 * every λ is one new node holding all the factors after it (a 10⁴-line chain would hold
 * 5·10⁷ operands), and a count of nodes alone never noticed.
 */
import { add, children, div, DomainError, constructionCount, mul, neg, ONE, sub, ZERO, type Expr } from '../expr/index.js';
import type { ProgramBlock } from './graph.js';
import type { AdjointSystem } from './system.js';

/** The symbolic linear system of one cycle. */
export interface CycleSystem {
  /** The block's variables, in program order (rows and columns of the matrix). */
  readonly names: readonly string[];
  /** (I − ∂F/∂z)ᵀ: row j, column i holds δ_ij − ∂f_i/∂z_j, over the program's variables. */
  readonly matrix: readonly (readonly Expr[])[];
  /** The right-hand side b_j (in closed form when known, else with the children's λ symbols). */
  readonly rhs: readonly Expr[];
  /** True when the solution below used Gaussian elimination (symbolic pivots assumed nonzero). */
  readonly eliminated: boolean;
  /**
   * True when the symbolic solve divided by an exact zero: the matrix is singular for
   * every value of the variables (Cramer), or elimination without pivoting met a zero
   * pivot. The cycle's adjoints then have no closed form here.
   */
  readonly unsolved?: boolean;
}

/** The result of back-substitution. */
export interface BackSubstitution {
  /** λ_j in closed form over the variables and inputs, by variable name. */
  readonly adjoints: ReadonlyMap<string, Expr>;
  /** ∂(output)/∂x in closed form over the variables and inputs, by input name. */
  readonly gradient: ReadonlyMap<string, Expr>;
  /** One linear system per cycle, in backward order. */
  readonly cycles: readonly CycleSystem[];
  /** False when the node budget ran out; the maps then hold only what was finished. */
  readonly complete: boolean;
}

/** Default cap on the work of back-substitution: nodes built plus operands of the closed forms. */
export const BACKSUB_NODE_BUDGET = 200_000;

class BudgetExceeded extends Error {}

/** Back-substitutes the adjoint equations of a system. */
export function backSubstitute(system: AdjointSystem, budget = BACKSUB_NODE_BUDGET): BackSubstitution {
  const start = constructionCount();
  let operands = 0;
  // Operands of a closed form's top two levels: where flattening makes products and sums long.
  const charge = (e: Expr): void => {
    const kids = children(e);
    operands += kids.length;
    for (const k of kids) operands += children(k).length;
  };
  const check = (): void => {
    if (constructionCount() - start + operands > budget) throw new BudgetExceeded();
  };
  const adjoints = new Map<string, Expr>();
  const gradient = new Map<string, Expr>();
  const cycles: CycleSystem[] = [];
  const equations = new Map(system.adjoint.map((e) => [e.name, e] as const));
  const { blocks } = system.graph;
  try {
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b]!;
      if (!block.cyclic) {
        const eq = equations.get(block.members[0]!.name)!;
        const value = add(eq.seed === 1 ? ONE : ZERO, ...eq.terms.map((t) => mul(adjoints.get(t.child)!, t.value)));
        adjoints.set(eq.name, value);
        charge(value);
      } else {
        const cycle = solveCycle(system, block, adjoints);
        cycles.push(cycle.system);
        if (!cycle.values) return { adjoints, gradient, cycles, complete: false };
        cycle.values.forEach((v, k) => {
          adjoints.set(cycle.system.names[k]!, v);
          charge(v);
        });
      }
      check();
    }
    for (const eq of system.gradient) {
      const value = add(...eq.terms.map((t) => mul(adjoints.get(t.child)!, t.value)));
      gradient.set(eq.name, value);
      charge(value);
      check();
    }
  } catch (err) {
    if (err instanceof BudgetExceeded) return { adjoints, gradient, cycles, complete: false };
    throw err;
  }
  return { adjoints, gradient, cycles, complete: true };
}

/** The symbolic matrix and right-hand side of a cycle, with λ's of children outside it taken from `known`. */
export function cycleSystem(system: AdjointSystem, block: ProgramBlock, known: ReadonlyMap<string, Expr>, eliminated = false): CycleSystem {
  const names = block.members.map((m) => m.name);
  const inBlock = new Set(names);
  const eqs = names.map((n) => system.adjoint.find((e) => e.name === n)!);
  const matrix = eqs.map((eq) =>
    names.map((i) => {
      const t = eq.terms.find((term) => term.child === i);
      const d = t ? t.value : ZERO;
      return eq.name === i ? sub(ONE, d) : neg(d);
    }),
  );
  const rhs = eqs.map((eq) =>
    add(
      eq.seed === 1 ? ONE : ZERO,
      ...eq.terms.filter((t) => !inBlock.has(t.child)).map((t) => mul(known.get(t.child) ?? system.multipliers.get(t.child)!, t.value)),
    ),
  );
  return { names, matrix, rhs, eliminated };
}

function solveCycle(system: AdjointSystem, block: ProgramBlock, known: ReadonlyMap<string, Expr>): { system: CycleSystem; values?: Expr[] } {
  const n = block.members.length;
  const cs = cycleSystem(system, block, known, n > 3);
  try {
    return { system: cs, values: n <= 3 ? cramer(cs.matrix, cs.rhs) : eliminate(cs.matrix, cs.rhs) };
  } catch (err) {
    if (err instanceof DomainError) return { system: { ...cs, unsolved: true } };
    throw err;
  }
}

/** Determinant by cofactor expansion along the first row (n ≤ 3 here). */
function determinant(m: readonly (readonly Expr[])[]): Expr {
  const n = m.length;
  if (n === 1) return m[0]![0]!;
  if (n === 2) return sub(mul(m[0]![0]!, m[1]![1]!), mul(m[0]![1]!, m[1]![0]!));
  const terms: Expr[] = [];
  for (let j = 0; j < n; j++) {
    const minor = m.slice(1).map((row) => row.filter((_, k) => k !== j));
    const c = mul(m[0]![j]!, determinant(minor));
    terms.push(j % 2 === 0 ? c : neg(c));
  }
  return add(...terms);
}

/** Cramer's rule: x_k = det(A with column k replaced by b) / det(A). */
function cramer(m: readonly (readonly Expr[])[], b: readonly Expr[]): Expr[] {
  const det = determinant(m);
  return b.map((_, k) => div(determinant(m.map((row, r) => row.map((v, c) => (c === k ? b[r]! : v)))), det));
}

/** Gaussian elimination without pivoting over expressions, then back substitution. */
function eliminate(m: readonly (readonly Expr[])[], b: readonly Expr[]): Expr[] {
  const n = m.length;
  const a = m.map((row) => [...row]);
  const r = [...b];
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) {
      if (a[i]![k] === ZERO) continue;
      const f = div(a[i]![k]!, a[k]![k]!);
      for (let j = k; j < n; j++) a[i]![j] = sub(a[i]![j]!, mul(f, a[k]![j]!));
      r[i] = sub(r[i]!, mul(f, r[k]!));
    }
  }
  const x: Expr[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = r[i]!;
    for (let j = i + 1; j < n; j++) s = sub(s, mul(a[i]![j]!, x[j]!));
    x[i] = div(s, a[i]![i]!);
  }
  return x;
}
