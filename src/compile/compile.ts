/**
 * `compile`: expressions to a numeric closure over Float64Arrays. The pipeline:
 * `lower` (DAG to scalar instructions), `reroll` (repeated structure to loops, for
 * large programs), `splitLongSums`, `schedule`, then `emitProgram` prints JavaScript.
 */
import { pointArray, type PointInput } from './named.js';
import { GENERATED_HELPERS, sym, type Expr, type Sym } from '../expr/index.js';
import { emitProgram, type Emitted, type Layout } from './emit.js';
import { lower } from './lower.js';
import { instructionCount, type Program } from './program.js';
import { fuseLoops } from './fuse.js';
import { reroll } from './reroll.js';
import { schedule, splitLongSums } from './schedule.js';
import { wasmBatch, wasmBatchUnsupported } from './wasm/batch.js';

/** A variable given by name or as a symbol node. */
export type Variable = string | Sym;

/** Options for code generation. */
export interface CompileOptions {
  /** Most top-level instructions in one generated function (default: no limit, chunks close by size); more are split into chunks. */
  readonly maxChunk?: number;
  /** Most characters of statements in one generated function (default DEFAULT_MAX_CHUNK_CHARS). */
  readonly maxChunkChars?: number;
  /**
   * Repeated structure as loops: `auto` (default) for programs of more than
   * AUTO_LOOP_INSTRUCTIONS scalar instructions, where straight-line code would need
   * chunks; `always`; `never`.
   */
  readonly loops?: 'auto' | 'always' | 'never';
  /**
   * How `evaluateBatch` runs: `auto` (default) as a WebAssembly SIMD kernel, two points
   * per vector (src/compile/wasm/batch.ts), when the program has a vector form and the
   * engine compiles it, else as generated JavaScript; `js` always JavaScript.
   */
  readonly batchBackend?: 'auto' | 'js';
}

/**
 * Scalar instructions above which `loops: 'auto'` rerolls. Below it straight-line code
 * fits one function and runs as fast as a hand-written loop (docs/benchmarks.md).
 */
export const AUTO_LOOP_INSTRUCTIONS = 1000;
/** Fewest members of a repeated pattern that become a loop. */
export const MIN_LOOP_RUN = 4;

/**
 * Default instruction budget of one generated function: none. Chunks close by emitted
 * size (DEFAULT_MAX_CHUNK_CHARS), which is what V8's limits are about: it never
 * optimises a function over 60 KB of bytecode, and its optimising compile time grows
 * faster than linearly with size (docs/benchmarks.md, "chunk size").
 */
export const DEFAULT_MAX_CHUNK = Number.POSITIVE_INFINITY;
/** Default character budget of one generated function: about 15 to 23 KB of bytecode. */
export const DEFAULT_MAX_CHUNK_CHARS = 24_000;

/** Facts shared by every compiled object. */
export interface CompiledInfo {
  /** The generated JavaScript (for inspection; it is already compiled). */
  readonly source: string;
  /** Distinct DAG nodes under the compiled expressions. */
  readonly nodeCount: number;
  /** Scalar instructions after lowering and rerolling (shared nodes once; a loop body counts once). */
  readonly instructionCount: number;
  /** Number of chunk functions (0 when everything fits in one function). */
  readonly chunks: number;
  /** The variables, in input order. */
  readonly variables: readonly string[];
  /**
   * What runs `evaluateBatch`: `wasm-simd` (a WebAssembly kernel, two points per f64x2;
   * `exp`/`log` within 2 ulp of `Math.exp`/`Math.log`, everything else the same doubles as
   * the JS path) or `js` (the generated JavaScript; also for objects without a batch form).
   */
  readonly batchBackend: 'wasm-simd' | 'js';
  /** Why the batch runs as JavaScript when it could have been a kernel (e.g. `no vector sin`); absent otherwise. */
  readonly batchFallback?: string;
}

