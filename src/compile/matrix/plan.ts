/**
 * Compiled matrix expressions: with numbers for the dimensions, the DAG becomes a
 * list of steps over preallocated Float64Arrays (one buffer per node, shared
 * subexpressions computed once). Each node has a kernel closure from `kernels.ts`: dot,
 * matrix-vector (a transposed matrix is read in place, never formed), matrix-matrix,
 * entrywise maps; products of several factors are multiplied in the cheapest order
 * (`A'*(A*x)` before `(A'*A)*x`). By default `fuse.ts` then runs the entrywise nodes,
 * reductions and matrix-vector products that share a row index in one generated loop
 * (the other nodes' closures called from it). Nothing is unrolled per entry, so sizes
 * change loop bounds and buffer lengths, never the shape of the code. Where the engine
 * has WebAssembly SIMD and every fused node has an f64x2 spelling, `fuse-wasm.ts` emits
 * those loops as WebAssembly instead, and every buffer is a view of one memory owned
 * by the plan (inputs are copied in unless the caller passes `array(name)`).
 */
import { freeSymbols } from '../../expr/index.js';
import { mchildren, mtopologicalOrder, type MExpr } from '../../expr/matrix/index.js';
import { luFactor, luSolveFactored } from '../../linalg/lu.js';
import { dot } from '../../linalg/vector.js';
import { evaluate as evaluateScalar } from '../interpret.js';
import { InstanceError, resolveShape } from './evaluate.js';
import { fusedRunner, planLoops, type FusedLoop, type LoopInput } from './fuse.js';
import { chunkLoops, chunkScratchBytes, wasmLayout, wasmRunner, wasmUnsupportedReason, WasmUnsupported, type LoopChunks } from './fuse-wasm.js';
import { PAGE_BYTES, relaxedSimd, wasmUnavailableReason } from '../wasm/encoder.js';
import { defaultThreads, workerThreadsAvailable } from '../wasm/pool.js';
import { determinant, hadamardInto, linearCombination, mapKernel, powInto, transposeInto } from './kernels.js';
import { productStep, type ProductFactor } from './products.js';

/** A compiled list of matrix expressions at fixed dimensions. */
export interface CompiledMatrix {
  /** Input names in call order (declared vectors and matrices, and scalar symbols). */
  readonly inputs: readonly string[];
  /** Numeric shapes of the outputs. */
  readonly outputShapes: readonly (readonly [number, number])[];
  /**
   * Values at one point: `values[i]` is input i (row-major Float64Array, or a number for a
   * scalar). The returned arrays are the plan's own buffers, overwritten by the next call.
   */
  evaluate(values: readonly (Float64Array | number)[]): Float64Array[];
  /** Values at many points; each result is a fresh copy. */
  evaluateBatch(points: readonly (readonly (Float64Array | number)[])[]): Float64Array[][];
  /**
   * The plan's own array for the vector or matrix input `name` (row-major, its numeric
   * length), allocated once at compile time. Fill it once and pass this very array to
   * `evaluate`: the call then reads it in place. Any other Float64Array of the right
   * length is copied in (WebAssembly plans: into this array, overwriting it) or read by
   * reference (JS plans), so data that does not change between calls should live
   * here. The array stays valid for the plan's life (the memory behind it is sized
   * once and never grows).
   */
  array(name: string): Float64Array;
  /** How the plan runs, and why not with WebAssembly when it does not. */
  readonly info: MatrixPlanInfo;
}

