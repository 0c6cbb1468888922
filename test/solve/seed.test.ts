/**
 * The numeric fallback's seed: the same seed gives the same answer, different seeds
 * start from different points (with few starts they find different roots of a system
 * with many), and every root found satisfies the equations (checked here by plain JS).
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/expr/index.js';
import { solveSystem } from '../../src/solve/index.js';

const eqs = [parse('sin(x) + sin(y) - 1/2'), parse('cos(x*y) - x/10')];
const roots = (seed: number): string[] =>
  solveSystem(eqs, ['x', 'y'], { seed, starts: 3 }).solutions.map((s) => {
    const x = s.numericValues!.get('x')!;
    const y = s.numericValues!.get('y')!;
    expect(Math.abs(Math.sin(x) + Math.sin(y) - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(Math.cos(x * y) - x / 10)).toBeLessThan(1e-9);
    return `${x.toFixed(6)},${y.toFixed(6)}`;
  });

describe('numeric solver seed', () => {
  it('is reproducible with the same seed', () => {
    expect(roots(4)).toEqual(roots(4));
  });
  it('changes the starting points: five seeds with three starts do not all find the same roots', () => {
    const found = [1, 2, 3, 4, 5].map((s) => roots(s).join(' | '));
    expect(new Set(found).size).toBeGreaterThan(1);
    // Together they find more roots than any one of them.
    const all = new Set([1, 2, 3, 4, 5].flatMap(roots));
    expect(all.size).toBeGreaterThan(Math.max(...[1, 2, 3, 4, 5].map((s) => roots(s).length)));
  });
});
