import { describe, expect, it } from 'vitest';
import {
  choleskySolve,
  choleskyWithShift,
  conjugateGradient,
  makeProjection,
  Mt19937,
  ProjectionError,
  simplexThreshold,
  spectralRadius,
  wolfeLineSearch,
  type LinePoint,
  type ProjectionPart,
} from '../../src/numeric/index.js';
import { rosenbrockObjective, spd3 } from './optimize-helpers.js';

describe('Mt19937 reproduces NumPy legacy seeding', () => {
  it('random() after np.random.seed(0)', () => {
    const r = new Mt19937(0);
    // np.random.seed(0); np.random.random(4)
    expect([r.random(), r.random(), r.random(), r.random()]).toEqual([0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969]);
  });
  it('gauss() after np.random.seed(0) (polar method, cached pair)', () => {
    const r = new Mt19937(0);
    const got = [r.gauss(), r.gauss(), r.gauss(), r.gauss()];
    // np.random.seed(0); np.random.randn(4)
    const want = [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 14));
  });
  it('rejects a seed outside [0, 2^32)', () => {
    expect(() => new Mt19937(-1)).toThrow(/seed/);
    expect(() => new Mt19937(1.5)).toThrow(/seed/);
  });
});

describe('strong Wolfe line search', () => {
  const c1 = 1e-4;
  const c2 = 0.9;
  const check = (phi: (a: number) => LinePoint, alpha1: number) => {
    const p0 = phi(0);
    const r = wolfeLineSearch(phi, p0.phi, p0.dphi, alpha1, { c1, c2 });
    expect(r.ok).toBe(true);
    // Re-evaluate independently at the accepted step.
    const at = phi(r.alpha);
    expect(at.phi).toBeLessThanOrEqual(p0.phi + c1 * r.alpha * p0.dphi);
    expect(Math.abs(at.dphi)).toBeLessThanOrEqual(c2 * Math.abs(p0.dphi));
    return r;
  };
  it('accepts a step satisfying both conditions on a quadratic from a too-long and a too-short first step', () => {
    const phi = (a: number) => ({ alpha: a, phi: (a - 3) ** 2, dphi: 2 * (a - 3) });
    expect(check(phi, 100).alpha).toBeGreaterThan(0);
    expect(check(phi, 1e-3).alpha).toBeGreaterThan(0);
  });
  it('brackets and zooms on Rosenbrock along the steepest-descent direction from (-1.2, 1)', () => {
    const f = rosenbrockObjective(2);
    const x0 = Float64Array.from([-1.2, 1]);
    const g0 = new Float64Array(2);
    f.valueAndGradient(x0, g0);
    const p = g0.map((v) => -v);
    const x = new Float64Array(2);
    const g = new Float64Array(2);
    const phi = (a: number): LinePoint => {
      for (let i = 0; i < 2; i++) x[i] = x0[i]! + a * p[i]!;
      const v = f.valueAndGradient(x, g);
      return { alpha: a, phi: v, dphi: g[0]! * p[0]! + g[1]! * p[1]! };
    };
    for (const a1 of [1, 1e-2, 1e-5]) check(phi, a1);
  });
  it('steps back from a region where f is undefined', () => {
    // φ(α) = −log(2 − α) − α/4... defined only for α < 2; minimiser where 1/(2 − α) = 1/4 + ... : α* = 2 − 1/(1/4 + 1/2).
    const phi = (a: number) => (a >= 2 ? { alpha: a, phi: NaN, dphi: NaN } : { alpha: a, phi: -Math.log(2 - a) - 0.75 * a, dphi: 1 / (2 - a) - 0.75 });
    const p0 = phi(0);
    const r = wolfeLineSearch(phi, p0.phi, p0.dphi, 10, { c1, c2: 0.1 });
    expect(r.ok).toBe(true);
    expect(r.alpha).toBeLessThan(2);
    expect(Math.abs(phi(r.alpha).dphi)).toBeLessThanOrEqual(0.1 * Math.abs(p0.dphi));
  });
  it('refuses a direction that is not a descent direction', () => {
    const r = wolfeLineSearch((a) => ({ alpha: a, phi: a, dphi: 1 }), 0, 1, 1);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/descent/);
  });
  it('fails with a reason on a function unbounded below', () => {
    const r = wolfeLineSearch((a) => ({ alpha: a, phi: -a, dphi: -1 }), 0, -1, 1, { alphaMax: 1e6 });
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/unbounded/);
  });
});

