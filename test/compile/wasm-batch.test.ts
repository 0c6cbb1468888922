/**
 * The WebAssembly batch (src/compile/wasm/batch.ts) against the JS single-point path.
 *
 * With `scalarMath` (exp, log, tanh, sin and cos one lane at a time through Math's) the
 * kernel must give the JS path's doubles bit for bit, so any difference is the
 * translation's: lanes, padding of odd batches, blocks, loops, order of operations.
 * With the vector functions (what `compile` runs) values agree to 1e-14 relative
 * where the value is well conditioned. Batch sizes 0…9 and sizes that cross blocks with
 * an odd remainder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, call, mul, num, pow, Rational, substitute, sym, type Expr } from '../../src/expr/index.js';
import { compile, compileGradient, lowerForLayout } from '../../src/compile/index.js';
import { SHARED_MEMORY_BYTES, wasmBatch, wasmBatchUnsupported } from '../../src/compile/wasm/batch.js';
import { rosenbrock } from '../../src/optimize/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { wellsExpr } from '../support/wells-004.js';

const VARS = ['x', 'y', 'z'];
const SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1031];

/** Deterministic points: n rows of `width` values in about [-2.5, 2.5], every row different. */
function points(n: number, width: number, seed = 1): Float64Array {
  const out = new Float64Array(n * width);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = -2.5 + (5 * s) / 2147483647;
  }
  return out;
}

/** Row r of the single-point path, for every row. */
function singleRows(f: { evaluate(x: Float64Array): Float64Array }, x: Float64Array, n: number, width: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from(f.evaluate(x.slice(r * width, (r + 1) * width))));
}

const sameDouble = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** The functions with a vector form, and powers the lowering keeps as `pow` (|n| > 16). */
const SUPPORTED = { functions: ['exp', 'log', 'tanh', 'sin', 'cos', 'abs', 'sign', 'sqrt'] as const, symbolicExponents: false, exponents: [-3, -2, -1, 2, 3, 20, -20].map((k) => Rational.of(k)).concat([Rational.of(1, 2), Rational.of(-1, 2), Rational.of(3, 2)]) };

