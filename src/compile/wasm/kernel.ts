/**
 * Translation of a lowered Program into the WebAssembly SIMD kernel of its batched form
 * (see batch.ts for the driver and the memory): two points per f64x2, lane 0 point r,
 * lane 1 point r + 1, the program's instructions one for one, in the JS printer's order
 * of operations (emit-code.ts), so values are the JS path's doubles except where exp,
 * log, tanh, sin and cos run (math.ts's f64x2 versions, within 2 ulp of `Math`'s; sin
 * and cos call the imported `Math.sin`/`Math.cos` for lanes beyond |x| ≈ 8.2e5).
 */
import { Body, Op, PAGE_BYTES, Simd, ValType, type ModuleDef } from './encoder.js';
import { emitExp, emitLog, emitSinCos, emitTanh, SCALAR_FUNCTIONS, SCALAR_IMPORTS } from './math.js';
import { operandsOf, type BodyStep, type Index, type Instr, type Loop, type Operand, type Product, type Program, type ScalarInstr } from '../program.js';

/** Most locals in the kernel (V8 refuses functions with more than 50,000). */
const MAX_LOCALS = 40_000;

/** Where the kernel finds things in its memory (byte offsets), and how many points a block holds. */
export interface BatchLayout {
  readonly table: number;
  readonly work: number;
  readonly inputs: number;
  readonly outputs: number;
  /** 16 bytes the kernel stores to before each exp, log, tanh, sin or cos (see KernelWriter.fence). */
  readonly scratch: number;
  readonly blockPoints: number;
  /** Bytes of memory the layout needs; the kernel's constants follow from here. */
  readonly bytes: number;
}

/**
 * Translates the program into the kernel `batch(count)`: points 0 … count − 1 (count
 * even) of the input block to the output block, two at a time.
 */
export function batchModule(program: Program, layout: BatchLayout, options: WasmBatchOptions = {}): { def: ModuleDef; pool: Uint8Array; bytes: number } {
  const body = new KernelWriter(program, layout, options.scalarMath === true).write();
  const pool = body.constantPool();
  const bytes = layout.bytes + pool.length;
  const { f64 } = ValType;
  // Math.sin and Math.cos first (function indices 0, 1: math.ts calls them for the lanes beyond its range), then scalarMath's.
  const imports = [...SCALAR_IMPORTS, ...(options.scalarMath ? SCALAR_MATH.map((name) => ({ name, params: name === 'pow' ? [f64, f64] : [f64], results: [f64] })) : [])];
  return { def: { functions: [{ body, export: 'batch' }], memoryPages: Math.ceil(bytes / PAGE_BYTES), imports }, pool, bytes };
}

/** Options of `wasmBatch`. */
export interface WasmBatchOptions {
  /**
   * For tests: exp, log, tanh, sin, cos and integer powers one lane at a time through
   * imported `Math.exp`, `Math.log`, … and `Math.pow`, so that the kernel's values equal the JS
   * path's bit for bit and any difference is the translation's (lanes, padding, order
   * of operations).
   */
  readonly scalarMath?: boolean;
}

/** The imported functions of a scalarMath kernel (besides SCALAR_IMPORTS' sin and cos), in order after them. */
const SCALAR_MATH = ['exp', 'log', 'pow', 'tanh'] as const;

/** The function index of an imported Math function (sin and cos are always imported; the others with scalarMath). */
function scalarIndex(name: string): number {
  const first = SCALAR_IMPORTS.findIndex((f) => f.name === name);
  return first >= 0 ? first : SCALAR_IMPORTS.length + SCALAR_MATH.indexOf(name as (typeof SCALAR_MATH)[number]);
}

/** The functions a kernel's module imports, by name (`instantiate`'s argument). */
export function kernelImports(scalarMath: boolean): Readonly<Record<string, (...args: number[]) => number>> {
  return scalarMath ? { ...SCALAR_FUNCTIONS, exp: Math.exp, log: Math.log, pow: Math.pow, tanh: Math.tanh } : SCALAR_FUNCTIONS;
}

/** The functions math.ts spells in f64x2 (abs and sign are bit operations, below). */
const VECTOR_MATH: ReadonlySet<string> = new Set(['exp', 'log', 'tanh', 'sin', 'cos']);

