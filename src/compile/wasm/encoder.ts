/**
 * A small WebAssembly binary encoder: the subset the kernel generators use (numbers,
 * locals, loops, linear memory, 128-bit SIMD). It writes bytes only; V8 validates and
 * compiles them. A hand-written encoder of about two hundred lines instead of binaryen
 * (a 12 MB module whose load alone costs more than our whole CLI start-up) or wabt
 * (text-format assembly, so a parser per compile).
 *
 * Opcodes are from the WebAssembly 2.0 core specification, section 5.4 (Instructions),
 * and 5.4.8 for the 0xFD-prefixed vector instructions.
 */

/** Value types (spec 5.3.1). */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Single-byte opcodes used by the generators. */
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, brIf: 0x0d, return: 0x0f, call: 0x10, drop: 0x1a, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i64Load: 0x29, f64Load: 0x2b, i32Store: 0x36, i64Store: 0x37, f64Store: 0x39,
  i32Const: 0x41, i64Const: 0x42, f64Const: 0x44,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32GtU: 0x4b,
  i32LeS: 0x4c, i32LeU: 0x4d, i32GeS: 0x4e, i32GeU: 0x4f,
  f64Eq: 0x61, f64Ne: 0x62, f64Lt: 0x63, f64Gt: 0x64, f64Le: 0x65, f64Ge: 0x66,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  i64Add: 0x7c, i64Sub: 0x7d, i64And: 0x83, i64Or: 0x84, i64Shl: 0x86, i64ShrS: 0x87, i64ShrU: 0x88,
  f64Abs: 0x99, f64Neg: 0x9a, f64Ceil: 0x9b, f64Floor: 0x9c, f64Trunc: 0x9d, f64Nearest: 0x9e, f64Sqrt: 0x9f,
  f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3, f64Min: 0xa4, f64Max: 0xa5, f64Copysign: 0xa6,
  i32TruncF64S: 0xaa, i64ExtendI32S: 0xac, i64TruncF64S: 0xb0, f64ConvertI32S: 0xb7, f64ConvertI64S: 0xb9,
  i64ReinterpretF64: 0xbd, f64ReinterpretI64: 0xbf,
} as const;

/** Vector opcodes (after the 0xFD prefix, LEB128-encoded). */
export const Simd = {
  load: 0x00, load64Splat: 0x0a, store: 0x0b, const: 0x0c,
  i64x2Splat: 0x12, f64x2Splat: 0x14, f64x2ExtractLane: 0x21, f64x2ReplaceLane: 0x22,
  f64x2Eq: 0x47, f64x2Ne: 0x48, f64x2Lt: 0x49, f64x2Gt: 0x4a, f64x2Le: 0x4b, f64x2Ge: 0x4c,
  not: 0x4d, and: 0x4e, andNot: 0x4f, or: 0x50, xor: 0x51, bitselect: 0x52, anyTrue: 0x53,
  f64x2Ceil: 0x74, f64x2Floor: 0x75, f64x2Trunc: 0x7a, f64x2Nearest: 0x94,
  i64x2ExtendLowI32x4S: 0xc7, i64x2Shl: 0xcb, i64x2ShrS: 0xcc, i64x2ShrU: 0xcd, i64x2Add: 0xce, i64x2Sub: 0xd1,
  f64x2Abs: 0xec, f64x2Neg: 0xed, f64x2Sqrt: 0xef, f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2, f64x2Div: 0xf3,
  f64x2Min: 0xf4, f64x2Max: 0xf5, f64x2Pmin: 0xf6, f64x2Pmax: 0xf7,
  i32x4TruncSatF64x2SZero: 0xfc, f64x2ConvertLowI32x4S: 0xfe,
  i8x16Shuffle: 0x0d, store64Lane: 0x5b, load64Zero: 0x5d,
  /**
   * Relaxed SIMD (WebAssembly 3.0, 5.4.8): `a b c → a*b + c`, fused or not as the engine
   * chooses (V8 fuses where the CPU has FMA3). Validates only where `relaxedSimd()` says so.
   */
  f64x2RelaxedMadd: 0x107,
} as const;

/** Block type "no result" (spec 5.4.1). */
const EMPTY_BLOCK = 0x40;

