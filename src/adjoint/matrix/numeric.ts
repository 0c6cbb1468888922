/**
 * Numbers for a matrix program at fixed dimensions: the compiled forward pass (one loop
 * plan per line, over the inputs and the variables before it), the compiled backward
 * pass (one plan for every multiplier and gradient in closed form, so the products they
 * share, `W2'*(z2 - y)`, are computed once), and the central-difference check of the
 * gradient through the numeric room's gradcheck.
 */
import { compileMatrix, resolveShape, toDense, type CompiledMatrix, type MatrixValue } from '../../compile/matrix/index.js';
import { gradcheck, type GradcheckOptions } from '../../numeric/index.js';
import type { MExpr } from '../../expr/matrix/index.js';
import { programGradcheck, type ProgramGradcheck } from '../check.js';
import type { MatrixAdjoints } from './adjoints.js';

/** A value of a node: row-major entries, or a number for a scalar. */
export type NodeValue = Float64Array | number;

/** The compiled passes of a matrix program at fixed dimensions. */
export interface MatrixPasses {
  /** Input names in call order (the program's). */
  readonly inputs: readonly string[];
  /** Numeric shapes of the inputs, in order. */
  readonly inputShapes: readonly (readonly [number, number])[];
  /** Is input i a scalar symbol (passed as a number)? */
  readonly scalarInput: readonly boolean[];
  /**
   * The forward pass: the variables' values in program order. The arrays are the plans'
   * own buffers, overwritten by the next call.
   */
  forward(inputs: readonly NodeValue[]): Float64Array[];
  /**
   * The backward pass from the forward values: the gradient of every input (in input
   * order) then every multiplier (in program order); the plan's own buffers.
   */
  backward(inputs: readonly NodeValue[], variables: readonly Float64Array[]): Float64Array[];
}

/** A declared vector or matrix is passed as an array even when its dimensions are 1; a scalar symbol as a number. */
const valueOf = (buf: Float64Array, node: MExpr): NodeValue => (node.kind === 'scalar' ? buf[0]! : buf);

/** Compiles both passes of a derived program for the given dimensions. */
export function compileMatrixPasses(d: MatrixAdjoints, dims: Readonly<Record<string, number>>): MatrixPasses {
  const { program } = d;
  const inputs = program.inputs.map((i) => i.name);
  const inputShapes = program.inputs.map((i) => resolveShape(i.node.shape, dims));
  const names = [...inputs];
  const lines: { plan: CompiledMatrix; node: MExpr }[] = [];
  for (const a of program.assignments) {
    lines.push({ plan: compileMatrix([a.rhs], [...names], dims), node: a.node });
    names.push(a.name);
  }
  const roots: MExpr[] = [...[...d.gradient.values()].map((g) => g.closed), ...program.assignments.map((a) => d.adjoints.get(a.name)!.closed)];
  const backwardPlan = compileMatrix(roots, names, dims);
  const args: NodeValue[] = [];
  return {
    inputs,
    inputShapes,
    scalarInput: program.inputs.map((i) => i.node.kind === 'scalar'),
    forward(values) {
      args.length = 0;
      args.push(...values);
      const out: Float64Array[] = [];
      for (const { plan, node } of lines) {
        const v = plan.evaluate(args)[0]!;
        out.push(v);
        args.push(valueOf(v, node));
      }
      return out;
    },
    backward(values, variables) {
      const all: NodeValue[] = [...values];
      variables.forEach((v, i) => all.push(valueOf(v, lines[i]!.node)));
      return backwardPlan.evaluate(all);
    },
  };
}

/** The inputs' values of the program's "at" as call arguments. */
export function inputValues(passes: MatrixPasses, at: Readonly<Record<string, MatrixValue>>): NodeValue[] {
  return passes.inputs.map((name, i) => {
    const [r, c] = passes.inputShapes[i]!;
    const v = at[name]!;
    if (passes.scalarInput[i]) return v as number;
    // A declared vector or matrix whose dimensions are 1 is still given as a list.
    const dense = toDense(name, r * c === 1 && Array.isArray(v) ? (v.flat() as number[]) : v, r, c);
    return dense.data;
  });
}

/** The entry names of the inputs in flattened order: `x[2]`, `W1[1,3]`, or the scalar's name. */
export function entryNames(passes: MatrixPasses): string[] {
  const out: string[] = [];
  passes.inputs.forEach((name, k) => {
    const [r, c] = passes.inputShapes[k]!;
    if (passes.scalarInput[k]) out.push(name);
    else for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.push(c === 1 ? `${name}[${i + 1}]` : `${name}[${i + 1},${j + 1}]`);
  });
  return out;
}

/** Largest number of input entries the central-difference check differentiates (each costs two forward passes). */
export const MAX_CHECKED_ENTRIES = 2000;

/**
 * Central differences of the compiled forward pass in every input entry against the
 * backward pass's gradient, at the given inputs (gradcheck's documented tolerances).
 */
export function checkMatrixGradient(passes: MatrixPasses, values: readonly NodeValue[], options: GradcheckOptions = {}): ProgramGradcheck {
  const sizes = passes.inputShapes.map(([r, c]) => r * c);
  const unflatten = (p: ArrayLike<number>): NodeValue[] => {
    let at = 0;
    return sizes.map((n, k) => {
      const slice = Float64Array.from({ length: n }, (_, i) => p[at + i]!);
      at += n;
      return passes.scalarInput[k] ? slice[0]! : slice;
    });
  };
  const flat: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') flat.push(v);
    else flat.push(...v);
  }
  const loss = (vals: NodeValue[]): number => {
    const vars = passes.forward(vals);
    return vars[vars.length - 1]![0]!;
  };
  const r = gradcheck(
    {
      f: (p) => loss(unflatten(p)),
      gradient: (p, out) => {
        const vals = unflatten(p);
        const vars = passes.forward(vals).map((v) => Float64Array.from(v));
        const grads = passes.backward(vals, vars);
        let at = 0;
        for (let k = 0; k < sizes.length; k++) {
          for (let i = 0; i < sizes[k]!; i++) (out as Float64Array)[at + i] = grads[k]![i]!;
          at += sizes[k]!;
        }
      },
      names: entryNames(passes),
    },
    Float64Array.from(flat),
    options,
  );
  return programGradcheck(r);
}