class KernelWriter {
  private readonly b = new Body([ValType.i32], []);
  // The constants of exp, log, tanh, sin and cos are loaded from a pool after the output block (see Body.useConstantPool).
  private readonly nIn: number;
  private readonly nOut: number;
  /** Row pointers of point r (inputs and outputs), and the point counter. */
  private readonly p: number;
  private readonly q: number;
  private readonly r: number;
  private readonly address: number;
  private readonly slots = new Map<number, number>();
  private readonly inputs = new Map<number, number>();
  private readonly loopVars: number[] = [];

  constructor(
    private readonly program: Program,
    private readonly layout: BatchLayout,
    private readonly scalarMath: boolean,
  ) {
    this.nIn = program.inputCount;
    this.nOut = program.outputs.length;
    this.p = this.b.local(ValType.i32);
    this.q = this.b.local(ValType.i32);
    this.r = this.b.local(ValType.i32);
    this.address = this.b.local(ValType.i32);
    this.b.useConstantPool(layout.bytes).poolConstants(false);
  }

  write(): Body {
    const { b, p, q, r } = this;
    b.i32(this.layout.inputs).set(p).i32(this.layout.outputs).set(q).i32(0).set(r);
    b.block().loop();
    b.get(r).get(0).op(Op.i32GeU).brIf(1);
    this.loadInputs();
    for (const ins of this.program.instructions) this.instruction(ins);
    this.storeOutputs();
    b.get(p).i32(16 * this.nIn).op(Op.i32Add).set(p);
    b.get(q).i32(16 * this.nOut).op(Op.i32Add).set(q);
    b.get(r).i32(2).op(Op.i32Add).set(r);
    b.br(0).end().end();
    if (b.locals.length > MAX_LOCALS) throw new RangeError(`the kernel needs ${b.locals.length} locals`);
    return b;
  }

  /** Every input read as a scalar operand, once per pair of points: lane 0 from row r, lane 1 from row r + 1. */
  private loadInputs(): void {
    const used = new Set<number>();
    for (const ins of this.program.instructions) for (const op of operandsOf(ins)) if (op.kind === 'input') used.add(op.index);
    for (const op of this.program.outputs) if (op?.kind === 'input') used.add(op.index);
    // Inputs 2k and 2k + 1 of both rows with two v128 loads and one shuffle each. (V8 folds
    // a constant offset into the address of v128.load but not of the lane loads, whose
    // addresses it keeps in general registers, spilling them in long bodies.) With an odd
    // count, the last load reads 8 bytes past the row: the next row, or the output
    // block after the last row; that lane is discarded.
    const { b, p } = this;
    const a = b.local(ValType.v128);
    for (let k = 0; 2 * k < this.nIn; k++) {
      const lo = used.has(2 * k), hi = used.has(2 * k + 1);
      if (!lo && !hi) continue;
      b.get(p).v128Load(16 * k).set(a);
      const row1 = b.local(ValType.v128);
      b.get(p).v128Load(8 * this.nIn + 16 * k).set(row1);
      for (const [i, high] of [[2 * k, false], [2 * k + 1, true]] as const) {
        if (!used.has(i)) continue;
        const local = b.local(ValType.v128);
        b.get(a).get(row1).f64x2Shuffle(high ? 1 : 0, high ? 3 : 2).set(local);
        this.inputs.set(i, local);
      }
    }
  }

  /**
   * The top-level outputs, after the last instruction: outputs 2k and 2k + 1 as one
   * v128 store per row (a shuffle each); an output without its partner (odd count, or a
   * partner written by a loop) as one double per row.
   */
  private storeOutputs(): void {
    const { b, q } = this;
    const outs = this.program.outputs;
    const local = outs.map((op) => (op === null ? undefined : this.asLocal(op)));
    for (let i = 0; i < outs.length; i++) {
      const v = local[i];
      if (v === undefined) continue;
      const w = i % 2 === 0 ? local[i + 1] : undefined;
      if (w !== undefined) {
        b.get(q).get(v).get(w).f64x2Shuffle(0, 2).v128Store(8 * i);
        b.get(q).get(v).get(w).f64x2Shuffle(1, 3).v128Store(8 * (this.nOut + i));
        i++;
      } else this.storeLanes(v, () => b.get(q), 8 * i);
    }
  }

  private slotLocal(slot: number): number {
    let local = this.slots.get(slot);
    if (local === undefined) {
      local = this.b.local(ValType.v128);
      this.slots.set(slot, local);
    }
    return local;
  }

