/**
 * Loops from repeated structure (`reroll`): chained Rosenbrock and a sum of Gaussian
 * wells with per-term constants become a few loops over typed arrays, with values and
 * gradients equal to hand-written loops; random expressions compiled with loops forced
 * agree with the interpreter; batches equal single points bit for bit; the generated
 * source passes `checkGeneratedSource` and holds no user name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, exp, mul, num, pow, sub, substitute, sym, Rational, type Expr } from '../../src/expr/index.js';
import { checkGeneratedSource, compile, compileGradient, compileHvp, compileLowered, evaluate, lower, reroll, type Program } from '../../src/compile/index.js';
import { exprArbitrary } from '../support/arbitrary.js';
import { batchAgrees } from '../support/batch-agree.js';

/** Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)² over names[0..n−1]. */
function rosenbrock(names: readonly string[]): Expr {
  const terms: Expr[] = [];
  for (let i = 0; i + 1 < names.length; i++) {
    const xi = sym(names[i]!);
    terms.push(mul(num(100), pow(sub(sym(names[i + 1]!), pow(xi, num(2))), num(2))), pow(sub(num(1), xi), num(2)));
  }
  return add(...terms);
}
/** The same function and its gradient by hand. */
function rosenbrockByHand(x: Float64Array, g: Float64Array): number {
  g.fill(0);
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    s += 100 * a * a + b * b;
    g[i]! += -400 * x[i]! * a - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return s;
}
const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('loops: chained Rosenbrock', () => {
  const n = 3000;
  const names = Array.from({ length: n }, (_, i) => `x${i}`);
  const e = rosenbrock(names);
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));

  it('f and ∇f of 3000 variables are a few loops, equal to the hand-written loop', () => {
    const fg = compileGradient(e, names);
    // Straight-line code was 21,000 instructions in 30 chunk functions (about 1 MB).
    expect(fg.source).toContain('for (let j0 = 0; j0 < ');
    expect(fg.source.length).toBeLessThan(5000);
    expect(fg.chunks).toBe(0);
    expect(fg.instructionCount).toBeLessThan(30);
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    const value = fg.valueAndGradient(x, g);
    const hand = rosenbrockByHand(x, h);
    expect(close(value, hand, 1e-13)).toBe(true);
    for (let i = 0; i < n; i++) expect(close(g[i]!, h[i]!, 1e-12)).toBe(true);
    const f = compile(e, names);
    expect(close(f.evaluate(x)[0]!, hand, 1e-13)).toBe(true);
  });

  it('a batch equals single points bit for bit', () => {
    const fg = compileGradient(e, names);
    const rows = 3;
    const inputs = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++) inputs.set(x.map((v, i) => v + 0.01 * r * Math.cos(i)), r * n);
    const batch = fg.evaluateBatch(inputs, rows);
    const g = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      expect(batch[r * (n + 1)]).toBe(fg.valueAndGradient(inputs.subarray(r * n, (r + 1) * n), g));
      expect(Array.from(batch.subarray(r * (n + 1) + 1, (r + 1) * (n + 1)))).toEqual(Array.from(g));
    }
  });

  it('loops: never gives the straight-line program, with the same values up to rounding', () => {
    const small = names.slice(0, 200);
    const es = rosenbrock(small);
    const looped = compileGradient(es, small, { loops: 'always' });
    const straight = compileGradient(es, small, { loops: 'never' });
    expect(looped.source).toContain('for (let j0');
    expect(straight.source).not.toContain('for (let j0');
    const xs = x.subarray(0, 200);
    const g1 = new Float64Array(200);
    const g2 = new Float64Array(200);
    expect(close(looped.valueAndGradient(xs, g1), straight.valueAndGradient(xs, g2), 1e-13)).toBe(true);
    for (let i = 0; i < 200; i++) expect(close(g1[i]!, g2[i]!, 1e-12)).toBe(true);
  });
});