/** Unsigned LEB128 (spec 5.2.2). */
export function pushU32(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a u32: ${value}`);
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
export function pushS32(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`not an i32: ${value}`);
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

const scratch = new DataView(new ArrayBuffer(16));

/** A function under construction: its signature, its locals, and one method per instruction form. */
export class Body {
  readonly bytes: number[] = [];
  /** Code run once at entry, before `bytes`: vector constants are set into locals here. */
  readonly prologue: number[] = [];
  private readonly constants = new Map<string, number>();
  /** Locals after the parameters, in index order. */
  readonly locals: ValType[] = [];

  constructor(readonly params: readonly ValType[] = [], readonly results: readonly ValType[] = []) {}

  /** A fresh local of type `type`; its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  op(code: number): this { this.bytes.push(code); return this; }
  simd(code: number): this { this.bytes.push(0xfd); pushU32(this.bytes, code); return this; }

  block(): this { this.bytes.push(Op.block, EMPTY_BLOCK); return this; }
  loop(): this { this.bytes.push(Op.loop, EMPTY_BLOCK); return this; }
  if(): this { this.bytes.push(Op.if, EMPTY_BLOCK); return this; }
  else(): this { return this.op(Op.else); }
  end(): this { return this.op(Op.end); }
  br(depth: number): this { this.bytes.push(Op.br); pushU32(this.bytes, depth); return this; }
  brIf(depth: number): this { this.bytes.push(Op.brIf); pushU32(this.bytes, depth); return this; }
  call(index: number): this { this.bytes.push(Op.call); pushU32(this.bytes, index); return this; }

  get(local: number): this { this.bytes.push(Op.localGet); pushU32(this.bytes, local); return this; }
  set(local: number): this { this.bytes.push(Op.localSet); pushU32(this.bytes, local); return this; }
  tee(local: number): this { this.bytes.push(Op.localTee); pushU32(this.bytes, local); return this; }

  i32(value: number): this { this.bytes.push(Op.i32Const); pushS32(this.bytes, value); return this; }
  f64(value: number): this {
    this.bytes.push(Op.f64Const);
    scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.bytes.push(scratch.getUint8(i));
    return this;
  }
  /**
   * A v128 constant, read from a local that the prologue sets once: V8 rebuilds a
   * `v128.const` from general registers every time it meets one, inside loops too.
   */
  private vectorConstant(): this {
    const bytes: number[] = [];
    for (let i = 0; i < 16; i++) bytes.push(scratch.getUint8(i));
    if (this.pool?.on && bytes.slice(0, 8).every((x, i) => x === bytes[i + 8])) return this.pooledConstant(bytes.slice(0, 8));
    const key = bytes.join(',');
    let local = this.constants.get(key);
    if (local === undefined) {
      local = this.local(ValType.v128);
      this.constants.set(key, local);
      this.prologue.push(0xfd);
      pushU32(this.prologue, Simd.const);
      this.prologue.push(...bytes, Op.localSet);
      pushU32(this.prologue, local);
    }
    return this.get(local);
  }
  /**
   * From now on, a constant whose two lanes are equal is loaded with
   * `v128.load64_splat` from a pool in linear memory at byte address `base`; the
   * caller writes `constantPool()` there before running the code.
   * TurboFan folds constants set once into locals back into the loop and rebuilds each
   * from general registers at every use (three instructions: movq, vmovq, vpunpcklqdq);
   * a load from the pool is one, on a load port.
   */
  useConstantPool(base: number): this {
    this.pool = { base, on: true, index: new Map(), entries: [] };
    return this;
  }
  /**
   * Turns the pool on or off for the constants that follow. A load has no inputs but
   * the memory, so TurboFan may issue it anywhere after the last store: constants
   * spread through a long body are better rebuilt where they are used (pool off), and
   * the coefficients of a polynomial loaded right after a store (pool on).
   */
  poolConstants(on: boolean): this {
    if (!this.pool) throw new Error('internal: no constant pool');
    this.pool.on = on;
    return this;
  }
  /** The pool's bytes, 8 per constant, in the order of the offsets the code uses. */
  constantPool(): Uint8Array {
    return Uint8Array.from(this.pool?.entries.flat() ?? []);
  }
  private pool?: { base: number; on: boolean; index: Map<string, number>; entries: number[][] };
  private pooledConstant(bytes: number[]): this {
    const pool = this.pool!;
    const key = bytes.join(',');
    let i = pool.index.get(key);
    if (i === undefined) {
      i = pool.entries.length;
      pool.entries.push(bytes);
      pool.index.set(key, i);
    }
    // A constant address: V8 folds it into the load ([memory + address]).
    return this.i32(pool.base + 8 * i).v128Load64Splat(0);
  }
  /** A v128 constant of two doubles (lane 0, lane 1). */
  f64x2(lane0: number, lane1: number = lane0): this {
    scratch.setFloat64(0, lane0, true);
    scratch.setFloat64(8, lane1, true);
    return this.vectorConstant();
  }
  /** A v128 constant of two 64-bit integers. */
  i64x2(lane0: number | bigint, lane1: number | bigint = lane0): this {
    scratch.setBigInt64(0, BigInt(lane0), true);
    scratch.setBigInt64(8, BigInt(lane1), true);
    return this.vectorConstant();
  }

  /** Memory access; `align` is log2 of the natural alignment; `offset` a constant byte offset. */
  private mem(code: number, align: number, offset: number, prefixed: boolean): this {
    if (prefixed) this.simd(code); else this.bytes.push(code);
    pushU32(this.bytes, align);
    pushU32(this.bytes, offset);
    return this;
  }
  f64Load(offset = 0): this { return this.mem(Op.f64Load, 3, offset, false); }
  f64Store(offset = 0): this { return this.mem(Op.f64Store, 3, offset, false); }
  i32Load(offset = 0): this { return this.mem(Op.i32Load, 2, offset, false); }
  i32Store(offset = 0): this { return this.mem(Op.i32Store, 2, offset, false); }
  v128Load(offset = 0): this { return this.mem(Simd.load, 3, offset, true); }
  v128Store(offset = 0): this { return this.mem(Simd.store, 3, offset, true); }
  /** Loads one double and splats it into both lanes. */
  v128Load64Splat(offset = 0): this { return this.mem(Simd.load64Splat, 3, offset, true); }
  /** Loads one double into lane 0; lane 1 is zero. */
  v128Load64Zero(offset = 0): this { return this.mem(Simd.load64Zero, 3, offset, true); }
  /** Stores one lane's double. */
  v128Store64Lane(lane: 0 | 1, offset = 0): this { this.mem(Simd.store64Lane, 3, offset, true); this.bytes.push(lane); return this; }
  /** Lanes of two f64x2 on the stack (a, b): result lane i is lane `lane<i>` of a ‖ b (0, 1 from a; 2, 3 from b). */
  f64x2Shuffle(lane0: 0 | 1 | 2 | 3, lane1: 0 | 1 | 2 | 3): this {
    this.simd(Simd.i8x16Shuffle);
    for (const l of [lane0, lane1]) for (let k = 0; k < 8; k++) this.bytes.push(8 * l + k);
    return this;
  }
  f64x2ExtractLane(lane: 0 | 1): this { this.simd(Simd.f64x2ExtractLane); this.bytes.push(lane); return this; }
  f64x2ReplaceLane(lane: 0 | 1): this { this.simd(Simd.f64x2ReplaceLane); this.bytes.push(lane); return this; }
}

/** One function of a module. */
export interface FunctionDef {
  readonly body: Body;
  /** Exported under this name when given. */
  readonly export?: string;
}

/** A module: functions plus one linear memory, imported as `env.memory` (so several modules can share it). */
export interface ModuleDef {
  readonly functions: readonly FunctionDef[];
  /** Minimum pages (64 KiB each) the imported memory must have. */
  readonly memoryPages: number;
  /**
   * The imported memory is shared (a SharedArrayBuffer that worker threads instantiate
   * the same module against), with `memoryPages` as its maximum too: a shared memory
   * must declare one (`sharedMemory` makes such a memory).
   */
  readonly shared?: boolean;
  /**
   * Functions imported from `env` (after the memory), numbered 0, 1, … before the
   * module's own functions, whose indices (for `call`) follow them.
   */
  readonly imports?: readonly { readonly name: string; readonly params: readonly ValType[]; readonly results: readonly ValType[] }[];
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  pushU32(out, content.length);
  for (const b of content) out.push(b);
}

function pushName(out: number[], name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a generator name: ${name}`);
  pushU32(out, name.length);
  for (let i = 0; i < name.length; i++) out.push(name.charCodeAt(i));
}

