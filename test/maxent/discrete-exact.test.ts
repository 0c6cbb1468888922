/**
 * Finite sets with one evenly stepped moment are solved exactly (issue 14, "Closed forms
 * left as decimals"): values {1, 2, 3} with mean 5/2 give p_1 = (5 - sqrt(13))/12.
 * Hand derivation: p_k = t^k/(t + t^2 + t^3); the mean condition is
 * t^2 - t - 3 = 0, so t = (1 + sqrt(13))/2, and 1 + t + t^2 = 4 + 2t = 5 + sqrt(13),
 * hence p_1 = 1/(5 + sqrt(13)) = (5 - sqrt(13))/12 and lambda_1 = log((1 + sqrt(13))/2).
 */
import { describe, expect, it } from 'vitest';
import { parse, toText } from '../../src/expr/index.js';
import { evaluate } from '../../src/compile/index.js';
import { maxentJson, readMaxentProblem, solveMaxent } from '../../src/maxent/index.js';

const solve = (values: number[], mean: number | string, f = 'x') => solveMaxent(readMaxentProblem({ support: { values }, moments: [{ f, value: mean }] }));

describe('maxent on a finite set, exactly', () => {
  it('three outcomes {1, 2, 3} with mean 5/2: p_1 = (5 - sqrt(13))/12, exact only after exact verification', () => {
    const r = solve([1, 2, 3], 2.5);
    expect(r.status).toBe('optimal');
    expect(r.exact).toBe(true);
    expect(r.method).toBe('exact-polynomial');
    const [p1, p2, p3] = r.probabilities!.map((q) => q.exact!);
    expect(p1).toBe(parse('(5 - sqrt(13))/12'));
    expect(evaluate(p1!, new Map())).toBeCloseTo((5 - Math.sqrt(13)) / 12, 15);
    // p_2 = t/(5 + sqrt(13)) and p_3 = t^2/(5 + sqrt(13)) with t = (1 + sqrt(13))/2
    const t = (1 + Math.sqrt(13)) / 2;
    expect(evaluate(p2!, new Map())).toBeCloseTo(t / (5 + Math.sqrt(13)), 15);
    expect(evaluate(p3!, new Map())).toBeCloseTo((t * t) / (5 + Math.sqrt(13)), 15);
    expect(r.multipliers[1]!.exact).toBe(parse('log((1 + sqrt(13))/2)'));
    // lambda_0 = 1 - log(Z) - lambda_1*1 with Z = 1 + t + t^2 = 5 + sqrt(13)
    expect(r.multipliers[0]!.numeric).toBeCloseTo(1 - Math.log(5 + Math.sqrt(13)) - Math.log(t), 14);
    const json = maxentJson(r) as { probabilities: { text: string }[]; exact: boolean };
    expect(json.exact).toBe(true);
    expect(json.probabilities[0]!.text).toBe(toText(parse('(5 - sqrt(13))/12')));
  });
  it('uneven steps {0, 1, 3} with mean 1: 2t^3 - 1 = 0, t = 2^(-1/3), p_0 = 1/(3/2 + 2^(-1/3))', () => {
    const r = solve([0, 1, 3], 1);
    expect(r.exact).toBe(true);
    const t = 2 ** (-1 / 3);
    const ps = r.probabilities!.map((q) => evaluate(q.exact!, new Map()));
    expect(ps[0]).toBeCloseTo(1 / (1.5 + t), 14);
    expect(ps[1]).toBeCloseTo(t / (1.5 + t), 14);
    expect(ps[2]).toBeCloseTo(0.5 / (1.5 + t), 14);
  });
  it("Jaynes' die (mean 4.5: an irreducible quintic without a closed form) stays numeric", () => {
    const r = solve([1, 2, 3, 4, 5, 6], 4.5);
    expect(r.exact).toBe(false);
    expect(r.method).toBe('dual-newton');
    expect(r.multipliers[1]!.numeric).toBeCloseTo(0.371049, 6);
  });
});
