/**
 * Classification and the global decision on small cases whose answers are known by
 * hand: saddles are never optima, local minima of unbounded problems are not optimal,
 * infeasibility is proved where it can be, irregular points are candidates.
 */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { parseProblem, solveProblem, type ProblemFile } from '../../src/lagrange/index.js';

const solve = (f: ProblemFile) => solveProblem(parseProblem(f));
const pointText = (r: ReturnType<typeof solve>, i: number) =>
  Object.fromEntries(r.problem.variables.map((v) => [v, toText(r.points[i]!.values.get(v)!)]));

describe('classification', () => {
  it('x^2 - y^2 has a saddle at the origin, and the problem is unbounded', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x^2 - y^2' });
    expect(r.points).toHaveLength(1);
    expect(r.points[0]!.classification).toBe('saddle');
    expect(r.points[0]!.reducedEigenvalues).toEqual([-2, 2]);
    expect(r.status).toBe('unbounded');
    expect(r.optimum).toEqual([]);
  });

  it('x^3 - 3x: a local minimum at 1 and a local maximum at -1, but unbounded below', () => {
    const r = solve({ variables: ['x'], minimize: 'x^3 - 3*x' });
    const byX = new Map(r.points.map((p, i) => [pointText(r, i)['x'], p.classification]));
    expect(byX.get('1')).toBe('minimum');
    expect(byX.get('-1')).toBe('maximum');
    expect(r.status).toBe('unbounded');
  });

  it('maximisation: -(x-3)^2 on x <= 1 has its maximum at the active bound with mu = 4', () => {
    const r = solve({ variables: ['x'], maximize: '-(x-3)^2', subject_to: ['x <= 1'] });
    expect(r.status).toBe('optimal');
    const p = r.points[r.optimum[0]!]!;
    expect(toText(p.values.get('x')!)).toBe('1');
    expect(toText(p.values.get('mu_1')!)).toBe('4');
    expect(p.classification).toBe('maximum');
    expect(p.strictlyActive).toEqual([0]);
  });

  it('an active constraint with negative curvature along it is a saddle, not a minimum: min y s.t. y >= -x^2', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'y', subject_to: ['y >= -x^2'] });
    expect(r.points).toHaveLength(1);
    expect(r.points[0]!.classification).toBe('saddle');
    expect(r.status).toBe('unbounded');
  });

  it('a zero multiplier on an active constraint makes an indefinite test degenerate: min x*y s.t. x >= 0, y >= 0 at the origin', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x >= 0', 'y >= 0'] });
    const origin = r.points.findIndex((_, i) => pointText(r, i)['x'] === '0' && pointText(r, i)['y'] === '0');
    expect(origin).toBeGreaterThanOrEqual(0);
    expect(r.points[origin]!.weaklyActive.length).toBeGreaterThan(0);
    expect(r.points[origin]!.classification).toBe('degenerate');
  });

  it('x^4 has a degenerate (singular Hessian) critical point that convexity proves optimal', () => {
    const r = solve({ variables: ['x'], minimize: 'x^4' });
    expect(r.points[0]!.classification).toBe('degenerate');
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('convex');
  });

  it('a vertex fixed by as many active constraints as variables is a minimum (tangent space {0})', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x + y', subject_to: ['x >= 1', 'y >= 2'] });
    const p = r.points[r.optimum[0]!]!;
    expect(p.tangentDimension).toBe(0);
    expect(p.classification).toBe('minimum');
    expect(toText(p.objective)).toBe('3');
  });
});

