/**
 * The fused loops of a matrix plan (`planLoops` in fuse.ts) as WebAssembly with 128-bit
 * SIMD: two doubles per instruction where the JS emitter has one. Same loops, same
 * roles, same order; only the instruction width changes. Every buffer lives at a fixed
 * byte offset of one linear memory owned by the plan (plan.ts), and the dimensions are
 * numbers at compile time, so every address is a constant plus the row's offset.
 *
 * A loop runs four rows per iteration as two f64x2 pairs (rows i, i+1 and i+2, i+3), or
 * six as three pairs where the engine has fused multiply-adds (`relaxedSimd()`:
 * `f64x2.relaxed_madd`; `fma: false` in the plan's options keeps multiply then add):
 *
 * - a producer `A*v` computes the rows' dot products in one pass over v, one
 *   accumulator per row over column pairs (one chain per row), then folds them into the
 *   pairs with shuffles;
 * - entrywise nodes are f64x2 expressions over the pairs (exp, log, tanh, sin and cos
 *   from ../wasm/math.ts; sin and cos call the imported `Math.sin`/`Math.cos` for lanes
 *   beyond |x| ≈ 8.2e5, the range of their argument reduction);
 * - reductions accumulate a pair and add its lanes after the loop;
 * - a consumer `A'*c` adds the rows times their c_i to the output in one pass.
 *
 * The last `len % rows` rows run one at a time with the row's value in both lanes (a
 * reduction then keeps lane 0 only); an odd column count ends with one-lane loads and
 * stores. Closure calls of the plan (matrix-matrix products, inverses, ...) run from
 * JavaScript between the generated functions, over the same memory. The instructions of
 * each role are in wasm-roles.ts; this file lays out the loops around them.
 *
 * A loop of 2^18 multiply-adds or more (`chunkLoops`) is emitted as a function of a
 * range of rows, run once per chunk by ../wasm/pool.ts (worker threads over a shared
 * memory), each chunk's sums and consumer outputs going to its own block of partial sums;
 * a second function adds the blocks in chunk order.
 */
import type { MExpr } from '../../expr/matrix/index.js';
import { Body, Op, PAGE_BYTES, Simd, ValType, encodeModule, fixedMemory, instantiateModule, sharedMemory } from '../wasm/encoder.js';
import { SCALAR_FUNCTIONS, SCALAR_IMPORTS } from '../wasm/math.js';
import { chunkRunner, type ChunkJob } from '../wasm/pool.js';
import type { FusePlan, FusedLoop, LoopPlan } from './fuse.js';
import { columnLoop, consume, entry, produce, WasmUnsupported } from './wasm-roles.js';

export { WasmUnsupported, wasmUnsupportedReason } from './wasm-roles.js';

/**
 * Largest generated code (bytes of function bodies) and locals of one function; above
 * them a plan runs the JS loops. The logistic value and gradient take 2.2 KB and 165
 * locals; fifty inline exps 71 KB.
 */
const MAX_WASM_CODE = 1 << 16;
const MAX_WASM_LOCALS = 10_000;

/** Largest plan memory put in WebAssembly (bytes); larger plans run the JS loops. */
const MAX_WASM_BYTES = 1 << 30;

/**
 * A memory holding the buffers of `nodes` at 16-byte aligned offsets, then `scratch`
 * bytes (the chunks' partial sums) at `scratchOffset`, or why not. Its initial size is
 * its maximum: it can never grow, so views of it are never detached. `shared`: a
 * SharedArrayBuffer, for worker threads (pool.ts).
 */
export function wasmLayout(nodes: readonly MExpr[], lengthOf: (n: MExpr) => number, scratch = 0, shared = false): { memory: WebAssembly.Memory; offsets: Map<MExpr, number>; pages: number; scratchOffset: number } | string {
  const offsets = new Map<MExpr, number>();
  let bytes = 0;
  for (const n of nodes) {
    offsets.set(n, bytes);
    bytes += 16 * Math.ceil(lengthOf(n) / 2);
  }
  const scratchOffset = bytes;
  bytes += scratch;
  if (bytes > MAX_WASM_BYTES) return `buffers of ${bytes} bytes exceed the WebAssembly limit of ${MAX_WASM_BYTES}`;
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  try {
    return { memory: shared ? sharedMemory(pages) : fixedMemory(pages), offsets, pages, scratchOffset };
  } catch (err) {
    // Each memory reserves address space; an engine out of it refuses more (RangeError).
    return `no WebAssembly memory of ${pages} pages: ${(err as Error).message}`;
  }
}