describe('projections', () => {
  const feasible = (part: ProjectionPart, x: Float64Array, tol = 1e-12): boolean => {
    const S = part.coords;
    switch (part.kind) {
      case 'sphere':
      case 'ball': {
        const r = Math.hypot(...S.map((c, i) => x[c]! - part.center[i]!));
        return part.kind === 'sphere' ? Math.abs(r - part.radius) <= tol : r <= part.radius + tol;
      }
      case 'box':
        return S.every((c, i) => x[c]! >= part.lower[i]! - tol && x[c]! <= part.upper[i]! + tol);
      case 'simplex':
        return S.every((c, i) => x[c]! >= part.lower[i]! - tol) && Math.abs(S.reduce((s, c) => s + x[c]!, 0) - part.total) <= tol;
      case 'hyperplane':
      case 'halfspace': {
        const ax = S.reduce((s, c, i) => s + part.normal[i]! * x[c]!, 0);
        return part.kind === 'hyperplane' ? Math.abs(ax - part.offset) <= tol : ax <= part.offset + tol;
      }
    }
  };
  const cases: ProjectionPart[] = [
    { kind: 'sphere', coords: [0, 1, 2], center: [1, 0, -1], radius: 2 },
    { kind: 'ball', coords: [0, 1, 2], center: [0, 0, 0], radius: 1 },
    { kind: 'box', coords: [0, 1, 2], lower: [0, -1, -Infinity], upper: [1, 1, 0.5] },
    { kind: 'simplex', coords: [0, 1, 2], lower: [0, 0, 0], total: 1 },
    { kind: 'simplex', coords: [0, 1, 2], lower: [0.1, -1, 0], total: 2 },
    { kind: 'hyperplane', coords: [0, 1, 2], normal: [1, 2, -1], offset: 3 },
    { kind: 'halfspace', coords: [0, 1, 2], normal: [1, 1, 1], offset: 0 },
  ];
  for (const part of cases) {
    it(`${part.kind}: feasible, idempotent, and the nearest feasible point (variational inequality)`, () => {
      const P = makeProjection([part], 3);
      const rng = new Mt19937(7);
      for (let t = 0; t < 50; t++) {
        const y = Float64Array.from(rng.normals(3).map((v) => 3 * v));
        const p = Float64Array.from(y);
        P.project(p);
        expect(feasible(part, p)).toBe(true);
        const again = Float64Array.from(p);
        P.project(again);
        for (let i = 0; i < 3; i++) expect(again[i]).toBeCloseTo(p[i]!, 12);
        // For convex sets: (y − P y)·(z − P y) <= 0 for every feasible z; the sphere is not convex, so compare distances instead.
        for (let u = 0; u < 20; u++) {
          const z = Float64Array.from(rng.normals(3).map((v) => 3 * v));
          P.project(z);
          if (part.kind === 'sphere') {
            expect(Math.hypot(...y.map((v, i) => v - p[i]!))).toBeLessThanOrEqual(Math.hypot(...y.map((v, i) => v - z[i]!)) + 1e-12);
          } else {
            let s = 0;
            for (let i = 0; i < 3; i++) s += (y[i]! - p[i]!) * (z[i]! - p[i]!);
            expect(s).toBeLessThanOrEqual(1e-10);
          }
        }
      }
    });
  }
  it('simplex: hand-computed projections', () => {
    const P = makeProjection([{ kind: 'simplex', coords: [0, 1, 2], lower: [0, 0, 0], total: 1 }], 3);
    const at = (y: number[]) => {
      const x = Float64Array.from(y);
      P.project(x);
      return Array.from(x);
    };
    at([0.5, 0.5, 0.5]).forEach((v) => expect(v).toBeCloseTo(1 / 3, 14));
    expect(at([2, 0, 0])).toEqual([1, 0, 0]);
    const x = at([0.6, 0.3, -1]); // θ = -0.05
    expect(x[0]).toBeCloseTo(0.65, 14);
    expect(x[1]).toBeCloseTo(0.35, 14);
    expect(x[2]).toBe(0);
    expect(simplexThreshold(Float64Array.from([1, 2, 3]), 0)).toBe(3);
  });
  it('sphere maps its centre to a point on the sphere', () => {
    const P = makeProjection([{ kind: 'sphere', coords: [0, 1], center: [1, 1], radius: 2 }], 2);
    const x = Float64Array.from([1, 1]);
    P.project(x);
    expect(Math.hypot(x[0]! - 1, x[1]! - 1)).toBeCloseTo(2, 14);
  });
  it('products act on their own coordinates; overlaps and empty sets are refused', () => {
    const P = makeProjection(
      [
        { kind: 'sphere', coords: [0, 2], center: [0, 0], radius: 1 },
        { kind: 'box', coords: [1], lower: [0], upper: [1] },
      ],
      3,
      ['x', 'y', 'z'],
    );
    const x = Float64Array.from([3, 5, 4]);
    P.project(x);
    expect(Array.from(x)).toEqual([0.6000000000000001, 1, 0.8]);
    expect(P.description).toBe('sphere |(x, z)| = 1 × box 0 <= y <= 1');
    expect(() => makeProjection([{ kind: 'box', coords: [0], lower: [0], upper: [1] }, { kind: 'ball', coords: [0, 1], center: [0, 0], radius: 1 }], 2)).toThrow(ProjectionError);
    expect(() => makeProjection([{ kind: 'box', coords: [0], lower: [2], upper: [1] }], 1)).toThrow(/empty/);
    expect(() => makeProjection([{ kind: 'simplex', coords: [0, 1], lower: [1, 1], total: 1 }], 2)).toThrow(/empty/);
  });
});

