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
 * gradient runs 20 times slower. A chunk closes at an instruction budget or a character
 * budget (bytecode is 0.6 to 0.95 bytes per character). Values used only inside their
 * own chunk stay local constants. The measurements behind these choices are in
 * docs/benchmarks.md ("Chunk size, and what V8 does with big straight-line code").
 */
import { FUNCTIONS, GENERATED_HELPERS } from '../expr/index.js';
import { operandsOf, type Instr, type Operand, type Product, type Program } from './lower.js';

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
  /** Most instructions in one generated function; more are split into chunks. */
  readonly maxChunk: number;
  /** Most characters of statements in one generated function (a proxy for V8 bytecode size). */
  readonly maxChunkChars: number;
}

/** Generated source and facts about it. */
export interface Emitted {
  /** Body of a factory `new Function('w', source)` that returns `{ one, batch }`. */
  readonly source: string;
  /** Number of chunk functions (0 when the program fits in one function). */
  readonly chunks: number;
  /** Length of the work buffer `w`. */
  readonly workSize: number;
}

/** Prints a double so that it reads back as the same double. */
export function printNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  if (!/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(s) || Number(s) !== v) throw new Error(`internal: cannot print the number ${s}`);
  return v < 0 ? `(${s})` : s;
}

/** Where the segment printer writes output i (undefined: not written here). */
type Target = (i: number) => string | undefined;