describe('loops: per-iteration constants go to a table, not into the source', () => {
  // Σ_k c_k exp(−((x − m_k)² + (y − m_k/2)²)/w_k) with 40 distinct wells.
  const K = 40;
  const c = Array.from({ length: K }, (_, k) => 1 + k / 7);
  const m = Array.from({ length: K }, (_, k) => -2 + k / 10);
  const w = Array.from({ length: K }, (_, k) => 0.5 + k / 40);
  const x = sym('x');
  const y = sym('y');
  const rat = (v: number): Expr => num(Rational.of(BigInt(Math.round(v * 1000)), 1000n));
  const e = add(...c.map((ck, k) => mul(rat(ck), exp(mul(num(-1), rat(1 / w[k]!), add(pow(sub(x, rat(m[k]!)), num(2)), pow(sub(y, rat(m[k]! / 2)), num(2))))))));
  const byHand = (px: number, py: number): number => {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const ck = Math.round(c[k]! * 1000) / 1000;
      const iw = Math.round(1000 / w[k]!) / 1000;
      const dx = px - Math.round(m[k]! * 1000) / 1000;
      const dy = py - Math.round((m[k]! / 2) * 1000) / 1000;
      s += ck * Math.exp(-iw * (dx * dx + dy * dy));
    }
    return s;
  };

  it('rolls the wells into one loop reading k[...], with the value of the hand-written sum', () => {
    const f = compile(e, ['x', 'y'], { loops: 'always' });
    expect(f.source).toMatch(/k\[\d+ \+ j0\]/);
    // No well's constant is printed: the only numbers are indices, 0, 1 and the like.
    expect(f.source).not.toContain(String(Math.round(c[5]! * 1000) / 1000));
    for (const [px, py] of [[0.3, -0.2], [-1.5, 0.8]] as const) {
      expect(close(f.evaluate(Float64Array.of(px, py))[0]!, byHand(px, py), 1e-13)).toBe(true);
    }
  });
});

describe('loops: random expressions and structure', () => {
  const VARS = ['x', 'y', 'z'];
  const POINTS = [
    [0.3, -1.2, 2.5],
    [1.7, 0.4, -0.6],
  ];
  const agree = (a: number, b: number): boolean => {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  };

  it('sums of shifted copies of a random expression, compiled with loops forced, agree with the interpreter', () => {
    // Σ_i e(u_i, u_{i+1}, u_{i+2}) over 12 inputs u_0..u_11: the same shape over consecutive inputs.
    const U = Array.from({ length: 12 }, (_, i) => `u${i}`);
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 4 }), (tmpl) => {
        const copies: Expr[] = [];
        for (let i = 0; i + 2 < U.length; i++) copies.push(substitute(tmpl, { x: sym(U[i]!), y: sym(U[i + 1]!), z: sym(U[i + 2]!) }));
        const exprs = [add(...copies), ...copies.slice(0, 3)];
        const f = compile(exprs, U, { loops: 'always' });
        const point = Float64Array.from(U, (_, i) => 0.3 + 0.17 * i - 0.02 * i * i);
        const env = Object.fromEntries(U.map((n, i) => [n, point[i]!]));
        const got = f.evaluate(point);
        exprs.forEach((ex, k) => expect(agree(got[k]!, evaluate(ex, env))).toBe(true));
        const twice = new Float64Array(2 * U.length);
        twice.set(point, 0);
        twice.set(point, U.length);
        const batch = f.evaluateBatch(twice, 2);
        // Bit for bit, except the ulps of exp, log and pow in the WebAssembly batch.
        for (let k = 0; k < exprs.length; k++) expect(batchAgrees(f, batch[k]!, got[k]!) && batchAgrees(f, batch[exprs.length + k]!, got[k]!)).toBe(true);
      }),
      { seed: 23, numRuns: 150 },
    );
  });

  it('random expressions compile with loops forced and agree with the interpreter', () => {
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 5 }), (e) => {
        const f = compile(e, VARS, { loops: 'always' });
        for (const p of POINTS) expect(agree(f.evaluate(Float64Array.from(p))[0]!, evaluate(e, { x: p[0]!, y: p[1]!, z: p[2]! }))).toBe(true);
      }),
      { seed: 29, numRuns: 200 },
    );
  });

  it('the HVP reads x and v as two arrays; a run of inputs never crosses from one to the other', () => {
    const names = Array.from({ length: 40 }, (_, i) => `x${i}`);
    const e = rosenbrock(names);
    const hv = compileHvp(e, names, { loops: 'always' });
    const x = Float64Array.from(names, (_, i) => 0.5 + 0.3 * Math.cos(i));
    const v = Float64Array.from(names, (_, i) => Math.sin(2 * i));
    const straight = compileHvp(e, names, { loops: 'never' }).evaluate(x, v);
    const got = hv.evaluate(x, v);
    for (let i = 0; i < names.length; i++) expect(close(got[i]!, straight[i]!, 1e-12)).toBe(true);
  });

  it('lowered loops are data: a loop instruction with a body of element instructions, stores and accumulations', () => {
    const names = Array.from({ length: 10 }, (_, i) => `x${i}`);
    const program = reroll(lower([rosenbrock(names)], names.map((s) => sym(s))), { minRun: 4, inputArrays: [10] });
    const loops = program.instructions.filter((i) => i.op === 'loop');
    expect(loops).toHaveLength(1);
    const loop = loops[0]!;
    expect(loop.op === 'loop' && loop.count).toBe(9);
    expect(loop.op === 'loop' && loop.body.filter((s) => s.op === 'accumulate')).toHaveLength(2);
  });
});

