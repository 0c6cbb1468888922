import { describe, expect, it } from 'vitest';
import {
  gradientDescent,
  lbfgs,
  makeProjection,
  minimize,
  momentumDescent,
  newton,
  primalDual,
  projectedDescent,
  stochasticDescent,
  type ConstraintFunctions,
  type LineSearchRecord,
  type Objective,
} from '../../src/numeric/index.js';
import { quadraticObjective, rosenbrockObjective, spd3 } from './optimize-helpers.js';

const { A } = spd3();
const b = [1, -2, 3];
// A⁻¹b by hand: A = Q diag(1, 4, 9) Qᵀ, so A⁻¹b = Q diag(1, 1/4, 1/9) Qᵀ b.
const c = Math.cos(0.7);
const s = Math.sin(0.7);
const qtb = [c * b[0]! + s * b[1]!, -s * b[0]! + c * b[1]!, b[2]!];
const scaled = [qtb[0]! / 1, qtb[1]! / 4, qtb[2]! / 9];
const minimiser = [c * scaled[0]! - s * scaled[1]!, s * scaled[0]! + c * scaled[1]!, scaled[2]!];

const expectPoint = (x: Float64Array, want: readonly number[], digits: number) => want.forEach((v, i) => expect(x[i]).toBeCloseTo(v, digits));

describe('unconstrained methods reach known minimisers', () => {
  const quad = quadraticObjective(A, b);
  const start = Float64Array.from([5, 5, -5]);
  it('gradient descent on a quadratic (lr below 2/λmax = 2/9)', () => {
    const r = gradientDescent(quad, start, 1, { lr: 0.2, tol: 1e-10, maxIter: 5000 }).runs[0]!;
    expect(r.status).toBe('converged');
    expectPoint(r.x, minimiser, 9);
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-10);
  });
  it('momentum on a quadratic', () => {
    const r = momentumDescent(quad, start, 1, { lr: 0.05, momentum: 0.8, tol: 1e-10 }).runs[0]!;
    expect(r.status).toBe('converged');
    expectPoint(r.x, minimiser, 9);
  });
  it('eigen step: η/ρ(H) with η = 1 converges without a hand-tuned learning rate; ρ is λmax = 9', () => {
    const r = gradientDescent(quad, start, 1, { lr: 1, step: 'eigen', tol: 1e-10, maxIter: 5000 }).runs[0]!;
    expect(r.status).toBe('converged');
    expectPoint(r.x, minimiser, 9);
    expect(r.info!['last_spectral_radius']).toBeCloseTo(9, 3);
  });
  it('Newton (dense) takes one step on a quadratic', () => {
    const r = newton(quad, start, 1).runs[0]!;
    expect(r.status).toBe('converged');
    expect(r.iterations).toBe(1);
    expectPoint(r.x, minimiser, 12);
  });
  it('L-BFGS on a quadratic needs only a few more steps than the dimension', () => {
    const r = lbfgs(quad, start, 1, { tol: 1e-12 }).runs[0]!;
    expect(r.status).toBe('converged');
    expect(r.iterations).toBeLessThanOrEqual(12);
    expectPoint(r.x, minimiser, 11);
  });
  for (const n of [2, 10, 100]) {
    it(`L-BFGS and Newton reach (1, ..., 1) on Rosenbrock n = ${n}`, () => {
      const f = rosenbrockObjective(n);
      // The classic start for n = 2; zeros (SciPy's example) otherwise. From (−1.2, 1, −1.2, 1, ...) or
      // (−1.2, 1, ..., 1) the chained function (n >= 4) has a second local minimum near (−1, 1, ..., 1), f ≈ 3.99.
      const x0 = n === 2 ? Float64Array.from([-1.2, 1]) : new Float64Array(n);
      for (const [name, r] of [
        ['lbfgs', lbfgs(f, x0, 1).runs[0]!],
        ['newton dense', newton(f, x0, 1, { newtonSolver: 'dense' }).runs[0]!],
        ['newton cg', newton(f, x0, 1, { newtonSolver: 'cg' }).runs[0]!],
      ] as const) {
        expect(r.status, name).toBe('converged');
        expect(r.value, name).toBeLessThan(1e-14);
        for (let i = 0; i < n; i++) expect(Math.abs(r.x[i]! - 1), `${name} x${i + 1}`).toBeLessThan(1e-6);
      }
    });
  }
  it('from (−1.2, 1, ..., 1) Rosenbrock n = 10 has the local minimum near (−1, 1, ..., 1): all three methods stop there', () => {
    const f = rosenbrockObjective(10);
    const x0 = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? -1.2 : 1));
    for (const r of [lbfgs(f, x0, 1).runs[0]!, newton(f, x0, 1, { newtonSolver: 'dense' }).runs[0]!, newton(f, x0, 1, { newtonSolver: 'cg' }).runs[0]!]) {
      expect(r.status).toBe('converged');
      expect(r.value).toBeCloseTo(3.9865791123471, 10);
      expect(r.x[0]).toBeCloseTo(-0.99326337, 6); // SciPy's BFGS: -0.99326337
    }
  });
  it('every accepted L-BFGS step satisfies the strong Wolfe conditions (checked by re-evaluating)', () => {
    const f = rosenbrockObjective(2);
    const log: LineSearchRecord[][] = [];
    const run = lbfgs(f, Float64Array.from([-1.2, 1]), 1, { trajectory: true }, log).runs[0]!;
    expect(log[0]!.length).toBeGreaterThan(20);
    const pts = run.trajectory!.points;
    const g0 = new Float64Array(2);
    const g1 = new Float64Array(2);
    expect(log[0]!.filter((r) => r.approximate)).toHaveLength(0);
    for (const rec of log[0]!) {
      const k = rec.iteration;
      const x0 = pts.subarray(2 * k, 2 * k + 2);
      const x1 = pts.subarray(2 * k + 2, 2 * k + 4);
      const f0 = f.valueAndGradient(x0, g0);
      const f1 = f.valueAndGradient(x1, g1);
      const p = [(x1[0]! - x0[0]!) / rec.alpha, (x1[1]! - x0[1]!) / rec.alpha];
      const d0 = g0[0]! * p[0]! + g0[1]! * p[1]!;
      const d1 = g1[0]! * p[0]! + g1[1]! * p[1]!;
      expect(f1).toBeLessThanOrEqual(f0 + 1e-4 * rec.alpha * d0 + 1e-12 * Math.abs(f0));
      expect(Math.abs(d1)).toBeLessThanOrEqual(0.9 * Math.abs(d0) * (1 + 1e-8));
    }
  });
  it('Newton regularises an indefinite Hessian and goes to a minimum, not to the saddle', () => {
    // f = x⁴/4 − x²/2 + y²: saddle at the origin, minima at (±1, 0); H = diag(3x² − 1, 2) is indefinite for |x| < 1/√3.
    const f: Objective = {
      dimension: 2,
      valueAndGradient(x, g) {
        g[0] = x[0]! ** 3 - x[0]!;
        g[1] = 2 * x[1]!;
        return x[0]! ** 4 / 4 - x[0]! ** 2 / 2 + x[1]! ** 2;
      },
      hessian(x, H) {
        H.set([3 * x[0]! ** 2 - 1, 0, 0, 2]);
        return H;
      },
      hvp(x, v, out) {
        out[0] = (3 * x[0]! ** 2 - 1) * v[0]!;
        out[1] = 2 * v[1]!;
        return out;
      },
    };
    for (const solver of ['dense', 'cg'] as const) {
      const r = newton(f, Float64Array.from([0.1, 1]), 1, { newtonSolver: solver }).runs[0]!;
      expect(r.status).toBe('converged');
      expect(Math.abs(r.x[0]!)).toBeCloseTo(1, 8);
      expect(r.x[1]).toBeCloseTo(0, 8);
      if (solver === 'dense') expect(r.info!['max_shift']).toBeGreaterThan(0);
      else expect(r.info!['negative_curvature_steps']).toBeGreaterThan(0);
    }
  });
});

