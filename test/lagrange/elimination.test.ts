/** Global certificates for parametric problems (issue 14): elimination of linear equalities, coercivity. */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { parseProblem, solveProblem } from '../../src/lagrange/index.js';

describe('elimination of linear equality constraints', () => {
  it('maximize x*y s.t. x + y = s (s > 0) is optimal at x = y = s/2, with the certificate named', () => {
    // Hand derivation: y = s - x gives x*(s - x), concave (second derivative -2), maximum at x = s/2.
    const r = solveProblem(parseProblem({ variables: ['x', 'y'], parameters: ['s'], assume: ['s > 0'], maximize: 'x*y', subject_to: ['x + y = s'] }));
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('convex');
    expect(r.reason).toMatch(/elimination of the linear equality constraints/);
    expect(r.reason).toMatch(/concave on the affine feasible set/);
    const p = r.points[r.optimum[0]!]!;
    expect(toText(p.values.get('x')!)).toBe('s/2');
    expect(toText(p.values.get('y')!)).toBe('s/2');
  });
  it('minimize x*y s.t. x + y = 2 is not certified (x*(2 - x) is concave, so not convex)', () => {
    const r = solveProblem(parseProblem({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x + y = 2'] }));
    expect(r.status).not.toBe('optimal');
  });
});

describe('coercivity', () => {
  it('minimize x^4 - a*x^2 (a > 0) is optimal at x = ±sqrt(a/2), certificate coercive', () => {
    // Hand derivation: f' = 4x^3 - 2a*x = 0 at 0 and ±sqrt(a/2); f(±sqrt(a/2)) = a^2/4 - a^2/2 = -a^2/4 < 0 = f(0).
    // x^4 dominates, so f is coercive and the minimum is attained at a critical point.
    const r = solveProblem(parseProblem({ variables: ['x'], parameters: ['a'], assume: ['a > 0'], minimize: 'x^4 - a*x^2' }));
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('coercive');
    expect(r.reason).toMatch(/coercive/);
    const texts = r.optimum.map((i) => toText(r.points[i]!.values.get('x')!)).sort();
    expect(texts).toEqual(['-sqrt(2)*sqrt(a)/2', 'sqrt(2)*sqrt(a)/2']);
    expect(toText(r.points[r.optimum[0]!]!.objective)).toBe('-a^2/4');
  });
  it('a separable objective on a closed set: minimize x^4 + y^2 - a*x^2 s.t. y >= 1', () => {
    // Hand derivation: 2y - mu = 0 forces y = 1 active with mu = 2; in x as above: f = 1 - a^2/4.
    const r = solveProblem(parseProblem({ variables: ['x', 'y'], parameters: ['a'], assume: ['a > 0'], minimize: 'x^4 + y^2 - a*x^2', subject_to: ['y >= 1'] }));
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('coercive');
    expect(r.optimum.length).toBe(2);
    expect(toText(r.points[r.optimum[0]!]!.objective)).toBe('1 - a^2/4');
  });
  it('not coercive when the top-degree part is indefinite: x^4 + y^4 - 3*x^2*y^2 falls as -t^4 along x = y', () => {
    const r = solveProblem(parseProblem({ variables: ['x', 'y'], minimize: 'x^4 + y^4 - 3*x^2*y^2' }));
    expect(r.certificate).not.toBe('coercive');
    expect(r.status).not.toBe('optimal');
  });
  it('not coercive for an odd leading power: x^3 - a*x', () => {
    const r = solveProblem(parseProblem({ variables: ['x'], parameters: ['a'], assume: ['a > 0'], minimize: 'x^3 - a*x' }));
    expect(r.certificate).not.toBe('coercive');
    expect(r.status).not.toBe('optimal');
  });
});
