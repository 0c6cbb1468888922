/**
 * Verification by substitution (src/lagrange/verify.ts): the exact zero test is bounded by
 * counted expansion work, so a candidate whose conditions need a huge expansion is left
 * uncertified instead of taking minutes (HS70 took over 120 s); numeric points are
 * evaluated in double precision.
 */
import { describe, expect, it } from 'vitest';
import { ExpandBudgetExceeded, expand, num, parse } from '../../src/expr/index.js';
import { parseProblem } from '../../src/lagrange/index.js';
import { kktResiduals } from '../../src/lagrange/verify.js';
import type { KktPoint } from '../../src/lagrange/types.js';
import { isExactlyZero } from '../../src/parameters/index.js';
import { problemContext } from '../../src/lagrange/parameters.js';


// (a + 1)^2 - (a - 1)^2 - 4a = 0 for any a; with a = (x + y + z + 3^-40)^4 (35 terms, long
// coefficients) canonical construction does not see it, expansion must multiply it out.
const a = '(x + y + z + 1/3^40)^4';
const big = parse(`(${a} + 1)^2 - (${a} - 1)^2 - 4*${a}`);
const small = parse('(x + 1)^2 - x^2 - 2*x - 1');

describe('the bounded exact zero test', () => {
  it('certifies a small identity within a small budget', () => {
    const work = { used: 0, limit: 100 };
    expect(isExactlyZero(small, work)).toBe(true);
    expect(work.used).toBeGreaterThan(0);
  });
  it('does not certify an identity whose expansion exceeds the budget', () => {
    expect(isExactlyZero(big, { used: 0, limit: 1000 })).toBe(false);
    expect(() => expand(big, { work: { used: 0, limit: 1000 } })).toThrow(ExpandBudgetExceeded);
  });
  it('certifies the same identity with budget to spare, and without a budget', () => {
    const work = { used: 0, limit: 10_000_000 };
    expect(isExactlyZero(big, work)).toBe(true);
    expect(work.used).toBeGreaterThan(1000);
    expect(isExactlyZero(big)).toBe(true);
  });
  it('a non-zero expression is never certified', () => {
    expect(isExactlyZero(parse('(x + 1)^2 - x^2 - 2*x'), { used: 0, limit: 1e9 })).toBe(false);
  });
});

describe('residuals of a numeric point', () => {
  // minimize x^2 + y^2 s.t. x + y >= 2: at (1.1, 0.9) with mu = 2 (hand): L = f + mu*(2 - x - y),
  // stationarity (2.2 - 2, 1.8 - 2) = (0.2, -0.2); g = 2 - x - y = 0; complementarity 0.
  it('are evaluated in double precision and never exact', () => {
    const problem = parseProblem({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y >= 2'] });
    const mu = problem.inequalities[0]!.multiplier;
    const point: KktPoint = {
      values: new Map([['x', num(1.1)], ['y', num(0.9)], [mu, num(2)]]),
      exact: false, residual: 0, active: [0], kind: 'kkt', conditions: [], method: 'test', feasibilityEvidence: 'numeric',
    } as unknown as KktPoint;
    const r = kktResiduals(problem, point, problemContext(problem));
    expect(r.exact).toBe(false);
    expect(r.stationarity).toBeCloseTo(0.2, 12);
    expect(r.primal).toBeLessThanOrEqual(1e-15);
    expect(r.dual).toBe(0);
    expect(r.complementary).toBeLessThanOrEqual(1e-15);
  });
});
