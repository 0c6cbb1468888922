import { describe, expect, it } from 'vitest';
import { digamma, erf, erfc, integrate, integrateVector, logGamma, trigamma } from '../../src/numeric/index.js';

// Reference values from mpmath at 25 digits.
const ERF: [number, number][] = [
  [0.1, 0.1124629160182849],
  [0.5, 0.52049987781304654],
  [1, 0.84270079294971487],
  [1.9, 0.99279042923525747],
  [2, 0.99532226501895273],
  [2.5, 0.99959304798255504],
  [3, 0.99997790950300141],
  [5, 0.99999999999846254],
];
const ERFC: [number, number][] = [
  [2, 0.0046777349810472658],
  [3, 2.2090496998585441e-5],
  [5, 1.5374597944280349e-12],
  [10, 2.0884875837625448e-45],
  [20, 5.3958656116079009e-176],
];
const GAMMA_ARGS = [0.1, 0.5, 1, 2.5, 7.3, 30];
const LOG_GAMMA = [2.2527126517342059, 0.57236494292470009, 0, 0.28468287047291916, 7.1478925230222487, 71.257038967168009];
const DIGAMMA = [-10.423754940411076, -1.9635100260214235, -0.57721566490153286, 0.70315664064524319, 1.9178203356379861, 3.3844381326855249];
const TRIGAMMA = [101.43329915079275, 4.9348022005446793, 1.6449340668482264, 0.49035775610023486, 0.1467957681314271, 0.033895060357739944];

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('special functions', () => {
  it('erf to 1e-15 relative, odd', () => {
    for (const [x, v] of ERF) {
      expect(rel(erf(x), v)).toBeLessThan(1e-15);
      expect(erf(-x)).toBe(-erf(x));
    }
  });
  it('erfc keeps relative accuracy deep in the tail', () => {
    for (const [x, v] of ERFC) expect(rel(erfc(x), v)).toBeLessThan(5e-15);
  });
  it('limits at the infinities', () => {
    expect([erf(Infinity), erf(-Infinity), erfc(Infinity), erfc(-Infinity)]).toEqual([1, -1, 0, 2]);
  });
  it('log-gamma, digamma and trigamma', () => {
    GAMMA_ARGS.forEach((x, i) => {
      expect(Math.abs(logGamma(x) - LOG_GAMMA[i]!)).toBeLessThan(2e-14 * Math.max(1, Math.abs(LOG_GAMMA[i]!)));
      expect(rel(digamma(x), DIGAMMA[i]!)).toBeLessThan(1e-14);
      expect(rel(trigamma(x), TRIGAMMA[i]!)).toBeLessThan(1e-14);
    });
  });
});

describe('adaptive Gauss–Kronrod quadrature', () => {
  it('finite intervals: polynomial exactly, oscillatory and peaked to 1e-12', () => {
    expect(integrate((x) => x ** 5 - 2 * x, 0, 2).scalar).toBeCloseTo(64 / 6 - 4, 13);
    expect(rel(integrate(Math.sin, 0, 50).scalar, 1 - Math.cos(50))).toBeLessThan(1e-11);
    const peak = integrate((x) => 1 / (1e-4 + (x - 0.3) ** 2), 0, 1);
    const exact = 100 * (Math.atan(0.7 / 0.01) + Math.atan(0.3 / 0.01));
    expect(rel(peak.scalar, exact)).toBeLessThan(1e-11);
  });
  it('the real line: Gaussian and its moments', () => {
    const r = integrateVector((x, o) => {
      const w = Math.exp(-x * x / 2);
      o[0] = w;
      o[1] = w * x;
      o[2] = w * x * x;
      o[3] = w * x ** 4;
    }, 4, -Infinity, Infinity);
    const s = Math.sqrt(2 * Math.PI);
    expect(r.converged).toBe(true);
    expect(rel(r.value[0]!, s)).toBeLessThan(1e-13);
    expect(Math.abs(r.value[1]!)).toBeLessThan(1e-13); // zero by symmetry: still converges
    expect(rel(r.value[2]!, s)).toBeLessThan(1e-13);
    expect(rel(r.value[3]!, 3 * s)).toBeLessThan(1e-12);
  });
  it('half-lines in both directions and a narrow peak far from 0 (with centre and scale)', () => {
    expect(rel(integrate((x) => x * x * Math.exp(-x), 0, Infinity).scalar, 2)).toBeLessThan(1e-13);
    expect(rel(integrate((x) => Math.exp(x - 3), -Infinity, 3).scalar, 1)).toBeLessThan(1e-13);
    const s = 1e-3;
    const far = integrate((x) => Math.exp(-((x - 1e4) ** 2) / (2 * s * s)), -Infinity, Infinity, { center: 1e4, scale: s });
    // x − 1e4 itself carries a rounding error of ~1e4·eps ≈ 2e-12, i.e. 2e-9 of the width s: the
    // best attainable relative accuracy here is ~1e-10, not 1e-13.
    expect(rel(far.scalar, s * Math.sqrt(2 * Math.PI))).toBeLessThan(1e-10);
  });
  it('a kink at a breakpoint, and an integrable singularity at an end', () => {
    const lap = integrate((x) => Math.exp(-Math.abs(x - 0.37)), -Infinity, Infinity, { breakpoints: [0.37] });
    expect(rel(lap.scalar, 2)).toBeLessThan(1e-13);
    const sing = integrate((x) => 1 / Math.sqrt(x), 0, 1);
    expect(rel(sing.scalar, 2)).toBeLessThan(1e-9);
  });
  it('reports failure on a non-finite integrand instead of a number', () => {
    const r = integrate((x) => 1 / (x - 0.5), 0, 1, { initialPieces: 2 });
    expect(r.converged).toBe(false);
  });
  it('rejects an empty interval', () => {
    expect(() => integrate((x) => x, 1, 1)).toThrow(RangeError);
  });
});