  /** The i32 byte address base + scale·(offset + Σ strides·j), on the stack. */
  private index(base: number | (() => void), at: Index, scale: number): void {
    const { b } = this;
    if (typeof base === 'number') b.i32(base + scale * at.offset);
    else {
      base();
      if (at.offset !== 0) b.i32(scale * at.offset).op(Op.i32Add);
    }
    at.strides.forEach((s, d) => {
      if (s === 0) return;
      b.get(this.loopVars[d]!);
      if (scale * s !== 1) b.i32(scale * s).op(Op.i32Mul);
      b.op(Op.i32Add);
    });
  }

  /** Pushes an operand's two lanes. */
  private operand(op: Operand): void {
    const { b } = this;
    switch (op.kind) {
      case 'const':
        b.f64x2(op.value);
        return;
      case 'input':
        b.get(this.inputs.get(op.index)!);
        return;
      case 'slot':
        b.get(this.slotLocal(op.slot));
        return;
      case 'inputAt':
        this.index(() => b.get(this.p), op.at, 8);
        b.tee(this.address).v128Load(0).get(this.address).v128Load(8 * this.nIn).f64x2Shuffle(0, 2);
        return;
      case 'workAt':
        this.index(this.layout.work, op.at, 16);
        b.v128Load(0);
        return;
      case 'tableAt':
        this.index(this.layout.table, op.at, 8);
        b.v128Load64Splat(0);
        return;
    }
  }

  /** An operand in a local (scalars and inputs already are; others are pushed into a fresh one). */
  private asLocal(op: Operand): number {
    if (op.kind === 'slot') return this.slotLocal(op.slot);
    if (op.kind === 'input') return this.inputs.get(op.index)!;
    const t = this.b.local(ValType.v128);
    this.operand(op);
    this.b.set(t);
    return t;
  }

  /** Lane 0 to row r, lane 1 to row r + 1 of the outputs: `at` pushes the i32 row address, `offset` in bytes. */
  private storeLanes(value: number, at: () => void, offset: number): void {
    const { b } = this;
    at();
    b.get(value).f64x2ExtractLane(0).f64Store(offset);
    at();
    b.get(value).f64x2ExtractLane(1).f64Store(offset + 8 * this.nOut);
  }

  /** A product in the JS printer's order: coefficient, numerator left to right, then one division. */
  private product(pr: Product): void {
    const { b } = this;
    const num = pr.num;
    let first: boolean;
    if (pr.coefAt) {
      this.operand(pr.coefAt);
      first = false;
    } else if ((pr.coef === 1 || pr.coef === -1) && num.length > 0) {
      this.operand(num[0]!);
      if (pr.coef === -1) b.simd(Simd.f64x2Neg);
      first = true;
    } else {
      b.f64x2(pr.coef);
      first = false;
    }
    num.forEach((o, i) => {
      if (first && i === 0) return;
      this.operand(o);
      b.simd(Simd.f64x2Mul);
    });
    if (pr.den.length > 0) {
      this.operand(pr.den[0]!);
      for (let i = 1; i < pr.den.length; i++) this.operand(pr.den[i]!), b.simd(Simd.f64x2Mul);
      b.simd(Simd.f64x2Div);
    }
  }