function pushVector(out: number[], items: readonly number[]): void {
  pushU32(out, items.length);
  for (const b of items) out.push(b);
}

/** The module's bytes (spec 5.5). Function types are deduplicated. */
export function encodeModule(def: ModuleDef): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const typeKeys: string[] = [];
  const typeIndex = (params: readonly ValType[], results: readonly ValType[]): number => {
    const key = `${params.join(',')}>${results.join(',')}`;
    let i = typeKeys.indexOf(key);
    if (i < 0) { i = typeKeys.length; typeKeys.push(key); }
    return i;
  };
  const importedFunctions = def.imports ?? [];
  const importTypes = importedFunctions.map((f) => typeIndex(f.params, f.results));
  const typeOf = def.functions.map((f) => typeIndex(f.body.params, f.body.results));
  const types: number[] = [];
  pushU32(types, typeKeys.length);
  for (const key of typeKeys) {
    const [params, results] = key.split('>').map((s) => (s === '' ? [] : s.split(',').map(Number)));
    types.push(0x60);
    pushVector(types, params!);
    pushVector(types, results!);
  }
  section(out, 1, types);

  const imports: number[] = [];
  pushU32(imports, 1 + importedFunctions.length);
  pushName(imports, 'env');
  pushName(imports, 'memory');
  if (def.shared) {
    imports.push(0x02, 0x03); // memory, shared, limits with maximum
    pushU32(imports, def.memoryPages);
    pushU32(imports, def.memoryPages);
  } else {
    imports.push(0x02, 0x00); // memory, limits without maximum
    pushU32(imports, def.memoryPages);
  }
  importedFunctions.forEach((f, i) => {
    pushName(imports, 'env');
    pushName(imports, f.name);
    imports.push(0x00); // function
    pushU32(imports, importTypes[i]!);
  });
  section(out, 2, imports);

  const funcs: number[] = [];
  pushU32(funcs, def.functions.length);
  for (const t of typeOf) pushU32(funcs, t);
  section(out, 3, funcs);

  const exported = def.functions.map((f, i) => [f.export, i] as const).filter((e): e is readonly [string, number] => e[0] !== undefined);
  const exports: number[] = [];
  pushU32(exports, exported.length);
  for (const [name, index] of exported) {
    pushName(exports, name);
    exports.push(0x00);
    pushU32(exports, importedFunctions.length + index);
  }
  section(out, 7, exports);

  const code: number[] = [];
  pushU32(code, def.functions.length);
  for (const f of def.functions) {
    const body: number[] = [];
    // Locals as runs of one type.
    const runs: [number, number][] = [];
    for (const t of f.body.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++; else runs.push([1, t]);
    }
    pushU32(body, runs.length);
    for (const [count, t] of runs) { pushU32(body, count); body.push(t); }
    for (const b of f.body.prologue) body.push(b);
    for (const b of f.body.bytes) body.push(b);
    body.push(Op.end);
    pushU32(code, body.length);
    for (const b of body) code.push(b);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}