/** Which backend runs a compiled plan. */
export interface MatrixPlanInfo {
  /** `wasm`: generated WebAssembly SIMD loops; `js-fused`: generated JS loops; `js-closures`: one kernel closure per node. */
  readonly backend: 'wasm' | 'js-fused' | 'js-closures';
  /** Why the plan is not on WebAssembly (unsupported node, no WebAssembly SIMD, option), when it is not. */
  readonly fallback?: string;
  /** Bytes of the plan's WebAssembly memory (buffers of inputs and intermediate nodes), when it has one. */
  readonly memoryBytes?: number;
  /** WebAssembly: whether the loops multiply-add with `f64x2.relaxed_madd` (one rounding where the CPU fuses it) or multiply then add. */
  readonly fma?: boolean;
  /**
   * WebAssembly: the loops large enough to split into chunks of rows (2^18 or more
   * multiply-adds), and the threads that run those chunks (1: this thread alone). The
   * chunks and their order of summation depend on the sizes only, so the values are the
   * same bits for every number of threads.
   */
  readonly chunkedLoops?: number;
  readonly threads?: number;
}

/** How a plan runs. */
export interface MatrixPlanOptions {
  /** Fused generated loops (`fuse.ts`, the default), or false: one kernel closure per node, in order. */
  readonly fuse?: boolean;
  /** Fused loops as WebAssembly SIMD (`fuse-wasm.ts`, the default where supported) or as JavaScript. */
  readonly backend?: 'wasm' | 'js';
  /** WebAssembly: fused multiply-adds (relaxed SIMD) where the engine has them (the default), or false: multiply then add. */
  readonly fma?: boolean;
  /**
   * WebAssembly: the most threads (this one included) that run the chunks of a large
   * loop; default the machine's cores, at most 8. Worker threads need a thread host,
   * which the Node entry (`lagrangian`, and the CLI) installs; with `lagrangian/core`
   * alone (a browser), or with 1, this thread runs every chunk. The values do not depend
   * on it.
   */
  readonly threads?: number;
}



