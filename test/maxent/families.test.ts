/**
 * Each family against its textbook density at sample points, computed by independent
 * plain-JS formulas; multipliers against hand-derived values.
 */
import { describe, expect, it } from 'vitest';
import { readMaxentProblem, solveMaxent, type MaxentResult } from '../../src/maxent/index.js';
import { evaluate } from '../../src/compile/index.js';
import { toText, type Expr } from '../../src/expr/index.js';

function solve(doc: unknown): MaxentResult {
  return solveMaxent(readMaxentProblem(doc));
}

/** Value of the density of a result at x, with parameter values. */
function densityAt(r: MaxentResult, x: number, params: Record<string, number> = {}): number {
  return evaluate(r.density!, new Map(Object.entries({ ...params, [r.problem.variable]: x })));
}

function multiplier(r: MaxentResult, k: number, params: Record<string, number> = {}): number {
  const m = r.multipliers[k]!;
  return m.exact ? evaluate(m.exact as Expr, new Map(Object.entries(params))) : m.numeric!;
}

/** p(x) = exp(λ0 − 1 + Σ λ_k f_k(x)) with the result's multipliers: the Lagrange form. */
function lagrangeForm(r: MaxentResult, x: number, fs: ((x: number) => number)[], params: Record<string, number> = {}): number {
  let eta = multiplier(r, 0, params) - 1;
  fs.forEach((f, k) => (eta += multiplier(r, k + 1, params) * f(x)));
  return Math.exp(eta);
}

const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};

describe('normal', () => {
  const doc = {
    variable: 'x',
    support: ['-inf', 'inf'],
    parameters: ['mu', 'sigma'],
    assume: ['sigma > 0'],
    moments: [{ f: 'x', value: 'mu' }, { f: '(x - mu)^2', value: 'sigma^2' }],
  };
  const r = solve(doc);
  it('is exactly exp(-(x - mu)^2/(2 sigma^2))/sqrt(2 pi sigma^2) with lambda_0, lambda_1, lambda_2', () => {
    expect(r.status).toBe('optimal');
    expect(r.family).toBe('normal');
    expect(r.exact).toBe(true);
    expect(r.densityPrinted!.text).toBe('exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)');
    expect(r.multipliers.map((m) => m.value.text)).toEqual(['1 - log(2*pi*sigma^2)/2', '0', '-1/(2*sigma^2)']);
  });
  it('matches the Gaussian density at sample points and parameters', () => {
    for (const [mu, sigma] of [[0, 1], [1.5, 0.3], [-2, 4]] as const) {
      for (const x of [-3, -0.2, 0, 1.1, 5]) {
        const expected = Math.exp(-((x - mu) ** 2) / (2 * sigma * sigma)) / Math.sqrt(2 * Math.PI * sigma * sigma);
        close(densityAt(r, x, { mu, sigma }), expected);
        close(lagrangeForm(r, x, [(t) => t, (t) => (t - mu) ** 2], { mu, sigma }), expected);
      }
    }
  });
  it('raw moments E[x], E[x^2] give the same density (lambda_1 = mu/sigma^2 then)', () => {
    const raw = solve({ ...doc, moments: [{ f: 'x', value: 'mu' }, { f: 'x^2', value: 'sigma^2 + mu^2' }] });
    expect(raw.densityPrinted!.text).toBe('exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)');
    expect(toText(raw.multipliers[1]!.exact!)).toBe('mu/sigma^2');
    expect(toText(raw.multipliers[2]!.exact!)).toBe('-1/(2*sigma^2)');
    close(multiplier(raw, 0, { mu: 0.7, sigma: 1.3 }), 1 - 0.7 ** 2 / (2 * 1.69) - 0.5 * Math.log(2 * Math.PI * 1.69));
  });
  it('numbers only: E[x] = 1, E[x^2] = 5 is N(1, 4)', () => {
    const n = solve({ support: ['-inf', 'inf'], moments: [{ f: 'x', value: 1 }, { f: 'x^2', value: 5 }] });
    expect(n.family).toBe('normal');
    for (const x of [-1, 0.5, 3]) close(densityAt(n, x), Math.exp(-((x - 1) ** 2) / 8) / Math.sqrt(8 * Math.PI));
    expect(n.multipliers.map((m) => m.numeric)).toEqual([expect.any(Number), 0.25, -0.125]);
  });
  it('without sigma > 0 the side condition sigma^2 > 0 is stated, not assumed away', () => {
    const n = solve({ ...doc, assume: [] });
    expect(n.status).toBe('optimal');
    expect(n.conditions.map((c) => toText(c.expr))).toEqual(['sigma^2']);
    expect(solve(doc).conditions).toEqual([]);
  });
  it('parameter_values give the multipliers numeric values and place the checks there', () => {
    const n = solve({ ...doc, parameter_values: { mu: 0.5, sigma: 2 } });
    expect(n.multipliers[2]!.numeric).toBe(-0.125);
    close(n.multipliers[0]!.numeric!, 1 - 0.5 * Math.log(8 * Math.PI));
    expect(n.checks[0]!.at).toEqual({ mu: 0.5, sigma: 2 });
  });
  it('E[x^2] alone: mean 0', () => {
    const n = solve({ support: ['-inf', 'inf'], parameters: ['v'], assume: ['v > 0'], moments: [{ f: 'x^2', value: 'v' }] });
    expect(n.densityPrinted!.text).toBe('exp(-x^2/(2*v))/sqrt(2*pi*v)');
  });
});

