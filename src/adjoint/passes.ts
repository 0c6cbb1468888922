/**
 * The forward and backward passes of a program, compiled.
 *
 * The equations stay local (z_i and λ_i are symbols), and compiling them is linear in the
 * program's size: each segment of explicit assignments becomes ONE generated function
 * (`compile` from the compile room, common subexpressions computed once), in which every
 * variable is replaced by its value expression. Substituting naively would not be linear:
 * the IR's canonical sums and products flatten, so along a chain z_i = z_{i−1} + ... every
 * substituted sum would copy all earlier terms (quadratic). So each substituted value is
 * wrapped once, exactly: a sum as UNIT·(sum), a product as NIL + (product), where UNIT and
 * NIL are two reserved symbols fed the constants 1 and 0. Multiplying by 1 and adding 0
 * are exact in floating point, and the wrapper keeps every node's arity bounded by its
 * own line. (A `let`-binding option in `compile` would make the wrapper unnecessary.)
 *
 * For an acyclic program the forward pass, the backward pass and the gradient form one
 * DAG and one generated function: the backward pass reads the forward values it needs as
 * shared nodes, like hand-written backprop. A cyclic program is a sequence of steps over
 * one state vector [inputs | z (forward order) | λ (forward order) | gradient | 1, 0]:
 * explicit segments (one generated function each), a Newton solve per cycle on its
 * compiled residual and Jacobian, and an LU solve of (I − ∂F/∂z)ᵀ λ = b per cycle.
 */
import { compile, type CompiledFunction } from '../compile/index.js';
import { add, mul, substitute, sym, topologicalOrder, type Expr, type Sym } from '../expr/index.js';
import { cycleAdjointStep, newtonStep, type PassOptions, type PassStep } from './cycles.js';
import type { Assignment } from './program.js';
import type { ProgramBlock } from './graph.js';
import type { AdjointEquation, AdjointSystem } from './system.js';

export { ConvergenceError, SingularCycleError, type PassOptions } from './cycles.js';

/** A program's passes, compiled. */
export interface CompiledProgram {
  /** Inputs, in input order (the layout of x). */
  readonly inputs: readonly string[];
  /** Assigned variables, in forward order (the layout of z and λ). */
  readonly variables: readonly string[];
  /** Index of the output in `variables`. */
  readonly outputIndex: number;
  /** True when forward and backward passes are one generated function (acyclic programs). */
  readonly fused: boolean;
  /** Steps of the forward pass (explicit segments and cycles) and of the backward pass (with the gradient). */
  readonly forwardSteps: number;
  readonly backwardSteps: number;
  /** Instructions generated for `forward` and `valueAndGradient` (the step-wise `run` is compiled on first use). */
  readonly instructionCount: number;
  /** Characters of generated source behind `instructionCount`: the measure of code size (an instruction may have many operands). */
  readonly sourceSize: number;
  /** The output value at x; the z's land in `z` when given (forward order). */
  forward(x: Float64Array, z?: Float64Array): number;
  /** The output value at x and its gradient, written into `grad` (input order). */
  valueAndGradient(x: Float64Array, grad?: Float64Array): number;
  /** Every value of both passes at x (fresh arrays). */
  run(x: Float64Array): { value: number; z: Float64Array; lambda: Float64Array; gradient: Float64Array };
}

/** Fed the constant 1: `UNIT·s` keeps a substituted sum s from being flattened into its users. */
const UNIT = sym('<unit>');
/** Fed the constant 0: `NIL + p` keeps a substituted product p from being flattened into its users. */
const NIL = sym('<nil>');

/** Wraps a substituted value so canonical construction cannot flatten it into the expressions that use it. */
function wrap(e: Expr): Expr {
  if (e.kind === 'add') return mul(UNIT, e);
  if (e.kind === 'mul') return add(NIL, e);
  return e;
}

/**
 * Free symbols of several expressions, in first-seen order: one walk over their shared
 * DAG. (expr's `freeSymbols` caches a set per node, and along a backward chain, whose
 * λ's each reach every later z, those sets hold n²/2 names in all.)
 */