/** A loop split into chunks of rows (pool.ts runs them, on one thread or several). */
export interface LoopChunks {
  /** Row boundaries: chunk k runs rows bounds[k] to bounds[k+1] - 1 (multiples of the rows per iteration, but the last). */
  readonly bounds: readonly number[];
  /** Byte offset, within a chunk's block of partial sums, of each reduction and accumulating consumer of the loop. */
  readonly partial: ReadonlyMap<MExpr, number>;
  /** Bytes of one chunk's block. */
  readonly stride: number;
}

/**
 * Multiply-adds (plus one per entrywise node and row) below which a loop runs in one
 * piece: handing chunks to another thread costs a few microseconds per call. Logistic
 * regression's value and gradient (4n² at m = 2n) cross it at n = 256. Measured with two
 * threads (scripts/bench-logistic-calls.ts, Zen 4): split at n = 200 no faster than whole
 * (20.9 against 20.6 µs), at n = 260 twice as fast (21 against 42 µs), at n = 1000 245
 * against 520 µs.
 */
export const MIN_CHUNKED_WORK = 1 << 18;
/** Work per chunk aimed at (16 chunks at 2000×1000; at least two chunks), and the most chunks of a loop. */
const CHUNK_WORK = 1 << 18;
const MAX_CHUNKS = 64;

/** Rows one iteration of a loop runs (two per f64x2 pair). */
export function rowsPerIteration(fma: boolean): number {
  return 2 * ROW_PAIRS[fma ? 'fma' : 'mul'];
}

/**
 * The loops worth splitting, and their chunks. The split depends on the sizes only, never
 * on the number of threads: every chunk sums its own rows, and the partial sums are
 * added in chunk order, so one thread and eight give the same bits.
 */
export function chunkLoops(plan: LoopPlan, fma: boolean): Map<FusedLoop, LoopChunks> {
  const out = new Map<FusedLoop, LoopChunks>();
  const rows = rowsPerIteration(fma);
  for (const item of plan.items) {
    if (item.kind !== 'loop') continue;
    let perRow = 0;
    for (const n of item.members) {
      const role = plan.roles.get(n)!;
      perRow += role.kind === 'produce' ? role.k : role.kind === 'consume' ? role.n : 1;
    }
    const work = item.len * perRow;
    const iterations = Math.floor(item.len / rows);
    if (work < MIN_CHUNKED_WORK || iterations < 2) continue;
    const count = Math.min(MAX_CHUNKS, iterations, Math.max(2, Math.floor(work / CHUNK_WORK)));
    const bounds = Array.from({ length: count + 1 }, (_, k) => (k === count ? item.len : rows * Math.round((k * iterations) / count)));
    const partial = new Map<MExpr, number>();
    let stride = 0;
    for (const n of item.members) {
      const role = plan.roles.get(n)!;
      if (role.kind === 'reduce') {
        partial.set(n, stride);
        stride += 16;
      } else if (role.kind === 'consume' && !role.outer) {
        partial.set(n, stride);
        stride += 16 * Math.ceil(role.n / 2);
      }
    }
    out.set(item, { bounds, partial, stride });
  }
  return out;
}

/** Bytes of partial sums the chunked loops need (they run one after another, so they share one area). */
export function chunkScratchBytes(chunks: ReadonlyMap<FusedLoop, LoopChunks>): number {
  let bytes = 0;
  for (const c of chunks.values()) bytes = Math.max(bytes, (c.bounds.length - 1) * c.stride);
  return bytes;
}

/** The chunk being run: its parameters (locals 0-3 of the chunk's function) and where its partial sums go. */
interface ChunkRange {
  readonly start: number;
  readonly whole: number;
  readonly end: number;
  readonly base: number;
  readonly partial: ReadonlyMap<MExpr, number>;
}

const { i32, v128 } = ValType;
const S = Simd;

/** How the plan's chunked loops run: the layout's scratch area and how many threads they may use. */
export interface ChunkOptions {
  readonly chunks: ReadonlyMap<FusedLoop, LoopChunks>;
  readonly scratchOffset: number;
  readonly threads: number;
}

/**
 * The function that runs the plan: generated functions for each run of consecutive
 * loops, the plan's closures in between; a chunked loop is a function run once per
 * chunk (by the pool) and one that adds the chunks' partial sums. `offset(n)` is the
 * byte offset of n's buffer. Also how many threads the chunked loops use.
 */
