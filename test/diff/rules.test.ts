/** Every derivative rule against hand values, and the table's completeness. */
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, ONE, Rational, ZERO, add, call, cos, div, exp, log, mul, num, pow, sin, sqrt, sym, type FunctionName } from '../../src/expr/index.js';
import { derivative, gradient, jacobian, localPartials, nthDerivative } from '../../src/diff/index.js';
import { evaluate } from '../../src/compile/index.js';

const x = sym('x');
const y = sym('y');
const close = (a: number, b: number, rel = 1e-14): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
};

/** d/dx f(x) by hand, for every built-in function. */
const HAND: Record<FunctionName, (t: number) => number> = {
  exp: (t) => Math.exp(t),
  log: (t) => 1 / t,
  sin: (t) => Math.cos(t),
  cos: (t) => -Math.sin(t),
  tan: (t) => 1 / Math.cos(t) ** 2,
  sinh: (t) => Math.cosh(t),
  cosh: (t) => Math.sinh(t),
  tanh: (t) => 1 / Math.cosh(t) ** 2,
  abs: (t) => Math.sign(t),
  sign: () => 0,
  asin: (t) => 1 / Math.sqrt(1 - t * t),
  acos: (t) => -1 / Math.sqrt(1 - t * t),
  atan: (t) => 1 / (1 + t * t),
  asinh: (t) => 1 / Math.sqrt(t * t + 1),
  acosh: (t) => 1 / Math.sqrt(t * t - 1),
  atanh: (t) => 1 / (1 - t * t),
  erf: (t) => (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t),
};

describe('derivative rules', () => {
  it('has a hand value for every function of the table', () => {
    expect(Object.keys(HAND).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  for (const fn of FUNCTION_NAMES) {
    it(`d/dx ${fn}(x)`, () => {
      const d = derivative(call(fn, x), x);
      for (const t of [0.3, 1.1, -0.7, 2.4]) {
        if (fn === 'log' && t < 0) continue;
        if (!Number.isFinite(HAND[fn](t))) continue; // outside the real domain (asin(2.4), acosh(0.3))
        close(evaluate(d, { x: t }), HAND[fn](t), 1e-14);
      }
    });
  }

  it('chain rule through every function: d/dx fn(x^2 + 1) = fn\'(x^2 + 1)·2x', () => {
    for (const fn of FUNCTION_NAMES) {
      const d = derivative(call(fn, add(pow(x, num(2)), ONE)), x);
      for (const t of [0.4, -1.3]) {
        if (!Number.isFinite(HAND[fn](t * t + 1))) continue; // asin, acos, atanh need |u| < 1
        close(evaluate(d, { x: t }), HAND[fn](t * t + 1) * 2 * t, 1e-13);
      }
    }
  });

  it('power rules', () => {
    const cases: [ReturnType<typeof pow>, (t: number) => number][] = [
      [pow(x, num(5)), (t) => 5 * t ** 4],
      [pow(x, num(-2)), (t) => -2 / t ** 3],
      [sqrt(x), (t) => 0.5 / Math.sqrt(t)],
      [pow(x, num(Rational.of(1n, 3n))), (t) => (1 / 3) * t ** (-2 / 3)],
      [pow(num(2), x), (t) => 2 ** t * Math.LN2],
      [pow(x, x), (t) => t ** t * (Math.log(t) + 1)],
      [pow(x, y), (t) => 2.5 * t ** 1.5],
    ];
    for (const [e, hand] of cases) for (const t of [0.5, 1.7, 3]) close(evaluate(derivative(e, x), { x: t, y: 2.5 }), hand(t), 1e-14);
    // ∂/∂y x^y = x^y log x
    close(evaluate(derivative(pow(x, y), y), { x: 1.7, y: 2.5 }), 1.7 ** 2.5 * Math.log(1.7), 1e-14);
  });

  it('differentiates a constant base of 0 or 1 raised to a symbolic power (0^x used to throw on log(0))', () => {
    expect(derivative(pow(num(0), x), x)).toBe(ZERO);
    expect(derivative(pow(num(1), x), x)).toBe(ZERO);
    // d/dy x^y at x = 0 is 0^y·log 0 → NaN numerically, but it constructs.
    expect(() => gradient(mul(pow(num(0), x), pow(x, y)), [x, y])).not.toThrow();
  });

  it('sum, product and quotient rules', () => {
    const e = div(mul(sin(x), exp(y)), add(x, y));
    // ∂/∂x = (cos x e^y (x+y) − sin x e^y) / (x+y)^2
    const [gx, gy] = gradient(e, [x, y]);
    const [t, u] = [0.8, -0.3];
    close(evaluate(gx!, { x: t, y: u }), (Math.cos(t) * Math.exp(u) * (t + u) - Math.sin(t) * Math.exp(u)) / (t + u) ** 2, 1e-13);
    close(evaluate(gy!, { x: t, y: u }), (Math.sin(t) * Math.exp(u) * (t + u) - Math.sin(t) * Math.exp(u)) / (t + u) ** 2, 1e-13);
  });

  it('constants and other variables have derivative 0; x has 1', () => {
    expect(derivative(num(7), x)).toBe(ZERO);
    expect(derivative(y, x)).toBe(ZERO);
    expect(derivative(x, x)).toBe(ONE);
    expect(derivative(mul(num(3), y, cos(y)), x)).toBe(ZERO);
  });

  it('forward and reverse mode build equal derivatives', () => {
    const e = add(mul(x, y, sin(mul(x, y))), log(add(pow(x, num(2)), ONE)));
    const [gx, gy] = gradient(e, [x, y]);
    for (const [t, u] of [
      [0.4, 1.2],
      [-1.5, 0.3],
    ]) {
      close(evaluate(gx!, { x: t, y: u }), evaluate(derivative(e, x), { x: t, y: u }), 1e-14);
      close(evaluate(gy!, { x: t, y: u }), evaluate(derivative(e, y), { x: t, y: u }), 1e-14);
    }
  });

  it('n-th derivatives and Jacobians', () => {
    close(evaluate(nthDerivative(pow(x, num(5)), x, 3), { x: 2 }), 60 * 4, 1e-15);
    close(evaluate(nthDerivative(sin(x), x, 4), { x: 0.7 }), Math.sin(0.7), 1e-15);
    const J = jacobian([mul(x, y), add(x, y)], [x, y]);
    expect(J.map((row) => row.map((c) => evaluate(c, { x: 2, y: 3 })))).toEqual([
      [3, 2],
      [1, 1],
    ]);
  });

  it('local partials of a product skip the numeric coefficient', () => {
    const parts = localPartials(mul(num(3), x, y));
    expect(parts[0]).toBe(ZERO);
    expect(evaluate(parts[1]!, { x: 2, y: 5 })).toBe(15);
    expect(evaluate(parts[2]!, { x: 2, y: 5 })).toBe(6);
  });
});
