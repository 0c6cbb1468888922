/**
 * Closed forms left as decimals (issue 14): at a maximum-entropy point the primal values
 * are quadratic surds but the multipliers are logarithms, and one stationarity row holds
 * only through an identity among logs (log p2^2 = log p1 + log p3). The snap step solves
 * the multipliers exactly from independent rows and verifies the rest by that identity.
 */
import { describe, expect, it } from 'vitest';
import { freeSymbols, parse, toText, type Expr } from '../../src/expr/index.js';
import { evaluateAt } from '../../src/parameters/index.js';
import { parseProblem, solveProblem } from '../../src/lagrange/index.js';
import { isZeroWithLogs } from '../../src/lagrange/log-multipliers.js';

const value = (e: Expr): number => evaluateAt([e], new Map())[0]!;
const entropy = (ps: number[]): number => -ps.reduce((s, p) => s + p * Math.log(p), 0);

function maxent(n: number, mean: string) {
  const ps = Array.from({ length: n }, (_, i) => `p${i + 1}`);
  return solveProblem(
    parseProblem({
      variables: ps,
      maximize: ps.map((p) => `-${p}*log(${p})`).join(' '),
      subject_to: [`${ps.join(' + ')} = 1`, `${ps.map((p, i) => `${i + 1}*${p}`).join(' + ')} = ${mean}`],
    }),
  );
}

describe('exact multipliers through identities among logarithms', () => {
  it('three outcomes, mean 5/2: p = ((5 - sqrt(13))/12, (sqrt(13) - 2)/6, (11 - sqrt(13))/12) exactly', () => {
    // Hand derivation: p_k ∝ t^k with t = p2/p1 = p3/p2; the constraints give
    // (1 + 2t + 3t^2) = 5/2 (1 + t + t^2), i.e. t^2 - t - 3 = 0, t = (1 + sqrt(13))/2, and
    // p1 = 1/(1 + t + t^2) = 1/(4 + 2t) = 1/(5 + sqrt(13)) = (5 - sqrt(13))/12,
    // p2 = t p1 = (sqrt(13) - 2)/6, p3 = 1 - p1 - p2 = (11 - sqrt(13))/12.
    const r = maxent(3, '5/2');
    expect(r.status).toBe('optimal');
    expect(r.points.length).toBe(1);
    const p = r.points[0]!;
    expect(p.exact).toBe(true);
    const expected = ['(5 - sqrt(13))/12', '(sqrt(13) - 2)/6', '(11 - sqrt(13))/12'].map((s) => parse(s));
    const s13 = Math.sqrt(13);
    const hand = [(5 - s13) / 12, (s13 - 2) / 6, (11 - s13) / 12];
    ['p1', 'p2', 'p3'].forEach((v, i) => {
      const got = p.values.get(v)!;
      expect(got).toBe(expected[i]); // interned: the same canonical expression
      expect(Math.abs(value(got) - hand[i]!)).toBeLessThan(1e-15);
    });
    // Stationarity: -lambda_1 - k*lambda_2 - log(p_k) - 1 = 0, so lambda_2 = log(p1/p2) = -log t
    // and lambda_1 = -lambda_2 - log(p1) - 1: logarithms of the exact values, no decimals.
    const t = (1 + s13) / 2;
    const l2 = p.values.get('lambda_2')!;
    const l1 = p.values.get('lambda_1')!;
    expect(Math.abs(value(l2) + Math.log(t))).toBeLessThan(1e-14);
    expect(Math.abs(value(l1) - (Math.log(t) - Math.log(hand[0]!) - 1))).toBeLessThan(1e-14);
    expect(toText(l2)).toContain('log(');
    expect(toText(l1)).toContain('log(');
    expect(freeSymbols(l1).size + freeSymbols(l2).size).toBe(0);
    expect(Math.abs(r.points[0]!.objectiveValue - entropy(hand))).toBeLessThan(1e-14);
    // Every KKT condition verified exactly, the third stationarity row through log(p2^2) = log(p1*p3).
    expect(p.residuals.exact).toBe(true);
    expect(p.residuals.stationarity).toBe(0);
  });

  it('three outcomes, mean 2: the uniform distribution 1/3 exactly', () => {
    // Hand derivation: mean 2 is the midpoint, so t = 1 and every p_k = 1/3; lambda_2 = 0.
    const r = maxent(3, '2');
    expect(r.status).toBe('optimal');
    const p = r.points[0]!;
    expect(p.exact).toBe(true);
    for (const v of ['p1', 'p2', 'p3']) expect(toText(p.values.get(v)!)).toBe('1/3');
    expect(toText(p.values.get('lambda_2')!)).toBe('0');
  });

  it('four outcomes, mean 3: t solves the cubic t^3 - t - 2 = 0, so the point stays numeric', () => {
    // Hand derivation: 1 + 2t + 3t^2 + 4t^3 = 3 (1 + t + t^2 + t^3) gives t^3 - t - 2 = 0
    // (no rational root: not quadratic over Q); its real root by bisection here.
    let lo = 1;
    let hi = 2;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (mid ** 3 - mid - 2 > 0) hi = mid;
      else lo = mid;
    }
    const t = (lo + hi) / 2;
    const z = 1 + t + t * t + t ** 3;
    const hand = [1, t, t * t, t ** 3].map((w) => w / z);
    const r = maxent(4, '3');
    expect(r.status).toBe('optimal');
    expect(r.points.length).toBe(1);
    const p = r.points[0]!;
    expect(p.exact).toBe(false);
    ['p1', 'p2', 'p3', 'p4'].forEach((v, i) => {
      const e = p.values.get(v)!;
      expect(e.kind).toBe('num');
      expect(Math.abs(value(e) - hand[i]!)).toBeLessThan(1e-12);
    });
  });
});

describe('the log identity test', () => {
  const work = () => ({ used: 0, limit: 200_000 });
  it('accepts q0 + sum c_i log a_i with q0 = 0 and prod a_i^(c_i) = 1', () => {
    expect(isZeroWithLogs(parse('log(4) - 2*log(2)'), work())).toBe(true);
    expect(isZeroWithLogs(parse('log(6)/2 - log(2)/2 - log(3)/2'), work())).toBe(true);
    // ((sqrt(13) - 2)/6)^2 = (17 - 4 sqrt(13))/36 = (5 - sqrt(13))/12 * (11 - sqrt(13))/12.
    expect(isZeroWithLogs(parse('2*log((sqrt(13) - 2)/6) - log((5 - sqrt(13))/12) - log((11 - sqrt(13))/12)'), work())).toBe(true);
  });
  it('rejects a product other than 1, a rational constant, and non-algebraic arguments', () => {
    expect(isZeroWithLogs(parse('log(2) + log(3) - log(5)'), work())).toBe(false);
    expect(isZeroWithLogs(parse('log(6) - log(2) - log(3) - 1'), work())).toBe(false);
    expect(isZeroWithLogs(parse('2*log((sqrt(13) - 2)/6) - log((5 - sqrt(13))/12) - log((11 - sqrt(14))/12)'), work())).toBe(false);
    expect(isZeroWithLogs(parse('log(exp(2)) - log(exp(1)) - log(exp(1))'), work())).toBe(false);
    expect(isZeroWithLogs(parse('log(x) - log(x^2)/2'), work())).toBe(false);
  });
  it('is counted work: an exhausted budget certifies nothing', () => {
    expect(isZeroWithLogs(parse('2*log((sqrt(13) - 2)/6) - log((5 - sqrt(13))/12) - log((11 - sqrt(13))/12)'), { used: 0, limit: 1 })).toBe(false);
  });
});