export function wasmRunner(p: FusePlan, plan: LoopPlan, offset: (n: MExpr) => number, memory: WebAssembly.Memory, pages: number, fma: boolean, chunking?: ChunkOptions): { run: () => void; threads: number } {
  const functions: { body: Body; export: string }[] = [];
  const steps: ({ call: () => void } | { fn: number } | { job: number })[] = [];
  const jobs: ChunkJob[] = [];
  let body: Body | undefined;
  for (const item of plan.items) {
    if (item.kind === 'call') {
      body = undefined;
      steps.push({ call: p.closures.get(item.node)! });
      continue;
    }
    const chunks = chunking?.chunks.get(item);
    if (chunks) {
      body = undefined;
      const chunk = new Body([i32, i32, i32, i32]);
      const name = `c${functions.length}`;
      functions.push({ body: chunk, export: name });
      emitLoop(chunk, item, p, plan, offset, fma, { start: 0, whole: 1, end: 2, base: 3, partial: chunks.partial });
      const rows = rowsPerIteration(fma);
      const count = chunks.bounds.length - 1;
      const args = new Int32Array(4 * count);
      for (let k = 0; k < count; k++) {
        const from = chunks.bounds[k]!;
        const to = chunks.bounds[k + 1]!;
        args.set([8 * from, 8 * (to - ((to - from) % rows)), 8 * to, chunking!.scratchOffset + k * chunks.stride], 4 * k);
      }
      steps.push({ job: jobs.length });
      jobs.push({ name, args });
      const combine = new Body();
      steps.push({ fn: functions.length });
      functions.push({ body: combine, export: `s${functions.length}` });
      emitCombine(combine, item, p, plan, offset, chunks, chunking!.scratchOffset);
      continue;
    }
    if (!body) {
      body = new Body();
      steps.push({ fn: functions.length });
      functions.push({ body, export: `s${functions.length}` });
    }
    emitLoop(body, item, p, plan, offset, fma);
  }
  const size = functions.reduce((t, f) => t + f.body.bytes.length, 0);
  const locals = Math.max(0, ...functions.map((f) => f.body.locals.length));
  // Compiling grows with the code (600 inline exps: 0.9 MB, 0.7 s, and V8 refuses 50,000 locals).
  if (size > MAX_WASM_CODE || locals > MAX_WASM_LOCALS) throw new WasmUnsupported(`the generated code is too large (${size} bytes, ${locals} locals in one function)`);
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  let module: WebAssembly.Module;
  let exports: WebAssembly.Exports;
  try {
    // Math.sin and Math.cos for the lanes of sin and cos beyond their vector range (math.ts).
    module = new WebAssembly.Module(encodeModule({ functions, memoryPages: pages, shared, imports: SCALAR_IMPORTS }));
    exports = instantiateModule(module, memory, SCALAR_FUNCTIONS);
  } catch (err) {
    // A module V8 refuses (a bug here, or an engine limit): the JS loops run instead.
    throw new WasmUnsupported(`the module did not compile: ${(err as Error).message}`);
  }
  // Worker threads can run the chunks only over a shared memory (plan.ts makes one when the plan may use them).
  const chunked = jobs.length > 0 ? chunkRunner(module, memory, exports, jobs, shared ? chunking!.threads : 1) : undefined;
  const run = steps.map((s) => ('call' in s ? s.call : 'job' in s ? () => chunked!.run(s.job) : (exports[`s${s.fn}`] as () => void)));
  const threads = chunked?.threads ?? 1;
  if (run.length === 1) return { run: run[0]!, threads };
  return {
    run: () => {
      for (let i = 0; i < run.length; i++) run[i]!();
    },
    threads,
  };
}

/**
 * Adds the chunks' partial sums of a chunked loop in chunk order into the buffers of its
 * reductions (then the square root of a norm, the scalar factors of a dot product) and
 * of its accumulating consumers.
 */
