/**
 * The parameters room: one sampler whose samples satisfy every assumption (relations
 * included), the user's values, safe evaluation, and signOf with its evidence.
 */
import { describe, expect, it } from 'vitest';
import { Assumptions, parse } from '../../src/expr/index.js';
import {
  assumptionsHold,
  drawSamples,
  evaluateAt,
  parameterContext,
  positivity,
  SAMPLE_RANGE,
  signOf,
  userValue,
} from '../../src/parameters/index.js';
import { parseProblem, problemContext } from '../../src/lagrange/index.js';

describe('samples', () => {
  it('satisfy sign facts and relations, lie in the range, and repeat with the seed', () => {
    const A = new Assumptions(['a < b', 'lambda_1 >= mu', 'sigma > 0', 'c < 0']);
    const names = ['a', 'b', 'lambda_1', 'mu', 'sigma', 'c'];
    const s = drawSamples(names, A, { seed: 3, count: 50 });
    expect(s).toHaveLength(50);
    for (const m of s) {
      expect(m.get('a')!).toBeLessThan(m.get('b')!);
      expect(m.get('lambda_1')!).toBeGreaterThanOrEqual(m.get('mu')!);
      expect(m.get('sigma')!).toBeGreaterThan(0);
      expect(m.get('c')!).toBeLessThan(0);
      for (const v of m.values()) {
        expect(Math.abs(v)).toBeGreaterThanOrEqual(SAMPLE_RANGE[0]);
        expect(Math.abs(v)).toBeLessThanOrEqual(SAMPLE_RANGE[1] * 1.001);
      }
    }
    // Both signs occur for a parameter with no sign fact.
    expect(s.some((m) => m.get('a')! < 0) && s.some((m) => m.get('a')! > 0)).toBe(true);
    expect(drawSamples(names, A, { seed: 3, count: 50 })).toEqual(s);
    expect(drawSamples(names, A, { seed: 4, count: 50 })).not.toEqual(s);
  });

  it('keep fixed values and meet an extra condition', () => {
    const s = drawSamples(['a', 'b'], new Assumptions(['a < b']), { seed: 1, count: 10, fixed: new Map([['a', 2]]), accept: (m) => m.get('b')! < 4 });
    expect(s).toHaveLength(10);
    for (const m of s) {
      expect(m.get('a')).toBe(2);
      expect(m.get('b')!).toBeGreaterThan(2);
      expect(m.get('b')!).toBeLessThan(4);
    }
  });

  it('assumptionsHold checks every kind of assumption', () => {
    const A = new Assumptions(['a < b', 'k > 2', 'n != 0']);
    expect(assumptionsHold(A, new Map([['a', 1], ['b', 2], ['k', 3], ['n', 1]]))).toBe(true);
    expect(assumptionsHold(A, new Map([['a', 3], ['b', 2], ['k', 3], ['n', 1]]))).toBe(false);
    expect(assumptionsHold(A, new Map([['a', 1], ['b', 2], ['k', 1], ['n', 1]]))).toBe(false); // k > 2 is kept, not only k > 0
    expect(assumptionsHold(A, new Map([['a', 1], ['b', 2], ['k', 3], ['n', 0]]))).toBe(false);
  });
});

describe('context and evaluation', () => {
  it("the user's values come first; evaluation never throws", () => {
    const ctx = parameterContext(['a', 'b'], new Assumptions(['a < b']), { values: new Map([['a', 1], ['b', 5]]), count: 4 });
    expect(ctx.hasUserValues).toBe(true);
    expect(ctx.samples).toHaveLength(4);
    expect(ctx.samples[0]).toEqual(new Map([['a', 1], ['b', 5]]));
    expect(userValue(parse('b - a'), ctx)).toBe(4);
    expect(userValue(parse('b - c'), ctx)).toBeUndefined();
    expect(evaluateAt([parse('log(a - b)'), parse('a + b'), parse('q')], new Map([['a', 1], ['b', 5]]))).toEqual([NaN, NaN, NaN]);
    expect(evaluateAt([parse('a + b')], new Map([['a', 1], ['b', 5]]))).toEqual([6]);
  });

  it('a problem file keeps every fact: a negative parameter stays negative, relations stay', () => {
    const p = parseProblem({ variables: ['x'], parameters: ['a', 'b', 'c'], assume: ['c < 0', 'a < b', 'b > 2'], minimize: 'x^2' });
    const ctx = problemContext(p);
    expect(Object.fromEntries(ctx.assumptions.facts())).toEqual({ c: 'negative', b: 'positive' });
    expect(signOf(parse('c'), ctx)).toEqual({ sign: 'negative', evidence: 'exact' });
    expect(signOf(parse('b - a'), ctx)).toEqual({ sign: 'positive', evidence: 'exact' });
    for (const m of ctx.samples) {
      expect(m.get('c')!).toBeLessThan(0);
      expect(m.get('a')!).toBeLessThan(m.get('b')!);
      expect(m.get('b')!).toBeGreaterThan(2);
    }
  });
});

describe('signOf', () => {
  const ctx = parameterContext(['a', 'b'], new Assumptions(['a > 0', 'a < b']));
  it('reports its evidence: exact, numeric, sampled', () => {
    expect(signOf(parse('b'), ctx)).toEqual({ sign: 'positive', evidence: 'sampled' }); // true (b > a > 0) but not proved
    expect(signOf(parse('(b - a)*exp(a) + a'), ctx)).toEqual({ sign: 'positive', evidence: 'exact' });
    expect(signOf(parse('a - b'), ctx)).toEqual({ sign: 'negative', evidence: 'exact' });
    expect(signOf(parse('1 - sqrt(2)'), ctx).sign).toBe('negative');
    expect(signOf(parse('(a + b)^2 - a^2 - 2*a*b - b^2'), ctx)).toEqual({ sign: 'zero', evidence: 'exact' });
    expect(signOf(parse('b - 3*a'), ctx)).toEqual({ sign: 'unknown', evidence: 'sampled' });
  });
  it('positivity: proved, refuted, or a stated condition', () => {
    expect(positivity(parse('b - a'), ctx)).toBe('holds');
    expect(positivity(parse('a - b'), ctx)).toBe('fails');
    expect(positivity(parse('b - 2*a'), ctx)).toBe('condition');
    expect(positivity(parse('b - 2*a'), { ...ctx, values: new Map([['a', 1], ['b', 3]]) })).toBe('holds');
  });
});