describe('exponential', () => {
  it('mean m on [0, inf): exp(-x/m)/m, lambda_1 = -1/m, lambda_0 = 1 - log(m)', () => {
    const r = solve({ support: [0, 'inf'], parameters: ['m'], assume: ['m > 0'], moments: [{ f: 'x', value: 'm' }] });
    expect(r.family).toBe('exponential');
    expect(r.densityPrinted!.text).toBe('exp(-x/m)/m');
    expect(r.multipliers.map((m) => m.value.text)).toEqual(['1 - log(m)', '-1/m']);
    for (const x of [0, 0.4, 3]) close(densityAt(r, x, { m: 1.7 }), Math.exp(-x / 1.7) / 1.7);
  });
  it('shifted support [a, inf) with parameter a', () => {
    const r = solve({ support: ['a', 'inf'], parameters: ['a', 'm'], moments: [{ f: 'x', value: 'm' }] });
    expect(r.family).toBe('exponential');
    for (const x of [2, 2.5, 7]) close(densityAt(r, x, { a: 2, m: 3.5 }), Math.exp(-(x - 2) / 1.5) / 1.5);
    expect(r.conditions.map((c) => toText(c.expr))).toEqual(['m - a']);
  });
  it('mirrored support (-inf, b]', () => {
    const r = solve({ support: ['-inf', 1], moments: [{ f: 'x', value: -1 }] });
    for (const x of [1, 0, -4]) close(densityAt(r, x), Math.exp((x - 1) / 2) / 2);
  });
});

describe('uniform', () => {
  it('no moments on [a, b]: 1/(b - a)', () => {
    const r = solve({ support: ['a', 'b'], parameters: ['a', 'b'], moments: [] });
    expect(r.family).toBe('uniform');
    expect(r.densityPrinted!.text).toBe('1/(b - a)');
    expect(r.multipliers[0]!.value.text).toBe('1 - log(b - a)');
    close(densityAt(r, 0.3, { a: -1, b: 3 }), 0.25);
  });
  it('assume a < b: the support is proved nonempty, the density is 1/(b - a) with no stated condition', () => {
    const r = solve({ support: ['a', 'b'], parameters: ['a', 'b'], assume: ['a < b'], moments: [] });
    expect(r.status).toBe('optimal');
    expect(r.family).toBe('uniform');
    expect(r.densityPrinted!.text).toBe('1/(b - a)');
    // b - a > 0 follows from the assumption, so it is not left as a condition of the answer.
    expect(r.conditions).toEqual([]);
    for (const [a, b] of [[-1, 3], [2, 2.5], [-7, -6.5]] as const) close(densityAt(r, (a + b) / 2, { a, b }), 1 / (b - a));
    // The numeric check ran at samples that satisfy a < b, and passed.
    expect(r.checks.length).toBeGreaterThan(0);
    for (const c of r.checks) expect(c.error).toBeLessThanOrEqual(1e-8);
  });
  it('assume b < a: the support is provably empty (infeasible)', () => {
    const r = solve({ support: ['a', 'b'], parameters: ['a', 'b'], assume: ['b < a'], moments: [] });
    expect(r.status).toBe('infeasible');
  });
});