/** Compiles the roots for the given dimensions; inputs name the values `evaluate` receives. */
export function compileMatrix(roots: readonly MExpr[], inputs: readonly string[], dims: Readonly<Record<string, number>>, options: MatrixPlanOptions = {}): CompiledMatrix {
  const order = mtopologicalOrder(roots);
  const index = new Map<MExpr, number>();
  order.forEach((n, i) => index.set(n, i));
  const lengthOf = (n: MExpr): number => {
    const [r, c] = resolveShape(n.shape, dims);
    return r * c;
  };
  // Which nodes need their own buffer filled: a transpose used only inside products is read in place.
  const needed = new Set<MExpr>(roots);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    if (!needed.has(node)) continue;
    for (const k of childrenRead(node)) needed.add(k);
  }

  // WebAssembly: every needed buffer at a fixed offset of one memory, sized here once.
  let fallback: string | undefined;
  if (options.fuse === false) fallback = 'fuse: false';
  else if (options.backend === 'js') fallback = "backend: 'js'";
  else fallback = wasmUnavailableReason();
  if (fallback === undefined) {
    const exponent = (e: MExpr): number | undefined => {
      if (e.kind !== 'scalar' || [...freeSymbols(e.expr)].some((s) => !(s in dims))) return undefined;
      return evaluateScalar(e.expr, dims);
    };
    for (const n of needed) fallback ??= wasmUnsupportedReason(n, exponent);
  }
  // The loops are planned from the DAG alone (which nodes run, their shapes), before the
  // memory exists: the chunks of the large ones need room for their partial sums in it.
  const neededOrder = order.filter((n) => needed.has(n));
  const shapeOnly: LoopInput = { order: neededOrder, slot: (n) => index.get(n)!, shape: (n) => resolveShape(n.shape, dims), reads: childrenRead, term: scaledTerm, runs: (n) => computes(n, dims), roots: new Set(roots) };
  const loops = options.fuse === false ? undefined : planLoops(shapeOnly);
  const fma = options.fma !== false && relaxedSimd();
  const chunks: ReadonlyMap<FusedLoop, LoopChunks> = fallback === undefined && loops ? chunkLoops(loops, fma) : new Map();
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  const shared = chunks.size > 0 && threads > 1 && workerThreadsAvailable();
  const layout = fallback === undefined ? wasmLayout(neededOrder, lengthOf, chunkScratchBytes(chunks), shared) : undefined;
  if (typeof layout === 'string') fallback = layout;
  const { memory, offsets, pages, scratchOffset } = typeof layout === 'object' ? layout : { memory: undefined, offsets: new Map<MExpr, number>(), pages: 0, scratchOffset: 0 };
  const buffers: Float64Array[] = order.map((n) => {
    const off = offsets.get(n);
    return memory && off !== undefined ? new Float64Array(memory.buffer, off, lengthOf(n)) : new Float64Array(lengthOf(n));
  });
  const inputIndex = new Map(inputs.map((name, i) => [name, i]));
  let current: readonly (Float64Array | number)[] = [];
  const scalarEnv: Record<string, number> = { ...dims };
  const scalarInputs: [string, number][] = [];
  for (const [name, i] of inputIndex) scalarInputs.push([name, i]);

  const buf = (n: MExpr): Float64Array => buffers[index.get(n)!]!;
  // The kernel closure of each node that computes something, by node.
  const closures = new Map<MExpr, () => void>();
  let stepOf: MExpr | undefined;
  const steps = { push: (f: () => void): void => void closures.set(stepOf!, f) };
  const constants = new Map<MExpr, number>();
  const bindings: { input: number; slot: number; len: number; name: string }[] = [];
  for (const node of order) {
    if (!needed.has(node)) continue;
    stepOf = node;
    const out = buf(node);
    const len = out.length;
    switch (node.kind) {
      case 'var': {
        const i = inputIndex.get(node.name);
        if (i === undefined) throw new InstanceError(`'${node.name}' is not among the inputs`);
        bindings.push({ input: i, slot: index.get(node)!, len, name: node.name });
        break;
      }
      case 'scalar': {
        const free = [...freeSymbols(node.expr)].filter((s) => !(s in dims));
        if (free.length === 0) constants.set(node, (out[0] = evaluateScalar(node.expr, dims)));
        else {
          for (const s of free) if (!inputIndex.has(s)) throw new InstanceError(`the scalar '${s}' is not among the inputs`);
          steps.push(() => {
            for (const [name, i] of scalarInputs) {
              const v = current[i];
              if (typeof v === 'number') scalarEnv[name] = v;
            }
            out[0] = evaluateScalar(node.expr, scalarEnv);
          });
        }
        break;
      }
      case 'eye': {
        const [r] = resolveShape(node.shape, dims);
        for (let i = 0; i < r; i++) out[i * r + i] = 1;
        break;
      }
      case 'ones':
        out.fill(1);
        constants.set(node, 1);
        break;
      case 'zero':
        constants.set(node, 0);
        break;
      case 'add': {
        const parts = node.terms.map(scaledTerm);
        const terms = parts.map((p) => index.get(p.base)!);
        const coeffs = Float64Array.from(parts, (p) => p.coeff);
        const list: Float64Array[] = new Array(terms.length);
        steps.push(() => {
          for (let t = 0; t < terms.length; t++) list[t] = buffers[terms[t]!]!;
          linearCombination(list, coeffs, out, len);
        });
        break;
      }
      case 'mul':
        steps.push(productStep(node.scalars.map((s) => index.get(s)!), node.chain.map((f) => operandOf(f)), index.get(node)!, buffers, len));
        break;
      case 'transpose': {
        const a = index.get(node.arg)!;
        const [r, c] = resolveShape(node.arg.shape, dims);
        steps.push(() => transposeInto(buffers[a]!, r, c, out));
        break;
      }
      case 'hadamard': {
        const fs = node.factors.map((f) => index.get(f)!);
        const list: Float64Array[] = new Array(fs.length);
        steps.push(() => {
          for (let t = 0; t < fs.length; t++) list[t] = buffers[fs[t]!]!;
          hadamardInto(list, out, len);
        });
        break;
      }
      case 'pow': {
        const b = index.get(node.base)!;
        const e = index.get(node.exp)!;
        steps.push(() => powInto(buffers[b]!, buffers[e]![0]!, out, len));
        break;
      }
      case 'map': {
        const a = index.get(node.arg)!;
        const kernel = mapKernel(node.fn);
        steps.push(() => kernel(buffers[a]!, out, len));
        break;
      }
      case 'sum': {
        const a = index.get(node.arg)!;
        steps.push(() => {
          const v = buffers[a]!;
          let s = 0;
          for (let i = 0; i < v.length; i++) s += v[i]!;
          out[0] = s;
        });
        break;
      }
      case 'norm': {
        const a = index.get(node.arg)!;
        steps.push(() => {
          const v = buffers[a]!;
          out[0] = Math.sqrt(dot(v, v, v.length));
        });
        break;
      }
      case 'tr': {
        const a = index.get(node.arg)!;
        const [r] = resolveShape(node.arg.shape, dims);
        steps.push(() => {
          let s = 0;
          for (let i = 0; i < r; i++) s += buffers[a]![i * r + i]!;
          out[0] = s;
        });
        break;
      }
      case 'det':
      case 'logdet': {
        const a = index.get(node.arg)!;
        const [r] = resolveShape(node.arg.shape, dims);
        const log = node.kind === 'logdet';
        steps.push(() => {
          const d = determinant(buffers[a]!, r);
          out[0] = log ? Math.log(d) : d;
        });
        break;
      }
      case 'inv': {
        const a = index.get(node.arg)!;
        const [r] = resolveShape(node.arg.shape, dims);
        const e = new Float64Array(r);
        steps.push(() => {
          const f = luFactor(buffers[a]!, r);
          for (let j = 0; j < r; j++) {
            e.fill(0);
            e[j] = 1;
            const col = luSolveFactored(f, e);
            for (let i = 0; i < r; i++) out[i * r + j] = col[i]!;
          }
        });
        break;
      }
      case 'diag': {
        const a = index.get(node.arg)!;
        const [r, c] = resolveShape(node.arg.shape, dims);
        if (c === 1) steps.push(() => { for (let i = 0; i < r; i++) out[i * r + i] = buffers[a]![i]!; });
        else steps.push(() => { for (let i = 0; i < r; i++) out[i] = buffers[a]![i * c + i]!; });
        break;
      }
    }
  }

  function operandOf(f: MExpr): ProductFactor {
    const [rows, cols] = resolveShape(f.shape, dims);
    if (f.kind === 'transpose') {
      const a = index.get(f.arg)!;
      return { get: () => buffers[a]!, rows, cols, transposed: true };
    }
    const i = index.get(f)!;
    return { get: () => buffers[i]!, rows, cols, transposed: false };
  }

  const stepList = order.filter((n) => closures.has(n)).map((n) => closures.get(n)!);
  if (neededOrder.some((n) => computes(n, dims) !== closures.has(n))) throw new Error('internal: the loops were planned for other nodes than the plan runs');
  const fusePlan = { ...shapeOnly, constant: (n: MExpr) => constants.get(n), closures };
  let fused: (() => void) | undefined;
  let threadsUsed = 1;
  if (loops && memory) {
    try {
      const runner = wasmRunner(fusePlan, loops, (n) => offsets.get(n)!, memory, pages, fma, { chunks, scratchOffset, threads });
      fused = runner.run;
      threadsUsed = runner.threads;
    } catch (err) {
      // The JS loops run the plan over the same buffers (views of the memory).
      if (!(err instanceof WasmUnsupported)) throw err;
      fallback = `WebAssembly: ${err.message}`;
    }
  }
  const wasm = fused !== undefined;
  if (!fused && loops) fused = fusedRunner(fusePlan, buffers, loops);
  const info: MatrixPlanInfo = {
    backend: wasm ? 'wasm' : fused ? 'js-fused' : 'js-closures',
    ...(wasm ? { memoryBytes: pages * PAGE_BYTES, fma, chunkedLoops: chunks.size, threads: threadsUsed } : { fallback: fallback ?? 'the fused source is too large' }),
  };

  // The plan's own input arrays; on WebAssembly they are the only place inputs are read from.
  const own = new Map<string, Float64Array>();
  for (const b of bindings) own.set(b.name, buffers[b.slot]!);
  const outputIdx = roots.map((r) => index.get(r)!);
  const results: Float64Array[] = new Array(outputIdx.length);
  /** Per binding, the array last copied in during a batch (undefined outside one). */
  let copiedFrom: (Float64Array | undefined)[] | undefined;
  const bind = (values: readonly (Float64Array | number)[]): void => {
    if (values.length !== inputs.length) throw new InstanceError(`expected ${inputs.length} inputs, got ${values.length}`);
    current = values;
    for (let k = 0; k < bindings.length; k++) {
      const b = bindings[k]!;
      const v = values[b.input];
      if (!(v instanceof Float64Array) || v.length !== b.len) {
        const got = v instanceof Float64Array ? `a Float64Array of length ${v.length}` : typeof v === 'number' ? 'a number' : 'another value';
        throw new InstanceError(`'${b.name}' needs a Float64Array of ${b.len} values, got ${got}`);
      }
      if (!wasm) buffers[b.slot] = v;
      else if (v !== buffers[b.slot]) {
        // Within one batch the same array, outside this memory, cannot change between points.
        if (copiedFrom && copiedFrom[k] === v) continue;
        buffers[b.slot]!.set(v);
        if (copiedFrom) copiedFrom[k] = v.buffer === memory!.buffer ? undefined : v;
      }
    }
  };
  const run = (values: readonly (Float64Array | number)[]): Float64Array[] => {
    bind(values);
    if (fused) fused();
    else for (let i = 0; i < stepList.length; i++) stepList[i]!();
    for (let i = 0; i < outputIdx.length; i++) results[i] = buffers[outputIdx[i]!]!;
    return results;
  };
  return {
    inputs,
    outputShapes: roots.map((r) => resolveShape(r.shape, dims)),
    evaluate: run,
    evaluateBatch: (points) => {
      copiedFrom = new Array(bindings.length);
      try {
        return points.map((p) => run(p).map((b) => b.slice()));
      } finally {
        copiedFrom = undefined;
      }
    },
    array: (name) => {
      const a = own.get(name);
      if (a) return a;
      if (!inputIndex.has(name)) throw new InstanceError(`'${name}' is not an input of this plan (inputs: ${inputs.join(', ')})`);
      throw new InstanceError(`'${name}' has no array in this plan: it is a scalar input or not read`);
    },
    info,
  };
}