describe('batching and reproducibility', () => {
  const f = rosenbrockObjective(2);
  const starts = Float64Array.from([-1.2, 1, 0, 0, 2, 2, -0.5, 0.5]);
  it('lock-step batched gradient descent equals a loop over single starts, bit for bit', () => {
    const batched = gradientDescent(quadraticObjective(A, b), Float64Array.from([5, 5, -5, 1, 2, 3, 0, 0, 0]), 3, { lr: 0.2 }).runs;
    const single = [0, 1, 2].map((i) => gradientDescent(quadraticObjective(A, b), Float64Array.from([5, 5, -5, 1, 2, 3, 0, 0, 0]).subarray(3 * i, 3 * i + 3), 1, { lr: 0.2 }).runs[0]!);
    batched.forEach((r, i) => {
      expect(Array.from(r.x)).toEqual(Array.from(single[i]!.x));
      expect(r.iterations).toBe(single[i]!.iterations);
    });
  });
  it('sgd is reproducible from its seed, and a start does not depend on its neighbours', () => {
    const a = stochasticDescent(f, starts, 4, { lr: 1e-3, noise: 0.5, seed: 3, maxIter: 200 }).runs;
    const again = stochasticDescent(f, starts, 4, { lr: 1e-3, noise: 0.5, seed: 3, maxIter: 200 }).runs;
    const other = stochasticDescent(f, starts, 4, { lr: 1e-3, noise: 0.5, seed: 4, maxIter: 200 }).runs;
    expect(Array.from(a[1]!.x)).toEqual(Array.from(again[1]!.x));
    expect(Array.from(a[1]!.x)).not.toEqual(Array.from(other[1]!.x));
    // Start 2 alone with seed 3 + 2 follows the same path as start 2 in the batch with seed 3.
    const alone = stochasticDescent(f, starts.subarray(4, 6), 1, { lr: 1e-3, noise: 0.5, seed: 5, maxIter: 200 }).runs[0]!;
    expect(Array.from(alone.x)).toEqual(Array.from(a[2]!.x));
  });
  it('annealed sgd ends in the minimum of a quadratic', () => {
    const r = stochasticDescent(quadraticObjective(A, b), Float64Array.from([5, 5, -5]), 1, { lr: 0.1, noise: 1, maxIter: 3000, tol: 1e-8 }).runs[0]!;
    expect(r.status).toBe('converged');
    expectPoint(r.x, minimiser, 7);
  });
  it('the best run is the lowest converged one', () => {
    const res = minimize('lbfgs', f, starts, 4);
    expect(res.runs.every((r) => r.status === 'converged')).toBe(true);
    expect(res.runs[res.best]!.value).toBe(Math.min(...res.runs.map((r) => r.value)));
  });
});

