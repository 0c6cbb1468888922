/**
 * The check helpers of the demo and of the derivations, fed deliberately wrong values:
 * each must report failure (a helper that always says ok would pass every golden test).
 */
import { describe, expect, it } from 'vitest';
import { closeTo, fact, rendersWithKatex, result } from '../../src/cli/demos/checks.js';
import { close } from '../../derivations/backprop-adjoints.js';
import { checkExamples, solveExamples } from '../../derivations/lagrange-basics.js';
import { checkSeed, solveSeed } from '../../derivations/max-entropy-gaussian.js';
import { checkTrpo, solveTrpo } from '../../derivations/trpo-step.js';
import { parse } from '../../src/expr/index.js';

describe('demo check helpers', () => {
  it('closeTo fails on a wrong value, NaN and infinity, and passes on the right one', () => {
    expect(closeTo('pi', Math.PI, Math.PI).ok).toBe(true);
    expect(closeTo('pi', 3.14159, Math.PI).ok).toBe(false);
    expect(closeTo('pi', 3.14159, Math.PI, 1e-3).ok).toBe(true);
    expect(closeTo('zero', 1e-9, 0).ok).toBe(false);
    expect(closeTo('zero', 1e-9, 0, 0, 1e-8).ok).toBe(true);
    expect(closeTo('nan', NaN, 1).ok).toBe(false);
    expect(closeTo('inf', Infinity, Infinity).ok).toBe(false);
    expect(closeTo('x', 2, 1).detail).toMatch(/got 2, expected 1/);
  });
  it('fact, rendersWithKatex and result report failures', () => {
    expect(fact('no', false).ok).toBe(false);
    expect(rendersWithKatex('bad', '\\frac{1}{').ok).toBe(false);
    expect(rendersWithKatex('good', '\\frac{1}{2}').ok).toBe(true);
    expect(result([fact('a', true), closeTo('b', 2, 1)]).ok).toBe(false);
    expect(result([fact('a', true)]).ok).toBe(true);
  });
});

describe('derivation check helpers', () => {
  it('backprop-adjoints: close fails on a wrong value and on NaN', () => {
    expect(close('e', Math.E, Math.E, 1e-13).ok).toBe(true);
    expect(close('e', 2.718, Math.E, 1e-13).ok).toBe(false);
    expect(close('e', NaN, Math.E, 1e-13).ok).toBe(false);
  });

  it('lagrange-basics: a wrong objective, point or classification fails a check', () => {
    const results = solveExamples();
    expect(checkExamples(results).every((c) => c.ok)).toBe(true);
    const wrongObjective = results.map((r, k) => (k === 0 ? { ...r, points: r.points.map((p) => ({ ...p, objective: parse('7/2') })) } : r));
    expect(checkExamples(wrongObjective).some((c) => !c.ok)).toBe(true);
    const wrongPoint = results.map((r, k) => (k === 1 ? { ...r, points: r.points.map((p, i) => (i === 0 ? { ...p, values: new Map([...p.values].map(([v, e]) => [v, v === 'x' ? parse('1') : e])) } : p)) } : r));
    expect(checkExamples(wrongPoint).some((c) => !c.ok)).toBe(true);
    const wrongKind = results.map((r, k) => (k === 2 ? { ...r, points: r.points.map((p) => ({ ...p, classification: 'degenerate' as const })) } : r));
    expect(checkExamples(wrongKind).some((c) => !c.ok)).toBe(true);
  });

  it('max-entropy-gaussian: a wrong density or multiplier fails a check', () => {
    const results = solveSeed();
    expect(checkSeed(results).every((c) => c.ok)).toBe(true);
    const wrongDensity = { ...results, corrected: { ...results.corrected, density: parse('exp(-(x - mu)^2/(2*sigma^2))/sqrt(pi*sigma^2)') } };
    expect(checkSeed(wrongDensity).some((c) => !c.ok)).toBe(true);
    const m = results.corrected.multipliers;
    const wrongLambda = { ...results, corrected: { ...results.corrected, multipliers: m.map((v, k) => (k === 2 ? { ...v, exact: parse('-1/sigma^2') } : v)) } };
    expect(checkSeed(wrongLambda).some((c) => !c.ok)).toBe(true);
  });

  it('trpo-step: a wrong multiplier fails a check', () => {
    const r = solveTrpo();
    expect(checkTrpo(r).every((c) => c.ok)).toBe(true);
    const e = r.euclid2;
    const wrong = { ...r, euclid2: { ...e, points: e.points.map((p) => ({ ...p, values: new Map([...p.values].map(([k, v]) => [k, k === 'mu_1' ? parse('2*mu_1') : v])) })) } };
    expect(checkTrpo(wrong).some((c) => !c.ok)).toBe(true);
  });
});
