/**
 * Loop fusion with peeled edges (`fuseLoops`): the gradient of a chained sum is one
 * loop over the middle entries that also adds up f (the per-term values are computed
 * once and read as locals), with the first and last entries as scalars; a hand-built
 * program fuses a shifted loop into its producer; a loop that reads its producer's
 * total is left alone. Values against hand-written loops and hand-derived gradients.
 */
import { describe, expect, it } from 'vitest';
import { exp, sub, sym, addAll, type Expr } from '../../src/expr/index.js';
import { compileGradient, compileLowered, type BodyStep, type Loop, type Program } from '../../src/compile/index.js';
import { fuseLoops } from '../../src/compile/fuse.js';
import { rosenbrock } from '../../src/optimize/index.js';

const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const loopsOf = (p: Program): Loop[] => p.instructions.filter((i): i is Loop => i.op === 'loop');
const count = (body: readonly BodyStep[], op: BodyStep['op']): number => body.filter((s) => s.op === op).length;

describe('fusion: chained sums', () => {
  it('Rosenbrock ∇f: one pass over the middle computes the f terms and the gradient entries', () => {
    const n = 2000;
    const { expression, variables } = rosenbrock(n);
    const fg = compileGradient(expression, variables);
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));
    // By hand: a_i = x_{i+1} − x_i², b_i = 1 − x_i; ∂/∂x_i = −400 x_i a_i − 2 b_i + 200 a_{i−1}.
    const h = new Float64Array(n);
    let s = 0;
    for (let i = 0; i + 1 < n; i++) {
      const a = x[i + 1]! - x[i]! * x[i]!;
      const b = 1 - x[i]!;
      s += 100 * a * a + b * b;
      h[i]! += -400 * x[i]! * a - 2 * b;
      h[i + 1]! += 200 * a;
    }
    const g = new Float64Array(n);
    expect(close(fg.valueAndGradient(x, g), s, 1e-13)).toBe(true);
    for (let i = 0; i < n; i++) expect(close(g[i]!, h[i]!, 1e-12)).toBe(true);
    // The middle loop: n − 2 iterations that both accumulate f and write gradient entries.
    expect(fg.source).toMatch(new RegExp(`for \\(let j0 = 0; j0 < ${n - 2}; j0\\+\\+\\)`));
    expect(fg.source).not.toMatch(new RegExp(`j0 < ${n - 1};`));
  });

  it('the program has one long loop, and it stores only what a later iteration or an edge reads', () => {
    const n = 500;
    const { expression, variables } = rosenbrock(n);
    const fg = compileGradient(expression, variables, { loops: 'always' });
    const long = fg.source.split('\n').filter((l) => l.includes('for (let j0 = 0; j0 < '));
    expect(long.filter((l) => !/j0 < [1-4];/.test(l))).toHaveLength(2); // one in `one`, one in `batch`
    const middle = fg.source.split('function batch')[0]!.split(`j0 < ${n - 2}`)[1]!.split('\n  }')[0]!;
    expect(middle).toContain('+=');
    expect(middle).toMatch(/g\[1 \+ j0\] = /);
    // x_{i}² is read by the next iteration (u[j0]); the other stored value only by the edge g[0].
    expect(middle.match(/u\[[^\]]*\] = /g)).toHaveLength(1);
  });

  it('a different stencil, Σ exp(x_i − x_{i+1}), fuses the same way, with the hand-derived gradient', () => {
    const n = 1500;
    const xs = Array.from({ length: n }, (_, i) => sym(`x${i}`));
    const terms: Expr[] = [];
    for (let i = 0; i + 1 < n; i++) terms.push(exp(sub(xs[i]!, xs[i + 1]!)));
    const e = addAll(terms);
    const fg = compileGradient(e, xs.map((v) => v.name));
    const x = Float64Array.from({ length: n }, (_, i) => 0.3 * Math.cos(0.7 * i));
    // ∂/∂x_i = e^{x_i − x_{i+1}} − e^{x_{i−1} − x_i}.
    const E = (i: number): number => Math.exp(x[i]! - x[i + 1]!);
    const g = new Float64Array(n);
    const value = fg.valueAndGradient(x, g);
    let s = 0;
    for (let i = 0; i + 1 < n; i++) s += E(i);
    expect(close(value, s, 1e-13)).toBe(true);
    for (let i = 0; i < n; i++) expect(close(g[i]!, (i + 1 < n ? E(i) : 0) - (i > 0 ? E(i - 1) : 0), 1e-13)).toBe(true);
    expect(fg.source).toMatch(new RegExp(`j0 < ${n - 2};`));
    expect(fg.source).not.toMatch(new RegExp(`j0 < ${n - 1};`));
  });
});