function symbolsOf(exprs: readonly Expr[]): Sym[] {
  return topologicalOrder(exprs).filter((node): node is Sym => node.kind === 'sym');
}

/** Compiles the forward and backward passes of an adjoint system. */
export function compileProgram(system: AdjointSystem, options: PassOptions = {}): CompiledProgram {
  const { program, graph } = system;
  const nIn = program.inputs.length;
  const vars = graph.order.map((a) => a.name);
  const n = vars.length;
  const slot = new Map<string, number>();
  program.inputs.forEach((x, i) => slot.set(x, i));
  vars.forEach((v, i) => {
    slot.set(v, nIn + i);
    slot.set(system.multipliers.get(v)!.name, nIn + n + i);
  });
  const gradBase = nIn + 2 * n;
  slot.set(UNIT.name, gradBase + nIn);
  slot.set(NIL.name, gradBase + nIn + 1);
  const stateSize = gradBase + nIn + 2;
  const outputIndex = vars.indexOf(program.output);
  const outSlot = nIn + outputIndex;
  const equations = new Map(system.adjoint.map((e) => [e.name, e] as const));
  let instructionCount = 0;
  let sourceSize = 0;

  /** One generated function over the state: reads the symbols it uses, writes `targets`. */
  const segment = (exprs: readonly Expr[], targets: readonly number[], count: boolean): PassStep => {
    const symbols = symbolsOf(exprs);
    const fn = compile(exprs, symbols);
    if (count) {
      instructionCount += fn.instructionCount;
      sourceSize += fn.source.length;
    }
    const gather = Int32Array.from(symbols.map((s) => slot.get(s.name)!));
    const scatter = Int32Array.from(targets);
    const input = new Float64Array(symbols.length);
    const output = new Float64Array(exprs.length);
    return (state) => {
      for (let k = 0; k < gather.length; k++) input[k] = state[gather[k]!]!;
      fn.evaluate(input, output);
      for (let k = 0; k < scatter.length; k++) state[scatter[k]!] = output[k]!;
    };
  };
  const tally = (fn: CompiledFunction): void => {
    instructionCount += fn.instructionCount;
    sourceSize += fn.source.length;
  };
  const lambdaSlot = (name: string): number => slot.get(system.multipliers.get(name)!.name)!;

  // Runs of consecutive explicit blocks, split at the cycles (forward order).
  type Piece = { readonly kind: 'explicit'; readonly members: Assignment[] } | { readonly kind: 'cycle'; readonly block: ProgramBlock };
  const pieces: Piece[] = [];
  for (const b of graph.blocks) {
    const last = pieces[pieces.length - 1];
    if (b.cyclic) pieces.push({ kind: 'cycle', block: b });
    else if (last && last.kind === 'explicit') last.members.push(b.members[0]!);
    else pieces.push({ kind: 'explicit', members: [b.members[0]!] });
  }

  // Values of a run of assignments, each substituted into the later ones (wrapped).
  const forwardValues = (members: readonly Assignment[], into: Map<Expr, Expr>): Expr[] =>
    members.map((a) => {
      const v = wrap(substitute(a.rhs, into));
      into.set(a.symbol, v);
      return v;
    });
  // Values of the multipliers of a run, last line first, each substituted into the earlier ones.
  const backwardValues = (eqs: readonly AdjointEquation[], into: Map<Expr, Expr>): Expr[] =>
    eqs.map((eq) => {
      const v = wrap(substitute(eq.rhs, into));
      into.set(system.multipliers.get(eq.name)!, v);
      return v;
    });

  const buildSteps = (count: boolean): { forward: PassStep[]; backward: PassStep[] } => {
    const forward: PassStep[] = [];
    for (const p of pieces) {
      if (p.kind === 'cycle') forward.push(newtonStep(p.block, slot, program.start, options, count ? tally : () => {}));
      else forward.push(segment(forwardValues(p.members, new Map()), p.members.map((a) => slot.get(a.name)!), count));
    }
    const backward: PassStep[] = [];
    for (let i = pieces.length - 1; i >= 0; i--) {
      const p = pieces[i]!;
      if (p.kind === 'cycle') backward.push(cycleAdjointStep(system, p.block, slot, count ? tally : () => {}));
      else {
        const eqs = [...p.members].reverse().map((a) => equations.get(a.name)!);
        backward.push(segment(backwardValues(eqs, new Map()), eqs.map((e) => lambdaSlot(e.name)), count));
      }
    }
    if (nIn > 0) backward.push(segment(system.gradient.map((g) => g.rhs), program.inputs.map((_, i) => gradBase + i), count));
    return { forward, backward };
  };

  const state = new Float64Array(stateSize);
  state[slot.get(UNIT.name)!] = 1;
  const load = (x: Float64Array): void => {
    if (x.length < nIn) throw new RangeError(`x has ${x.length} values, expected ${nIn} (${program.inputs.join(', ')})`);
    for (let i = 0; i < nIn; i++) state[i] = x[i]!;
  };
  let steps: { forward: PassStep[]; backward: PassStep[] } | undefined;
  const stepsNow = (count: boolean): { forward: PassStep[]; backward: PassStep[] } => (steps ??= buildSteps(count));
  const runSteps = (x: Float64Array, backward: boolean): void => {
    const s = stepsNow(false);
    load(x);
    for (const step of s.forward) step(state);
    if (backward) for (const step of s.backward) step(state);
  };
  const run = (x: Float64Array): ReturnType<CompiledProgram['run']> => {
    runSteps(x, true);
    return {
      value: state[outSlot]!,
      z: state.slice(nIn, nIn + n),
      lambda: state.slice(nIn + n, gradBase),
      gradient: state.slice(gradBase, gradBase + nIn),
    };
  };
  const base = { inputs: program.inputs, variables: vars, outputIndex, run };

  if (pieces.some((p) => p.kind === 'cycle')) {
    const s = stepsNow(true);
    return {
      ...base,
      fused: false,
      forwardSteps: s.forward.length,
      backwardSteps: s.backward.length,
      instructionCount,
      sourceSize,
      forward(x, z) {
        runSteps(x, false);
        if (z) z.set(state.subarray(nIn, nIn + n));
        return state[outSlot]!;
      },
      valueAndGradient(x, grad = new Float64Array(nIn)) {
        runSteps(x, true);
        grad.set(state.subarray(gradBase, gradBase + nIn));
        return state[outSlot]!;
      },
    };
  }

  // Acyclic: one DAG for both passes, over the inputs (and the two wrapper constants).
  const values = new Map<Expr, Expr>();
  forwardValues(graph.order, values);
  backwardValues([...graph.order].reverse().map((a) => equations.get(a.name)!), values);
  const valueExpr = values.get(sym(program.output))!;
  const gradExprs = system.gradient.map((g) => substitute(g.rhs, values));
  const inputSyms = [...program.inputs.map((x) => sym(x)), UNIT, NIL];
  const fwd: CompiledFunction = compile([valueExpr], inputSyms);
  const both: CompiledFunction = compile([valueExpr, ...gradExprs], inputSyms);
  instructionCount = fwd.instructionCount + both.instructionCount;
  sourceSize = fwd.source.length + both.source.length;
  const xin = new Float64Array(nIn + 2);
  xin[nIn] = 1;
  const out1 = new Float64Array(1);
  const outAll = new Float64Array(1 + nIn);
  const loadFused = (x: Float64Array): void => {
    if (x.length < nIn) throw new RangeError(`x has ${x.length} values, expected ${nIn} (${program.inputs.join(', ')})`);
    for (let i = 0; i < nIn; i++) xin[i] = x[i]!;
  };
  return {
    ...base,
    fused: true,
    forwardSteps: 1,
    backwardSteps: 1,
    instructionCount,
    sourceSize,
    forward(x, z) {
      if (z) {
        runSteps(x, false);
        z.set(state.subarray(nIn, nIn + n));
      }
      loadFused(x);
      return fwd.evaluate(xin, out1)[0]!;
    },
    valueAndGradient(x, grad = new Float64Array(nIn)) {
      loadFused(x);
      both.evaluate(xin, outAll);
      grad.set(outAll.subarray(1));
      return outAll[0]!;
    },
  };
}