/** Prints the program under the layout. */
export function emitProgram(program: Program, layout: Layout): Emitted {
  const { instructions, outputs } = program;

  // Outputs by defining slot; outputs that are inputs or constants are written by the drivers.
  const outputsOfSlot = new Map<number, number[]>();
  outputs.forEach((op, i) => {
    if (op.kind === 'slot') outputsOfSlot.set(op.slot, [...(outputsOfSlot.get(op.slot) ?? []), i]);
  });
  const firstReturned = layout.single === 'return-first';

  const inputName = (i: number): { array: string; local: string; index: number } => {
    let base = 0;
    for (const arr of layout.inputs) {
      if (i < base + arr.count) return { array: arr.name, local: `${arr.name === 'x' ? 'a' : 'b'}${i - base}`, index: i - base };
      base += arr.count;
    }
    throw new Error(`internal: input ${i} out of range`);
  };
  // Inside a segment every input and slot is a local constant; loads happen once, at the top.
  const operand = (op: Operand): string => {
    switch (op.kind) {
      case 'const':
        return printNumber(op.value);
      case 'input':
        return inputName(op.index).local;
      case 'slot':
        return `t${op.slot}`;
    }
  };
  // Outside segments (drivers) only inputs and constants are read directly.
  const driverOperand = (op: Operand, offset: boolean): string => {
    if (op.kind === 'slot') return `w[${work.get(op.slot)!}]`;
    if (op.kind === 'input') {
      const { array, index } = inputName(op.index);
      return offset && array === 'x' ? `${array}[o + ${index}]` : `${array}[${index}]`;
    }
    return operand(op);
  };
  const product = (p: Product): string => {
    const parts: string[] = p.num.map(operand);
    let text: string;
    if (p.coef === -1 && parts.length > 0) text = `-${parts.join(' * ')}`;
    else if (p.coef !== 1 || parts.length === 0) text = [printNumber(p.coef), ...parts].join(' * ');
    else text = parts.join(' * ');
    if (p.den.length === 1) text += ` / ${operand(p.den[0]!)}`;
    else if (p.den.length > 1) text += ` / (${p.den.map(operand).join(' * ')})`;
    return text;
  };
  const rhs = (ins: Instr): string => {
    switch (ins.op) {
      case 'sum':
        return ins.terms
          .map((t, i) => {
            const body = product(t.product);
            if (i === 0) return t.sign < 0 ? `-${body}` : body;
            return `${t.sign < 0 ? ' - ' : ' + '}${body}`;
          })
          .join('');
      case 'prod':
        return product(ins.product);
      case 'call':
        return FUNCTIONS[ins.fn].js(operand(ins.arg));
      case 'sqrt':
        return `Math.sqrt(${operand(ins.arg)})`;
      case 'pow':
        return `Math.pow(${operand(ins.base)}, ${operand(ins.exp)})`;
    }
  };

  // Chunks: consecutive instructions, closed when either budget is reached. The text
  // size tracks V8's bytecode size (measured 0.6 to 0.95 bytes per character).
  const texts = instructions.map((ins) => `const t${ins.out} = ${rhs(ins)};`.length + 24 * (outputsOfSlot.get(ins.out)?.length ?? 0));
  const starts: number[] = [0];
  {
    let count = 0;
    let chars = 0;
    instructions.forEach((_, k) => {
      if (count > 0 && (count >= layout.maxChunk || chars + texts[k]! > layout.maxChunkChars)) {
        starts.push(k);
        count = 0;
        chars = 0;
      }
      count++;
      chars += texts[k]!;
    });
  }
  const chunked = starts.length > 1;
  const chunkCount = chunked ? starts.length : 0;
  const chunkIndex = new Int32Array(instructions.length);
  starts.forEach((from, j) => chunkIndex.fill(j, from, starts[j + 1] ?? instructions.length));
  const chunkOf = (slot: number): number => chunkIndex[slot]!;

  // In chunked mode, slots read by a later chunk (or returned by a driver) live in the work buffer.
  const work = new Map<number, number>();
  const exportSlot = (slot: number): void => {
    if (!work.has(slot)) work.set(slot, work.size);
  };
  if (chunked) {
    for (const ins of instructions) {
      for (const op of operandsOf(ins)) if (op.kind === 'slot' && chunkOf(op.slot) !== chunkOf(ins.out)) exportSlot(op.slot);
    }
    if (firstReturned && outputs[0]!.kind === 'slot') exportSlot(outputs[0]!.slot);
  }

  /**
   * Instructions [from, to) as straight-line code. Every input and imported slot is
   * loaded into a local first: each typed-array access is a deoptimisation point that
   * records the live values, so accesses scattered through a long body make V8's
   * optimising compile superlinear (measured: docs/benchmarks.md).
   */
  const segment = (from: number, to: number, offset: boolean, target: Target, indent: string): string[] => {
    const inputsUsed = new Set<number>();
    const imported = new Set<number>();
    for (let k = from; k < to; k++) {
      for (const op of operandsOf(instructions[k]!)) {
        if (op.kind === 'input') inputsUsed.add(op.index);
        else if (op.kind === 'slot' && op.slot < from) imported.add(op.slot);
      }
    }
    const lines: string[] = [];
    for (const i of [...inputsUsed].sort((a, b) => a - b)) {
      const { array, local, index } = inputName(i);
      lines.push(`${indent}const ${local} = ${offset && array === 'x' ? `${array}[o + ${index}]` : `${array}[${index}]`};`);
    }
    for (const slot of [...imported].sort((a, b) => a - b)) lines.push(`${indent}const t${slot} = w[${work.get(slot)!}];`);
    for (let k = from; k < to; k++) {
      const ins = instructions[k]!;
      lines.push(`${indent}const t${ins.out} = ${rhs(ins)};`);
      // Stored right away: a store is a deoptimisation point, and a value kept alive
      // until a block of stores at the end would be recorded at every one of them.
      const j = work.get(ins.out);
      if (j !== undefined) lines.push(`${indent}w[${j}] = t${ins.out};`);
      for (const i of outputsOfSlot.get(ins.out) ?? []) {
        const t = target(i);
        if (t !== undefined) lines.push(`${indent}${t} = t${ins.out};`);
      }
    }
    return lines;
  };

  const inputParams = layout.inputs.map((a) => a.name);
  const outParam = layout.single === 'array' ? 'out' : 'g';
  const lines: string[] = [];
  // Output i in a chunk goes to out[q + i]; the single-point driver of a return-first
  // layout passes g as out and q = -1, so output i lands in g[i - 1].
  const chunkTarget: Target = (i) => (firstReturned && i === 0 ? undefined : `out[q + ${i}]`);
  const singleTarget: Target = (i) => (layout.single === 'array' ? `out[${i}]` : i === 0 ? undefined : `g[${i - 1}]`);
  const rowTarget: Target = (i) => `out[q + ${i}]`;
  const nonSlotOutputs = (target: Target, offset: boolean, indent: string): string[] =>
    outputs.flatMap((op, i) => {
      const t = target(i);
      return op.kind !== 'slot' && t !== undefined ? [`${indent}${t} = ${driverOperand(op, offset)};`] : [];
    });

  if (chunked) {
    for (let j = 0; j < chunkCount; j++) {
      const from = starts[j]!;
      const to = starts[j + 1] ?? instructions.length;
      lines.push(`function c${j}(${[...inputParams, 'o', 'w', 'out', 'q'].join(', ')}) {`);
      lines.push(...segment(from, to, true, chunkTarget, '  '));
      lines.push('}');
    }
  }
  const calls = (offset: string, out: string, q: string, indent: string): string[] =>
    Array.from({ length: chunkCount }, (_, j) => `${indent}c${j}(${[...inputParams, offset, 'w', out, q].join(', ')});`);
  const returned = (offset: boolean): string => {
    const op = outputs[0]!;
    return chunked || op.kind !== 'slot' ? driverOperand(op, offset) : operand(op);
  };

  // One point.
  lines.push(`function one(${[...inputParams, outParam].join(', ')}) {`);
  if (chunked) {
    lines.push(...calls('0', outParam, firstReturned ? '-1' : '0', '  '));
  } else {
    lines.push(...segment(0, instructions.length, false, singleTarget, '  '));
  }
  lines.push(...nonSlotOutputs(singleTarget, false, '  '));
  lines.push(firstReturned ? `  return ${returned(false)};` : '  return out;');
  lines.push('}');

  // N points, one loop.
  if (layout.batch) {
    if (layout.inputs.length !== 1) throw new Error('internal: batch evaluation takes one input array');
    lines.push('function batch(x, n, out) {');
    lines.push('  for (let r = 0; r < n; r++) {');
    lines.push(`    const o = r * ${layout.inputs[0]!.count};`);
    lines.push(`    const q = r * ${outputs.length};`);
    if (chunked) lines.push(...calls('o', 'out', 'q', '    '));
    else lines.push(...segment(0, instructions.length, true, rowTarget, '    '));
    lines.push(...nonSlotOutputs(rowTarget, true, '    '));
    if (firstReturned && chunked && outputs[0]!.kind === 'slot') lines.push(`    out[q] = ${returned(true)};`);
    lines.push('  }');
    lines.push('  return out;');
    lines.push('}');
  }
  lines.push(`return { one: one, batch: ${layout.batch ? 'batch' : 'undefined'} };`);
  const source = lines.join('\n');
  checkGeneratedSource(source);
  return { source, chunks: chunkCount, workSize: work.size };
}

