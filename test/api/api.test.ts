/**
 * The typed API: natural variable order, compiled functions with named inputs,
 * `lambdify`, `defineProblem` and the optimum as plain objects. Expected values are
 * hand-derived (stated beside each).
 */
import { describe, expect, it } from 'vitest';
import { compile, defineProblem, lambdify, naturalCompare, naturalOrder, optimumOf, optimumPoints, parse, parseProblem, solveProblem, type ProblemInput } from '../../src/index.js';

describe('natural order', () => {
  it('puts x2 before x10 and keeps letters alphabetical', () => {
    expect(naturalOrder(['x10', 'x2', 'y', 'x1', 'x', 'lambda_10', 'lambda_2', 'x02'])).toEqual(['lambda_2', 'lambda_10', 'x', 'x1', 'x02', 'x2', 'x10', 'y']);
    expect(naturalCompare('a9', 'a10')).toBeLessThan(0);
    expect(naturalCompare('b', 'a10')).toBeGreaterThan(0);
    expect(naturalCompare('x', 'x')).toBe(0);
    // Digit runs longer than a double's precision still compare by value.
    expect(naturalCompare('x99999999999999999999', 'x100000000000000000000')).toBeLessThan(0);
  });
});

describe('compiled functions with named inputs', () => {
  const f = compile([parse('x^2*y'), parse('x - 3*y')], ['x', 'y']);
  it('take {x, y} and [x, y] alike', () => {
    // x = 2, y = 5: x^2 y = 20, x - 3y = -13.
    expect(Array.from(f.call({ x: 2, y: 5 }))).toEqual([20, -13]);
    expect(Array.from(f.call({ y: 5, x: 2 }))).toEqual([20, -13]);
    expect(Array.from(f.call([2, 5]))).toEqual([20, -13]);
    expect(Array.from(f.evaluate(Float64Array.of(2, 5)))).toEqual([20, -13]);
  });
  it('name what is missing, unknown or of the wrong length', () => {
    expect(() => f.call({ x: 2 })).toThrow(/no value for variable "y"/);
    expect(() => f.call({ x: 2, y: 1, z: 3 })).toThrow(/unknown variable "z"/);
    expect(() => f.call([1])).toThrow(/expected 2 values \(x, y\), got 1/);
  });
});

describe('lambdify', () => {
  it('orders free symbols naturally and accepts names or positions', () => {
    const g = lambdify('x10 + 2*x2');
    expect(g.variables).toEqual(['x2', 'x10']);
    // x2 = 1, x10 = 3: 3 + 2 = 5.
    expect(g({ x2: 1, x10: 3 })).toBe(5);
    expect(g([1, 3])).toBe(5);
  });
  it('gives an array for several expressions, with the variables given', () => {
    const h = lambdify(['sin(x)', 'x*y'], ['y', 'x']);
    expect(h([2, Math.PI / 2])).toEqual([1, Math.PI]);
  });
});

describe('defineProblem and the optimum as plain objects', () => {
  it('min x^2 + y^2 subject to x + y = 1: x = y = 1/2, lambda_1 = -1, f = 1/2', () => {
    // L = x^2 + y^2 + λ(x + y - 1): 2x + λ = 0 and x = y = 1/2 give λ = -1.
    const input: ProblemInput = { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] };
    const result = solveProblem(defineProblem(input));
    const opt = optimumOf(result)!;
    expect(opt.variables).toEqual({ x: 0.5, y: 0.5 });
    expect(opt.multipliers).toEqual({ lambda_1: -1 });
    expect(opt.objective).toBe(0.5);
    expect(opt.text).toEqual({ variables: { x: '1/2', y: '1/2' }, multipliers: { lambda_1: '-1' }, objective: '1/2' });
    expect(opt.exact).toBe(true);
    expect(Object.keys(opt.variables)).toEqual(['x', 'y']);
  });

  it('min (x - 2)^2 subject to x <= 1: x = 1, mu_1 = 2 (active), f = 1', () => {
    // g = x - 1 <= 0 active; 2(x - 2) + μ = 0 at x = 1 gives μ = 2.
    const opt = optimumOf(solveProblem(parseProblem({ variables: ['x'], minimize: '(x - 2)^2', subject_to: ['x <= 1'] })))!;
    expect(opt).toMatchObject({ variables: { x: 1 }, multipliers: { mu_1: 2 }, objective: 1 });
  });

  it('is undefined without an optimum, and lists ties', () => {
    expect(optimumOf(solveProblem(defineProblem({ variables: ['x'], minimize: 'x' })))).toBeUndefined();
    // max x^2 on [-1, 1]: x = -1 and x = 1 tie at f = 1.
    const ties = optimumPoints(solveProblem(defineProblem({ variables: ['x'], maximize: 'x^2', subject_to: ['x >= -1', 'x <= 1'] })));
    expect(ties.map((p) => p.variables['x']).sort()).toEqual([-1, 1]);
  });

  it('is typed for editors: a misspelt field does not compile', () => {
    // @ts-expect-error `minimise` is not a field of ProblemInput
    const bad: ProblemInput = { variables: ['x'], minimise: 'x^2' };
    expect(() => defineProblem(bad)).toThrow();
  });
});
