/**
 * The lowered program: a language-neutral instruction list over numbered slots, typed
 * arrays and loop nests. `lower.ts` builds its scalar part from the DAG, `reroll.ts`
 * folds repeated structure into loops, `emit.ts` prints it as JavaScript; a printer for
 * another language (Python/NumPy, C) reads the same list. Nothing here is text: inputs
 * are positions, numbers are doubles, functions are FunctionName tags.
 *
 * Loops are first-class: a `loop` instruction runs its body `count` times with a loop
 * variable j_d (d = nesting depth, outermost 0); an element of an array is addressed by
 * an affine `Index` over the enclosing loop variables, so loop nests over matrix shapes
 * (dot, mat-vec, mat-mat, entrywise maps) are written with the same three pieces: a
 * loop, element operands, and stores or accumulations.
 */
import type { FunctionName } from '../expr/index.js';

/** offset + Σ_d strides[d]·j_d over the enclosing loop variables (outermost first). */
export interface Index {
  readonly offset: number;
  readonly strides: readonly number[];
}

/**
 * Where an instruction reads a value from. `slot` is a scalar computed earlier (outside
 * a loop, or earlier in the same iteration); the `...At` kinds are array elements:
 * `inputAt` the input vector (row of the current point in batch mode), `workAt` the
 * program's work arrays (values kept for other loops or later scalars), `tableAt` the
 * program's table of per-iteration constants.
 */
export type Operand =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'slot'; readonly slot: number }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'inputAt'; readonly at: Index }
  | { readonly kind: 'workAt'; readonly at: Index }
  | { readonly kind: 'tableAt'; readonly at: Index };

/** coef * (product of num) / (product of den). `coef` may be a table element inside a loop. */
export interface Product {
  readonly coef: number;
  /** Present inside loops when the coefficient differs per iteration (then `coef` is unused). */
  readonly coefAt?: Operand;
  readonly num: readonly Operand[];
  readonly den: readonly Operand[];
}

/** One signed term of a sum. */
export interface Term {
  readonly sign: 1 | -1;
  readonly product: Product;
}

/** A scalar instruction: computes the value of slot `out`. */
export type ScalarInstr =
  | { readonly op: 'sum'; readonly out: number; readonly terms: readonly Term[] }
  | { readonly op: 'prod'; readonly out: number; readonly product: Product }
  | { readonly op: 'call'; readonly out: number; readonly fn: FunctionName; readonly arg: Operand }
  | { readonly op: 'sqrt'; readonly out: number; readonly arg: Operand }
  | { readonly op: 'pow'; readonly out: number; readonly base: Operand; readonly exp: Operand };

/** A step of a loop body: a scalar instruction (its slot is local to the iteration), a store, an output write, an accumulation or a nested loop. */
export type BodyStep =
  | ScalarInstr
  | { readonly op: 'store'; readonly at: Index; readonly value: Operand }
  | { readonly op: 'output'; readonly at: Index; readonly value: Operand }
  | { readonly op: 'accumulate'; readonly acc: number; readonly term: Term }
  | Loop;

/**
 * A loop over j_depth = 0 … count−1. Each accumulator slot starts at 0 before the loop,
 * takes the `accumulate` steps of its body, and is an ordinary scalar slot after it.
 */
export interface Loop {
  readonly op: 'loop';
  readonly depth: number;
  readonly count: number;
  readonly accumulators: readonly number[];
  readonly body: readonly BodyStep[];
}

/** A top-level instruction. */
export type Instr = ScalarInstr | Loop;

/** The lowered program: instructions in execution order and where each output comes from. */
export interface Program {
  /** Number of input values (the variables, in order). */
  readonly inputCount: number;
  readonly instructions: readonly Instr[];
  /** The operand of each output; null when a loop writes it (an `output` body step). */
  readonly outputs: readonly (Operand | null)[];
  /** One more than the largest slot number. */
  readonly slotCount: number;
  /** Distinct DAG nodes under the outputs. */
  readonly nodeCount: number;
  /** Length of the work arrays read through `workAt` (0 without loops). */
  readonly workSize: number;
  /** Per-iteration constants read through `tableAt`. */
  readonly table: readonly number[];
}

/** A program without loops, as `lower` makes it. */
export interface ScalarProgram extends Program {
  readonly instructions: readonly ScalarInstr[];
  readonly outputs: readonly Operand[];
}

/** The operands a scalar instruction reads, in printing order. */
export function scalarOperands(ins: ScalarInstr): Operand[] {
  switch (ins.op) {
    case 'sum':
      return ins.terms.flatMap((t) => productOperands(t.product));
    case 'prod':
      return productOperands(ins.product);
    case 'call':
    case 'sqrt':
      return [ins.arg];
    case 'pow':
      return [ins.base, ins.exp];
  }
}

function productOperands(p: Product): Operand[] {
  return p.coefAt ? [p.coefAt, ...p.num, ...p.den] : [...p.num, ...p.den];
}

/** Operands of one body step (not descending into nested loops: a loop step gives none). */
export function stepOperands(step: BodyStep): Operand[] {
  switch (step.op) {
    case 'store':
    case 'output':
      return [step.value];
    case 'accumulate':
      return productOperands(step.term.product);
    case 'loop':
      return [];
    default:
      return scalarOperands(step);
  }
}

/**
 * Every operand an instruction reads from outside itself: a scalar's operands; for a
 * loop, the operands of its body (at any depth) except slots its body defines.
 */
export function operandsOf(ins: Instr): Operand[] {
  if (ins.op !== 'loop') return scalarOperands(ins);
  const defined = new Set<number>(ins.accumulators);
  const out: Operand[] = [];
  const stack: Loop[] = [ins];
  while (stack.length > 0) {
    const loop = stack.pop()!;
    for (const step of loop.body) {
      if (step.op === 'loop') {
        // Its accumulators are readable by the steps after it; its body is scanned later.
        for (const a of step.accumulators) defined.add(a);
        stack.push(step);
      } else {
        for (const op of stepOperands(step)) if (op.kind !== 'slot' || !defined.has(op.slot)) out.push(op);
        if (step.op !== 'store' && step.op !== 'output' && step.op !== 'accumulate') defined.add(step.out);
      }
    }
  }
  return out;
}

/** Slots an instruction makes readable after it: a scalar's `out`, a loop's accumulators. */
export function definedSlots(ins: Instr): readonly number[] {
  return ins.op === 'loop' ? ins.accumulators : [ins.out];
}

/** Number of scalar instructions, counting each loop body once: the size of the program as written. */
export function instructionCount(instructions: readonly Instr[]): number {
  let count = 0;
  const stack: BodyStep[] = [...instructions];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.op === 'loop') stack.push(...step.body);
    else if (step.op !== 'store' && step.op !== 'output') count++;
  }
  return count;
}
