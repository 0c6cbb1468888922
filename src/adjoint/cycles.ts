/**
 * The steps of a cycle (a strongly connected component of a program): the forward solve
 * of z_S = F(z_S, outside) by Newton's method on its compiled residual and Jacobian, and
 * the adjoints from (I − ∂F/∂z)ᵀ λ_S = b by LU with pivoting (the implicit function
 * theorem). Both read and write the passes' shared state vector by slot.
 */
import { compile, type CompiledFunction } from '../compile/index.js';
import { derivative } from '../diff/index.js';
import { add, freeSymbols, mul, neg, ONE, sub, sym, ZERO, type Expr, type Sym } from '../expr/index.js';
import { luSolve, luSolveTransposed, SingularMatrixError } from '../numeric/index.js';
import type { ProgramBlock } from './graph.js';
import type { AdjointSystem } from './system.js';

/** One step of a pass: reads and writes the state vector. */
export type PassStep = (state: Float64Array) => void;

/** Raised when Newton's method does not solve a cycle of a program. */
export class ConvergenceError extends Error {
  override name = 'ConvergenceError';
  constructor(
    /** Variables of the cycle. */
    readonly variables: readonly string[],
    /** Newton iterations made. */
    readonly iterations: number,
    /** Largest |z_i − f_i(z)| at the last iterate. */
    readonly residual: number,
    /** The last iterate. */
    readonly point: readonly number[],
    /** Why it stopped. */
    readonly reason: string,
  ) {
    super(
      `the forward pass did not converge on the cycle {${variables.join(', ')}}: ${reason} after ${iterations} Newton iterations ` +
        `(residual ${residual.toExponential(2)} at ${variables.map((v, i) => `${v} = ${point[i]}`).join(', ')}); ` +
        `a different first guess may help: "start": {${variables.map((v) => `"${v}": ...`).join(', ')}} in the program file`,
    );
  }
}

/** Raised when the adjoint system of a cycle, (I − ∂F/∂z)ᵀ λ = b, is singular at the solution. */
export class SingularCycleError extends Error {
  override name = 'SingularCycleError';
  constructor(readonly variables: readonly string[]) {
    super(
      `I - dF/dz is singular on the cycle {${variables.join(', ')}} at the solution: the implicit function theorem does not apply ` +
        `and the variables are not differentiable functions of the inputs there`,
    );
  }
}

/** Options of the compiled passes. */
export interface PassOptions {
  /** Largest number of Newton iterations per cycle (default 100). */
  readonly maxIterations?: number;
  /** Convergence when max |z_i − f_i| ≤ tol · (1 + max |z_i|) (default 1e-13). */
  readonly tolerance?: number;
}

/**
 * Newton's method on the residual r(z_S) = z_S − F(z_S, outside) of a cycle, with its
 * Jacobian I − ∂F/∂z_S compiled together with it. Each iteration tries, in order, until
 * one reduces ‖r‖²: the Newton step with backtracking; the fixed-point step z ← F(z)
 * (the program read literally) with backtracking; Levenberg–Marquardt steps
 * (JᵀJ + μI) s = Jᵀr with growing μ, which exist even where J is singular. A start
 * where J is singular or a full step overshoots therefore does not end the solve; a
 * residual that no step reduces does, with the iterate and residual in the message.
 */
