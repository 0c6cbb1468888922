/** Hessians are symmetric; Hessian-vector products equal H·v. */
import { describe, expect, it } from 'vitest';
import { add, exp, mul, nodeCount, num, parse, sym, type Expr } from '../../src/expr/index.js';
import { gradient, hessian, hessianVectorProduct } from '../../src/diff/index.js';
import { evaluate } from '../../src/compile/index.js';
import { wellsExpr } from '../support/wells-004.js';

const VARS = ['x', 'y', 'z'];
const EXPRS = [
  parse('x^2*y + sin(x*y*z) + exp(z)/(1 + x^2)'),
  parse('log(1 + x^2 + y^2) * cos(z) + x*y*z'),
  parse('tanh(x - y)^3 + sqrt(1 + z^2)*x'),
];
const POINT = { x: 0.7, y: -0.4, z: 1.3 };

describe('hessian', () => {
  it('is exactly symmetric, and the mixed partials computed both ways agree', () => {
    for (const e of EXPRS) {
      const H = hessian(e, VARS);
      const g = gradient(e, VARS);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          expect(H[i]![j]).toBe(H[j]![i]);
          // ∂_j ∂_i f, not symmetrised: equal in value to ∂_i ∂_j f.
          const ij = evaluate(gradient(g[i]!, VARS)[j]!, POINT);
          const ji = evaluate(gradient(g[j]!, VARS)[i]!, POINT);
          expect(Math.abs(ij - ji)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(ij)));
        }
      }
    }
  });

  it("equals seed 004's formula on the well landscape", () => {
    // H = Σ_p c_p e_p (2I/w² − 4(x−μ)(x−μ)ᵀ/w⁴) for L = −Σ c_p exp(−‖x−μ‖²/w²): check against
    // central differences of the symbolic gradient instead of retyping the wells.
    const e = wellsExpr();
    const H = hessian(e, ['x', 'y']);
    const g = gradient(e, ['x', 'y']);
    const p = { x: 0.2, y: -0.3 };
    const h = 1e-5;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const key = j === 0 ? 'x' : 'y';
        const fd = (evaluate(g[i]!, { ...p, [key]: p[key] + h }) - evaluate(g[i]!, { ...p, [key]: p[key] - h })) / (2 * h);
        expect(Math.abs(evaluate(H[i]![j]!, p) - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});

describe('hessianVectorProduct', () => {
  it('equals H·v for symbolic and numeric directions', () => {
    const vs = ['u', 'v', 'w'].map((n) => sym(n));
    const dir = { u: 0.3, v: -1.1, w: 2 };
    for (const e of EXPRS) {
      const hv = hessianVectorProduct(e, VARS, vs);
      const hvNum = hessianVectorProduct(e, VARS, [num(0.3), num(-1.1), num(2)] as Expr[]);
      // (H v)_i = ∂_i (v·∇f) by central differences of f itself (no derivative from the library):
      // [f(p + h e_i + h v) − f(p + h e_i − h v) − f(p − h e_i + h v) + f(p − h e_i − h v)] / (4h²).
      const v = [0.3, -1.1, 2];
      const h = 1e-3;
      const f = (d: number[]): number => evaluate(e, { x: POINT.x + d[0]!, y: POINT.y + d[1]!, z: POINT.z + d[2]! });
      for (let i = 0; i < 3; i++) {
        const at = (si: number, sv: number): number => f([0, 1, 2].map((k) => (k === i ? si * h : 0) + sv * h * v[k]!));
        const want = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h);
        const got = evaluate(hv[i]!, { ...POINT, ...dir });
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
        // A numeric direction gives the same values as the symbolic one.
        expect(Math.abs(evaluate(hvNum[i]!, POINT) - got)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(got)));
      }
    }
  });

  it('stays O(n) in size where the Hessian has O(n²) distinct entries', () => {
    // f = exp(Σ (i+1) x_i): H_ij = (i+1)(j+1) f, dense; H·v = (Σ (i+1) v_i) (j+1) f.
    const n = 40;
    const xs = Array.from({ length: n }, (_, i) => sym(`x${i}`));
    const vs = Array.from({ length: n }, (_, i) => sym(`v${i}`));
    const e = exp(add(...xs.map((xi, i) => mul(num(i + 1), xi))));
    const hv = hessianVectorProduct(e, xs, vs);
    const H = hessian(e, xs); // only its size is compared
    expect(nodeCount(...hv)).toBeLessThanOrEqual(10 * n);
    expect(nodeCount(...H.flat())).toBeGreaterThan((n * n) / 4);
    const at: Record<string, number> = {};
    xs.forEach((_, i) => {
      at[`x${i}`] = 0.001 * i;
      at[`v${i}`] = Math.cos(i);
    });
    const f = Math.exp(xs.reduce((s, _, i) => s + (i + 1) * 0.001 * i, 0));
    const sv = vs.reduce((s, _, i) => s + (i + 1) * Math.cos(i), 0);
    for (const j of [0, 17, 39]) {
      const got = evaluate(hv[j]!, at);
      expect(Math.abs(got - sv * (j + 1) * f)).toBeLessThanOrEqual(1e-12 * Math.abs(got));
    }
  });

  it('rejects a direction of the wrong length', () => {
    expect(() => hessianVectorProduct(parse('x*y'), ['x', 'y'], ['u'])).toThrow(/direction has 1 components, expected 2/);
  });
});
