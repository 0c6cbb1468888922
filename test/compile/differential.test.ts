/**
 * Differential test (after zod's compile-differential test): compiled code against the
 * tree-walking interpreter on random expressions, with a check that the compiled path
 * really ran (the generated function reads exactly the inputs the expression uses).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeSymbols, type Expr } from '../../src/expr/index.js';
import { compile, evaluate } from '../../src/compile/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { batchAgrees } from '../support/batch-agree.js';

const VARS = ['x', 'y', 'z'];
const POINTS = [
  [0.3, -1.2, 2.5],
  [1.7, 0.4, -0.6],
  [-2.2, 2.9, 0.05],
  [0.9, 1.1, 1.3],
];

/** A Float64Array whose numeric reads are recorded. */
function recording(values: readonly number[]): { array: Float64Array; reads: Set<number> } {
  const target = Float64Array.from(values);
  const reads = new Set<number>();
  const array = new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.add(Number(key));
      return Reflect.get(t, key);
    },
  });
  return { array, reads };
}

/** Agreement up to rounding: NaN with NaN, infinities exactly, finite values to 1e-10 relative. */
function agree(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Whether the interpreter's own value is well conditioned at the point: nudging the
 * inputs by 1e-13 relative moves it by less than the tolerance. Where it is not (a
 * sum cancelling to nearly nothing), a 1e-10 disagreement says nothing about codegen.
 */
function wellConditioned(e: Expr, point: readonly number[]): boolean {
  const v = evaluate(e, Object.fromEntries(VARS.map((n, i) => [n, point[i]!])));
  const w = evaluate(e, Object.fromEntries(VARS.map((n, i) => [n, point[i]! * (1 + 1e-13)])));
  return Number.isFinite(v) && Number.isFinite(w) && Math.abs(v - w) <= 1e-12 * Math.max(1, Math.abs(v));
}

describe('compiled code agrees with the interpreter', () => {
  it('on 600 random expressions of depth up to 5, at four points each', () => {
    let compared = 0;
    let skipped = 0;
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 5 }), (e) => {
        const f = compile(e, VARS);
        const used = new Set([...freeSymbols(e)].map((n) => VARS.indexOf(n)));
        for (const point of POINTS) {
          const { array, reads } = recording(point);
          const got = f.evaluate(array)[0]!;
          // The generated function ran: it read each input the expression uses, and no other.
          expect(reads).toEqual(used);
          const want = evaluate(e, Object.fromEntries(VARS.map((n, i) => [n, point[i]!])));
          if (agree(got, want)) compared++;
          else if (!wellConditioned(e, point)) skipped++;
          else throw new Error(`compiled ${got} vs interpreted ${want} at ${point}\n${f.source.split('function batch')[0]}`);
        }
      }),
      { seed: 42, numRuns: 600 },
    );
    expect(compared).toBeGreaterThan(0.9 * 600 * POINTS.length);
    expect(skipped).toBeLessThan(0.05 * 600 * POINTS.length);
  });

  it('batched evaluation equals single evaluation on random expressions', () => {
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 4 }), exprArbitrary({ vars: VARS, maxDepth: 3 }), (a, b) => {
        const f = compile([a, b], VARS);
        const inputs = Float64Array.from(POINTS.flat());
        const batch = f.evaluateBatch(inputs, POINTS.length);
        POINTS.forEach((p, r) => {
          const single = f.evaluate(Float64Array.from(p));
          // Bit for bit, except the ulps of exp, log and pow in the WebAssembly batch.
          expect(batchAgrees(f, batch[2 * r]!, single[0]!)).toBe(true);
          expect(batchAgrees(f, batch[2 * r + 1]!, single[1]!)).toBe(true);
        });
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('chunked code equals unchunked code bit for bit', () => {
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 5 }), (e) => {
        const whole = compile(e, VARS);
        const parts = compile(e, VARS, { maxChunk: 2 });
        for (const p of POINTS) {
          const a = whole.evaluate(Float64Array.from(p))[0]!;
          const b = parts.evaluate(Float64Array.from(p))[0]!;
          expect(Object.is(a, b) || a === b).toBe(true);
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