/** Compiled expressions: evaluate at one point or at many. */
export interface CompiledFunction extends CompiledInfo {
  /** Number of outputs (one per expression). */
  readonly outputCount: number;
  /** Values at one point; `input[i]` is `variables[i]`. Writes into and returns `out` (allocated when absent). */
  evaluate(input: Float64Array, out?: Float64Array): Float64Array;
  /**
   * Values at n points in one call: `inputs` holds n rows of `variables.length` values
   * (row-major); the result holds n rows of `outputCount` values.
   */
  evaluateBatch(inputs: Float64Array, n: number, out?: Float64Array): Float64Array;
  /** Values at one point given by name (`{x: 1, y: 2}`) or by position (`[1, 2]`); a fresh array each call. */
  call(point: PointInput): Float64Array;
}

type Generated = { one: (...args: Float64Array[]) => unknown; batch?: (x: Float64Array, n: number, out: Float64Array) => Float64Array };

/** The lowered program for a layout: lower, then (for large programs) loops, then long sums split and the order scheduled. */
export function lowerForLayout(roots: readonly Expr[], vars: readonly Sym[], inputArrays: readonly number[], loops: CompileOptions['loops'] = 'auto'): Program {
  const scalar = lower(roots, vars);
  const roll = loops === 'always' || (loops !== 'never' && scalar.instructions.length > AUTO_LOOP_INSTRUCTIONS);
  const rolled = roll ? fuseLoops(reroll(scalar, { minRun: MIN_LOOP_RUN, inputArrays })) : scalar;
  return schedule(splitLongSums(rolled));
}

/** Normalises a variable list to symbols (duplicates are rejected by `lower`). */
export function toSymbols(vars: readonly Variable[]): Sym[] {
  return vars.map((v) => (typeof v === 'string' ? sym(v) : v));
}

/** Lowers, prints and instantiates. */
export function generate(roots: readonly Expr[], vars: readonly Sym[], layout: Omit<Layout, 'maxChunk' | 'maxChunkChars'>, options: CompileOptions = {}): {
  program: Program;
  emitted: Emitted;
  fns: Generated;
  /** The CompiledInfo fields every compiled object reports. */
  info: CompiledInfo;
} {
  const program = lowerForLayout(roots, vars, layout.inputs.map((a) => a.count), options.loops);
  return instantiate(program, vars.map((v) => v.name), layout, options);
}

/** Prints a lowered program and instantiates it; the scalar path's one call of `new Function` (matrix plans: matrix/fuse.ts). */
function instantiate(program: Program, names: readonly string[], layout: Omit<Layout, 'maxChunk' | 'maxChunkChars'>, options: CompileOptions) {
  const maxChunk = options.maxChunk ?? DEFAULT_MAX_CHUNK;
  const maxChunkChars = options.maxChunkChars ?? DEFAULT_MAX_CHUNK_CHARS;
  if (!(maxChunk >= 1) || (!Number.isInteger(maxChunk) && maxChunk !== Number.POSITIVE_INFINITY)) throw new RangeError(`maxChunk must be a positive integer, got ${maxChunk}`);
  if (!(maxChunkChars > 0)) throw new RangeError(`maxChunkChars must be positive, got ${maxChunkChars}`);
  const emitted = emitProgram(program, { ...layout, maxChunk, maxChunkChars });
  // The source has passed checkGeneratedSource: only generated names, numbers, Math.* and h.* (GENERATED_HELPERS) calls.
  const factory = new Function('w', 'u', 'k', 'h', emitted.source) as (w: Float64Array, u: Float64Array, k: Float64Array, h: typeof GENERATED_HELPERS) => Generated;
  const fns = factory(new Float64Array(emitted.workSize), new Float64Array(program.workSize), Float64Array.from(program.table), GENERATED_HELPERS);
  const backend: BatchState = layout.batch ? batchBackend(program, fns, options) : { batchBackend: 'js' };
  const info: CompiledInfo = {
    source: emitted.source,
    nodeCount: program.nodeCount,
    instructionCount: instructionCount(program.instructions),
    chunks: emitted.chunks,
    variables: [...names],
    get batchBackend() {
      return backend.batchBackend;
    },
    get batchFallback() {
      return backend.batchFallback;
    },
  };
  return { program, emitted, fns, info };
}

/** Which backend runs a compiled object's batch, and why not WebAssembly. */
type BatchState = { batchBackend: 'wasm-simd' | 'js'; batchFallback?: string };

