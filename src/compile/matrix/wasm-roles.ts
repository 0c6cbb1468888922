/**
 * The f64x2 instructions of each role of a fused loop (fuse-wasm.ts lays out the loops
 * and calls these): a producer's dot products over column pairs, a consumer's update of
 * its output, an entrywise node's expression, the column loop they share, and which
 * nodes have an f64x2 spelling at all (entrywise: exp, log, tanh, sin, cos, abs; the
 * powers 2, −1, 1/2, −2).
 */
import type { MExpr } from '../../expr/matrix/index.js';
import { Body, Op, Simd, ValType } from '../wasm/encoder.js';
import { emitExp, emitLog, emitSinCos, emitTanh, SCALAR_IMPORTS } from '../wasm/math.js';
import { stored, type FusePlan } from './fuse.js';

const { i32, v128 } = ValType;
const S = Simd;

/**
 * Column pairs per iteration of a column loop. Measured with the rows per iteration
 * (fuse-wasm.ts, ROW_PAIRS): one pair per iteration was fastest; two or four were slower
 * (spills again), or at best equal.
 */
const COLUMN_PAIRS = 1;

/** A plan the WebAssembly emitter does not cover (the JS emitter runs it instead). */
export class WasmUnsupported extends Error {}

/**
 * Entrywise functions spelled in f64x2 here (math.ts). sin and cos call the module's
 * imported `Math.sin`/`Math.cos` for lanes beyond their reduction's range (SCALAR_IMPORTS,
 * which the module imports first).
 */
const FUNCTIONS = new Set(['exp', 'log', 'abs', 'tanh', 'sin', 'cos']);
/** Constant exponents of `.^` spelled here (the ones powInto and the JS emitter spell out, same rounding). */
const POWERS = new Set([2, -1, 0.5, -2]);

/** Why a node keeps a plan off WebAssembly, or undefined. `exponent` gives a constant exponent's value. */
export function wasmUnsupportedReason(node: MExpr, exponent: (e: MExpr) => number | undefined): string | undefined {
  if (node.kind === 'map' && !FUNCTIONS.has(node.fn)) return `the entrywise function ${node.fn}`;
  if (node.kind === 'pow') {
    const e = exponent(node.exp);
    if (e === undefined || !POWERS.has(e)) return 'a power other than 2, -1, 0.5, -2';
  }
  return undefined;
}

/**
 * Columns 0…n-1 in groups: a loop over COLUMN_PAIRS pairs per iteration, then the
 * remaining pairs, then one column. `emit(at, col, off, one)`: `at()` pushes the row address
 * `row` plus the loop's column offset, `col()` the column offset alone, `off` is the
 * pair's constant byte offset, `one` marks the single last column.
 */
export function columnLoop(b: Body, n: number, row: number | undefined, emit: (at: () => void, col: () => void, off: number, one: boolean) => void): void {
  const per = 2 * COLUMN_PAIRS;
  const n4 = n - (n % per);
  if (n4 > 0) {
    const jb = b.local(i32);
    const addr = b.local(i32);
    b.i32(0).set(jb).loop();
    if (row === undefined) b.get(jb).set(addr); else b.get(row).get(jb).op(Op.i32Add).set(addr);
    const at = (): void => void b.get(addr);
    const col = (): void => void b.get(jb);
    for (let q = 0; q < COLUMN_PAIRS; q++) emit(at, col, 16 * q, false);
    b.get(jb).i32(8 * per).op(Op.i32Add).tee(jb).i32(8 * n4).op(Op.i32LtU).brIf(0).end();
  }
  const at = (): void => void (row === undefined ? b.i32(0) : b.get(row));
  const col = (): void => void b.i32(0);
  for (let j = n4; j + 2 <= n; j += 2) emit(at, col, 8 * j, false);
  if (n % 2 === 1) emit(at, col, 8 * (n - 1), true);
}

/**
 * `acc = x*y + acc` for the two f64x2 on the stack (x, y): one `f64x2.relaxed_madd`
 * with `fma` (rounded once where the engine fuses it, as V8 does on CPUs with FMA3),
 * else a multiply and an add.
 */