describe('divergence and bad input are reported, never silently wrong', () => {
  const quad = quadraticObjective([1, 0, 0, 1], [0, 0]);
  it('a learning rate above 2/λmax diverges with status and reason', () => {
    const r = gradientDescent(quad, Float64Array.from([1, 1]), 1, { lr: 2.5, maxIter: 100000 }).runs[0]!;
    expect(r.status).toBe('diverged');
    expect(r.reason).toMatch(/left \|x_i\| <= 1e\+100|became/);
  });
  it('NaN from the objective is divergence', () => {
    const logf: Objective = {
      dimension: 1,
      valueAndGradient(x, g) {
        g[0] = 1 - 1 / x[0]!;
        return x[0]! - Math.log(x[0]!);
      },
    };
    // x ← 3 − 5(1 − 1/3) = −1/3: the step overshoots into x < 0, where log is NaN.
    const r = gradientDescent(logf, Float64Array.from([3]), 1, { lr: 5 }).runs[0]!;
    expect(r.iterations).toBe(1);
    expect(r.status).toBe('diverged');
    expect(r.reason).toMatch(/NaN/);
  });
  it('L-BFGS on an unbounded function does not report convergence', () => {
    const lin: Objective = { dimension: 1, valueAndGradient: (x, g) => ((g[0] = -1), -x[0]!) };
    const r = lbfgs(lin, Float64Array.from([0]), 1).runs[0]!;
    expect(r.status).toBe('diverged');
    expect(r.reason).toMatch(/unbounded below/);
  });
  it('a start of the wrong dimension is refused with the sizes', () => {
    expect(() => gradientDescent(quad, Float64Array.from([1, 2, 3]), 1)).toThrow(/expected 1 start of 2 values \(2 numbers\), got 3/);
    expect(() => lbfgs(quad, Float64Array.from([1, NaN]), 1)).toThrow(/non-finite/);
  });
  it('bad options are refused by name', () => {
    expect(() => gradientDescent(quad, Float64Array.from([1, 1]), 1, { lr: -1 })).toThrow(/lr/);
    expect(() => momentumDescent(quad, Float64Array.from([1, 1]), 1, { momentum: 1 })).toThrow(/momentum/);
    expect(() => gradientDescent(quad, Float64Array.from([1, 1]), 1, { maxIter: 1.5 })).toThrow(/max_iter/);
  });
});