describe('the global decision', () => {
  it('infeasible by a structural proof: x^2 + y^2 <= -1', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x + y', subject_to: ['x^2 + y^2 <= -1'] });
    expect(r.status).toBe('infeasible');
    expect(r.certificate).toBe('proof');
    expect(r.reason).toMatch(/cannot hold/);
  });

  it('infeasible by Fourier-Motzkin: x + y >= 3 and x + y <= 1', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x^2', subject_to: ['x + y >= 3', 'x + y <= 1'] });
    expect(r.status).toBe('infeasible');
    expect(r.reason).toMatch(/Fourier/);
  });

  it('infeasible on a compact set with no KKT point: the unit circle and x >= 2', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x + y', subject_to: ['x^2 + y^2 = 1', 'x >= 2'] });
    expect(r.status).toBe('infeasible');
    expect(r.reason).toMatch(/compact/);
  });

  it('an inconsistent equality system is infeasible: x = 1 and x = 2', () => {
    const r = solve({ variables: ['x'], minimize: 'x^2', subject_to: ['x = 1', 'x = 2'] });
    expect(r.status).toBe('infeasible');
  });

  it('infeasible by numeric search when no proof applies: x*y = 1 and x + y = 1 (no real solution)', () => {
    // A linear objective: not coercive, so only the numeric search speaks.
    const r = solve({ variables: ['x', 'y'], minimize: 'x - y', subject_to: ['x*y = 1', 'x + y = 1'] });
    expect(r.status).toBe('infeasible');
    expect(r.certificate).toBe('numeric-search');
    expect(r.reason).toMatch(/numeric evidence/);
  });

  it('infeasible by proof with a coercive objective: x^2 + y^2 on x*y = 1, x + y = 1', () => {
    // x^2 + y^2 is coercive and the set closed: a nonempty set would hold a minimiser, a KKT
    // or irregular point; the complete enumeration found none (t^2 - t + 1 = 0 has no real root).
    const r = solve({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x*y = 1', 'x + y = 1'] });
    expect(r.status).toBe('infeasible');
    expect(r.certificate).toBe('proof');
    expect(r.reason).toMatch(/coercive/);
  });

  it('unattained: exp(x) approaches 0', () => {
    const r = solve({ variables: ['x'], minimize: 'exp(x)' });
    expect(r.status).toBe('unattained');
    expect(r.reason).toMatch(/approaches 0/);
  });

  it('an irregular point is a candidate: min x s.t. y^2 <= x^3 (a cusp at the origin, no multipliers)', () => {
    const r = solve({ variables: ['x', 'y'], minimize: 'x', subject_to: ['y^2 <= x^3'] });
    expect(r.status).toBe('optimal');
    const p = r.points[r.optimum[0]!]!;
    expect(p.kind).toBe('irregular');
    expect(pointText(r, r.optimum[0]!)).toEqual({ x: '0', y: '0' });
    expect(r.sensitivities).toEqual([]);
  });

  it('abs is solved piece by piece: abs(x - 1) + x^2 is 1 - x + x^2 on x <= 1, least at x = 1/2 (f = 3/4)', () => {
    const r = solve({ variables: ['x'], minimize: 'abs(x - 1) + x^2' });
    expect(r.status).toBe('optimal');
    expect(pointText(r, r.optimum[0]!)).toEqual({ x: '1/2' });
    expect(r.points[r.optimum[0]!]!.objectiveValue).toBe(0.75);
  });

  it('nested abs is reported as not differentiable, with the reformulation', () => {
    const r = solve({ variables: ['x'], minimize: 'abs(abs(x) - 1) + x^2' });
    expect(r.status).toBe('no_optimum_found');
    expect(r.reason).toMatch(/abs\(abs\(x\) - 1\) in the objective is not differentiable/);
    expect(r.reason).toMatch(/t >= u, t >= -u/);
  });

  it('a parameter-dependent feasibility is not decided without parameter_values, and is with them', () => {
    const base: ProblemFile = { variables: ['x'], parameters: ['b'], minimize: '(x - b)^2', subject_to: ['x <= 1'] };
    const r = solve(base);
    expect(r.status).toBe('no_optimum_found');
    expect(r.reason).toMatch(/depends on the parameters/);
    const inside = solve({ ...base, parameter_values: { b: 0.5 } });
    expect(inside.status).toBe('optimal');
    expect(toText(inside.points[inside.optimum[0]!]!.values.get('x')!)).toBe('b');
    const outside = solve({ ...base, parameter_values: { b: 3 } });
    expect(outside.status).toBe('optimal');
    expect(toText(outside.points[outside.optimum[0]!]!.values.get('x')!)).toBe('1');
  });

  it('more than 12 inequalities: answered (there is no cap; issue 14), here exactly', () => {
    // Was a refusal ("at most 12"). min x^2 s.t. x <= i (i = 1..13): x = 0, convex.
    const subject_to = [...Array(13)].map((_, i) => `x <= ${i + 1}`);
    const r = solve({ variables: ['x'], minimize: 'x^2', subject_to });
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('convex');
    const p = r.points[r.optimum[0]!]!;
    expect(p.exact).toBe(true);
    expect(toText(p.values.get('x')!)).toBe('0');
  });

  it('a continuum of minimisers is reported with its free unknown', () => {
    const r = solve({ variables: ['x', 'y'], minimize: '(x + y)^2' });
    expect(r.status).toBe('optimal');
    const p = r.points[r.optimum[0]!]!;
    expect(p.free?.length).toBe(1);
    expect(toText(p.objective)).toBe('0');
  });
});
