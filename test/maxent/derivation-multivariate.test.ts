/** derivations/maxent-multivariate.ts: the page's checks pass and every formula on it renders. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { multivariateDerivation } from '../../derivations/maxent-multivariate.js';
import { renderText } from '../../src/render/index.js';
import { renderLatexOf } from './cli-helpers.js';

describe('maxent-multivariate derivation', () => {
  // one instance of each n = 1..6 per case keeps the test short; the script runs 20
  const { derivation, checks } = multivariateDerivation(6);
  it('every check against the hand-written closed forms and every instance check passes', () => {
    expect(checks).toHaveLength(4);
    for (const c of checks) expect(c.ok, `${c.what}: ${c.detail}`).toBe(true);
  });
  it('steps in order for each case: problem, Lagrangian, stationarity, exponential family, integrals, moment conditions, result, instance', () => {
    const titles = derivation.steps.map((s) => s.title);
    for (const k of [1, 2]) {
      const order = ['Problem', 'Lagrangian', 'Stationarity: the functional derivative', 'The exponential-family form', 'The Gaussian integrals', 'Solving the moment conditions', 'Result'].map((t) => `${t} (case ${k})`);
      const idx = [...order, `A numeric instance, n = 2 (case ${k})`].map((t) => titles.indexOf(t));
      expect(idx.every((i) => i >= 0), titles.join(' | ')).toBe(true);
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    }
    const text = renderText(derivation);
    expect(text).toContain('Lambda_2 = -1/2*inv(Sigma)');
    expect(text).toContain('lambda_1 = inv(Sigma)*mu');
    expect(text).toMatch(/gaussian-integral-rn \| integral over R\^n of exp\(-x'\*A\*x\/2 \+ b'\*x\) dx = \(2\*pi\)\^\(n\/2\)\*det\(A\)\^\(-1\/2\)\*exp\(b'\*inv\(A\)\*b\/2\)/);
  });
  it('matrix notation, no index soup: every formula renders in KaTeX and none indexes entries', () => {
    const all = renderLatexOf(derivation);
    expect(all.length).toBeGreaterThan(40);
    for (const t of all) katex.renderToString(t, { throwOnError: true });
    expect(all.filter((t) => /_\{?[ij]\}?|\\sum_\{?[ij]/.test(t))).toEqual([]);
  });
});
