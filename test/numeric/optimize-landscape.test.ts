import { describe, expect, it } from 'vitest';
import { gradcheck, Mt19937 } from '../../src/numeric/index.js';
import { compileObjective, notebookLandscape, notebookStarts, optimizeProblem, prepareProblem, randomWellLandscape, wellGradient, wellHessian, wellValue } from '../../src/optimize/index.js';
import { notebookCodeHessian } from '../../derivations/optimizers-gaussian-wells.js';

describe("seed 004's landscape, rebuilt from NumPy's stream", () => {
  const l = notebookLandscape();
  it('has the notebook wells (values printed by NumPy 2.4 for random_state = 0)', () => {
    expect(Array.from(l.weights)).toEqual([0.11408519359808582, 0.1486707537952537, 0.1253000809216158, 0.11326817393468144, 0.088067694135561, 0.13426592896451614, 0.09096390915257357, 0.18537826549771252]);
    expect(l.centers[0]).toBeCloseTo(-0.10321885179355784, 15);
    expect(l.centers[15]).toBeCloseTo(-0.7421650204064419, 15);
    // widths w = rand(8): the third well is a needle (w = 0.0188); precision a = 1/w².
    expect(1 / Math.sqrt(l.precisions[2]!)).toBeCloseTo(0.01878980043635514, 15);
    expect(1 / Math.sqrt(l.precisions[6]!)).toBeCloseTo(0.9437480785146242, 15);
  });
  it("has the notebook's starting points 6·random((100, 2)) − 3", () => {
    const s = notebookStarts(100);
    expect(s).toHaveLength(200);
    expect(s[0]).toBeCloseTo(0.2928810235639485, 14);
    expect(s[1]).toBeCloseTo(1.2911361982345166, 14);
    expect(s[5]).toBeCloseTo(0.8753646783999365, 14);
  });
  it('evaluates to what NumPy computes, compiled and by the formula', () => {
    const o = compileObjective(l.expression, l.variables);
    const x = Float64Array.from([0.3, -0.2]);
    // -(c*np.exp(-(((x-L)/w)**2).sum(1))).sum() in NumPy:
    expect(o.valueAndGradient(x, new Float64Array(2))).toBeCloseTo(-0.1547957124437364, 15);
    expect(wellValue(l, x)).toBeCloseTo(-0.1547957124437364, 15);
  });
  it('gradient passes gradcheck; Hessian equals the notebook formula and passes gradcheck row by row', () => {
    const o = compileObjective(l.expression, l.variables);
    const rng = new Mt19937(11);
    const g = new Float64Array(2);
    for (let t = 0; t < 25; t++) {
      const x = Float64Array.from(rng.normals(2));
      const gc = gradcheck({ f: (p) => wellValue(l, p), gradient: (p, out) => o.valueAndGradient(p, out as Float64Array) }, x);
      expect(gc.ok).toBe(true);
      o.valueAndGradient(x, g);
      const formula = wellGradient(l, x);
      for (let i = 0; i < 2; i++) expect(g[i]).toBeCloseTo(formula[i]!, 14);
      const H = o.hessian!(x, new Float64Array(4));
      const Hf = wellHessian(l, x);
      for (let i = 0; i < 4; i++) expect(Math.abs(H[i]! - Hf[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(Hf[i]!)));
      for (let j = 0; j < 2; j++) {
        const row = gradcheck({ f: (p) => (o.valueAndGradient(p, g), g[j]!), gradient: (p, out) => (out as Float64Array).set(o.hessian!(p, new Float64Array(4)).subarray(2 * j, 2 * j + 2)) }, x);
        expect(row.ok).toBe(true);
      }
    }
  });
  it("the notebook's _hessian_gaussian_well code disagrees with its own formula (two factors of 2 dropped)", () => {
    const x = Float64Array.from([0.5, -0.5]);
    const H = wellHessian(l, x);
    const code = notebookCodeHessian(l, x);
    const diff = Math.max(...Array.from(H, (v, i) => Math.abs(v - code[i]!)));
    expect(diff).toBeGreaterThan(0.05);
  });
  it('L-BFGS from the 100 starts finds the global minimum SciPy finds (-0.275391002414 at (0.656745, -0.752240))', () => {
    const p = prepareProblem({ variables: l.variables, objective: l.expression, sense: 'minimize', constraints: [] });
    const flat = notebookStarts(100);
    const r = optimizeProblem(p, 'lbfgs', Array.from({ length: 100 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]), { tol: 1e-10 });
    const best = r.runs[r.best]!;
    expect(best.objective).toBeCloseTo(-0.27539100241416076, 11);
    expect(best.point['x']).toBeCloseTo(0.65674466, 6);
    expect(best.point['y']).toBeCloseTo(-0.75223963, 6);
  });
});

describe('random landscapes in more dimensions', () => {
  it('P = 10 wells in D = 5: compiled gradient and Hessian equal the formulas; batched evaluation equals single', () => {
    const l = randomWellLandscape(5, 10, 3);
    const o = compileObjective(l.expression, l.variables);
    const rng = new Mt19937(5);
    const xs = Float64Array.from(rng.normals(5 * 8));
    const batch = o.evaluateBatch!(xs, 8, new Float64Array(8 * 6));
    for (let k = 0; k < 8; k++) {
      const x = xs.subarray(5 * k, 5 * k + 5);
      const g = new Float64Array(5);
      expect(o.valueAndGradient(x, g)).toBeCloseTo(wellValue(l, x), 14);
      // The batch runs as WebAssembly, whose vector exp is within 2 ulp of Math.exp.
      const single = o.valueAndGradient(x, g);
      expect(Math.abs(batch[6 * k]! - single)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(single)));
      for (let i = 0; i < 5; i++) expect(Math.abs(batch[6 * k + 1 + i]! - g[i]!)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(g[i]!)));
      const formula = wellGradient(l, x);
      for (let i = 0; i < 5; i++) expect(g[i]).toBeCloseTo(formula[i]!, 13);
      const H = o.hessian!(x, new Float64Array(25));
      const Hf = wellHessian(l, x);
      for (let i = 0; i < 25; i++) expect(H[i]).toBeCloseTo(Hf[i]!, 12);
      const v = Float64Array.from(rng.normals(5));
      const hv = o.hvp!(x, v, new Float64Array(5));
      for (let i = 0; i < 5; i++) expect(hv[i]).toBeCloseTo(Hf.subarray(5 * i, 5 * i + 5).reduce((s, h, j) => s + h * v[j]!, 0), 12);
    }
  });
});
