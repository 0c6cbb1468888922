/**
 * Golden test of derivations/trpo-step.ts (seed 000): the exact trust-region step in 2
 * and 3 dimensions, its multiplier and value, and the Fisher-metric step checked against
 * the closed form d = sqrt(2 eps/(g^T F^-1 g)) F^-1 g.
 */
import { describe, expect, it } from 'vitest';
import { checkTrpo, fisherClosedForm, F3, G3, EPS3, solveTrpo, trpoDerivation } from '../../derivations/trpo-step.js';
import { toText } from '../../src/expr/index.js';
import { renderHtml } from '../../src/render/index.js';

const r = solveTrpo();
const optimum = (res: (typeof r)['euclid2']) => res.points[res.optimum[0]!]!;

describe('derivations/trpo-step', () => {
  it('2-D: d = sqrt(eps) g/||g||, mu = ||g||/(2 sqrt(eps)), value sqrt(eps) ||g||', () => {
    const p = optimum(r.euclid2);
    expect(r.euclid2.status).toBe('optimal');
    expect(toText(p.values.get('d1')!)).toBe('sqrt(eps)*g1/sqrt(g1^2 + g2^2)');
    expect(toText(p.values.get('d2')!)).toBe('sqrt(eps)*g2/sqrt(g1^2 + g2^2)');
    expect(toText(p.values.get('mu_1')!)).toBe('sqrt(g1^2 + g2^2)/(2*sqrt(eps))');
    expect(toText(p.objective)).toBe('sqrt(eps)*sqrt(g1^2 + g2^2)');
    expect(p.classification).toBe('maximum');
  });

  it('3-D: the same closed form', () => {
    const p = optimum(r.euclid3);
    expect(toText(p.values.get('d3')!)).toBe('sqrt(eps)*g3/sqrt(g1^2 + g2^2 + g3^2)');
    expect(toText(p.values.get('mu_1')!)).toBe('sqrt(g1^2 + g2^2 + g3^2)/(2*sqrt(eps))');
  });

  it('the Fisher step in 3-D is exact and equals the closed form (LU solve, independent)', () => {
    const p = optimum(r.fisher3);
    expect(p.exact).toBe(true);
    expect(toText(p.values.get('d1')!)).toBe('47*sqrt(266)/11970');
    expect(toText(p.values.get('d2')!)).toBe('-8*sqrt(266)/855');
    expect(toText(p.values.get('d3')!)).toBe('5*sqrt(266)/2394');
    const want = fisherClosedForm(F3, G3, EPS3);
    expect(47 * Math.sqrt(266) / 11970).toBeCloseTo(want[0]!, 14);
    expect(-8 * Math.sqrt(266) / 855).toBeCloseTo(want[1]!, 14);
    expect(5 * Math.sqrt(266) / 2394).toBeCloseTo(want[2]!, 14);
  });

  it('all checks of the derivation pass, and its page renders', () => {
    const checks = checkTrpo(r);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(15);
    expect(renderHtml(trpoDerivation(r, checks))).not.toMatch(/katex-error/);
  });
});
