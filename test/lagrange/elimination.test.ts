/** Global certificates for parametric problems by eliminating linear equalities (issue 14). */
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
