import { describe, expect, it } from 'vitest';
import { parse, type Expr } from '../../src/expr/index.js';
import { compileGradient, compileHessian, compileHvp } from '../../src/compile/index.js';
import { rosenbrock as rosenbrockLandscape } from '../../src/optimize/index.js';

const at = (...v: number[]): Float64Array => Float64Array.from(v);
const close = (a: number, b: number, rel = 1e-13): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
};

/** Chained Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², from the library's builder. */
function rosenbrock(n: number): { e: Expr; vars: string[] } {
  const { expression, variables } = rosenbrockLandscape(n);
  return { e: expression, vars: variables };
}
/** Its gradient, by hand. */
function rosenbrockGradient(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    g[i]! += -400 * x[i]! * a - 2 * (1 - x[i]!);
    g[i + 1]! += 200 * a;
  }
  return g;
}

describe('compileGradient', () => {
  it("gives seed 001's f and f' sharing one closure", () => {
    const c = compileGradient(parse('exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)'), ['x']);
    for (const t of [-1, 0, 0.3, 0.8]) {
      const u = Math.exp(t) + Math.exp(2 * t);
      const df = (Math.exp(t) + 2 * Math.exp(2 * t)) * (Math.exp(u) + Math.cos(u));
      const g = new Float64Array(1);
      close(c.valueAndGradient(at(t), g), Math.exp(u) + Math.sin(u), 1e-14);
      close(g[0]!, df, 1e-13);
    }
    // f and f' share exp(x), exp(2x), exp(u): each is computed once.
    const one = c.source.split('function batch')[0]!;
    expect(one.match(/Math\.exp\(/g)).toHaveLength(3);
  });

  it('gives the Rosenbrock gradient of the hand formula, chunked or not', () => {
    const { e, vars } = rosenbrock(30);
    const x = Float64Array.from({ length: 30 }, (_, i) => Math.cos(i) * 1.3);
    const want = rosenbrockGradient(x);
    for (const maxChunk of [undefined, 17]) {
      const c = compileGradient(e, vars, { maxChunk });
      if (maxChunk) expect(c.chunks).toBeGreaterThan(1);
      const g = c.gradient(x);
      for (let i = 0; i < 30; i++) close(g[i]!, want[i]!, 1e-13);
    }
  });

  it('evaluates batches as rows [f, ∇f]', () => {
    const c = compileGradient(parse('x^2*y + sin(y)'), ['x', 'y']);
    const rows = c.evaluateBatch(at(1, 2, 3, 0.5), 2);
    // f(1,2) = 2 + sin 2, ∇ = (4, 1 + cos 2); f(3, 0.5) = 4.5 + sin 0.5, ∇ = (3, 9 + cos 0.5)
    const want = [2 + Math.sin(2), 4, 1 + Math.cos(2), 4.5 + Math.sin(0.5), 3, 9 + Math.cos(0.5)];
    want.forEach((w, k) => close(rows[k]!, w, 1e-15));
    const chunked = compileGradient(parse('x^2*y + sin(y)'), ['x', 'y'], { maxChunk: 1 });
    expect(Array.from(chunked.evaluateBatch(at(1, 2, 3, 0.5), 2))).toEqual(Array.from(rows));
    const g = new Float64Array(2);
    expect(chunked.valueAndGradient(at(3, 0.5), g)).toBe(rows[3]);
    expect(Array.from(g)).toEqual([rows[4], rows[5]]);
  });

  it('handles a gradient with constant and zero components', () => {
    const c = compileGradient(parse('3*x + 5'), ['x', 'y']);
    const g = new Float64Array(2);
    expect(c.valueAndGradient(at(2, 9), g)).toBe(11);
    expect(Array.from(g)).toEqual([3, 0]);
  });

  it('checks argument lengths', () => {
    const c = compileGradient(parse('x*y'), ['x', 'y']);
    expect(() => c.valueAndGradient(at(1), new Float64Array(2))).toThrow('x has 1 values, expected 2');
    expect(() => c.gradient(at(1, 2), new Float64Array(1))).toThrow('out has 1 values, expected 2');
  });
});

describe('compileHessian and compileHvp', () => {
  // f = x^2 y + sin(x y): f_xx = 2y − y² sin(xy), f_xy = 2x + cos(xy) − xy sin(xy), f_yy = −x² sin(xy)
  const f = parse('x^2*y + sin(x*y)');
  const hand = (x: number, y: number): number[] => {
    const s = Math.sin(x * y);
    const fxy = 2 * x + Math.cos(x * y) - x * y * s;
    return [2 * y - y * y * s, fxy, fxy, -x * x * s];
  };

  it('gives the hand-derived Hessian, exactly symmetric', () => {
    const H = compileHessian(f, ['x', 'y']);
    for (const [x, y] of [
      [0.5, 1.5],
      [-1.2, 0.7],
    ] as const) {
      const got = H.evaluate(at(x, y));
      hand(x, y).forEach((w, k) => close(got[k]!, w, 1e-14));
      expect(got[1]).toBe(got[2]);
    }
  });

  it('gives H·v without forming H', () => {
    const hvp = compileHvp(f, ['x', 'y']);
    const [x, y] = [0.8, -0.4];
    const h = hand(x, y);
    const v = at(0.3, -2);
    const got = hvp.evaluate(at(x, y), v);
    close(got[0]!, h[0]! * 0.3 + h[1]! * -2, 1e-14);
    close(got[1]!, h[2]! * 0.3 + h[3]! * -2, 1e-14);
    expect(() => hvp.evaluate(at(x, y), at(1))).toThrow('v has 1 values, expected 2');
  });

  it('gives H·v of Rosenbrock equal to the compiled Hessian times v', () => {
    const { e, vars } = rosenbrock(12);
    const x = Float64Array.from({ length: 12 }, (_, i) => 0.1 * i - 0.4);
    const v = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const H = compileHessian(e, vars).evaluate(x);
    const hv = compileHvp(e, vars).evaluate(x, v);
    for (let i = 0; i < 12; i++) {
      let s = 0;
      for (let j = 0; j < 12; j++) s += H[i * 12 + j]! * v[j]!;
      close(hv[i]!, s, 1e-12);
    }
    // The same in chunks (two input arrays through the chunk functions) and for the Hessian.
    const hvChunked = compileHvp(e, vars, { maxChunk: 5 });
    expect(hvChunked.chunks).toBeGreaterThan(2);
    expect(Array.from(hvChunked.evaluate(x, v))).toEqual(Array.from(hv));
    expect(Array.from(compileHessian(e, vars, { maxChunk: 5 }).evaluate(x))).toEqual(Array.from(H));
    // Rosenbrock's Hessian is tridiagonal: H[0][0] = 1200 x0² − 400 x1 + 2.
    close(H[0]!, 1200 * x[0]! ** 2 - 400 * x[1]! + 2, 1e-14);
    expect(H[2]).toBe(0);
  });
});
