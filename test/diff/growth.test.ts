/**
 * The derivative of an n-node DAG has O(n) nodes (seed 001: symbolic derivatives must
 * not swell). For the composition x ↦ sin(x·x + x) applied d times, the derivative's node
 * count grows linearly in d, where tree-based differentiation grows exponentially.
 */
import { describe, expect, it } from 'vitest';
import { add, mul, nodeCount, sin, sym, type Expr } from '../../src/expr/index.js';
import { derivative, gradient } from '../../src/diff/index.js';
import { compile, compileGradient } from '../../src/compile/index.js';

const x = sym('x');
function composition(d: number): Expr {
  let e: Expr = x;
  for (let i = 0; i < d; i++) e = sin(add(mul(e, e), e));
  return e;
}
/** The same composition's derivative by the chain rule, numerically. */
function handDerivative(d: number, t: number): number {
  let v = t;
  let dv = 1;
  for (let i = 0; i < d; i++) {
    const u = v * v + v;
    dv = Math.cos(u) * (2 * v + 1) * dv;
    v = Math.sin(u);
  }
  return dv;
}

describe('derivative size of the depth-d composition', () => {
  const counts = new Map<number, number>();
  for (const d of [10, 20, 40]) counts.set(d, nodeCount(derivative(composition(d), x)));

  it('is at most 8·d + 4 nodes for d = 10, 20, 40', () => {
    for (const [d, c] of counts) expect(c).toBeLessThanOrEqual(8 * d + 4);
  });

  it('doubles when d doubles (linear growth, within 10%)', () => {
    const r1 = counts.get(20)! / counts.get(10)!;
    const r2 = counts.get(40)! / counts.get(20)!;
    for (const r of [r1, r2]) {
      expect(r).toBeGreaterThan(1.8);
      expect(r).toBeLessThan(2.2);
    }
  });

  it('is linear in reverse mode too', () => {
    const c20 = nodeCount(gradient(composition(20), [x])[0]!);
    const c40 = nodeCount(gradient(composition(40), [x])[0]!);
    expect(c40 / c20).toBeGreaterThan(1.8);
    expect(c40 / c20).toBeLessThan(2.2);
    expect(c40).toBeLessThanOrEqual(8 * 40 + 4);
  });

  it('is the right derivative (compiled, against the chain rule by hand)', () => {
    for (const d of [1, 5, 10, 40]) {
      const c = compileGradient(composition(d), ['x']);
      for (const t of [0.1, 0.37]) {
        const got = c.gradient(Float64Array.of(t))[0]!;
        const want = handDerivative(d, t);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      }
    }
    // A thousand levels: still linear, and no stack overflow anywhere on the way.
    const deep = composition(1000);
    const dd = derivative(deep, x);
    expect(nodeCount(dd)).toBeLessThanOrEqual(8 * 1000 + 4);
    const f = compile([dd], ['x']);
    const got = f.evaluate(Float64Array.of(0.2))[0]!;
    expect(Math.abs(got - handDerivative(1000, 0.2))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(got)));
  });
});