/**
 * Puts the WebAssembly kernel in place of the JS batch when the program has a vector
 * form (decided here); otherwise the JS batch stays and the reason is reported. The
 * kernel is built at the first batch: it costs milliseconds (about as much as the JS
 * source for seed 004's wells) that a function evaluated one point at a time never
 * needs. Should the engine refuse the module then (a browser's main thread refuses
 * synchronous compilation of modules over 4 KB), the JS batch runs and the state says so.
 */
function batchBackend(program: Program, fns: Generated, options: CompileOptions): BatchState {
  if (options.batchBackend === 'js') return { batchBackend: 'js' };
  const why = wasmBatchUnsupported(program);
  if (why !== undefined) return { batchBackend: 'js', batchFallback: why };
  const state: BatchState = { batchBackend: 'wasm-simd' };
  const js = fns.batch!;
  let run: Generated['batch'];
  const build = (): NonNullable<Generated['batch']> => {
    try {
      return wasmBatch(program).batch;
    } catch (err) {
      state.batchBackend = 'js';
      state.batchFallback = `the engine refused the kernel: ${(err as Error).message}`;
      return js;
    }
  };
  fns.batch = (x, n, out) => (run ??= build())(x, n, out);
  return state;
}

/** A compiled object: `methods` with the CompiledInfo fields (the batch backend's are getters: the kernel is built at the first batch). */
export function withInfo<T extends CompiledInfo>(info: CompiledInfo, methods: Omit<NoInfer<T>, keyof CompiledInfo>): T {
  return Object.defineProperties(methods, Object.getOwnPropertyDescriptors(info)) as T;
}

/**
 * Compiles a program that is already lowered, such as loop nests built from matrix
 * shapes (a `loop` instruction per index, `accumulate` for dot products, `output` steps
 * for the entries): one input array of `program.inputCount` values, `names` for the
 * report, outputs as `compile` gives them.
 */
export function compileLowered(program: Program, names: readonly string[], options: CompileOptions = {}): CompiledFunction {
  if (names.length !== program.inputCount) throw new RangeError(`expected ${program.inputCount} input names, got ${names.length}`);
  const { fns, info } = instantiate(program, names, { inputs: [{ name: 'x', count: program.inputCount }], single: 'array', batch: true }, options);
  return wrap(fns, info, program.inputCount, program.outputs.length);
}

/** Checks an input array's length, with a message naming what was expected. */
export function checkLength(what: string, a: ArrayLike<number>, expected: number): void {
  if (!a || typeof a.length !== 'number') throw new TypeError(`${what} must be a Float64Array`);
  if (a.length < expected) throw new RangeError(`${what} has ${a.length} values, expected ${expected}`);
}

/**
 * Compiles expressions over the variables into one generated function. Common
 * subexpressions are computed once; inputs are read by position, so the names of the
 * variables never appear in the generated source. Throws FreeSymbolError when an
 * expression depends on a symbol that is not a variable.
 */
export function compile(exprs: Expr | readonly Expr[], vars: readonly Variable[], options: CompileOptions = {}): CompiledFunction {
  const roots = Array.isArray(exprs) ? (exprs as readonly Expr[]) : [exprs as Expr];
  const symbols = toSymbols(vars);
  const { fns, info } = generate(roots, symbols, { inputs: [{ name: 'x', count: symbols.length }], single: 'array', batch: true }, options);
  return wrap(fns, info, symbols.length, roots.length);
}

/** The CompiledFunction around generated `one` and `batch`, with argument checks. */
function wrap(fns: Generated, info: CompiledInfo, nIn: number, nOut: number): CompiledFunction {
  const one = fns.one as (x: Float64Array, out: Float64Array) => Float64Array;
  const batch = fns.batch!;
  return withInfo(info, {
    outputCount: nOut,
    evaluate(input: Float64Array, out: Float64Array = new Float64Array(nOut)): Float64Array {
      checkLength('input', input, nIn);
      checkLength('out', out, nOut);
      return one(input, out);
    },
    evaluateBatch(inputs: Float64Array, n: number, out?: Float64Array): Float64Array {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`the number of points must be a non-negative integer, got ${n}`);
      checkLength('inputs', inputs, n * nIn);
      const o = out ?? new Float64Array(n * nOut);
      checkLength('out', o, n * nOut);
      return batch(inputs, n, o);
    },
    call(point: PointInput): Float64Array {
      return one(pointArray(info.variables, point), new Float64Array(nOut));
    },
  });
}