describe('laplace', () => {
  it('E|x - mu| = b: exp(-|x - mu|/b)/(2b)', () => {
    const r = solve({ support: ['-inf', 'inf'], parameters: ['mu', 'b'], assume: ['b > 0'], moments: [{ f: 'abs(x - mu)', value: 'b' }] });
    expect(r.family).toBe('laplace');
    expect(r.densityPrinted!.text).toBe('exp(-abs(x - mu)/b)/(2*b)');
    for (const x of [-2, 0.3, 0.5, 4]) close(densityAt(r, x, { mu: 0.5, b: 0.8 }), Math.exp(-Math.abs(x - 0.5) / 0.8) / 1.6);
  });
  it('with E[x] = mu as well, written |mu - x|: lambda for x is 0', () => {
    const r = solve({ support: ['-inf', 'inf'], parameters: ['mu', 'b'], assume: ['b > 0'], moments: [{ f: 'x', value: 'mu' }, { f: 'abs(mu - x)', value: 'b' }] });
    expect(r.family).toBe('laplace');
    expect(r.multipliers[1]!.value.text).toBe('0');
    expect(r.multipliers[2]!.value.text).toBe('-1/b');
  });
});

describe('half-normal', () => {
  it('E[x^2] = s2 on [0, inf): 2 exp(-x^2/(2 s2))/sqrt(2 pi s2)', () => {
    const r = solve({ support: [0, 'inf'], parameters: ['s2'], assume: ['s2 > 0'], moments: [{ f: 'x^2', value: 's2' }] });
    expect(r.family).toBe('half-normal');
    for (const x of [0, 0.7, 2]) close(densityAt(r, x, { s2: 1.44 }), (2 * Math.exp(-(x * x) / 2.88)) / Math.sqrt(2 * Math.PI * 1.44));
  });
});

describe('gamma', () => {
  it('E[x] = k*theta, E[log x] = psi(k) + log(theta) recovers k = 2.5, theta = 0.8', () => {
    const k = 2.5;
    const theta = 0.8;
    const psi = 0.70315664064524319; // digamma(2.5), mpmath
    const r = solve({ support: [0, 'inf'], moments: [{ f: 'x', value: k * theta }, { f: 'log(x)', value: psi + Math.log(theta) }] });
    expect(r.status).toBe('optimal');
    expect(r.family).toBe('gamma');
    const shape = r.familyParameters.find((f) => f.name === 'shape')!.numeric!;
    const rate = r.familyParameters.find((f) => f.name === 'rate')!.numeric!;
    expect(Math.abs(shape - k)).toBeLessThan(1e-9);
    expect(Math.abs(rate - 1 / theta)).toBeLessThan(1e-9);
    // Gamma(2.5) = 3 sqrt(pi)/4.
    const gammaK = (3 * Math.sqrt(Math.PI)) / 4;
    for (const x of [0.1, 1, 2.5, 6]) {
      const expected = (x ** (k - 1) * Math.exp(-x / theta)) / (gammaK * theta ** k);
      close(densityAt(r, x), expected, 1e-9);
      close(lagrangeForm(r, x, [(t) => t, Math.log]), expected, 1e-9);
    }
  });
});