describe('fuseLoops on hand-built programs', () => {
  // A: for j < 6, t = x[j]·x[j], stored at u[j], summed into acc 0.
  // B: for j < 5, out[1 + j] = u[j + 1] − u[j]  (reads A at iterations j and j + 1).
  const A: Loop = {
    op: 'loop',
    depth: 0,
    count: 6,
    accumulators: [0],
    body: [
      { op: 'prod', out: 1, product: { coef: 1, num: [{ kind: 'inputAt', at: { offset: 0, strides: [1] } }, { kind: 'inputAt', at: { offset: 0, strides: [1] } }], den: [] } },
      { op: 'store', at: { offset: 0, strides: [1] }, value: { kind: 'slot', slot: 1 } },
      { op: 'accumulate', acc: 0, term: { sign: 1, product: { coef: 1, num: [{ kind: 'slot', slot: 1 }], den: [] } } },
    ],
  };
  const B = (readsTotal: boolean): Loop => ({
    op: 'loop',
    depth: 0,
    count: 5,
    accumulators: [],
    body: [
      {
        op: 'sum',
        out: 2,
        terms: [
          { sign: 1, product: { coef: 1, num: [{ kind: 'workAt', at: { offset: 1, strides: [1] } }], den: [] } },
          { sign: -1, product: { coef: 1, num: [{ kind: 'workAt', at: { offset: 0, strides: [1] } }], den: [] } },
          ...(readsTotal ? [{ sign: 1 as const, product: { coef: 1, num: [{ kind: 'slot' as const, slot: 0 }], den: [] } }] : []),
        ],
      },
      { op: 'output', at: { offset: 1, strides: [1] }, value: { kind: 'slot', slot: 2 } },
    ],
  });
  const program = (b: Loop): Program => ({ inputCount: 6, instructions: [A, b], outputs: [{ kind: 'slot', slot: 0 }, null, null, null, null, null], slotCount: 3, nodeCount: 0, workSize: 6, table: [] });
  const x = Float64Array.of(1, 2, -3, 0.5, 4, -1);
  const sq = Array.from(x, (v) => v * v);
  const total = sq.reduce((a, b) => a + b, 0);

  it('B runs inside A shifted by one iteration; A’s first iteration is peeled', () => {
    const fused = fuseLoops(program(B(false)));
    const loops = loopsOf(fused);
    expect(loops.map((l) => l.count)).toEqual([1, 5]);
    // The same-iteration read u[j + 1] became A's local value; the earlier one stays u[j].
    expect(count(loops[1]!.body, 'output')).toBe(1);
    const f = compileLowered(fused, ['a', 'b', 'c', 'd', 'e', 'f']);
    expect(f.source).not.toMatch(/=[^;\n]*u\[1 \+ j0\]/); // never read back, only stored
    expect(f.source).toMatch(/=[^;\n]*u\[j0\]/);
    // By hand: output 0 = Σ x², output i = x_i² − x_{i−1}².
    expect(Array.from(f.evaluate(x))).toEqual([total, ...sq.slice(1).map((v, i) => v - sq[i]!)]);
  });

  it('B that reads A’s total is not fused, and the values stay right', () => {
    const fused = fuseLoops(program(B(true)));
    expect(loopsOf(fused).map((l) => l.count).sort()).toEqual([5, 6]);
    const f = compileLowered(fused, ['a', 'b', 'c', 'd', 'e', 'f']);
    expect(Array.from(f.evaluate(x))).toEqual([total, ...sq.slice(1).map((v, i) => v - sq[i]! + total)]);
  });
});