const KEYWORDS = new Set(['function', 'return', 'const', 'let', 'for', 'undefined', 'Infinity', 'NaN', 'Math']);
const PARAMS = new Set(['x', 'v', 'w', 'h', 'out', 'g', 'o', 'q', 'r', 'n', 'one', 'batch']);
const MATH_MEMBERS = new Set([
  'exp', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'abs', 'sign', 'sqrt', 'pow', 'cbrt',
  'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'log1p', 'expm1', 'log2', 'log10', 'hypot', 'atan2',
  'floor', 'ceil', 'round', 'trunc', 'min', 'max', 'PI', 'E',
]);
/** Members of the helper object `h` (GENERATED_HELPERS of the rules table). */
const HELPER_MEMBERS = new Set<string>(Object.keys(GENERATED_HELPERS));
const PUNCTUATION = new Set(['(', ')', '{', '}', '[', ']', ';', ',', '.', ':', '+', '-', '*', '/', '=', '<', '++']);

/**
 * Refuses generated source that contains anything but the code generator's own
 * vocabulary: fixed keywords and parameters, `t<k>`/`c<k>` identifiers, `Math.<fn>`
 * from a fixed list, `h.<helper>` from GENERATED_HELPERS, decimal numbers and operators. There are no string literals,
 * comments or user names in valid output, so this check makes "user text never
 * reaches generated code" a checked invariant rather than a convention.
 */
export function checkGeneratedSource(source: string): void {
  const token = /\s+|(\d+(?:\.\d+)?(?:e[+-]\d+)?)|([A-Za-z_$][A-Za-z0-9_$]*)|(\+\+|[^\sA-Za-z0-9_$])/gy;
  let m: RegExpExecArray | null;
  let previous = '';
  let object = ''; // the name before the last '.', Math or h
  let pos = 0;
  while (pos < source.length && (m = token.exec(source)) !== null) {
    pos = token.lastIndex;
    const [text, number, ident, punct] = m;
    if (number !== undefined) {
      previous = text;
      continue;
    }
    if (ident !== undefined) {
      const members = object === 'h' ? HELPER_MEMBERS : MATH_MEMBERS;
      const ok = previous === '.' ? members.has(ident) : KEYWORDS.has(ident) || PARAMS.has(ident) || /^[tcab]\d+$/.test(ident);
      if (!ok) throw new Error(`internal: generated code contains the unexpected name "${ident}"`);
      previous = ident;
      continue;
    }
    if (punct !== undefined) {
      if (!PUNCTUATION.has(punct)) throw new Error(`internal: generated code contains the unexpected character "${punct}"`);
      if (punct === '.' && previous !== 'Math' && previous !== 'h') throw new Error('internal: generated code contains a property access');
      if (punct === '.') object = previous;
      if ((punct === '/' || punct === '*') && previous === '/') throw new Error('internal: generated code contains a comment');
      previous = punct;
    }
  }
  if (pos !== source.length) throw new Error('internal: generated code could not be tokenised');
}