/** Compiles and instantiates a module against `memory` (and the functions it imports); its exports. */
export function instantiate(def: ModuleDef, memory: WebAssembly.Memory, functions: Readonly<Record<string, (...args: number[]) => number>> = {}): WebAssembly.Exports {
  return instantiateModule(new WebAssembly.Module(encodeModule(def)), memory, functions);
}

/** Instantiates a compiled module against `memory` (a worker thread does the same with the module it was sent). */
export function instantiateModule(module: WebAssembly.Module, memory: WebAssembly.Memory, functions: Readonly<Record<string, (...args: number[]) => number>> = {}): WebAssembly.Exports {
  return new WebAssembly.Instance(module, { env: { memory, ...functions } }).exports;
}

/** Bytes of a WebAssembly memory page. */
export const PAGE_BYTES = 65536;

/**
 * A memory of `pages` pages whose initial size is its maximum: it can never grow, so
 * Float64Array views of it are never detached. Throws (RangeError) when the engine is
 * out of address space for another memory.
 */
export function fixedMemory(pages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum: pages });
}

/** As `fixedMemory`, shared: its buffer is a SharedArrayBuffer that worker threads can run modules over. */
export function sharedMemory(pages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

let simd: boolean | undefined;
/**
 * Why generated kernels cannot run in this engine, or undefined when they can: no
 * WebAssembly at all (asked each time, so a host that removes it is seen), or no
 * 128-bit SIMD (probed once, by validating a function that makes a v128 constant).
 */
export function wasmUnavailableReason(): string | undefined {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function') return 'WebAssembly is not available';
  if (simd === undefined) {
    const probe = new Body().f64x2(0).op(Op.drop);
    try {
      simd = WebAssembly.validate(encodeModule({ functions: [{ body: probe }], memoryPages: 1 }));
    } catch {
      simd = false;
    }
  }
  return simd ? undefined : 'no WebAssembly SIMD in this engine';
}

let relaxed = false;
/**
 * Whether the engine takes relaxed SIMD (`f64x2.relaxed_madd`), probed by validating a
 * function that uses it. Node 22+ and current browsers have it; Node 20 (V8 11.3) only
 * with `--experimental-wasm-relaxed-simd`, on the command line or set with
 * `v8.setFlagsFromString` before compiling. Only a yes is kept, so a flag set after an
 * earlier no is seen (a no costs one validation of a 76-byte module per plan).
 */
export function relaxedSimd(): boolean {
  if (relaxed || wasmUnavailableReason() !== undefined) return relaxed;
  const probe = new Body().f64x2(0).f64x2(0).f64x2(0).simd(Simd.f64x2RelaxedMadd).op(Op.drop);
  try {
    relaxed = WebAssembly.validate(encodeModule({ functions: [{ body: probe }], memoryPages: 1 }));
  } catch {
    relaxed = false;
  }
  return relaxed;
}