describe('loops: generated source', () => {
  it('holds no user name and passes checkGeneratedSource', () => {
    const hostile = Array.from({ length: 30 }, (_, i) => `x); process.exit(${i}); (`);
    const e = rosenbrock(hostile);
    const fg = compileGradient(e, hostile, { loops: 'always' });
    expect(fg.source).toContain('for (let j0');
    expect(fg.source).not.toMatch(/process|exit/);
    expect(() => checkGeneratedSource(fg.source)).not.toThrow();
  });

  it('accepts the loop vocabulary and still refuses everything else', () => {
    expect(() => checkGeneratedSource('let t3 = 0;\nfor (let j0 = 0; j0 < 9; j0++) {\n  const t1 = x[o + 1 + j0] * k[4 + j0];\n  u[2 + j0] = t1;\n  t3 += 100 * t1;\n}')).not.toThrow();
    expect(() => checkGeneratedSource('u.constructor')).toThrow(/property access/);
    expect(() => checkGeneratedSource('const t0 = k[j0].x;')).toThrow(/unexpected name|property access/);
    expect(() => checkGeneratedSource('for (let i = 0; i < 3; i++) {}')).toThrow(/unexpected name "i"/);
  });
});


describe('loop nests built from shapes (for matrix expressions)', () => {
  it('y = A·v as two nested loops: a dot product per row, written to the outputs', () => {
    const m = 3;
    const n = 4;
    // Inputs: A row-major at [0, m·n), v at [m·n, m·n + n). Slot 0 accumulates row i.
    const program: Program = {
      inputCount: m * n + n,
      instructions: [
        {
          op: 'loop',
          depth: 0,
          count: m,
          accumulators: [],
          body: [
            {
              op: 'loop',
              depth: 1,
              count: n,
              accumulators: [0],
              body: [
                {
                  op: 'accumulate',
                  acc: 0,
                  term: {
                    sign: 1,
                    product: {
                      coef: 1,
                      num: [
                        { kind: 'inputAt', at: { offset: 0, strides: [n, 1] } },
                        { kind: 'inputAt', at: { offset: m * n, strides: [0, 1] } },
                      ],
                      den: [],
                    },
                  },
                },
              ],
            },
            { op: 'output', at: { offset: 0, strides: [1] }, value: { kind: 'slot', slot: 0 } },
          ],
        },
      ],
      outputs: Array.from({ length: m }, () => null),
      slotCount: 1,
      nodeCount: 0,
      workSize: 0,
      table: [],
    };
    const f = compileLowered(program, Array.from({ length: m * n + n }, (_, i) => `in${i}`));
    expect(f.source).toContain('for (let j1 = 0; j1 < 4; j1++)');
    const A = [
      [1, 2, 3, 4],
      [0, -1, 0.5, 2],
      [3, 0, 0, 1],
    ];
    const v = [0.5, -2, 4, 1];
    const input = Float64Array.from([...A.flat(), ...v]);
    // By hand: row·v.
    expect(Array.from(f.evaluate(input))).toEqual([0.5 - 4 + 12 + 4, 2 + 2 + 2, 1.5 + 1]);
    const batch = f.evaluateBatch(Float64Array.from([...input, ...input.map((t) => 2 * t)]), 2);
    expect(Array.from(batch)).toEqual([12.5, 6, 2.5, 50, 24, 10]);
  });
});
