/**
 * Printing a lowered Program as JavaScript source.
 *
 * The source is assembled only from fixed tokens, generated identifiers (`t12`, `c3`,
 * `x`, `w`, ...), doubles printed from the IR's rationals, and the `js` field of the
 * FUNCTIONS table. `checkGeneratedSource` re-reads the result token by token and
 * refuses anything else, so no name or literal from user text can reach `new Function`
 * even through a future bug in the lowering.
 *
 * Large programs are split into chunk functions that pass values through a shared
 * Float64Array work buffer `w` (CasADi's `w[k]`): V8 does not optimise a function whose
 * bytecode exceeds a fixed size (about 60 KB), and an unoptimised straight-line
 * gradient runs 20 times slower. A chunk closes at a character budget (bytecode is 0.6
 * to 0.95 bytes per character), and optionally at an instruction budget. Values used
 * only inside their own chunk stay local constants; a loop is one unit of a chunk. The
 * measurements behind these choices are in docs/benchmarks.md ("Chunk size, and what
 * V8 does with big straight-line code").
 *
 * The steps, one function each: `outputSlots` (which slot feeds which output),
 * `planChunks` (where chunks start), `exportedSlots` (what crosses chunks), `segment`
 * (one chunk's body), `singleDriver` and `batchDriver` (the entry points).
 */
import { checkGeneratedSource } from './check-source.js';
import { CodePrinter, type OutputTarget } from './emit-code.js';
import { definedSlots, operandsOf, type Instr, type Operand, type Program } from './program.js';

export { printNumber } from './emit-code.js';
export { checkGeneratedSource } from './check-source.js';

/** How the generated functions take their inputs and hand back their outputs. */
export interface Layout {
  /** Input arrays in order; input index i falls in the first array whose running count exceeds i. */
  readonly inputs: readonly { readonly name: 'x' | 'v'; readonly count: number }[];
  /**
   * `array`: `one(...inputs, out)` writes every output to `out[i]` and returns `out`.
   * `return-first`: `one(...inputs, g)` returns output 0 and writes output i to `g[i-1]`.
   */
  readonly single: 'array' | 'return-first';
  /** Also emit `batch(x, n, out)`: n points, rows of `x`, outputs row by row into `out`. */
  readonly batch: boolean;
  /** Most top-level instructions in one generated function; more are split into chunks. */
  readonly maxChunk: number;
  /** Most characters of statements in one generated function (a proxy for V8 bytecode size). */
  readonly maxChunkChars: number;
}

/** Generated source and facts about it. */
export interface Emitted {
  /** Body of a factory `new Function('w', 'u', 'k', 'h', source)` that returns `{ one, batch }`. */
  readonly source: string;
  /** Number of chunk functions (0 when the program fits in one function). */
  readonly chunks: number;
  /** Length of the work buffer `w`. */
  readonly workSize: number;
}

/** Where a segment writes output i (undefined: not written here). */
type Target = { readonly slot: (i: number) => string | undefined; readonly loop: OutputTarget };

/** Step 1: outputs by defining slot; outputs that are inputs, constants or array elements are written by the drivers. */
function outputSlots(outputs: readonly (Operand | null)[]): Map<number, number[]> {
  const bySlot = new Map<number, number[]>();
  outputs.forEach((op, i) => {
    if (op?.kind === 'slot') bySlot.set(op.slot, [...(bySlot.get(op.slot) ?? []), i]);
  });
  return bySlot;
}

/** Step 2: the first instruction of each chunk, closing a chunk when either budget is reached. */
function planChunks(sizes: readonly number[], layout: Layout): number[] {
  const starts: number[] = [0];
  let count = 0;
  let chars = 0;
  sizes.forEach((size, k) => {
    if (count > 0 && (count >= layout.maxChunk || chars + size > layout.maxChunkChars)) {
      starts.push(k);
      count = 0;
      chars = 0;
    }
    count++;
    chars += size;
  });
  return starts;
}

