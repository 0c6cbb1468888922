/**
 * Deep chains (issue 10: linear costs). The derivative of sin(sin(...sin(x)...)) D deep
 * is one product of D cosines; building it level by level, as a flat product of k
 * factors at level k, copied D²/2 operands (D = 10⁴: 80 s). Forward and reverse mode
 * now grow the chain-rule product one cell per level and build the product once, so
 * the work, counted as the operands the sum and product constructors look at, doubles
 * when D doubles. Values are checked against the chain rule by hand and against central
 * differences of f.
 */
import { describe, expect, it } from 'vitest';
import { derivative, gradient } from '../../src/diff/index.js';
import { add, canonicalOperandCount, mul, mulAll, sin, sym, toText, type Expr } from '../../src/expr/index.js';
import { evaluate, sinChainDerivative } from '../support/expr-eval.js';

const x = sym('x');
const sinChain = (depth: number): Expr => {
  let e: Expr = x;
  for (let i = 0; i < depth; i++) e = sin(e);
  return e;
};
/** x ↦ sin(x·x + x), composed `depth` times (the example). */
const sinSquare = (depth: number): Expr => {
  let e: Expr = x;
  for (let i = 0; i < depth; i++) e = sin(add(mul(e, e), e));
  return e;
};
function handSinSquare(depth: number, t: number): number {
  let v = t;
  let dv = 1;
  for (let i = 0; i < depth; i++) {
    const u = v * v + v;
    dv = Math.cos(u) * (2 * v + 1) * dv;
    v = Math.sin(u);
  }
  return dv;
}
const central = (f: Expr, t: number, h: number): number => (evaluate(f, { x: t + h }) - evaluate(f, { x: t - h })) / (2 * h);

const MODES: Record<string, (f: Expr) => Expr> = {
  forward: (f) => derivative(f, x),
  reverse: (f) => gradient(f, [x])[0]!,
};
const work = (run: () => unknown): number => {
  const before = canonicalOperandCount();
  run();
  return canonicalOperandCount() - before;
};

describe('work of differentiating a chain is linear in its depth', () => {
  for (const [mode, diff] of Object.entries(MODES)) {
    it(`${mode} mode: the sine chain costs about 2x the operands at 2D, and about one per level`, () => {
      const w1 = work(() => diff(sinChain(1000)));
      const w2 = work(() => diff(sinChain(2000)));
      // Level-by-level flat products: D²/2 operands, 4x at 2D (501,497 and 2,002,997).
      expect(w2 / w1).toBeGreaterThan(1.8);
      expect(w2 / w1).toBeLessThan(2.2);
      expect(w2).toBeLessThan(2 * 2000);
    });

    it(`${mode} mode: the issue's composition stays linear`, () => {
      const w1 = work(() => diff(sinSquare(500)));
      const w2 = work(() => diff(sinSquare(1000)));
      expect(w2 / w1).toBeGreaterThan(1.8);
      expect(w2 / w1).toBeLessThan(2.2);
    });
  }

  const inY7: Record<string, (f: Expr) => Expr> = {
    forward: (f) => derivative(f, 'y7'),
    reverse: (f) => gradient(f, ['y7'])[0]!,
  };
  for (const [mode, diff] of Object.entries(inY7)) {
    it(`${mode} mode: one factor of a long product costs about one operand per factor`, () => {
      // d/dy7 of y0·y1·…·y(n−1) is the product of the other n − 1 symbols. Prefix and
      // suffix products of all the partials cost n² operands (8,005,995 at n = 2000).
      const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `y${i}`);
      const product = (n: number): Expr => mulAll(names(n).map((v) => sym(v)));
      const [f1, f2] = [product(1000), product(2000)];
      const w1 = work(() => diff(f1));
      let d: Expr = f2;
      const w2 = work(() => (d = diff(f2)));
      expect(w2).toBeLessThan(3 * 2000);
      expect(w2 / w1).toBeLessThan(2.2);
      expect(d.kind === 'mul' ? d.factors.map((k) => (k.kind === 'sym' ? k.name : '?')).sort() : []).toEqual(names(2000).filter((v) => v !== 'y7').sort());
    });
  }

  it('3·10⁴ levels differentiate in both modes (a product of 3·10⁴ cosines)', () => {
    const f = sinChain(30_000);
    for (const diff of Object.values(MODES)) {
      const d = diff(f);
      expect(d.kind).toBe('mul');
      if (d.kind === 'mul') expect(d.factors).toHaveLength(30_000);
      const got = evaluate(d, { x: 0.4 });
      expect(Math.abs(got - sinChainDerivative(30_000, 0.4))).toBeLessThanOrEqual(1e-12 * Math.abs(got) + 1e-300);
    }
  });
});

describe('the derivative of a chain has the value of the chain rule', () => {
  const points = [-0.9, -0.3, 0.2, 0.7, 1.3];
  for (const [mode, diff] of Object.entries(MODES)) {
    it(`${mode} mode, sine chain, D = 1…50: the product of cosines and central differences`, () => {
      for (let depth = 1; depth <= 50; depth++) {
        const f = sinChain(depth);
        const d = diff(f);
        for (const t of points) {
          const got = evaluate(d, { x: t });
          expect(Math.abs(got - sinChainDerivative(depth, t)), `D = ${depth}, x = ${t}`).toBeLessThanOrEqual(1e-12);
          // |f'''| <= a few here: the step 1e-4 leaves an error of order 1e-8.
          expect(Math.abs(got - central(f, t, 1e-4)), `D = ${depth}, x = ${t}`).toBeLessThanOrEqual(1e-7);
        }
      }
    });

    it(`${mode} mode, sin(x·x + x) composed D = 1…50 times: the chain rule by hand, central differences up to D = 6`, () => {
      for (let depth = 1; depth <= 50; depth++) {
        const f = sinSquare(depth);
        const d = diff(f);
        for (const t of points) {
          const got = evaluate(d, { x: t });
          const want = handSinSquare(depth, t);
          expect(Math.abs(got - want), `D = ${depth}, x = ${t}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          if (depth <= 6) {
            const fd = central(f, t, 1e-6);
            expect(Math.abs(got - fd), `D = ${depth}, x = ${t}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(fd)));
          }
        }
      }
    });
  }

  it('a chain used at two heights (f = s_60 + s_30·s_10) is built where each use needs it', () => {
    const f = add(sinChain(60), mul(sinChain(30), sinChain(10)));
    for (const diff of Object.values(MODES)) {
      const d = diff(f);
      for (const t of points) {
        const want = sinChainDerivative(60, t) + sinChainDerivative(30, t) * evaluate(sinChain(10), { x: t }) + evaluate(sinChain(30), { x: t }) * sinChainDerivative(10, t);
        expect(Math.abs(evaluate(d, { x: t }) - want)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('prints as the product of the cosines (the chain rule by hand)', () => {
    for (const diff of Object.values(MODES)) expect(toText(diff(sinChain(3)))).toBe('cos(sin(sin(x)))*cos(sin(x))*cos(x)');
  });
});
