/**
 * Seed 001: f(x) = exp(exp(x) + exp(x)^2) + sin(exp(x) + exp(x)^2), whose derivative the
 * notes give by hand as (e^x + 2e^{2x})(exp(e^x + e^{2x}) + cos(e^x + e^{2x})).
 */
import { describe, expect, it } from 'vitest';
import { nodeCount, parse, sym, toText } from '../../src/expr/index.js';
import { derivative, gradient, reverseSweep } from '../../src/diff/index.js';
import { compileGradient, evaluate } from '../../src/compile/index.js';

const F = parse('exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)');
const POINTS = [-3, -1, -0.5, 0, 0.3, 0.7, 1, 1.4];

/** The notes' formula, in plain JS. */
function handDerivative(t: number): number {
  const ex = Math.exp(t);
  const e2x = Math.exp(2 * t);
  const c = ex + e2x;
  return (ex + 2 * e2x) * (Math.exp(c) + Math.cos(c));
}

const relClose = (a: number, b: number, rel: number): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));
};

describe("seed 001's derivative", () => {
  it('forward mode equals the hand formula at several points', () => {
    const d = derivative(F, 'x');
    for (const t of POINTS) relClose(evaluate(d, { x: t }), handDerivative(t), 1e-14);
  });

  it('reverse mode (the Lagrangian adjoints) equals the hand formula too', () => {
    const [g] = gradient(F, ['x']);
    for (const t of POINTS) relClose(evaluate(g!, { x: t }), handDerivative(t), 1e-14);
    // Compiled, value and derivative from one closure.
    const c = compileGradient(F, ['x']);
    const out = new Float64Array(1);
    for (const t of POINTS) {
      c.valueAndGradient(Float64Array.of(t), out);
      relClose(out[0]!, handDerivative(t), 1e-14);
    }
  });

  it('has the value 114.14044497283... at x = 0.3', () => {
    expect(evaluate(derivative(F, 'x'), { x: 0.3 })).toBeCloseTo(114.14044497283092, 10);
    expect(handDerivative(0.3)).toBeCloseTo(114.14044497283092, 10);
  });

  it('stays small: the derivative DAG shares the nodes of f', () => {
    const d = derivative(F, 'x');
    // f has 9 nodes (x, exp x, 2x, exp 2x, c, exp c, sin c, f, and 2); the derivative adds cos c and a few products.
    expect(nodeCount(F)).toBe(9);
    expect(nodeCount(d)).toBeLessThanOrEqual(14);
    expect(nodeCount(F, d)).toBeLessThanOrEqual(16);
    // As a tree it is the notes' formula, node for node (interning makes === structural).
    expect(d).toBe(parse('cos(exp(x) + exp(2x))*(exp(x) + 2exp(2x)) + exp(exp(x) + exp(2x))*(exp(x) + 2exp(2x))'));
    expect(parse(toText(d))).toBe(d);
  });

  it("gives the notes' adjoints: λ_c = exp(c) + cos(c), λ_a = λ_c (1 + 2a)", () => {
    // In the IR, b = a^2 is exp(2x): the adjoint of c is what the notes call λ_c.
    const adj = reverseSweep(F, new Set(['x']));
    const c = parse('exp(x) + exp(2*x)');
    const lc = adj.get(c)!;
    for (const t of [0, 0.5]) {
      const cv = Math.exp(t) + Math.exp(2 * t);
      relClose(evaluate(lc, { x: t }), Math.exp(cv) + Math.cos(cv), 1e-15);
    }
    // The adjoint of x is the derivative: the notes' formula, not the library's gradient.
    for (const t of POINTS) relClose(evaluate(adj.get(sym('x'))!, { x: t }), handDerivative(t), 1e-14);
  });
});