function emitCombine(b: Body, g: FusedLoop, p: FusePlan, plan: LoopPlan, offset: (n: MExpr) => number, chunks: LoopChunks, scratch: number): void {
  const count = chunks.bounds.length - 1;
  for (const n of g.members) {
    const role = plan.roles.get(n)!;
    const at = chunks.partial.get(n);
    if (at === undefined) continue;
    if (role.kind === 'reduce') {
      b.i32(0);
      for (let k = 0; k < count; k++) {
        b.i32(0).f64Load(scratch + k * chunks.stride + at);
        if (k > 0) b.op(Op.f64Add);
      }
      finishReduction(b, n, role.op, p, offset);
      b.f64Store(offset(n));
    } else if (role.kind === 'consume') {
      columnLoop(b, role.n, undefined, (col, _col, off, one) => {
        col();
        for (let k = 0; k < count; k++) {
          col();
          if (one) b.v128Load64Zero(scratch + k * chunks.stride + at + off); else b.v128Load(scratch + k * chunks.stride + at + off);
          if (k > 0) b.simd(S.f64x2Add);
        }
        if (one) b.v128Store64Lane(0, offset(n) + off); else b.v128Store(offset(n) + off);
      });
    }
  }
}

/** With a reduction's sum on the stack: its square root for a norm, times the scalar factors for a dot product. */
function finishReduction(b: Body, n: MExpr, op: 'sum' | 'norm' | 'dot', p: FusePlan, offset: (n: MExpr) => number): void {
  if (op === 'norm') b.op(Op.f64Sqrt);
  if (op === 'dot' && n.kind === 'mul') {
    for (const s of n.scalars) {
      const c = p.constant(s);
      if (c !== undefined) b.f64(c);
      else b.i32(0).f64Load(offset(s));
      b.op(Op.f64Mul);
    }
  }
}

/**
 * Rows per iteration, in f64x2 pairs of rows: with multiply then add, two pairs; with
 * fused multiply-adds, three. Measured at 2000×1000 and 200×100 (logistic and least
 * squares, value and gradient, Node 20 on Zen 4). Multiply then add: four rows were
 * fastest; eight were 5-40% slower (more live v128 values than the fifteen xmm
 * registers V8 allocates; TurboFan issues a block's loads before its arithmetic). The
 * pair count must then be a power of two (the consumer sums its rows as a binary tree).
 * Fused: the producer's accumulators are a chain of 4-cycle FMAs, so four rows wait on
 * latency (one FMA per cycle of two); six rows are 25% faster, eight spill accumulators
 * to the stack and are no faster than four.
 */
const ROW_PAIRS = { mul: 2, fma: 3 } as const;