describe('linear algebra for the optimisers', () => {
  it('conjugate gradient solves an SPD system from products only', () => {
    const { A } = spd3();
    const b = Float64Array.from([1, -2, 3]);
    const r = conjugateGradient((v, out) => {
      for (let i = 0; i < 3; i++) out[i] = A[i * 3]! * v[0]! + A[i * 3 + 1]! * v[1]! + A[i * 3 + 2]! * v[2]!;
    }, b);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(3);
    for (let i = 0; i < 3; i++) expect(A[i * 3]! * r.x[0]! + A[i * 3 + 1]! * r.x[1]! + A[i * 3 + 2]! * r.x[2]!).toBeCloseTo(b[i]!, 12);
  });
  it('conjugate gradient reports negative curvature instead of dividing by it', () => {
    const r = conjugateGradient((v, out) => {
      out[0] = v[0]!;
      out[1] = -v[1]!;
    }, Float64Array.from([0, 1]));
    expect(r.converged).toBe(false);
    expect(r.negativeCurvature!.curvature).toBeLessThan(0);
  });
  it('power iteration finds the spectral radius, also when λ and −λ tie', () => {
    const { A, eigenvalues } = spd3();
    const r = spectralRadius((v, out) => {
      for (let i = 0; i < 3; i++) out[i] = A[i * 3]! * v[0]! + A[i * 3 + 1]! * v[1]! + A[i * 3 + 2]! * v[2]!;
    }, 3, { tol: 1e-12, maxIter: 500 });
    expect(r.radius).toBeCloseTo(Math.max(...eigenvalues), 8);
    expect(r.rayleigh).toBeCloseTo(9, 8);
    const tie = spectralRadius((v, out) => {
      out[0] = 5 * v[0]!;
      out[1] = -5 * v[1]!;
      out[2] = v[2]!;
    }, 3, { tol: 1e-12, maxIter: 500 });
    expect(tie.radius).toBeCloseTo(5, 10);
  });
  it('shifted Cholesky: no shift for a positive definite matrix, the smallest doubling shift otherwise', () => {
    const { A } = spd3();
    const pd = choleskyWithShift(Float64Array.from(A), 3);
    expect(pd.tau).toBe(0);
    const x = choleskySolve(pd.L, 3, Float64Array.from([1, 2, 3]));
    for (let i = 0; i < 3; i++) expect(A[i * 3]! * x[0]! + A[i * 3 + 1]! * x[1]! + A[i * 3 + 2]! * x[2]!).toBeCloseTo(i + 1, 12);
    // diag(2, -1): τ must exceed 1; the sequence starts at β − min = 1e-3·2 + 1 = 1.002.
    const ind = choleskyWithShift(Float64Array.from([2, 0, 0, -1]), 2);
    expect(ind.tau).toBeCloseTo(1.002, 12);
  });
});