export function multiplyAdd(b: Body, acc: number, fma: boolean): void {
  if (fma) b.get(acc).simd(S.f64x2RelaxedMadd);
  else b.simd(S.f64x2Mul).get(acc).simd(S.f64x2Add);
  b.set(acc);
}

/**
 * Rows i…i+rows-1 of A (k columns, at byte offset Ab) times v (at vb) into the pair
 * locals `out` (pair 0: rows 0 and 1, pair 1: rows 2 and 3, ...; one row: both lanes).
 */
export function produce(b: Body, rows: number, ib: number, Ab: number, k: number, vb: number, out: readonly number[], fma: boolean): void {
  const row = b.local(i32);
  b.get(ib).i32(k).op(Op.i32Mul).set(row);
  const acc = Array.from({ length: rows }, () => [b.local(v128), b.local(v128)] as const);
  for (const [a0, a1] of acc) b.f64x2(0).set(a0).f64x2(0).set(a1);
  const vv = b.local(v128);
  // Two accumulators per row: pairs alternate between them (off 0, 16) where a loop iteration has several.
  columnLoop(b, k, row, (at, col, off, one) => {
    const q = one || off % 32 === 0 ? 0 : 1;
    col();
    if (one) b.v128Load64Zero(vb + off); else b.v128Load(vb + off);
    b.set(vv);
    for (let h = 0; h < rows; h++) {
      const a = acc[h]![q];
      at();
      if (one) b.v128Load64Zero(Ab + 8 * h * k + off); else b.v128Load(Ab + 8 * h * k + off);
      b.get(vv);
      multiplyAdd(b, a, fma);
    }
  });
  for (const [a0, a1] of acc) b.get(a0).get(a1).simd(S.f64x2Add).set(a0);
  if (rows === 1) {
    const s = acc[0]![0];
    b.get(s).get(s).get(s).f64x2Shuffle(1, 0).simd(S.f64x2Add).set(out[0]!);
    return;
  }
  for (let q = 0; q < rows / 2; q++) {
    const s0 = acc[2 * q]![0];
    const s1 = acc[2 * q + 1]![0];
    b.get(s0).get(s1).f64x2Shuffle(0, 2).get(s0).get(s1).f64x2Shuffle(1, 3).simd(S.f64x2Add).set(out[q]!);
  }
}

/**
 * `out += Σ_h c_h M[i+h, :]` (n columns), or with `outer`, row i+h of out = c_h M (M
 * an n-vector). `coeff` holds the rows' c in pairs (one row: both lanes). With
 * `outBase` (a local), out is at that address plus `ob` (a chunk's partial sums).
 */
