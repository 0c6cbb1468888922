/**
 * Problems with abs and sign, solved piece by piece (src/lagrange/piecewise.ts). Every
 * expected value is derived by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAt } from '../../src/parameters/index.js';
import { toText } from '../../src/expr/index.js';
import { parseProblem, solveProblem, solveResultJson, type ProblemFile } from '../../src/lagrange/index.js';

const solve = (f: ProblemFile) => solveProblem(parseProblem(f), { sensitivities: false });
const at = (r: ReturnType<typeof solve>, i: number) => Object.fromEntries(r.problem.variables.map((v) => [v, toText(r.points[i]!.values.get(v)!)]));
const num = (r: ReturnType<typeof solve>, i: number, v: string) => evaluateAt([r.points[i]!.values.get(v)!], new Map())[0]!;

describe('abs and sign, piece by piece', () => {
  it('abs(x - 1) + (y - 2)^2: both terms are >= 0 and vanish only at (1, 2)', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'abs(x - 1) + (y - 2)^2' });
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('piecewise');
    expect(r.reason).toContain('solved on each of the 2 smooth pieces sign(x - 1) = ±1');
    expect(r.optimum).toHaveLength(1);
    expect(at(r, r.optimum[0]!)).toEqual({ x: '1', y: '2' });
    expect(r.points[r.optimum[0]!]!.objectiveValue).toBe(0);
  });

  it('abs(x) + abs(y) s.t. x + y = 1: |x| + |y| >= |x + y| = 1, equal on the segment x, y >= 0', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'abs(x) + abs(y)', subject_to: ['x + y = 1'] });
    expect(r.status).toBe('optimal');
    expect(r.reason).toContain('4 smooth pieces');
    // The segment is a continuum of optima; its isolated points (the endpoints) are
    // reported, and the reason says the optima include a continuum.
    expect(r.reason).toContain('continuum');
    const optima = r.optimum.map((i) => at(r, i));
    expect(optima).toContainEqual({ x: '1', y: '0' });
    expect(optima).toContainEqual({ x: '0', y: '1' });
    for (const i of r.optimum) {
      const [x, y] = [num(r, i, 'x'), num(r, i, 'y')];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + y).toBe(1);
      expect(r.points[i]!.objectiveValue).toBe(1);
    }
  });

  it('x*sign(x) + (x - 2)^2 = |x| + (x - 2)^2: on x > 0, 1 + 2(x - 2) = 0 at x = 3/2, f = 7/4', () => {
    const r = solve({ variables: ['x'], minimize: 'x*sign(x) + (x - 2)^2' });
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('piecewise');
    // sign gets three pieces: -1, 0 (x = 0) and +1.
    expect(r.reason).toContain('3 smooth pieces sign(x) = -1, 0 or +1');
    expect(r.optimum).toHaveLength(1);
    expect(at(r, r.optimum[0]!)).toEqual({ x: '3/2' });
    expect(toText(r.points[r.optimum[0]!]!.objective)).toBe('7/4');
  });

  it('sign in a constraint: min (x - 2)^2 s.t. x*sign(x) <= 1 (|x| <= 1) is 1 at x = 1', () => {
    const r = solve({ variables: ['x'], minimize: '(x - 2)^2', subject_to: ['x*sign(x) <= 1'] });
    expect(r.status).toBe('optimal');
    expect(r.optimum).toHaveLength(1);
    expect(at(r, r.optimum[0]!)).toEqual({ x: '1' });
    expect(r.points[r.optimum[0]!]!.objectiveValue).toBe(1);
  });

  it('(x - 1)^2 + 2*sign(x): f -> -1 as x -> 0 from below, but f(0) = 1 and f >= 2 for x > 0: not attained, never optimal', () => {
    const r = solve({ variables: ['x'], minimize: '(x - 1)^2 + 2*sign(x)' });
    expect(r.status).toBe('no_optimum_found');
    expect(r.reason).toContain('the sign jumps');
    expect(r.reason).toContain('f = -1');
  });

  it('x + 2*sign(x) s.t. x >= -1: x < 0 gives x - 2 >= -3 at x = -1, x = 0 gives 0, x > 0 gives more than 2', () => {
    const r = solve({ variables: ['x'], minimize: 'x + 2*sign(x)', subject_to: ['x >= -1'] });
    expect(r.status).toBe('optimal');
    expect(at(r, r.optimum[0]!)).toEqual({ x: '-1' });
    expect(r.points[r.optimum[0]!]!.objectiveValue).toBe(-3);
  });

  it('keeps the refusal where pieces do not help: nested abs, and more than 64 pieces', () => {
    const nested = solve({ variables: ['x'], minimize: 'abs(abs(x) - 1)' });
    expect(nested.status).toBe('no_optimum_found');
    expect(nested.reason).toContain('contains abs/sign itself');
    const many = solve({ variables: ['x'], minimize: ['x', 'x - 1', 'x - 2', 'x - 3', 'x - 4', 'x - 5', 'x - 6'].map((g) => `abs(${g})`).join(' + ') });
    expect(many.status).toBe('no_optimum_found');
    expect(many.reason).toContain('128 smooth pieces (more than 64)');
  });

  it('reports points in the terms of the original problem (JSON): active constraints and multipliers by their own names', () => {
    // min (x - 2)^2 s.t. |x| <= 1, x >= -5: x = 1 with |x| <= 1 active, mu_1 = -2(x - 2) = 2.
    const r = solve({ variables: ['x'], minimize: '(x - 2)^2', subject_to: ['x*sign(x) <= 1', 'x >= -5'] });
    const json = solveResultJson(r);
    const best = json.solutions[r.optimum[0]!]!;
    expect(best.point['x']!.text).toBe('1');
    expect(best.active).toEqual(['mu_1']);
    expect(Object.keys(best.multipliers).sort()).toEqual(['mu_1', 'mu_2']);
    expect(best.multipliers['mu_1']!.value).toBe(2);
  });
});
