/**
 * The WebAssembly encoder and the vector exp/log kernels: LEB128 against the
 * specification's worked values, and exp/log of two doubles at a time against
 * `Math.exp`/`Math.log` (correctly rounded to within 1 ulp in V8) over seeded random
 * arguments across the whole double range and every special value.
 */
import { describe, expect, it } from 'vitest';
import { Body, Op, ValType, instantiate, pushS32, pushU32 } from '../../src/compile/wasm/encoder.js';
import { emitExp, emitLog } from '../../src/compile/wasm/math.js';
import { rng as seeded } from '../support/expr-eval.js';

/** A kernel applying `emit` to n doubles (n even) from byte offset `from` to `to`. */
function mapKernel(emit: (b: Body, x: number) => void): Body {
  const { i32, v128 } = ValType;
  const b = new Body([i32, i32, i32], []);
  const x = b.local(v128);
  b.get(0).get(2).op(Op.i32Add).set(2);
  b.block().loop().get(0).get(2).op(Op.i32GeU).brIf(1).get(0).v128Load().set(x).get(1);
  emit(b, x);
  b.v128Store().get(0).i32(16).op(Op.i32Add).set(0).get(1).i32(16).op(Op.i32Add).set(1).br(0).end().end();
  return b;
}

function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  if (Math.sign(a) !== Math.sign(b)) return Infinity;
  return Math.abs(Number(bits[0]! - bits[1]!));
}

describe('encoder', () => {
  it('writes LEB128 as the specification does', () => {
    const u: number[] = [];
    pushU32(u, 624485);
    expect(u).toEqual([0xe5, 0x8e, 0x26]);
    const s: number[] = [];
    pushS32(s, -123456);
    expect(s).toEqual([0xc0, 0xbb, 0x78]);
    const small: number[] = [];
    pushS32(small, 63); pushS32(small, 64); pushS32(small, -64); pushS32(small, -65);
    expect(small).toEqual([0x3f, 0xc0, 0x00, 0x40, 0xbf, 0x7f]);
  });
});

describe('vector exp and log', () => {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const kernels = instantiate({ memoryPages: 64, functions: [{ body: mapKernel(emitExp), export: 'exp' }, { body: mapKernel(emitLog), export: 'log' }] }, memory) as Record<'exp' | 'log', (from: number, to: number, bytes: number) => void>;
  const N = 100_000;
  const f = new Float64Array(memory.buffer);
  const run = (name: 'exp' | 'log', xs: readonly number[]): number[] => {
    const n = xs.length + (xs.length % 2);
    for (let i = 0; i < n; i++) f[i] = xs[i] ?? 1;
    kernels[name](0, n * 8, n * 8);
    return Array.from(f.subarray(n, n + xs.length));
  };

  it('exp: special values exactly', () => {
    const xs = [0, -0, Infinity, -Infinity, NaN, 1, -1, 709.7827128933840, 709.79, 1000, -745.14, -746, -1000];
    expect(run('exp', xs)).toEqual([1, 1, Infinity, 0, NaN, Math.E, 1 / Math.E, Math.exp(709.782712893384), Infinity, Infinity, 0, 0, 0]);
  });

  it('exp: within 2 ulp of Math.exp over the whole range, subnormal results included', () => {
    const rand = seeded(1);
    const xs = Array.from({ length: N }, (_, i) => (i % 10 === 0 ? -708 - 37 * rand() : -745 + 1455 * rand()));
    const ys = run('exp', xs);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, ulpDistance(ys[i]!, Math.exp(xs[i]!)));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('log: special values exactly', () => {
    const xs = [1, 0, -0, Infinity, -Infinity, NaN, -1, Math.E, 2, 5e-324];
    const ys = run('log', xs);
    expect(ys.slice(0, 8)).toEqual([0, -Infinity, -Infinity, Infinity, NaN, NaN, NaN, 1]);
    expect(ys[8]).toBe(Math.LN2);
    expect(ys[9]).toBe(Math.log(5e-324));
  });

  it('log: within 1 ulp of Math.log from the smallest subnormal to the largest double', () => {
    const rand = seeded(2);
    const xs = Array.from({ length: N }, (_, i) => (i % 10 === 0 ? 2 ** (-1074 + 52 * rand()) : 2 ** (-1022 + 2045 * rand()) * (1 + rand())));
    const ys = run('log', xs);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, ulpDistance(ys[i]!, Math.log(xs[i]!)));
    expect(worst).toBeLessThanOrEqual(1);
  });
});
