import { describe, expect, it } from 'vitest';
import { parse, toText } from '../../src/expr/index.js';
import { compileBilevel, finiteDifferenceHypergradient, hyperDescent, HypergradientError } from '../../src/optimize/index.js';
import { datasets, logisticProblem, ridgeBestLambda, ridgeClosedForm, ridgeProblem, runHypergradient } from '../../derivations/hypergradient.js';

const data = datasets();
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('ridge regression: the IFT hypergradient against the closed form', () => {
  const c = compileBilevel(ridgeProblem(data.ridgeTrain, data.ridgeDev));
  const d = data.ridgeTrain.d;
  it('derives the mixed partial ∂²L_train/∂w_i∂λ = 2 w_i symbolically', () => {
    c.derivation.mixed.forEach((row, i) => expect(toText(row[0]!)).toBe(`2*w${i + 1}`));
    expect(c.derivation.devGradientLambda.map(toText)).toEqual(['0']);
  });
  for (const lambda of [0.01, 0.3, 3]) {
    it(`λ = ${lambda}: agrees with (A + λI)⁻¹ algebra to 1e-10 and with re-solved central differences to 1e-7`, () => {
      const L = Float64Array.from([lambda]);
      const inner = c.solveInner(L, new Float64Array(d), { tol: 1e-13 });
      const closed = ridgeClosedForm(data.ridgeTrain, data.ridgeDev, lambda);
      inner.theta.forEach((w, j) => expect(w).toBeCloseTo(closed.w[j]!, 10));
      const hg = c.hypergradient(L, inner.theta);
      expect(rel(hg.gradient[0]!, closed.gradient)).toBeLessThan(1e-10);
      expect(rel(hg.devValue, closed.devValue)).toBeLessThan(1e-12);
      const fd = finiteDifferenceHypergradient(c, L, new Float64Array(d));
      expect(rel(hg.gradient[0]!, fd[0]!)).toBeLessThan(1e-7);
      // Matrix-free: CG took at most d steps, plus one product for Bᵀw; H was never formed.
      expect(hg.cg.converged).toBe(true);
      expect(hg.cg.iterations).toBeLessThanOrEqual(d);
      expect(hg.hessianVectorProducts).toBe(hg.cg.iterations + 1);
    });
  }
  it('gradient descent on log λ reaches the closed-form minimiser of the dev loss', () => {
    const best = ridgeBestLambda(data.ridgeTrain, data.ridgeDev);
    const path = hyperDescent(c, Float64Array.from([1]), new Float64Array(d), { lr: 1, steps: 300, logScale: true, tol: 1e-8 });
    const last = path[path.length - 1]!;
    expect(rel(last.lambda[0]!, best)).toBeLessThan(1e-5);
    expect(Math.abs(last.gradient[0]! * last.lambda[0]!)).toBeLessThanOrEqual(1e-8);
    // Each step lowered the dev loss.
    for (let k = 1; k < path.length; k++) expect(path[k]!.devValue).toBeLessThanOrEqual(path[k - 1]!.devValue + 1e-12);
    expect(Math.abs(ridgeClosedForm(data.ridgeTrain, data.ridgeDev, best).gradient)).toBeLessThan(1e-12);
  });
});

describe('L2-regularised logistic regression', () => {
  const c = compileBilevel(logisticProblem(data.logisticTrain, data.logisticDev));
  const d = data.logisticTrain.d;
  it('derives ∂²L_train/∂w_i∂λ = w_i', () => {
    c.derivation.mixed.forEach((row, i) => expect(toText(row[0]!)).toBe(`w${i + 1}`));
  });
  for (const lambda of [0.02, 0.1, 1]) {
    it(`λ = ${lambda}: the IFT hypergradient agrees with central differences of the re-solved problem`, () => {
      const L = Float64Array.from([lambda]);
      const inner = c.solveInner(L, new Float64Array(d));
      expect(inner.run.status).toBe('converged');
      const hg = c.hypergradient(L, inner.theta);
      expect(hg.innerGradientNorm).toBeLessThan(1e-10);
      const fd = finiteDifferenceHypergradient(c, L, new Float64Array(d));
      expect(rel(hg.gradient[0]!, fd[0]!)).toBeLessThan(1e-6);
    });
  }
  it('gradient descent on log λ ends at a stationary λ with a lower dev loss than it started from', () => {
    const path = hyperDescent(c, Float64Array.from([1]), new Float64Array(d), { lr: 20, steps: 200, logScale: true, tol: 1e-8 });
    const last = path[path.length - 1]!;
    expect(Math.abs(last.gradient[0]! * last.lambda[0]!)).toBeLessThanOrEqual(1e-8);
    expect(last.devValue).toBeLessThan(path[0]!.devValue - 0.05);
    // Stationary in λ and a minimum: the dev loss is higher a little to either side.
    const at = (l: number) => c.devValue(Float64Array.from([l]), c.solveInner(Float64Array.from([l]), last.theta).theta);
    expect(at(last.lambda[0]! * 1.2)).toBeGreaterThan(last.devValue);
    expect(at(last.lambda[0]! / 1.2)).toBeGreaterThan(last.devValue);
  });
});

describe('what the hypergradient refuses', () => {
  it('an inner point that is not a strict minimum (indefinite Hessian) raises HypergradientError', () => {
    // L_train = θ⁴/4 − θ²/2 + λθ: at λ = 0, θ = 0 is stationary but a maximum (H = −1).
    const c = compileBilevel({ theta: ['t'], lambda: ['l'], train: parse('t^4/4 - t^2/2 + l*t'), dev: parse('(t - 2)^2') });
    expect(() => c.hypergradient(Float64Array.from([0]), Float64Array.from([0]))).toThrow(HypergradientError);
    // At the minimum θ = 1 (λ = 0): H = 3θ² − 1 = 2, B = 1, dθ*/dλ = −1/2, dL_dev/dλ = 2(θ − 2)·(−1/2) = 1.
    expect(c.hypergradient(Float64Array.from([0]), Float64Array.from([1])).gradient[0]).toBeCloseTo(1, 12);
  });
  it('wrong sizes and repeated names', () => {
    const c = compileBilevel({ theta: ['t'], lambda: ['l'], train: parse('(t - l)^2'), dev: parse('t^2') });
    expect(() => c.hypergradient(Float64Array.from([0, 1]), Float64Array.from([0]))).toThrow(/expected 1 hyperparameter value \(l\), got 2/);
    expect(() => compileBilevel({ theta: ['t'], lambda: ['t'], train: parse('t^2'), dev: parse('t') })).toThrow(/listed twice/);
  });
  it('the derivation script runs end to end', () => {
    const { ridge, logistic } = runHypergradient();
    expect(rel(ridge.ift, ridge.closedForm!)).toBeLessThan(1e-10);
    expect(rel(logistic.ift, logistic.finiteDifference)).toBeLessThan(1e-6);
  });
});
