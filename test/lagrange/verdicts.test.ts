/**
 * Issue 11: overflow in a numeric check never becomes a verdict, and an objective with no
 * real value is reported as such (not as an infeasible problem).
 */
import { describe, expect, it } from 'vitest';
import { parseProblem, solveProblem } from '../../src/lagrange/index.js';

const solve = (minimize: string) => solveProblem(parseProblem({ variables: ['x'], minimize }));

describe('verdicts that overflow cannot fake', () => {
  for (const f of ['exp(1000)*x', '1e400*x', 'exp(exp(exp(1000)))*x', '1e300*x']) {
    it(`minimize ${f} is unbounded by proof (the coefficient is exactly nonzero)`, () => {
      const r = solve(f);
      expect(r.status).toBe('unbounded');
      expect(r.certificate).toBe('proof');
      expect(r.reason).toMatch(/-infinity/);
      expect(r.reason.length).toBeLessThan(200);
    });
  }
  it('maximize -exp(1000)*x runs the other way', () => {
    const r = solveProblem(parseProblem({ variables: ['x'], maximize: '-exp(1000)*x' }));
    expect(r.status).toBe('unbounded');
    expect(r.reason).toMatch(/-infinity/);
  });
  it('minimize x^2 + log(-1): no real value, said so; never infeasible', () => {
    const r = solve('x^2 + log(-1)');
    expect(r.status).toBe('no_optimum_found');
    expect(r.reason).toMatch(/log\(-1\) in the objective has no real value/);
  });
});
