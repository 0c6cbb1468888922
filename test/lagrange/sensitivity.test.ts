/**
 * Sensitivities by the envelope theorem against values known by hand and against the
 * finite differences of the re-solved problem: shadow prices with the right sign for
 * =, <= and >= constraints in both senses, and parameter derivatives.
 */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { parseProblem, solveProblem, type ProblemFile } from '../../src/lagrange/index.js';

const sens = (f: ProblemFile) => {
  const r = solveProblem(parseProblem(f));
  expect(r.status).toBe('optimal');
  return r.sensitivities;
};

describe('sensitivities', () => {
  it('min x^2 + y^2 s.t. x + y = c: V = c^2/2, dV/dc = c = -lambda (c = 1)', () => {
    const [s] = sens({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] });
    expect(s!.kind).toBe('rhs');
    expect(toText(s!.derivative)).toBe('1');
    expect(s!.finiteDifference).toBeCloseTo(1, 8);
    expect(s!.note).toMatch(/-lambda_1/);
  });

  it('min x^2 s.t. x >= b: V = b^2, dV/db = 2b, as a parameter and as a right-hand side', () => {
    const s = sens({ variables: ['x'], parameters: ['b'], assume: ['b > 0'], minimize: 'x^2', subject_to: ['x >= b'], parameter_values: { b: 1.5 } });
    const byTarget = new Map(s.map((x) => [x.target, x]));
    expect(toText(byTarget.get('b')!.derivative)).toBe('2*b');
    expect(byTarget.get('b')!.value).toBe(3);
    expect(byTarget.get('b')!.finiteDifference).toBeCloseTo(3, 7);
    expect(byTarget.get('rhs of x >= b')!.value).toBe(3);
    expect(byTarget.get('rhs of x >= b')!.note).toMatch(/= mu_1/);
  });

  it('max -(x-3)^2 s.t. x <= c at c = 1: V = -(c-3)^2, dV/dc = -2(c-3) = 4 = +mu', () => {
    const [s] = sens({ variables: ['x'], maximize: '-(x-3)^2', subject_to: ['x <= 1'] });
    expect(s!.value).toBe(4);
    expect(s!.finiteDifference).toBeCloseTo(4, 7);
  });

  it('max x*y s.t. 2x + y = m at m = 8: V = m^2/8, dV/dm = m/4 = 2 = lambda', () => {
    const [s] = sens({ variables: ['x', 'y'], maximize: 'x*y', subject_to: ['2*x + y = 8'] });
    expect(s!.value).toBe(2);
    expect(s!.relativeError!).toBeLessThan(1e-8);
  });

  it('min xy on x^2 + y^2 = r at r = 4: V = -r/2, dV/dr = -1/2', () => {
    const [s] = sens({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] });
    expect(toText(s!.derivative)).toBe('-1/2');
    expect(s!.finiteDifference).toBeCloseTo(-0.5, 8);
  });

  it('TRPO: dV/deps = ||g||/(2 sqrt(eps)) = mu, checked by finite differences at parameter_values', () => {
    const s = sens({
      variables: ['d1', 'd2'],
      parameters: ['g1', 'g2', 'eps'],
      assume: ['eps > 0'],
      maximize: 'g1*d1 + g2*d2',
      subject_to: ['d1^2 + d2^2 <= eps'],
      parameter_values: { g1: 3, g2: 4, eps: 0.25 },
    });
    const eps = s.find((x) => x.target === 'eps')!;
    expect(eps.value).toBeCloseTo(5, 12); // ||g||/(2 sqrt(eps)) = 5/(2*0.5)
    expect(eps.relativeError!).toBeLessThan(1e-6);
    const g1 = s.find((x) => x.target === 'g1')!;
    expect(g1.value).toBeCloseTo(0.3, 12); // d1* = sqrt(eps) g1/||g|| = 0.5*3/5
    expect(g1.relativeError!).toBeLessThan(1e-6);
  });
});
