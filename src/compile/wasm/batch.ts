/**
 * The batched form of a compiled program as a WebAssembly SIMD kernel: two points per
 * f64x2 (lane 0 is point r, lane 1 point r + 1), the program's instructions translated
 * one for one (kernel.ts); here, what runs as a kernel, the memory and the driver. Arithmetic is done in the JS path's order (left to right, no fused
 * multiply-add), so values are the same double for double except where an `exp`, `log`,
 * `tanh`, `sin` or `cos` runs: those are math.ts's vector versions, within 2 ulp of
 * `Math.exp` and `Math.tanh` and 1 ulp of `Math.log`, `Math.sin` and `Math.cos`. Numbers are doubles: what the JS batch spends on `Math.exp` one double at
 * a time (8 per point for seed 004's wells) is here a SIMD polynomial.
 *
 * Memory is bounded whatever the batch size: the driver copies a block of at most
 * `blockPoints` input rows into a fixed region, runs the kernel over it, and copies the
 * output rows back, block after block. Small programs share one module-wide memory of
 * SHARED_MEMORY_BYTES (JavaScript runs one kernel at a time, and a call never leaves
 * its kernel); a program that needs more for two points gets its own, sized once.
 *
 * Programs the kernel cannot run exactly (tan, erf and the other functions without
 * a vector version, `pow` with a variable or non-integer exponent) keep the JS batch:
 * `wasmBatchUnsupported` says why, at compile time. The module is built from instruction
 * kinds, slot numbers and doubles only; no text from the user reaches it.
 */
import { fixedMemory, instantiate, PAGE_BYTES, wasmUnavailableReason } from './encoder.js';
import { batchModule, kernelImports, type BatchLayout, type WasmBatchOptions } from './kernel.js';
import type { BodyStep, Operand, Program } from '../program.js';

export type { BatchLayout, WasmBatchOptions } from './kernel.js';

/** Bytes of input and output rows one block aims at (fits the L2 cache with room to spare). */
export const BLOCK_BYTES = 1 << 17;
/** Most points in one block. */
export const MAX_BLOCK_POINTS = 1024;
/** Size of the memory that programs small enough share. */
export const SHARED_MEMORY_BYTES = 1 << 20;
/** Largest memory one program may ask for (two points' rows, work arrays and table); beyond it the JS batch runs. */
export const MAX_MEMORY_BYTES = 1 << 28;
/** Largest |n| of a constant integer power x^n computed by repeated squaring. */
export const MAX_SQUARED_POWER = 64;

/** Functions with a vector version here (math.ts); `abs` and `sign` are bit operations. */
const VECTOR_FUNCTIONS: ReadonlySet<string> = new Set(['exp', 'log', 'tanh', 'sin', 'cos', 'abs', 'sign']);

function isSquaredPower(exp: Operand): boolean {
  return exp.kind === 'const' && Number.isInteger(exp.value) && exp.value !== 0 && Math.abs(exp.value) <= MAX_SQUARED_POWER;
}

/** Why the program cannot run as a kernel, or undefined when it can. */
export function wasmBatchUnsupported(program: Program): string | undefined {
  const engine = wasmUnavailableReason();
  if (engine !== undefined) return engine;
  const stack: BodyStep[] = [...program.instructions];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.op === 'loop') stack.push(...step.body);
    else if (step.op === 'call' && !VECTOR_FUNCTIONS.has(step.fn)) return `no vector ${step.fn}`;
    else if (step.op === 'pow' && !isSquaredPower(step.exp)) return 'pow with a variable or non-integer exponent';
  }
  if (layoutFor(program) === undefined) return 'two points need more memory than MAX_MEMORY_BYTES';
  return undefined;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** The memory layout: table, work arrays (two lanes per element), a block of input rows, a block of output rows. */
export function layoutFor(program: Program): BatchLayout | undefined {
  const nIn = program.inputCount;
  const nOut = program.outputs.length;
  const rowBytes = 8 * (nIn + nOut);
  const table = 0;
  const work = align16(8 * program.table.length);
  const inputs = align16(work + 16 * program.workSize);
  const fixed = inputs;
  const pointsFor = (bytes: number): number => 2 * Math.floor(Math.min(MAX_BLOCK_POINTS, Math.floor(bytes / Math.max(rowBytes, 1))) / 2);
  // Shared memory when a block of at least two points fits there, else a memory of the program's own.
  let blockPoints = Math.max(2, pointsFor(Math.min(BLOCK_BYTES, SHARED_MEMORY_BYTES - fixed - 32)));
  const need = (points: number): number => align16(inputs + 8 * nIn * points) + 8 * nOut * points;
  if (need(blockPoints) > SHARED_MEMORY_BYTES) blockPoints = Math.max(2, pointsFor(BLOCK_BYTES));
  const scratch = align16(need(blockPoints));
  const bytes = scratch + 16;
  if (bytes > MAX_MEMORY_BYTES) return undefined;
  return { table, work, inputs, outputs: align16(inputs + 8 * nIn * blockPoints), scratch, blockPoints, bytes };
}

/** A batch function with the JS batch's signature, or why there is none. */
export type WasmBatch = { readonly batch: (x: Float64Array, n: number, out: Float64Array) => Float64Array; readonly memory: WebAssembly.Memory; readonly layout: BatchLayout };

let shared: WebAssembly.Memory | undefined;
/** The kernel whose table and constants the shared memory holds now. */
let sharedOwner: object | undefined;

/**
 * Builds, compiles and instantiates the kernel of a program and wraps it in the block
 * driver. Throws when the program is unsupported or the engine refuses the module (the
 * caller keeps the JS batch then).
 */
export function wasmBatch(program: Program, options: WasmBatchOptions = {}): WasmBatch {
  const why = wasmBatchUnsupported(program);
  if (why !== undefined) throw new Error(why);
  const layout = layoutFor(program)!;
  const { def, pool, bytes } = batchModule(program, layout, options);
  const own = bytes > SHARED_MEMORY_BYTES;
  const memory = own ? fixedMemory(def.memoryPages) : (shared ??= fixedMemory(SHARED_MEMORY_BYTES / PAGE_BYTES));
  const kernel = instantiate(def, memory, kernelImports(options.scalarMath === true)).batch as (count: number) => void;
  const nIn = program.inputCount;
  const nOut = program.outputs.length;
  const table = Float64Array.from(program.table);
  const B = layout.blockPoints;
  const inAt = layout.inputs / 8;
  const outAt = layout.outputs / 8;
  // The memory never grows, so one view serves every call.
  const f64 = new Float64Array(memory.buffer);
  const owner = {};
  const setUp = (): void => {
    f64.set(table, layout.table / 8);
    new Uint8Array(memory.buffer).set(pool, layout.bytes);
    if (!own) sharedOwner = owner;
  };
  if (own) setUp();
  const batch = (x: Float64Array, n: number, out: Float64Array): Float64Array => {
    // Another kernel may have put its table and constants in the shared memory since the last call.
    if (!own && sharedOwner !== owner) setUp();
    for (let s = 0; s < n; s += B) {
      const m = Math.min(B, n - s);
      f64.set(x.subarray(s * nIn, (s + m) * nIn), inAt);
      // An odd block: lane 1 of the last pair computes a copy of the last point, never read back.
      if (m & 1) f64.copyWithin(inAt + m * nIn, inAt + (m - 1) * nIn, inAt + m * nIn);
      kernel(m + (m & 1));
      out.set(f64.subarray(outAt, outAt + m * nOut), s * nOut);
    }
    return out;
  };
  return { batch, memory, layout };
}