/** One loop's code in `b`; with `range`, only the chunk's rows, its sums into its partial block. */
function emitLoop(b: Body, g: FusedLoop, p: FusePlan, plan: LoopPlan, offset: (n: MExpr) => number, fma: boolean, range?: ChunkRange): void {
  const roleOf = (n: MExpr) => plan.roles.get(n)!;
  const ib = b.local(i32); // 8·i: the byte offset of row i in a vector
  const PAIRS = ROW_PAIRS[fma ? 'fma' : 'mul'];
  const ROWS = 2 * PAIRS;
  const whole = g.len - (g.len % ROWS);
  const acc = new Map<MExpr, number>();
  const value = new Map<MExpr, number[]>();
  const coeff = new Map<MExpr, number[]>();
  const pairLocals = (): number[] => Array.from({ length: PAIRS }, () => b.local(v128));
  for (const n of g.members) {
    const role = roleOf(n);
    if (role.kind === 'reduce') {
      const a = b.local(v128);
      b.f64x2(0).set(a);
      acc.set(n, a);
    } else if (role.kind === 'consume') {
      coeff.set(n, pairLocals());
      if (!role.outer) {
        const zero = b.local(v128);
        b.f64x2(0).set(zero);
        const out = range ? range.partial.get(n)! : offset(n);
        columnLoop(b, role.n, undefined, (at, _col, off, one) => {
          at();
          if (range) b.get(range.base).op(Op.i32Add);
          b.get(zero);
          if (one) b.v128Store64Lane(0, out + off);
          else b.v128Store(out + off);
        });
      }
    } else value.set(n, pairLocals());
  }

  /** Pushes n at the current row(s), pair `q` (single: the row in both lanes). */
  const ref = (n: MExpr, q: number, single: boolean): void => {
    const c = p.constant(n);
    if (c !== undefined) b.f64x2(c);
    else if (plan.local(n, g)) b.get(value.get(n)![q]);
    else {
      const [r, cc] = p.shape(n);
      if (r * cc === 1) b.i32(0).v128Load64Splat(offset(n));
      else if (single) b.get(ib).v128Load64Splat(offset(n));
      else b.get(ib).v128Load(offset(n) + 16 * q);
    }
  };
  /** Pushes the product of the node's scalar factors times what `rest` pushes. */
  const scaled = (n: MExpr, q: number, single: boolean, rest: () => void): void => {
    // Left to right as the JS emitter writes it: s1 * s2 * ... * rest.
    const scalars = n.kind === 'mul' ? n.scalars : [];
    scalars.forEach((s, i) => { ref(s, q, single); if (i > 0) b.simd(S.f64x2Mul); });
    rest();
    if (scalars.length > 0) b.simd(S.f64x2Mul);
  };

  const member = (n: MExpr, q: number, single: boolean): void => {
    const role = roleOf(n);
    switch (role.kind) {
      case 'entry':
        entry(b, n, (m) => ref(m, q, single), p);
        b.set(value.get(n)![q]);
        break;
      case 'produce': {
        const v = value.get(n)![q];
        if (n.kind === 'mul' && n.scalars.length > 0) {
          scaled(n, q, single, () => b.get(v));
          b.set(v);
        }
        break;
      }
      case 'reduce': {
        const a = acc.get(n)!;
        b.get(a);
        const [x, y] = role.at;
        ref(x!, q, single);
        if (role.op === 'norm') { ref(x!, q, single); b.simd(S.f64x2Mul); }
        if (role.op === 'dot') { ref(y!, q, single); b.simd(S.f64x2Mul); }
        // One row in both lanes: count it once.
        if (single) b.i64x2(-1n, 0n).simd(S.and);
        b.simd(S.f64x2Add).set(a);
        break;
      }
      case 'consume':
        scaled(n, q, single, () => ref(role.c, q, single));
        b.set(coeff.get(n)![q]);
        break;
    }
    if ((role.kind === 'entry' || role.kind === 'produce') && plan.stored.has(n)) {
      b.get(ib).get(value.get(n)![q]);
      if (single) b.v128Store64Lane(0, offset(n));
      else b.v128Store(offset(n) + 16 * q);
    }
  };

  const iteration = (single: boolean): void => {
    const rows = single ? 1 : ROWS;
    for (const n of g.members) {
      const role = roleOf(n);
      if (role.kind === 'produce') produce(b, rows, ib, offset(role.A), role.k, offset(role.v), value.get(n)!, fma);
    }
    for (let q = 0; q < (single ? 1 : PAIRS); q++) for (const n of g.members) member(n, q, single);
    for (const n of g.members) {
      const role = roleOf(n);
      if (role.kind !== 'consume') continue;
      if (range && !role.outer) consume(b, rows, ib, offset(role.M), role.n, range.partial.get(n)!, coeff.get(n)!, false, fma, range.base);
      else consume(b, rows, ib, offset(role.M), role.n, offset(n), coeff.get(n)!, role.outer, fma);
    }
  };

  if (range) {
    // The chunk's whole iterations, then its single rows (only the last chunk has any).
    b.get(range.start).tee(ib).get(range.whole).op(Op.i32LtU).if().loop();
    iteration(false);
    b.get(ib).i32(8 * ROWS).op(Op.i32Add).tee(ib).get(range.whole).op(Op.i32LtU).brIf(0).end().end();
    b.get(range.whole).tee(ib).get(range.end).op(Op.i32LtU).if().loop();
    iteration(true);
    b.get(ib).i32(8).op(Op.i32Add).tee(ib).get(range.end).op(Op.i32LtU).brIf(0).end().end();
  } else {
    if (whole > 0) {
      b.i32(0).set(ib).loop();
      iteration(false);
      b.get(ib).i32(8 * ROWS).op(Op.i32Add).tee(ib).i32(8 * whole).op(Op.i32LtU).brIf(0).end();
    }
    if (g.len > whole) {
      b.i32(8 * whole).set(ib).loop();
      iteration(true);
      b.get(ib).i32(8).op(Op.i32Add).tee(ib).i32(8 * g.len).op(Op.i32LtU).brIf(0).end();
    }
  }

  for (const n of g.members) {
    const role = roleOf(n);
    if (role.kind !== 'reduce') continue;
    const a = acc.get(n)!;
    if (range) b.get(range.base); else b.i32(0);
    b.get(a).f64x2ExtractLane(0).get(a).f64x2ExtractLane(1).op(Op.f64Add);
    // A chunk stores its raw sum; the combining function finishes it.
    if (range) b.f64Store(range.partial.get(n)!);
    else {
      finishReduction(b, n, role.op, p, offset);
      b.f64Store(offset(n));
    }
  }
}
