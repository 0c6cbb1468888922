/**
 * The whole adjoint method on one program: the Lagrangian and its conditions, the
 * back-substitution, the gradient in terms of the inputs, the compiled passes, their
 * values at the given point, and the central-difference check of the gradient.
 */
import { children, constructionCount, substitute, type Expr } from '../expr/index.js';
import { backSubstitute, BACKSUB_NODE_BUDGET, type BackSubstitution } from './backsub.js';
import { checkProgramGradient, type ProgramGradcheck } from './check.js';
import { compileProgram, ConvergenceError, SingularCycleError, type CompiledProgram, type PassOptions } from './passes.js';
import { parseProgram, type AdjointProgram, type ProgramSpec } from './program.js';
import { adjointSystem, type AdjointSystem } from './system.js';

/** Outcome of the method: `ok`, or why the numbers could not be produced. */
export type AdjointStatus = 'ok' | 'not_converged' | 'singular' | 'not_finite';

/** Numbers of both passes at the program's point. */
export interface AdjointValues {
  /** The output's value. */
  readonly value: number;
  /** z_v by variable. */
  readonly variables: ReadonlyMap<string, number>;
  /** λ_v by variable. */
  readonly multipliers: ReadonlyMap<string, number>;
  /** d output / d x by input. */
  readonly gradient: ReadonlyMap<string, number>;
}

/** Everything the method produced for one program. */
export interface AdjointAnalysis {
  readonly status: AdjointStatus;
  /** Why the status is not `ok`. */
  readonly message?: string;
  readonly program: AdjointProgram;
  readonly system: AdjointSystem;
  readonly backsub: BackSubstitution;
  /**
   * The gradient with every variable replaced by its definition, in terms of the inputs
   * only; absent for cyclic programs (their variables have no closed form) and when the
   * printed form would be too large to read.
   */
  readonly inlinedGradient?: ReadonlyMap<string, Expr>;
  readonly compiled: CompiledProgram;
  /** Largest printed size (tree nodes) of a closed form that the derivation and JSON print. */
  readonly printLimit: number;
  /** Present when the program gives a point (`at`) and the passes succeeded. */
  readonly values?: AdjointValues;
  /** Central differences of the (re-solved) forward pass against the adjoint gradient, at the point. */
  readonly check?: ProgramGradcheck;
}

/** Options of `analyzeProgram`. */
export interface AdjointOptions extends PassOptions {
  /** Node budget of the symbolic back-substitution (default BACKSUB_NODE_BUDGET). */
  readonly budget?: number;
  /**
   * Largest printed size (tree nodes) of a closed form that is printed (default 400). A
   * closed form is a DAG; printed as a tree it can grow exponentially with the program's
   * depth, so larger ones are shown in their recursive (local) form instead.
   */
  readonly printLimit?: number;
  /** Check the gradient by central differences when a point is given (default true). */
  readonly gradcheck?: boolean;
}

/** Runs the adjoint method on a program (parsed, or its JSON form, or JSON text). Throws ProgramError on bad input. */
export function analyzeProgram(input: AdjointProgram | ProgramSpec | string, options: AdjointOptions = {}): AdjointAnalysis {
  const program = isProgram(input) ? input : parseProgram(input);
  const system = adjointSystem(program);
  const backsub = backSubstitute(system, options.budget ?? BACKSUB_NODE_BUDGET);
  const printLimit = options.printLimit ?? 400;
  const inlinedGradient = inlineGradient(system, backsub, printLimit, options.budget ?? BACKSUB_NODE_BUDGET);
  const compiled = compileProgram(system, options);
  const base = { program, system, backsub, compiled, printLimit, ...(inlinedGradient ? { inlinedGradient } : {}) };
  if (!program.at) return { status: 'ok', ...base };
  const x = Float64Array.from(program.inputs.map((n) => program.at![n]!));
  try {
    const r = compiled.run(x);
    const values: AdjointValues = {
      value: r.value,
      variables: new Map(compiled.variables.map((v, i) => [v, r.z[i]!])),
      multipliers: new Map(compiled.variables.map((v, i) => [v, r.lambda[i]!])),
      gradient: new Map(program.inputs.map((n, i) => [n, r.gradient[i]!])),
    };
    const bad = compiled.variables.findIndex((_, i) => !Number.isFinite(r.z[i]!));
    if (bad >= 0) {
      const a = program.assignments.find((as) => as.name === compiled.variables[bad])!;
      const message = `"${a.name}" is ${r.z[bad]} at the point (program line ${a.line}: "${a.text.trim()}"): the point is outside the domain of the program`;
      return { status: 'not_finite', message, ...base, values };
    }
    const badGradient = program.inputs.find((_, i) => !Number.isFinite(r.gradient[i]!));
    if (badGradient !== undefined) {
      return { status: 'not_finite', message: `the derivative in "${badGradient}" is not finite at the point (a singularity of a derivative)`, ...base, values };
    }
    const check = options.gradcheck === false ? undefined : checkProgramGradient(compiled, x);
    return { status: 'ok', ...base, values, ...(check ? { check } : {}) };
  } catch (err) {
    if (err instanceof ConvergenceError) return { status: 'not_converged', message: err.message, ...base };
    if (err instanceof SingularCycleError) return { status: 'singular', message: err.message, ...base };
    throw err;
  }
}

function isProgram(x: unknown): x is AdjointProgram {
  return typeof x === 'object' && x !== null && Array.isArray((x as AdjointProgram).assignments);
}

/**
 * Printed size of e as a tree (shared nodes count once per use, as the printer prints
 * them), capped: the walk stops as soon as it has counted cap + 1 nodes, so a call costs
 * O(cap) whatever the size of the DAG under e (the derivation asks this of every
 * closed form; walking each one's whole DAG made a 10⁴-line chain quadratic).
 */
export function treeSize(e: Expr, cap: number): number {
  // Children are taken one at a time, so a node with 10⁴ factors costs no more than the cap.
  const stack: { kids: readonly Expr[]; next: number }[] = [{ kids: [e], next: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.kids.length) {
      stack.pop();
      continue;
    }
    const node = top.kids[top.next++]!;
    if (++count > cap) return cap + 1;
    const kids = children(node);
    if (kids.length > 0) stack.push({ kids, next: 0 });
  }
  return count;
}

/**
 * Replaces every variable in the closed-form gradient by its definition, in forward order
 * (each definition inlined once: the DAG stays linear thanks to interning), for acyclic
 * programs whose inlined gradient prints in at most `limit` tree nodes per component.
 */
function inlineGradient(system: AdjointSystem, backsub: BackSubstitution, limit: number, budget: number): Map<string, Expr> | undefined {
  if (!backsub.complete || system.graph.blocks.some((b) => b.cyclic)) return undefined;
  const start = constructionCount();
  const defs = new Map<Expr, Expr>();
  for (const a of system.graph.order) {
    defs.set(a.symbol, substitute(a.rhs, defs));
    if (constructionCount() - start > budget) return undefined;
  }
  const out = new Map<string, Expr>();
  for (const [x, g] of backsub.gradient) {
    const inlined = substitute(g, defs);
    if (treeSize(inlined, limit) > limit) return undefined;
    out.set(x, inlined);
  }
  return out;
}

/** Is e small enough to print (as a tree) within the analysis's limit? */
export function printable(a: Pick<AdjointAnalysis, 'printLimit'>, e: Expr): boolean {
  return treeSize(e, a.printLimit) <= a.printLimit;
}