  /** Pushes the value of a scalar instruction. */
  private scalar(ins: ScalarInstr): void {
    const { b } = this;
    switch (ins.op) {
      case 'sum':
        ins.terms.forEach((t, i) => {
          this.product(t.product);
          if (i === 0) {
            if (t.sign < 0) b.simd(Simd.f64x2Neg);
          } else b.simd(t.sign < 0 ? Simd.f64x2Sub : Simd.f64x2Add);
        });
        return;
      case 'prod':
        this.product(ins.product);
        return;
      case 'sqrt':
        this.operand(ins.arg);
        b.simd(Simd.f64x2Sqrt);
        return;
      case 'pow': {
        const x = this.asLocal(ins.base);
        const n = (ins.exp as Operand & { kind: 'const' }).value;
        if (this.scalarMath) {
          const f = scalarIndex('pow');
          b.get(x).f64x2ExtractLane(0).f64(n).call(f).simd(Simd.f64x2Splat).get(x).f64x2ExtractLane(1).f64(n).call(f).f64x2ReplaceLane(1);
        } else this.power(x, n);
        return;
      }
      case 'call': {
        const x = this.asLocal(ins.arg);
        if (VECTOR_MATH.has(ins.fn) && this.scalarMath) {
          const f = scalarIndex(ins.fn);
          b.get(x).f64x2ExtractLane(0).call(f).simd(Simd.f64x2Splat).get(x).f64x2ExtractLane(1).call(f).f64x2ReplaceLane(1);
        } else if (VECTOR_MATH.has(ins.fn)) {
          b.poolConstants(true);
          if (ins.fn === 'exp') emitExp(b, x, (v) => b.i32(this.layout.scratch).get(v).v128Store(0));
          else if (ins.fn === 'log') emitLog(b, x);
          else if (ins.fn === 'tanh') emitTanh(b, x);
          else emitSinCos(b, x, ins.fn === 'cos', scalarIndex(ins.fn));
          b.poolConstants(false);
          this.fence();
        }
        else if (ins.fn === 'abs') b.get(x).simd(Simd.f64x2Abs);
        else if (ins.fn === 'sign') {
          // Math.sign: 1 above 0, −1 below, x itself for ±0 and NaN.
          b.f64x2(1).f64x2(-1).get(x).get(x).f64x2(0).simd(Simd.f64x2Lt).simd(Simd.bitselect).get(x).f64x2(0).simd(Simd.f64x2Gt).simd(Simd.bitselect);
        } else throw new Error(`internal: no vector ${ins.fn}`);
        return;
      }
    }
  }

  /**
   * Stores the result of an exp or log (on the stack, left there) to the scratch slot.
   * Loads may not move above an earlier store, so the next function's constant loads
   * wait until this one is computed: without it TurboFan issues the pool loads of every
   * exp of the iteration first and spills them to the stack (the wells ran 2x slower).
   */
  private fence(): void {
    const t = this.b.local(ValType.v128);
    this.b.set(t).i32(this.layout.scratch).get(t).v128Store(0).get(t);
  }

  /** x^n for an integer 0 < |n| ≤ MAX_SQUARED_POWER (batch.ts) by squaring; a negative n divides 1 by x^|n|. */
  private power(x: number, n: number): void {
    const { b } = this;
    const m = Math.abs(n);
    const acc = b.local(ValType.v128);
    const sq = b.local(ValType.v128);
    let have = false;
    b.get(x).set(sq);
    for (let e = m; e > 0; e >>= 1) {
      if (e & 1) {
        if (have) b.get(acc).get(sq).simd(Simd.f64x2Mul).set(acc);
        else b.get(sq).set(acc);
        have = true;
      }
      if (e > 1) b.get(sq).get(sq).simd(Simd.f64x2Mul).set(sq);
    }
    if (n < 0) b.f64x2(1).get(acc).simd(Simd.f64x2Div);
    else b.get(acc);
  }

  private instruction(ins: Instr): void {
    if (ins.op === 'loop') this.loop(ins);
    else {
      this.scalar(ins);
      this.b.set(this.slotLocal(ins.out));
    }
  }

  /** A loop nest: accumulators set to 0, then the body count times with j_depth = 0 … count − 1. */
  private loop(loop: Loop): void {
    const { b } = this;
    for (const a of loop.accumulators) b.f64x2(0).set(this.slotLocal(a));
    if (loop.count <= 0) return;
    while (this.loopVars.length <= loop.depth) this.loopVars.push(b.local(ValType.i32));
    const j = this.loopVars[loop.depth]!;
    b.i32(0).set(j).loop();
    for (const step of loop.body) this.step(step);
    b.get(j).i32(1).op(Op.i32Add).tee(j).i32(loop.count).op(Op.i32LtS).brIf(0).end();
  }

  private step(step: BodyStep): void {
    const { b } = this;
    switch (step.op) {
      case 'store':
        this.index(this.layout.work, step.at, 16);
        this.operand(step.value);
        b.v128Store(0);
        return;
      case 'output': {
        const v = this.asLocal(step.value);
        // The whole index in the address (a negative stride must not take it below 0 before the offset is added).
        this.index(() => b.get(this.q), step.at, 8);
        b.set(this.address);
        this.storeLanes(v, () => b.get(this.address), 0);
        return;
      }
      case 'accumulate': {
        const acc = this.slotLocal(step.acc);
        b.get(acc);
        this.product(step.term.product);
        b.simd(step.term.sign < 0 ? Simd.f64x2Sub : Simd.f64x2Add).set(acc);
        return;
      }
      case 'loop':
        this.loop(step);
        return;
      default:
        this.instruction(step);
    }
  }
}