describe('truncated exponential', () => {
  it('E[x] on [0, 1] with the mean of exp(-2x): rate 2 recovered numerically', () => {
    const mean = Math.exp(-2) / (Math.exp(-2) - 1) + 0.5; // E[x] for p ∝ exp(θx), θ = -2: e^θ/(e^θ-1) - 1/θ
    const r = solve({ support: [0, 1], moments: [{ f: 'x', value: mean }] });
    expect(r.family).toBe('truncated-exponential');
    expect(r.exact).toBe(false);
    close(r.multipliers[1]!.numeric!, -2, 1e-9);
    for (const x of [0, 0.3, 1]) close(densityAt(r, x), (2 * Math.exp(-2 * x)) / (1 - Math.exp(-2)), 1e-9);
    const cf = r.numeric!.closedFormLogZ!;
    expect(Math.abs(cf.value - cf.quadrature)).toBeLessThan(1e-10);
  });
});

describe('truncated normal', () => {
  it('moments of N(1, 1) truncated to [0, inf) give back location 1, scale 1', () => {
    // scipy.stats.truncnorm(-1, inf, loc=1, scale=1): mean and E[x^2].
    const r = solve({ support: [0, 'inf'], moments: [{ f: 'x', value: 1.2875999709391783 }, { f: 'x^2', value: 2.287599970939178 }] });
    expect(r.family).toBe('truncated-normal');
    const loc = r.familyParameters.find((f) => f.name === 'location')!.numeric!;
    const scale = r.familyParameters.find((f) => f.name === 'scale')!.numeric!;
    expect(Math.abs(loc - 1)).toBeLessThan(1e-8);
    expect(Math.abs(scale - 1)).toBeLessThan(1e-8);
    // Density: φ(x − 1)/Φ(1) on [0, inf), Φ(1) = 0.841344746068542948585 (mpmath).
    for (const x of [0, 0.5, 2]) close(densityAt(r, x), Math.exp(-((x - 1) ** 2) / 2) / Math.sqrt(2 * Math.PI) / 0.841344746068542948585, 1e-8);
    const cf = r.numeric!.closedFormLogZ!;
    expect(Math.abs(cf.value - cf.quadrature)).toBeLessThan(1e-10);
  });
});

describe('gibbs (discrete)', () => {
  it("Jaynes' Brandeis dice: mean 4.5 gives lambda = 0.37105, p_6 = 0.3475", () => {
    const r = solve({ support: { values: [1, 2, 3, 4, 5, 6] }, moments: [{ f: 'x', value: 4.5 }] });
    expect(r.family).toBe('gibbs');
    const lambda = r.multipliers[1]!.numeric!;
    expect(lambda).toBeCloseTo(0.37105, 5);
    // Independent: p_i ∝ exp(λ i) at this λ, and the mean equation holds.
    const w = [1, 2, 3, 4, 5, 6].map((i) => Math.exp(lambda * i));
    const Z = w.reduce((a, b) => a + b);
    expect(w.reduce((s, wi, i) => s + (i + 1) * wi, 0) / Z).toBeCloseTo(4.5, 12);
    const p = r.probabilities!;
    expect(p[5]!.p).toBeCloseTo(0.3475, 4);
    expect(p[0]!.p).toBeCloseTo(0.0544, 4);
    p.forEach((q, i) => close(q.p, w[i]! / Z, 1e-12));
  });
  it('no moments: uniform, exactly', () => {
    const r = solve({ support: { values: [0, 1, 2, 3] }, moments: [] });
    expect(r.exact).toBe(true);
    expect(r.densityPrinted!.text).toBe('1/4');
    expect(r.multipliers[0]!.value.text).toBe('1 - log(4)');
  });
  it('two moments on a finite set', () => {
    const r = solve({ support: { values: [-1, 0, 1, 2] }, moments: [{ f: 'x', value: 0.5 }, { f: 'x^2', value: 1.2 }] });
    expect(r.status).toBe('optimal');
    const p = r.probabilities!;
    close(p.reduce((s, q) => s + q.p * q.value, 0), 0.5, 1e-10);
    close(p.reduce((s, q) => s + q.p * q.value ** 2, 0), 1.2, 1e-10);
  });
});