export function newtonStep(
  block: ProgramBlock,
  slot: ReadonlyMap<string, number>,
  start: Readonly<Record<string, number>> | undefined,
  options: PassOptions,
  count: (fn: CompiledFunction) => void,
): PassStep {
  const members = block.members;
  const m = members.length;
  const zs = members.map((a) => a.symbol);
  const residuals = members.map((a) => sub(a.symbol, a.rhs));
  const jac: Expr[] = [];
  for (const r of residuals) for (const z of zs) jac.push(derivative(r, z));
  const inside = new Set(zs.map((z) => z.name));
  const outside = new Set<string>();
  for (const a of members) for (const s of freeSymbols(a.rhs)) if (!inside.has(s)) outside.add(s);
  const outsideSyms: Sym[] = [...outside].map((s) => sym(s));
  const fn = compile([...residuals, ...jac], [...zs, ...outsideSyms]);
  count(fn);
  const gather = Int32Array.from(outsideSyms.map((s) => slot.get(s.name)!));
  const scatter = Int32Array.from(zs.map((z) => slot.get(z.name)!));
  const names = members.map((a) => a.name);
  const z0 = Float64Array.from(members.map((a) => start?.[a.name] ?? 0));
  const maxIterations = options.maxIterations ?? 100;
  const tol = options.tolerance ?? 1e-13;
  const input = new Float64Array(m + outsideSyms.length);
  const out = new Float64Array(m + m * m);
  const trial = new Float64Array(m + outsideSyms.length);
  const trialOut = new Float64Array(m + m * m);

  const maxAbs = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < m; i++) s = Math.max(s, Math.abs(v[i]!));
    return s;
  };
  const sumSq = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < m; i++) s += v[i]! * v[i]!;
    return s;
  };
  const fail = (it: number, reason: string): never => {
    throw new ConvergenceError(names, it, maxAbs(out), Array.from(input.subarray(0, m)), reason);
  };
  // Tries z − t·dir for t = 1, 1/2, ...; on a decrease of ‖r‖² moves there and returns true.
  const tryDirection = (dir: Float64Array, merit: number, halvings: number): boolean => {
    let t = 1;
    for (let h = 0; h <= halvings; h++, t /= 2) {
      for (let i = 0; i < m; i++) trial[i] = input[i]! - t * dir[i]!;
      fn.evaluate(trial, trialOut);
      const r = sumSq(trialOut);
      if (Number.isFinite(r) && r < merit) {
        input.set(trial);
        out.set(trialOut);
        return true;
      }
    }
    return false;
  };
  const newtonDirection = (): Float64Array | undefined => {
    try {
      return luSolve(out.subarray(m, m + m * m), m, out.subarray(0, m));
    } catch (err) {
      if (err instanceof SingularMatrixError) return undefined;
      throw err;
    }
  };
  const lmDirection = (mu: number): Float64Array | undefined => {
    const J = out.subarray(m, m + m * m);
    const A = new Float64Array(m * m);
    const g = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += J[k * m + i]! * J[k * m + j]!;
        A[i * m + j] = s + (i === j ? mu : 0);
      }
      let s = 0;
      for (let k = 0; k < m; k++) s += J[k * m + i]! * out[k]!;
      g[i] = s;
    }
    try {
      return luSolve(A, m, g);
    } catch (err) {
      if (err instanceof SingularMatrixError) return undefined;
      throw err;
    }
  };

  return (state) => {
    for (let k = 0; k < gather.length; k++) input[m + k] = state[gather[k]!]!;
    input.set(z0, 0);
    trial.set(input); // the outside values, read by every trial point
    fn.evaluate(input, out);
    for (let it = 0; ; it++) {
      const res = maxAbs(out);
      if (!Number.isFinite(res)) fail(it, 'the residual is not finite');
      if (res <= tol * (1 + maxAbs(input))) break;
      if (it >= maxIterations) fail(it, 'the iteration limit was reached');
      const merit = sumSq(out);
      const newton = newtonDirection();
      if (newton && tryDirection(newton, merit, 40)) continue;
      if (tryDirection(out.slice(0, m), merit, 20)) continue; // the fixed-point step z ← F(z) is z − r
      let moved = false;
      for (let mu = 1e-6 * Math.max(1, merit); mu < 1e12 * Math.max(1, merit) && !moved; mu *= 100) {
        const lm = lmDirection(mu);
        if (lm && tryDirection(lm, merit, 0)) moved = true;
      }
      if (moved) continue;
      // Nothing reduces the residual: converged to rounding level, or stuck at a local minimum of ‖r‖.
      if (res <= 1e3 * tol * (1 + maxAbs(input))) break;
      fail(it, 'no Newton, fixed-point or Levenberg-Marquardt step reduced the residual');
    }
    for (let k = 0; k < m; k++) state[scatter[k]!] = input[k]!;
  };
}

/** The adjoints of a cycle: (I − ∂F/∂z)ᵀ λ_S = b with b from the children outside it, by LU with pivoting. */
export function cycleAdjointStep(system: AdjointSystem, block: ProgramBlock, slot: ReadonlyMap<string, number>, count: (fn: CompiledFunction) => void): PassStep {
  const members = block.members;
  const m = members.length;
  const names = members.map((a) => a.name);
  const inBlock = new Set(names);
  const eqs = names.map((nm) => system.adjoint.find((e) => e.name === nm)!);
  const matrix: Expr[] = [];
  for (const i of names) {
    for (const j of names) {
      // Row i of I − J holds δ_ij − ∂f_i/∂z_j (raw partials: exact on and off the solution).
      const d = system.partials.get(i)!.get(j)?.raw ?? ZERO;
      matrix.push(i === j ? sub(ONE, d) : neg(d));
    }
  }
  const rhs = eqs.map((eq) =>
    add(eq.seed === 1 ? ONE : ZERO, ...eq.terms.filter((t) => !inBlock.has(t.child)).map((t) => mul(system.multipliers.get(t.child)!, t.value))),
  );
  const exprs = [...matrix, ...rhs];
  const used = new Set<string>();
  for (const e of exprs) for (const s of freeSymbols(e)) used.add(s);
  const symbols = [...used].map((s) => sym(s));
  const fn = compile(exprs, symbols);
  count(fn);
  const gather = Int32Array.from(symbols.map((s) => slot.get(s.name)!));
  const scatter = Int32Array.from(names.map((nm) => slot.get(system.multipliers.get(nm)!.name)!));
  const input = new Float64Array(symbols.length);
  const out = new Float64Array(m * m + m);
  return (state) => {
    for (let k = 0; k < gather.length; k++) input[k] = state[gather[k]!]!;
    fn.evaluate(input, out);
    let lambda: Float64Array;
    try {
      lambda = luSolveTransposed(out.subarray(0, m * m), m, out.subarray(m * m));
    } catch (err) {
      if (err instanceof SingularMatrixError) throw new SingularCycleError(names);
      throw err;
    }
    for (let k = 0; k < m; k++) state[scatter[k]!] = lambda[k]!;
  };
}