/**
 * Whether a node gets a step (a kernel closure) in `compileMatrix`: everything but
 * inputs and constants (numbers, `eye`, `ones`, the zero matrix). Must agree with the
 * switch there, which checks it.
 */
function computes(node: MExpr, dims: Readonly<Record<string, number>>): boolean {
  switch (node.kind) {
    case 'var':
    case 'eye':
    case 'ones':
    case 'zero':
      return false;
    case 'scalar':
      return [...freeSymbols(node.expr)].some((s) => !(s in dims));
    default:
      return true;
  }
}

/** A term of a sum as a numeric coefficient times a node whose buffer is read (`-b` → -1, b). */
function scaledTerm(t: MExpr): { coeff: number; base: MExpr } {
  if (t.kind === 'mul' && t.scalars.length === 1 && t.chain.length === 1 && t.chain[0]!.kind !== 'transpose') {
    const c = t.scalars[0]!;
    if (c.kind === 'scalar' && c.expr.kind === 'num') return { coeff: c.expr.value.toNumber(), base: t.chain[0]! };
  }
  return { coeff: 1, base: t };
}

/** Children whose buffers a node reads (a transposed factor of a product is read through its argument). */
function childrenRead(node: MExpr): readonly MExpr[] {
  switch (node.kind) {
    case 'mul':
      return [...node.scalars, ...node.chain.map((f) => (f.kind === 'transpose' ? f.arg : f))];
    case 'add':
      return node.terms.map((t) => scaledTerm(t).base);
    default:
      return mchildren(node);
  }
}
