/**
 * The WebAssembly encoder and the vector exp/log/tanh/sin/cos kernels: LEB128 against the
 * specification's worked values, and the functions of two doubles at a time against
 * `Math.exp`/`Math.log`/`Math.tanh`/`Math.sin`/`Math.cos` (V8's ports of fdlibm) over
 * seeded random arguments across the whole double range and every special value. (Offline,
 * against 200-bit mpmath: the vector tanh is within 0.78 ulp of the exact value below
 * 0.625 and 1.4 ulp above, and V8's Math.tanh itself up to 2.0 ulp off; so 2 ulp here.)
 */
import { describe, expect, it } from 'vitest';
import { Body, Op, ValType, instantiate, pushS32, pushU32 } from '../../src/compile/wasm/encoder.js';
import { emitExp, emitLog, emitSinCos, emitTanh, SCALAR_FUNCTIONS, SCALAR_IMPORTS, TRIG_REDUCTION_LIMIT } from '../../src/compile/wasm/math.js';
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

/** The double `d` units in the last place after x (same sign, x not 0). */
function ulpStep(x: number, d: number): number {
  const a = new Float64Array([x]);
  const i = new BigInt64Array(a.buffer);
  i[0] = i[0]! + BigInt(d);
  return a[0]!;
}

describe('vector tanh, sin and cos', () => {
  type Name = 'tanh' | 'sin' | 'cos';
  const memory = new WebAssembly.Memory({ initial: 64 });
  const sinIndex = SCALAR_IMPORTS.findIndex((f) => f.name === 'sin');
  const cosIndex = SCALAR_IMPORTS.findIndex((f) => f.name === 'cos');
  const kernels = instantiate({
    memoryPages: 64,
    imports: SCALAR_IMPORTS,
    functions: [
      { body: mapKernel(emitTanh), export: 'tanh' },
      { body: mapKernel((b, x) => emitSinCos(b, x, false, sinIndex)), export: 'sin' },
      { body: mapKernel((b, x) => emitSinCos(b, x, true, cosIndex)), export: 'cos' },
    ],
  }, memory, SCALAR_FUNCTIONS) as Record<Name, (from: number, to: number, bytes: number) => void>;
  const reference: Record<Name, (x: number) => number> = { tanh: Math.tanh, sin: Math.sin, cos: Math.cos };
  const f = new Float64Array(memory.buffer);
  const run = (name: Name, xs: readonly number[]): number[] => {
    const n = xs.length + (xs.length % 2);
    for (let i = 0; i < n; i++) f[i] = xs[i] ?? 1;
    kernels[name](0, n * 8, n * 8);
    return Array.from(f.subarray(n, n + xs.length));
  };
  const worstUlps = (name: Name, xs: readonly number[]): number => {
    const ys = run(name, xs);
    let worst = 0;
    xs.forEach((x, i) => { worst = Math.max(worst, ulpDistance(ys[i]!, reference[name](x))); });
    return worst;
  };
  const N = 40_000;
  /** N seeded arguments: |x| below 1e-300 (a tenth subnormal), about 1e-8, in [−1, 1], in [−50, 50]. */
  const ranges = (seed: number): Record<string, number[]> => {
    const rand = seeded(seed);
    const sign = (): number => (rand() < 0.5 ? -1 : 1);
    return {
      tiny: Array.from({ length: N }, (_, i) => sign() * (i % 10 === 0 ? 2 ** (-1074 + 52 * rand()) : 2 ** (-1022 + 24 * rand()) * (1 + rand()))),
      '1e-8': Array.from({ length: N }, () => sign() * 1e-8 * rand()),
      unit: Array.from({ length: N }, () => 2 * rand() - 1),
      '50': Array.from({ length: N }, () => 100 * rand() - 50),
    };
  };

  it('tanh: ±0 keep their sign, ±1 exactly from |x| = 20 on, ±∞, NaN, and x itself for tiny x', () => {
    const xs = [0, -0, Infinity, -Infinity, NaN, 20, -20, 22, -22, 40, 710, 1e300, -1e300, 5e-324, -5e-324, 1e-300, 2.2250738585072014e-308];
    expect(run('tanh', xs)).toEqual([0, -0, 1, -1, NaN, 1, -1, 1, -1, 1, 1, 1, -1, 5e-324, -5e-324, 1e-300, 2.2250738585072014e-308]);
    expect(Object.is(run('tanh', [-0])[0], -0)).toBe(true);
  });

  it('tanh: within 2 ulp of Math.tanh on every range, and exact where |x| < 1e-300', () => {
    const r = ranges(3);
    expect(worstUlps('tanh', r.tiny!)).toBe(0);
    for (const key of ['1e-8', 'unit', '50']) {
      const worst = worstUlps('tanh', r[key]!);
      if (worst > 2) throw new Error(`tanh on ${key}: ${worst} ulp`);
    }
    // Both sides of the switch from the rational to the exponential at 0.625.
    const rand = seeded(4);
    expect(worstUlps('tanh', Array.from({ length: N }, () => 0.55 + 0.15 * rand()))).toBeLessThanOrEqual(2);
  });

  it('sin and cos: ±0 (sin keeps the sign), ±∞ and NaN give NaN, and the quadrants of the multiples of π/2', () => {
    const xs = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, Math.PI / 2, Math.PI, -Math.PI, 3 * Math.PI / 2, 2 * Math.PI];
    const sin = run('sin', xs);
    expect(Object.is(sin[0], 0) && Object.is(sin[1], -0)).toBe(true);
    expect(sin.slice(2, 7)).toEqual([NaN, NaN, NaN, 5e-324, -5e-324]);
    const cos = run('cos', xs);
    expect(cos.slice(0, 7)).toEqual([1, 1, NaN, NaN, NaN, 1, 1]);
    // The multiples of π/2 exactly as Math rounds them (sin π = 1.2246467991473532e-16, the
    // distance from the double π to π).
    expect(sin.slice(7)).toEqual(xs.slice(7).map(Math.sin));
    expect(cos.slice(7)).toEqual(xs.slice(7).map(Math.cos));
  });

  it('sin and cos: within 1 ulp of Math.sin and Math.cos up to |x| = 1e5, near the multiples of π/2 too, and exact where |x| < 1e-300', () => {
    const r = ranges(5);
    const rand = seeded(6);
    const far = Array.from({ length: N }, () => 2e5 * rand() - 1e5);
    // k·π/2 and its neighbours, where the reduction cancels most bits.
    const nearMultiples: number[] = [];
    for (let j = 0; j < 4000; j++) {
      const k = j < 500 ? j : Math.floor(rand() * 2 ** 19);
      for (const d of [-2, -1, 0, 1, 2]) nearMultiples.push(k === 0 ? d * 1e-300 : ulpStep(k * (Math.PI / 2), d));
    }
    // The ten doubles below the reduction's limit closest to a multiple of π/2 (an exhaustive
    // search over k ≤ 2^19 with 300-bit π in Python/mpmath; the first is 4.4e-17 from 204551·π/2).
    const hardest = [321307.9594422229, 642615.9188844458, 413441.44719405076, 597708.4226977065, 687523.4150711851, 505574.93494587863, 229174.47169039503, 458348.94338079006, 781975.3982013622, 138200.2316277418];
    for (const name of ['sin', 'cos'] as const) {
      expect(worstUlps(name, r.tiny!)).toBe(0);
      for (const [key, xs] of [...Object.entries(r), ['1e5', far], ['k·π/2', nearMultiples], ['hardest', [...hardest, ...hardest.map((t) => -t)]]] as const) {
        const worst = worstUlps(name, xs);
        if (worst > 1) throw new Error(`${name} on ${key}: ${worst} ulp`);
      }
    }
  });

  it('sin and cos beyond the reduction\'s range: Math.sin and Math.cos lane by lane, the other lane unchanged', () => {
    const rand = seeded(7);
    const beyond = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 1 : -1) * TRIG_REDUCTION_LIMIT * (1 + 1e3 * rand() ** 4));
    beyond.push(1e22, -1e300, Number.MAX_VALUE, ulpStep(TRIG_REDUCTION_LIMIT, 1));
    for (const name of ['sin', 'cos'] as const) {
      expect(run(name, beyond)).toEqual(beyond.map(reference[name]));
      // One lane beyond, one within: the one within is the vector value it has with a partner within.
      const mixed = run(name, [1e7, 0.7, 0.3, -2e6]);
      expect(mixed[0]).toBe(reference[name](1e7));
      expect(mixed[3]).toBe(reference[name](-2e6));
      expect([mixed[1], mixed[2]]).toEqual(run(name, [0.7, 0.3]));
      // Just below the limit, the vector reduction, still within 1 ulp.
      expect(worstUlps(name, Array.from({ length: 2000 }, () => TRIG_REDUCTION_LIMIT * (1 - 1e-3 * rand())))).toBeLessThanOrEqual(1);
    }
  });
});