describe('constrained methods', () => {
  // min (x − 2)² + (y − 1)²
  const f: Objective = {
    dimension: 2,
    valueAndGradient(x, g) {
      g[0] = 2 * (x[0]! - 2);
      g[1] = 2 * (x[1]! - 1);
      return (x[0]! - 2) ** 2 + (x[1]! - 1) ** 2;
    },
  };
  it('projected descent onto the unit circle reaches (2, 1)/√5', () => {
    const P = makeProjection([{ kind: 'sphere', coords: [0, 1], center: [0, 0], radius: 1 }], 2);
    const r = projectedDescent(f, Float64Array.from([-3, 0.5, 0.1, -2]), 2, { projection: P, tol: 1e-10 }).runs;
    for (const run of r) {
      expect(run.status).toBe('converged');
      expectPoint(run.x, [2 / Math.sqrt(5), 1 / Math.sqrt(5)], 9);
    }
  });
  it('projected descent on a box stops at the corner (1, 0) with zero gradient mapping', () => {
    const g: Objective = {
      dimension: 2,
      valueAndGradient(x, gr) {
        gr[0] = 2 * (x[0]! - 2);
        gr[1] = 2 * (x[1]! + 1);
        return (x[0]! - 2) ** 2 + (x[1]! + 1) ** 2;
      },
    };
    const P = makeProjection([{ kind: 'box', coords: [0, 1], lower: [0, 0], upper: [1, 1] }], 2);
    const r = projectedDescent(g, Float64Array.from([0.5, 0.5]), 1, { projection: P }).runs[0]!;
    expect(r.status).toBe('converged');
    expect(Array.from(r.x)).toEqual([1, 0]);
    expect(r.gradientNorm).toBe(0);
  });
  it('projected descent on the simplex minimises the distance to a point (= its projection)', () => {
    const target = [0.9, 0.6, -0.3];
    const dist: Objective = {
      dimension: 3,
      valueAndGradient(x, g) {
        let v = 0;
        for (let i = 0; i < 3; i++) {
          g[i] = 2 * (x[i]! - target[i]!);
          v += (x[i]! - target[i]!) ** 2;
        }
        return v;
      },
    };
    const P = makeProjection([{ kind: 'simplex', coords: [0, 1, 2], lower: [0, 0, 0], total: 1 }], 3);
    const r = projectedDescent(dist, Float64Array.from([0, 0, 5]), 1, { projection: P, tol: 1e-10 }).runs[0]!;
    // Projection of (0.9, 0.6, -0.3): θ = 0.25, giving (0.65, 0.35, 0).
    expectPoint(r.x, [0.65, 0.35, 0], 9);
  });
  const lineConstraint: ConstraintFunctions = {
    equalities: 1,
    inequalities: 0,
    evaluate(x, out) {
      out[0] = x[0]! + x[1]! - 1;
      out[1] = 1;
      out[2] = 1;
      return out;
    },
  };
  const bowl: Objective = {
    dimension: 2,
    valueAndGradient(x, g) {
      g[0] = 2 * x[0]!;
      g[1] = 2 * x[1]!;
      return x[0]! ** 2 + x[1]! ** 2;
    },
  };
  for (const penalty of [0, 1]) {
    it(`primal-dual (penalty ${penalty}): min x² + y² s.t. x + y = 1 gives (1/2, 1/2) and λ = −1`, () => {
      const r = primalDual(bowl, Float64Array.from([3, -2, 0, 0]), 2, { constraints: lineConstraint, penalty, tol: 1e-9 }).runs;
      for (const run of r) {
        expect(run.status).toBe('converged');
        expectPoint(run.x, [0.5, 0.5], 8);
        expect(run.multipliers![0]).toBeCloseTo(-1, 7);
        expect(run.constraintViolation).toBeLessThan(1e-9);
      }
    });
  }
  it('primal-dual with an inequality: min (x − 2)² s.t. x <= 1 gives x = 1, μ = 2; inactive constraint gets μ = 0', () => {
    const one: Objective = { dimension: 1, valueAndGradient: (x, g) => ((g[0] = 2 * (x[0]! - 2)), (x[0]! - 2) ** 2) };
    const cap = (limit: number): ConstraintFunctions => ({
      equalities: 0,
      inequalities: 1,
      evaluate(x, out) {
        out[0] = x[0]! - limit;
        out[1] = 1;
        return out;
      },
    });
    const active = primalDual(one, Float64Array.from([0]), 1, { constraints: cap(1), tol: 1e-9 }).runs[0]!;
    expect(active.status).toBe('converged');
    expect(active.x[0]).toBeCloseTo(1, 8);
    expect(active.multipliers![0]).toBeCloseTo(2, 7);
    const inactive = primalDual(one, Float64Array.from([0]), 1, { constraints: cap(3), tol: 1e-9 }).runs[0]!;
    expect(inactive.x[0]).toBeCloseTo(2, 8);
    expect(inactive.multipliers![0]).toBe(0);
  });
  it('methods refuse what they cannot use', () => {
    expect(() => projectedDescent(bowl, Float64Array.from([0, 0]), 1)).toThrow(/projection/);
    expect(() => primalDual(bowl, Float64Array.from([0, 0]), 1)).toThrow(/constraints/);
    expect(() => newton({ dimension: 1, valueAndGradient: () => 0 }, Float64Array.from([0]), 1)).toThrow(/Hessian/);
    expect(() => gradientDescent(bowl, Float64Array.from([0, 0]), 1, { step: 'eigen' })).toThrow(/Hessian-vector/);
  });
  it('the violation of the final point is reported for unconstrained methods too', () => {
    const r = gradientDescent(bowl, Float64Array.from([1, 1]), 1, { constraints: lineConstraint }).runs[0]!;
    expect(r.x[0]).toBeCloseTo(0, 5);
    expect(r.constraintViolation).toBeCloseTo(1, 5);
  });
});
