/** Non-polynomial equations: closed-form rules and the verified numeric search. */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { expectSameTuples, solve, valuesOf } from './helpers.js';

describe('closed-form rules', () => {
  it('log(p) = c gives p = exp(c) (nerdamer answers [1])', () => {
    const r = solve(['log(p) - c'], ['p'], { parameters: ['c'] });
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(1);
    expect(toText(r.solutions[0]!.values.get('p')!)).toBe('exp(c)');
    expect(r.solutions[0]!.exact).toBe(true);
    expect(r.solutions[0]!.residual).toBe(0);
  });

  it('exp(p) = c gives p = log(c) under the condition c > 0 (nerdamer answers [])', () => {
    const r = solve(['exp(p) - c'], ['p'], { parameters: ['c'] });
    const s = r.solutions[0]!;
    expect(toText(s.values.get('p')!)).toBe('log(c)');
    expect(s.conditions?.map((c) => `${toText(c.expr)} ${c.relation}`)).toEqual(['c positive']);
  });

  it('exp(x) = -1 has no real solution', () => {
    const r = solve(['exp(x) + 1'], ['x']);
    expect(r.solutions).toHaveLength(0);
  });

  it('exp(2x) - 3 exp(x) + 2 = 0 is quadratic in exp(x): x = 0, log(2)', () => {
    const r = solve(['exp(2*x) - 3*exp(x) + 2'], ['x']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual(['0', 'log(2)']);
  });

  it('entropy stationarity: -log(p) - 1 - l = 0 gives p = exp(-1 - l)', () => {
    const r = solve(['-log(p) - 1 - l'], ['p'], { parameters: ['l'] });
    expect(toText(r.solutions[0]!.values.get('p')!)).toBe('exp(-l - 1)');
  });

  it('sqrt(x) = 2 gives x = 4; sqrt(x) = -1 has no solution', () => {
    expect(toText(solve(['sqrt(x) - 2'], ['x']).solutions[0]!.values.get('x')!)).toBe('4');
    expect(solve(['sqrt(x) + 1'], ['x']).solutions).toHaveLength(0);
  });

  it('a system solved by isolation then a polynomial: log(x) = y, y^2 = 4', () => {
    const r = solve(['log(x) - y', 'y^2 - 4'], ['x', 'y']);
    expect(r.completeness).toBe('complete');
    expectSameTuples(
      r.solutions.map((s) => valuesOf(s, ['x', 'y'])),
      [
        [Math.exp(2), 2],
        [Math.exp(-2), -2],
      ],
      1e-12,
    );
    expect(r.solutions.every((s) => s.exact)).toBe(true);
  });
});

describe('more closed forms', () => {
  it('2^x = 8 gives exactly 3; 4^x = 2 gives 1/2', () => {
    expect(toText(solve(['2^x - 8'], ['x']).solutions[0]!.values.get('x')!)).toBe('3');
    expect(toText(solve(['4^x - 2'], ['x']).solutions[0]!.values.get('x')!)).toBe('1/2');
  });
  it('abs(x) = 2 gives ±2', () => {
    expect(solve(['abs(x) - 2'], ['x']).solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual(['-2', '2']);
  });
  it('sqrt(x^2 + 1) = 2 becomes polynomial with t = sqrt(x^2 + 1) >= 0: x = ±sqrt(3)', () => {
    const r = solve(['sqrt(x^2 + 1) - 2'], ['x']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions.map((s) => toText(s.values.get('x')!)).sort()).toEqual(['-sqrt(3)', 'sqrt(3)']);
  });
  it('exp(a x) = b with parameters: x = log(b)/a, conditions b > 0, a != 0', () => {
    const r = solve(['exp(a*x) - b'], ['x'], { parameters: ['a', 'b'] });
    const s = r.solutions[0]!;
    expect(toText(s.values.get('x')!)).toBe('log(b)/a');
    expect(s.conditions?.map((c) => `${toText(c.expr)} ${c.relation}`).sort()).toEqual(['a nonzero', 'b positive']);
  });
  it('KKT of min exp(x) + exp(y) s.t. x + y = 1: x = y = 1/2, l = -exp(1/2), exactly', () => {
    const r = solve(['l + exp(x)', 'l + exp(y)', 'x + y - 1'], ['x', 'y', 'l']);
    expect(r.completeness).toBe('complete');
    expect(r.solutions).toHaveLength(1);
    const s = r.solutions[0]!;
    expect(s.exact).toBe(true);
    expect([toText(s.values.get('x')!), toText(s.values.get('y')!), toText(s.values.get('l')!)]).toEqual(['1/2', '1/2', '-exp(1/2)']);
  });
  it('KKT of max entropy on three outcomes: p = 1/3, l = log(3) - 1', () => {
    const r = solve(['-log(p1) - 1 - l', '-log(p2) - 1 - l', '-log(p3) - 1 - l', 'p1 + p2 + p3 - 1'], ['p1', 'p2', 'p3', 'l']);
    const s = r.solutions[0]!;
    expect(r.solutions).toHaveLength(1);
    expect(['p1', 'p2', 'p3', 'l'].map((u) => toText(s.values.get(u)!))).toEqual(['1/3', '1/3', '1/3', 'log(3) - 1']);
  });
});

describe('numeric fallback', () => {
  it('x^2 + y^2 = 1, y = exp(x): both real solutions', () => {
    // Independent check: x^2 + exp(2x) = 1 has the roots 0 and -0.9165625831056983
    // (bisection in double precision), with y = exp(x).
    const r = solve(['x^2 + y^2 - 1', 'y - exp(x)'], ['x', 'y']);
    expect(r.solutions).toHaveLength(2);
    expect(r.completeness).toBe('partial');
    const xs = r.solutions.map((s) => [s.numericValues!.get('x')!, s.numericValues!.get('y')!]);
    expectSameTuples(
      xs,
      [
        [0, 1],
        [-0.9165625831056983, 0.3998912742866618],
      ],
      1e-12,
    );
    for (const s of r.solutions) expect(s.residual).toBeLessThan(1e-12);
  });

  it('sin(x) = x/2: the three roots 0, ±1.895494267033981', () => {
    const r = solve(['sin(x) - x/2'], ['x']);
    const xs = r.solutions.map((s) => [s.numericValues!.get('x')!]);
    expectSameTuples(xs, [[0], [1.895494267033981], [-1.895494267033981]], 1e-12);
    expect(r.solutions.every((s) => !s.exact)).toBe(true);
  });

  it('is reproducible for a fixed seed', () => {
    const a = solve(['cos(x) - y', 'x^2 + y^2 - 2'], ['x', 'y'], { seed: 3 });
    const b = solve(['cos(x) - y', 'x^2 + y^2 - 2'], ['x', 'y'], { seed: 3 });
    expect(a.solutions.length).toBeGreaterThanOrEqual(2); // x -> -x symmetry: at least a pair
    expect(a.solutions.map((s) => [...s.numericValues!.values()])).toEqual(b.solutions.map((s) => [...s.numericValues!.values()]));
  });

  it('periodic equations: roots near the box, with a note saying there may be more', () => {
    const r = solve(['tan(x) - 1'], ['x']);
    expect(r.completeness).toBe('partial');
    for (const s of r.solutions) {
      const x = s.numericValues!.get('x')!;
      const k = (x - Math.PI / 4) / Math.PI;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-12);
    }
    expect(r.solutions.length).toBeGreaterThanOrEqual(7); // pi/4 + k pi for |x| <= 10 at least
    expect(r.notes.join(' ')).toMatch(/periodic/);
  });

  it('numeric: false refuses the fallback instead of guessing', () => {
    const r = solve(['x*exp(x) - 1'], ['x'], { numeric: false });
    expect(r.solutions).toHaveLength(0);
    expect(r.completeness).toBe('partial');
  });
});