describe('WebAssembly batch', () => {
  it('equals the single-point path bit for bit on random programs (scalar exp, log, tanh, sin, cos), every batch size', () => {
    let ran = 0;
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 5, ...SUPPORTED }), exprArbitrary({ vars: VARS, maxDepth: 3, ...SUPPORTED }), (a, b) => {
        const program = lowerForLayout([a, b], VARS.map((v) => sym(v)), [3]);
        expect(wasmBatchUnsupported(program)).toBeUndefined();
        const kernel = wasmBatch(program, { scalarMath: true });
        const f = compile([a, b], VARS, { batchBackend: 'js' });
        for (const n of SIZES) {
          const x = points(n, 3, n + 7);
          const out = kernel.batch(x, n, new Float64Array(2 * n));
          singleRows(f, x, n, 3).forEach((row, r) => row.forEach((v, i) => expect(sameDouble(out[2 * r + i]!, v)).toBe(true)));
        }
        ran++;
      }),
      { seed: 5, numRuns: 80 },
    );
    expect(ran).toBe(80);
  });

  it('with the vector exp, log, tanh, sin and cos, agrees with the single-point path to 1e-14 where well conditioned', () => {
    let compared = 0;
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 5, ...SUPPORTED }), (e) => {
        const f = compile(e, VARS);
        expect(f.batchBackend).toBe('wasm-simd');
        const n = 101;
        const x = points(n, 3, 3);
        const out = f.evaluateBatch(x, n);
        const single = singleRows(f, x, n, 3);
        // Conditioning: the single path at inputs moved by 4 ulp, as an error of exp/log moves their results.
        const nudged = singleRows(f, x.map((v) => v * (1 + 9e-16)), n, 3);
        single.forEach(([v], r) => {
          const got = out[r]!;
          if (sameDouble(got, v!)) return void compared++;
          const spread = Math.abs(nudged[r]![0]! - v!);
          if (!(spread <= 1e-14 * Math.abs(v!))) return; // ill conditioned (or not finite): says nothing about the kernel
          expect(Math.abs(got - v!)).toBeLessThanOrEqual(1e-14 * Math.abs(v!));
          compared++;
        });
      }),
      { seed: 9, numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(0.9 * 150 * 101);
  });

  it('sin, cos and tanh: the kernel agrees with the JS batch to 2 ulp per call, Math.sin and Math.cos exactly beyond |x| = 8.2e5', () => {
    const [x, y, z] = VARS.map((v) => sym(v)) as [Expr, Expr, Expr];
    const exprs = [call('tanh', mul(x, y)), call('sin', add(mul(num(3), x), z)), call('cos', mul(y, z)), mul(call('sin', x), call('cos', y), call('tanh', z))];
    const f = compile(exprs, VARS);
    const js = compile(exprs, VARS, { batchBackend: 'js' });
    expect(f.batchBackend).toBe('wasm-simd');
    expect(js.batchBackend).toBe('js');
    // Rows of small, unit, wide (±50) and far (±1e6, beyond the reduction's range) points, ±0, ±∞ and NaN.
    const rows: number[][] = [[0, -0, 0], [-0, 1, -0], [Infinity, 2, -Infinity], [NaN, 1, 2], [1e-310, -3e-320, 1e-8]];
    const p = points(400, 3, 17);
    for (let r = 0; r < 400; r++) {
      const scale = [1e-9, 1, 20, 4e5][r % 4]!;
      rows.push([p[3 * r]! * scale, p[3 * r + 1]! * (r % 4 === 3 ? 1 : scale), p[3 * r + 2]! * scale]);
    }
    const n = rows.length;
    const input = Float64Array.from(rows.flat());
    const got = f.evaluateBatch(input, n);
    const want = js.evaluateBatch(input, n);
    const ulps = (a: number, b: number): number => (sameDouble(a, b) ? 0 : Math.abs(a - b) / (Number.EPSILON * Math.abs(b)));
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < 3; k++) {
        // One call per output: within 2 ulp (relative, of the JS value).
        const [a, b] = [got[4 * r + k]!, want[4 * r + k]!];
        if (!(ulps(a, b) <= 2)) throw new Error(`row ${r} output ${k}: ${a} vs ${b}`);
      }
      // Three calls multiplied: within 6.
      expect(ulps(got[4 * r + 3]!, want[4 * r + 3]!)).toBeLessThanOrEqual(6);
    }
    // Beyond 8.2e5 the imported Math.sin and Math.cos: the JS doubles.
    const far = Float64Array.from([3e6, 1, 1e7, -5e6, 0.5, 1e300, 2e6, 2e6, 2e6]);
    const gotFar = f.evaluateBatch(far, 3);
    const wantFar = js.evaluateBatch(far, 3);
    for (const i of [1, 2, 5, 6, 9, 10]) expect(sameDouble(gotFar[i]!, wantFar[i]!)).toBe(true);
  });

  it('runs loops: Rosenbrock n = 1000, f and f+∇f, bit for bit, batches crossing blocks', () => {
    const { expression, variables } = rosenbrock(1000);
    const f = compile(expression, variables);
    const fg = compileGradient(expression, variables);
    expect(f.batchBackend).toBe('wasm-simd');
    expect(fg.batchBackend).toBe('wasm-simd');
    expect(f.source).toContain('for (let j0');
    for (const n of [0, 1, 2, 3, 7, 37]) {
      const x = points(n, 1000, 11 + n);
      const out = f.evaluateBatch(x, n);
      const outG = fg.evaluateBatch(x, n);
      for (let r = 0; r < n; r++) {
        const row = x.slice(1000 * r, 1000 * (r + 1));
        expect(sameDouble(out[r]!, f.evaluate(row)[0]!)).toBe(true);
        const g = new Float64Array(1000);
        const v = fg.valueAndGradient(row, g);
        expect(sameDouble(outG[1001 * r]!, v)).toBe(true);
        for (let i = 0; i < 1000; i++) if (!sameDouble(outG[1001 * r + 1 + i]!, g[i]!)) throw new Error(`row ${r} gradient ${i}: ${outG[1001 * r + 1 + i]} vs ${g[i]}`);
      }
    }
  });

  it('runs loops forced on random programs (sums of shifted copies), bit for bit with scalar exp/log', () => {
    const U = Array.from({ length: 12 }, (_, i) => `u${i}`);
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 4, ...SUPPORTED }), (tmpl) => {
        const copies: Expr[] = [];
        for (let i = 0; i + 2 < U.length; i++) copies.push(substitute(tmpl, { x: sym(U[i]!), y: sym(U[i + 1]!), z: sym(U[i + 2]!) }));
        const exprs = [add(...copies), ...copies.slice(0, 3)];
        const program = lowerForLayout(exprs, U.map((u) => sym(u)), [12], 'always');
        const kernel = wasmBatch(program, { scalarMath: true });
        const f = compile(exprs, U, { loops: 'always', batchBackend: 'js' });
        for (const n of [1, 2, 5]) {
          const x = points(n, 12, n);
          const out = kernel.batch(x, n, new Float64Array(4 * n));
          singleRows(f, x, n, 12).forEach((row, r) => row.forEach((v, i) => expect(sameDouble(out[4 * r + i]!, v)).toBe(true)));
        }
      }),
      { seed: 23, numRuns: 60 },
    );
  });

  it('keeps the JS batch for functions without a vector form, and says why', () => {
    const x = sym('x');
    const y = sym('y');
    const cases: [Expr, string][] = [
      [add(call('tan', x), y), 'no vector tan'],
      [call('erf', x), 'no vector erf'],
      [pow(x, y), 'pow with a variable or non-integer exponent'],
      [pow(x, num(Rational.of(1, 3))), 'pow with a variable or non-integer exponent'],
    ];
    for (const [e, why] of cases) {
      const f = compile(e, ['x', 'y']);
      expect(f.batchBackend).toBe('js');
      expect(f.batchFallback).toBe(why);
      const pts = Float64Array.from([0.5, 1.5, 2, 0.25, 1.25, 3]);
      const out = f.evaluateBatch(pts, 3);
      for (let r = 0; r < 3; r++) expect(out[r]).toBe(f.evaluate(pts.slice(2 * r, 2 * r + 2))[0]);
    }
    expect(compile(call('exp', x), ['x'], { batchBackend: 'js' }).batchBackend).toBe('js');
    expect(compile(call('exp', x), ['x']).batchBackend).toBe('wasm-simd');
  });

  it('falls back to the JS batch when WebAssembly is missing, or when the engine refuses the kernel at the first batch', () => {
    const e = call('exp', mul(sym('x'), sym('y')));
    const pts = Float64Array.from([0.5, 1.5, 2, 0.25, 1.25, 3]);
    const want = [0, 1, 2].map((r) => Math.exp(pts[2 * r]! * pts[2 * r + 1]!));
    const saved = globalThis.WebAssembly;
    try {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
      const f = compile(e, ['x', 'y']);
      expect([f.batchBackend, f.batchFallback]).toEqual(['js', 'WebAssembly is not available']);
      expect(Array.from(f.evaluateBatch(pts, 3))).toEqual(want);
      globalThis.WebAssembly = saved;
      // Decided at compile time; built (and refused) at the first batch.
      const g = compile(e, ['x', 'y']);
      expect(g.batchBackend).toBe('wasm-simd');
      const refuse = class {
        constructor() {
          throw new RangeError('refused for the test');
        }
      };
      globalThis.WebAssembly = Object.assign(Object.create(saved) as object, { Module: refuse }) as unknown as typeof WebAssembly;
      expect(Array.from(g.evaluateBatch(pts, 3))).toEqual(want);
      expect([g.batchBackend, g.batchFallback]).toEqual(['js', 'the engine refused the kernel: refused for the test']);
    } finally {
      globalThis.WebAssembly = saved;
    }
  });

  it('gives the specials of exp, log, sign, abs and powers', () => {
    const x = sym('x');
    const f = compile([call('exp', x), call('log', x), call('sign', x), call('abs', x), pow(x, num(20)), pow(x, num(-20))], ['x']);
    expect(f.batchBackend).toBe('wasm-simd');
    const xs = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1000, -1000, 5e-324, 0.5, 1.1];
    const out = f.evaluateBatch(Float64Array.from(xs), xs.length);
    xs.forEach((v, r) => {
      const row = Array.from(out.slice(6 * r, 6 * r + 6));
      // Values from Math.* (an independent implementation): sign and abs exact, exp and
      // log within 2 ulp (4.5e-16 relative), powers by squaring within 1e-14.
      expect(row.slice(2, 4)).toEqual([Math.sign(v), Math.abs(v)]);
      for (const [k, want, tol] of [[0, Math.exp(v), 4.5e-16], [1, Math.log(v), 4.5e-16], [4, Math.pow(v, 20), 1e-14], [5, Math.pow(v, -20), 1e-14]] as const) {
        if (Number.isFinite(want) && want !== 0) expect(Math.abs(row[k]! - want)).toBeLessThanOrEqual(tol * Math.abs(want));
        else expect(row[k]).toBe(want);
      }
    });
  });

  it('seed 004 wells: f and f+∇f batched agree with NumPy at (0.3, -0.7)', () => {
    const e = wellsExpr();
    const f = compile(e, ['x', 'y']);
    const fg = compileGradient(e, ['x', 'y']);
    expect([f.batchBackend, fg.batchBackend]).toEqual(['wasm-simd', 'wasm-simd']);
    const out = fg.evaluateBatch(Float64Array.from([0.3, -0.7, 0.3, -0.7, 0.3, -0.7]), 3);
    // NumPy's values (test/support/wells-004.ts).
    for (let r = 0; r < 3; r++) {
      expect(out[3 * r]).toBeCloseTo(-0.2268276198472057, 14);
      expect(out[3 * r + 1]).toBeCloseTo(-0.24550525228586467, 14);
      expect(out[3 * r + 2]).toBeCloseTo(0.07947439233913382, 14);
    }
    expect(f.evaluateBatch(Float64Array.from([0.3, -0.7]), 1)[0]).toBeCloseTo(-0.2268276198472057, 14);
  });

  it('runs any batch through a memory of fixed size', () => {
    const x = sym('x');
    const y = sym('y');
    const small = wasmBatch(lowerForLayout([call('exp', mul(x, y))], [x, y], [2]));
    expect(small.memory.buffer.byteLength).toBe(SHARED_MEMORY_BYTES);
    const { expression, variables } = rosenbrock(5000);
    const big = wasmBatch(lowerForLayout([expression], variables.map((v) => sym(v)), [5000]));
    expect(big.layout.blockPoints).toBe(2);
    const sizes = [small.memory.buffer.byteLength, big.memory.buffer.byteLength];
    const n = 100_001;
    small.batch(points(n, 2), n, new Float64Array(n));
    big.batch(points(5, 5000), 5, new Float64Array(5));
    expect([small.memory.buffer.byteLength, big.memory.buffer.byteLength]).toEqual(sizes);
  });
});