/** Step 3: slots read by a later chunk (or returned by a driver) live in the work buffer, by position. */
function exportedSlots(instructions: readonly Instr[], chunkOf: ReadonlyMap<number, number>, returned: Operand | null | undefined): Map<number, number> {
  const work = new Map<number, number>();
  const exportSlot = (slot: number): void => {
    if (!work.has(slot)) work.set(slot, work.size);
  };
  instructions.forEach((ins, k) => {
    for (const op of operandsOf(ins)) if (op.kind === 'slot' && chunkOf.get(op.slot) !== chunkOfInstr(chunkOf, ins, k)) exportSlot(op.slot);
  });
  if (returned?.kind === 'slot') exportSlot(returned.slot);
  return work;
}

function chunkOfInstr(chunkOf: ReadonlyMap<number, number>, ins: Instr, k: number): number | undefined {
  const defined = definedSlots(ins);
  return defined.length > 0 ? chunkOf.get(defined[0]!) : chunkOf.get(-1 - k);
}

/** Prints the program under the layout. */
export function emitProgram(program: Program, layout: Layout): Emitted {
  const { instructions, outputs } = program;
  const outputsOfSlot = outputSlots(outputs);
  const firstReturned = layout.single === 'return-first';
  const plain = new CodePrinter(layout, false);
  const offsetPrinter = new CodePrinter(layout, true);

  const statement = (ins: Instr, printer: CodePrinter, target: Target, indent: string): string[] => {
    if (ins.op === 'loop') return printer.loop(ins, target.loop, indent);
    return [`${indent}const t${ins.out} = ${printer.rhs(ins)};`];
  };
  // The text size of each instruction tracks V8's bytecode size.
  const sizeTarget: Target = { slot: () => undefined, loop: { array: 'out', base: 'q', shift: 0 } };
  const sizes = instructions.map(
    (ins) => statement(ins, offsetPrinter, sizeTarget, '').join('\n').length + 24 * definedSlots(ins).reduce((s, d) => s + (outputsOfSlot.get(d)?.length ?? 0), 0),
  );
  const starts = planChunks(sizes, layout);
  const chunked = starts.length > 1;
  const chunkCount = chunked ? starts.length : 0;
  const chunkOf = new Map<number, number>();
  starts.forEach((from, j) => {
    for (let k = from; k < (starts[j + 1] ?? instructions.length); k++) {
      const defined = definedSlots(instructions[k]!);
      for (const s of defined) chunkOf.set(s, j);
      if (defined.length === 0) chunkOf.set(-1 - k, j);
    }
  });
  const work = chunked ? exportedSlots(instructions, chunkOf, firstReturned ? outputs[0] : undefined) : new Map<number, number>();

  /**
   * Step 4: instructions [from, to) as one function body. Every input and imported
   * slot is loaded into a local first: each typed-array access is a deoptimisation
   * point that records the live values, so accesses scattered through a long body make
   * V8's optimising compile superlinear (measured: docs/benchmarks.md).
   */
  const segment = (from: number, to: number, printer: CodePrinter, target: Target, indent: string): string[] => {
    const inputsUsed = new Set<number>();
    const imported = new Set<number>();
    const local = new Set<number>();
    for (let k = from; k < to; k++) for (const s of definedSlots(instructions[k]!)) local.add(s);
    for (let k = from; k < to; k++) {
      for (const op of operandsOf(instructions[k]!)) {
        if (op.kind === 'input') inputsUsed.add(op.index);
        else if (op.kind === 'slot' && !local.has(op.slot)) imported.add(op.slot);
      }
    }
    const lines: string[] = [];
    for (const i of [...inputsUsed].sort((a, b) => a - b)) lines.push(`${indent}const ${printer.inputName(i).local} = ${printer.inputRead(i)};`);
    for (const slot of [...imported].sort((a, b) => a - b)) lines.push(`${indent}const t${slot} = w[${work.get(slot)!}];`);
    for (let k = from; k < to; k++) {
      const ins = instructions[k]!;
      lines.push(...statement(ins, printer, target, indent));
      // Stored right away: a store is a deoptimisation point, and a value kept alive
      // until a block of stores at the end would be recorded at every one of them.
      for (const slot of definedSlots(ins)) {
        const j = work.get(slot);
        if (j !== undefined) lines.push(`${indent}w[${j}] = t${slot};`);
        for (const i of outputsOfSlot.get(slot) ?? []) {
          const t = target.slot(i);
          if (t !== undefined) lines.push(`${indent}${t} = t${slot};`);
        }
      }
    }
    return lines;
  };

  const inputParams = layout.inputs.map((a) => a.name);
  const outParam = layout.single === 'array' ? 'out' : 'g';
  // Output i in a chunk goes to out[q + i]; the single-point driver of a return-first
  // layout passes g as out and q = -1, so output i lands in g[i - 1].
  const chunkTarget: Target = { slot: (i) => (firstReturned && i === 0 ? undefined : `out[q + ${i}]`), loop: { array: 'out', base: 'q', shift: 0 } };
  const singleTarget: Target =
    layout.single === 'array'
      ? { slot: (i) => `out[${i}]`, loop: { array: 'out', shift: 0 } }
      : { slot: (i) => (i === 0 ? undefined : `g[${i - 1}]`), loop: { array: 'g', shift: -1 } };
  const rowTarget: Target = { slot: (i) => `out[q + ${i}]`, loop: { array: 'out', base: 'q', shift: 0 } };
  // Outputs that are inputs, constants or array elements: written by the drivers.
  const driverOperand = (op: Operand, printer: CodePrinter): string => {
    if (op.kind === 'slot') return `w[${work.get(op.slot)!}]`;
    if (op.kind === 'input') return printer.inputRead(op.index);
    return printer.operand(op);
  };
  const nonSlotOutputs = (target: Target, printer: CodePrinter, indent: string): string[] =>
    outputs.flatMap((op, i) => {
      const t = target.slot(i);
      return op && op.kind !== 'slot' && t !== undefined ? [`${indent}${t} = ${driverOperand(op, printer)};`] : [];
    });

  const lines: string[] = [];
  if (chunked) {
    for (let j = 0; j < chunkCount; j++) {
      lines.push(`function c${j}(${[...inputParams, 'o', 'out', 'q'].join(', ')}) {`);
      lines.push(...segment(starts[j]!, starts[j + 1] ?? instructions.length, offsetPrinter, chunkTarget, '  '));
      lines.push('}');
    }
  }
  const calls = (offset: string, out: string, q: string, indent: string): string[] =>
    Array.from({ length: chunkCount }, (_, j) => `${indent}c${j}(${[...inputParams, offset, out, q].join(', ')});`);
  const returned = (printer: CodePrinter): string => {
    const op = outputs[0]!;
    return chunked || op.kind !== 'slot' ? driverOperand(op, printer) : printer.operand(op);
  };

  // Step 5: one point.
  lines.push(`function one(${[...inputParams, outParam].join(', ')}) {`);
  if (chunked) lines.push(...calls('0', outParam, firstReturned ? '-1' : '0', '  '));
  else lines.push(...segment(0, instructions.length, plain, singleTarget, '  '));
  lines.push(...nonSlotOutputs(singleTarget, plain, '  '));
  lines.push(firstReturned ? `  return ${returned(plain)};` : '  return out;');
  lines.push('}');

  // Step 6: N points, one loop.
  if (layout.batch) {
    if (layout.inputs.length !== 1) throw new Error('internal: batch evaluation takes one input array');
    lines.push('function batch(x, n, out) {');
    lines.push('  for (let r = 0; r < n; r++) {');
    lines.push(`    const o = r * ${layout.inputs[0]!.count};`);
    lines.push(`    const q = r * ${outputs.length};`);
    if (chunked) lines.push(...calls('o', 'out', 'q', '    '));
    else lines.push(...segment(0, instructions.length, offsetPrinter, rowTarget, '    '));
    lines.push(...nonSlotOutputs(rowTarget, offsetPrinter, '    '));
    if (firstReturned && chunked && outputs[0]!.kind === 'slot') lines.push(`    out[q] = ${returned(offsetPrinter)};`);
    lines.push('  }');
    lines.push('  return out;');
    lines.push('}');
  }
  lines.push(`return { one: one, batch: ${layout.batch ? 'batch' : 'undefined'} };`);
  const source = lines.join('\n');
  checkGeneratedSource(source);
  return { source, chunks: chunkCount, workSize: work.size };
}