export function consume(b: Body, rows: number, ib: number, Mb: number, n: number, ob: number, coeff: readonly number[], outer: boolean, fma: boolean, outBase?: number): void {
  const row = b.local(i32);
  b.get(ib).i32(n).op(Op.i32Mul).set(row);
  const c = Array.from({ length: rows }, () => b.local(v128));
  if (rows === 1) b.get(coeff[0]!).set(c[0]!);
  else for (let h = 0; h < rows; h++) b.get(coeff[h >> 1]!).get(coeff[h >> 1]!).f64x2Shuffle((h & 1) as 0 | 1, (h & 1) as 0 | 1).set(c[h]!);
  const load = (one: boolean, off: number): void => void (one ? b.v128Load64Zero(off) : b.v128Load(off));
  // The output pair's address: the column offset, plus the chunk's base (kept in a local for the store).
  const oa = outBase === undefined ? undefined : b.local(i32);
  const outAt = (col: () => void): void => {
    col();
    if (oa !== undefined) b.get(outBase!).op(Op.i32Add).tee(oa);
  };
  const outAgain = (col: () => void): void => void (oa === undefined ? col() : b.get(oa));
  if (outer) {
    for (let h = 0; h < rows; h++) {
      columnLoop(b, n, row, (at, col, off, one) => {
        at();
        b.get(c[h]!);
        col();
        load(one, Mb + off);
        b.simd(S.f64x2Mul);
        if (one) b.v128Store64Lane(0, ob + 8 * h * n + off); else b.v128Store(ob + 8 * h * n + off);
      });
    }
    return;
  }
  if (fma) {
    // One chain of FMAs into the output pair: the chains of different columns overlap
    // (no dependence between iterations), and the out-of-order core runs several at once.
    const t = b.local(v128);
    columnLoop(b, n, row, (at, col, off, one) => {
      outAt(col);
      load(one, ob + off);
      b.set(t);
      for (let h = 0; h < rows; h++) {
        b.get(c[h]!);
        at();
        load(one, Mb + 8 * h * n + off);
        multiplyAdd(b, t, fma);
      }
      outAgain(col);
      b.get(t);
      if (one) b.v128Store64Lane(0, ob + off); else b.v128Store(ob + off);
    });
    return;
  }
  columnLoop(b, n, row, (at, col, off, one) => {
    outAt(col);
    // Pairs of rows summed first: a shorter chain of adds.
    for (let h = 0; h < rows; h++) {
      b.get(c[h]!);
      at();
      load(one, Mb + 8 * h * n + off);
      b.simd(S.f64x2Mul);
      // A binary tree of adds: one per trailing zero bit of h + 1.
      for (let t = h + 1; t % 2 === 0; t /= 2) b.simd(S.f64x2Add);
    }
    outAgain(col);
    load(one, ob + off);
    b.simd(S.f64x2Add);
    if (one) b.v128Store64Lane(0, ob + off); else b.v128Store(ob + off);
  });
}

/** Pushes an entrywise node's value at the current row(s), its operands pushed by `ref`. */
export function entry(b: Body, node: MExpr, ref: (n: MExpr) => void, p: FusePlan): void {
  switch (node.kind) {
    case 'add':
      node.terms.forEach((t, i) => {
        const { coeff, base } = p.term(t);
        ref(base);
        if (coeff !== 1 && coeff !== -1) b.f64x2(coeff).simd(S.f64x2Mul);
        if (i === 0) { if (coeff === -1) b.simd(S.f64x2Neg); }
        else b.simd(coeff === -1 ? S.f64x2Sub : S.f64x2Add);
      });
      return;
    case 'hadamard':
      node.factors.forEach((f, i) => { ref(f); if (i > 0) b.simd(S.f64x2Mul); });
      return;
    case 'map': {
      ref(node.arg);
      if (node.fn === 'abs') { b.simd(S.f64x2Abs); return; }
      const t = b.local(v128);
      b.set(t);
      if (node.fn === 'exp') emitExp(b, t);
      else if (node.fn === 'log') emitLog(b, t);
      else if (node.fn === 'tanh') emitTanh(b, t);
      else if (node.fn === 'sin' || node.fn === 'cos') emitSinCos(b, t, node.fn === 'cos', SCALAR_IMPORTS.findIndex((f) => f.name === node.fn));
      else throw new WasmUnsupported(node.fn);
      return;
    }
    case 'pow': {
      const e = p.constant(node.exp);
      const t = b.local(v128);
      if (e === 2) { ref(node.base); b.tee(t).get(t).simd(S.f64x2Mul); }
      else if (e === -1) { b.f64x2(1); ref(node.base); b.simd(S.f64x2Div); }
      else if (e === 0.5) { ref(node.base); b.simd(S.f64x2Sqrt); }
      else if (e === -2) { b.f64x2(1); ref(node.base); b.tee(t).get(t).simd(S.f64x2Mul).simd(S.f64x2Div); }
      else throw new WasmUnsupported(`power ${e}`);
      return;
    }
    case 'mul': {
      const parts = [...node.scalars, ...node.chain.map(stored)];
      parts.forEach((f, i) => { ref(f); if (i > 0) b.simd(S.f64x2Mul); });
      return;
    }
    default:
      throw new WasmUnsupported(`internal: ${node.kind} is not entrywise`);
  }
}
