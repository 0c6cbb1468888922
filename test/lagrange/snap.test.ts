/**
 * Clusters polished and snapped (issue 14): numeric KKT points are polished by Newton,
 * recognised exactly (numeric/identify) and accepted only when the exact candidate
 * satisfies the KKT system; clouds of numeric roots become one point.
 */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { parseProblem, solveProblem } from '../../src/lagrange/index.js';
import { identify, integerRelation, rationalCandidate } from '../../src/numeric/identify.js';

describe('the recogniser', () => {
  it('finds rationals by continued fractions', () => {
    expect(rationalCandidate(8 / 3)?.toString()).toBe('8/3');
    expect(rationalCandidate(-0.125)?.toString()).toBe('-1/8');
    expect(rationalCandidate(Math.PI)).toBeUndefined();
  });
  it('finds quadratic surds by an integer relation among 1, x, x^2', () => {
    // (5 - sqrt(13))/12 is a root of 6x^2 - 5x + 1/2 = 0, i.e. 12x^2 - 10x + 1 = 0.
    const m = integerRelation([1, 0.11620406037800089, 0.11620406037800089 ** 2])!;
    const k = m[2]! / 12;
    expect(m.map((c) => c / k)).toEqual([1, -10, 12]);
    expect(identify(0.11620406037800089).map(toText)).toContain('5/12 - sqrt(13)/12');
    expect(identify(Math.SQRT2).map(toText)).toEqual(['sqrt(2)']);
  });
  it('offers nothing for a transcendental number', () => {
    expect(identify(Math.E).length).toBe(0);
  });
});

describe('solve snaps numeric KKT points', () => {
  it('minimize x^2 + y^2 s.t. y = cos(x): one exact KKT point (0, 1), no numeric cloud', () => {
    const r = solveProblem(parseProblem({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['y = cos(x)'] }));
    expect(r.status).toBe('optimal');
    expect(r.points.length).toBe(1);
    const p = r.points[0]!;
    expect(p.exact).toBe(true);
    expect(toText(p.values.get('x')!)).toBe('0');
    expect(toText(p.values.get('y')!)).toBe('1');
  });
  it('Cobb–Douglas with numbers: maximize x^(1/3) y^(2/3) s.t. x + y = 8 gives x = 8/3 exactly', () => {
    // Hand derivation: the budget shares are 1/3 and 2/3, so x = 8/3, y = 16/3.
    const r = solveProblem(parseProblem({ variables: ['x', 'y'], maximize: 'x^(1/3)*y^(2/3)', subject_to: ['x + y = 8'] }));
    expect(r.status).toBe('optimal');
    const p = r.points[r.optimum[0]!]!;
    expect(p.exact).toBe(true);
    expect(toText(p.values.get('x')!)).toBe('8/3');
    expect(toText(p.values.get('y')!)).toBe('16/3');
  });
});

describe('continua filtered by feasibility and multiplier sign', () => {
  it('maximize x*y*z s.t. x + y + z = 3, x, y, z >= 0: no family whose members are not KKT points', () => {
    // Hand derivation: on x = 0 stationarity in x gives mu_x = -y*z, dual feasible only at
    // y*z = 0, so the only KKT points there are the corners; the maximum is (1, 1, 1).
    const r = solveProblem(parseProblem({ variables: ['x', 'y', 'z'], maximize: 'x*y*z', subject_to: ['x + y + z = 3', 'x >= 0', 'y >= 0', 'z >= 0'] }));
    expect(r.status).toBe('optimal');
    expect(r.points.every((p) => !p.free || p.free.length === 0)).toBe(true);
    const texts = r.points.map((p) => ['x', 'y', 'z'].map((v) => toText(p.values.get(v)!)).join(','));
    expect(texts.sort()).toEqual(['0,0,3', '0,3,0', '1,1,1', '3,0,0']);
    expect(texts).toContain('1,1,1');
  });
});
