/**
 * The Rosenbrock builder at benchmark sizes: 2·10⁵ variables build one canonical sum
 * (a spread call of that many terms overflowed the call stack), with the value known by
 * hand at the minimum (0 at x = 1) and at x = 0 (n − 1: each (1 − x_i)² term is 1).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/compile/index.js';
import { rosenbrock } from '../../src/optimize/index.js';

describe('rosenbrock(n) at 2·10⁵ variables', () => {
  it('builds without overflowing the stack and has the hand values', () => {
    const n = 200_000;
    const { expression, variables } = rosenbrock(n);
    expect(variables.length).toBe(n);
    expect(expression.kind).toBe('add');
    const at = (v: number) => Object.fromEntries(variables.map((x) => [x, v]));
    expect(evaluate(expression, at(1))).toBe(0);
    expect(evaluate(expression, at(0))).toBe(n - 1);
  }, 120_000);
});
