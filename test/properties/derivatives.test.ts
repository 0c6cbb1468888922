/**
 * Property: for random expressions over x, y, z of depth up to 6, the compiled symbolic
 * gradient agrees with central differences of the compiled f, and the compiled symbolic
 * Hessian with central differences of the compiled gradient, wherever the function is
 * finite and smooth.
 *
 * Reference values. For each component, D(h) and D(h/2) are central differences with
 * h = ε^(1/3)·max(1, |x_i|); the reference is the Richardson value R = (4D(h/2) − D(h))/3
 * and its uncertainty u = |D(h) − D(h/2)| + rounding, where rounding = 8ε·(|f₊| + |f₋|)/h
 * over both quotients. |D(h) − D(h/2)| is three times the truncation error of D(h/2) and
 * bounds R's, and it also contains the rounding noise of the quotients. The check is
 *     |symbolic − R| ≤ 1e-7·(1 + |R|) + 4u.
 * A wrong derivative is off by O(|R|) and fails; a correct one passes with room.
 *
 * Points. Coordinates are drawn uniformly in [−2.5, 2.5] (half the tries) or in
 * (0, 2.5] (the other half, where log, sqrt and powers of the variables are defined); a point is used only when f, ∇f and H
 * are finite there, |f| and every derivative are below 1e6 (huge values mean a nearby
 * pole), and the differences are reliable: u ≤ 1e-4·(1 + |R|) for every component (a
 * larger u means the step straddles a kink of abs/sign or sits at a singularity, where
 * a difference says nothing). Up to 8 points are tried per expression; an expression
 * with no usable point (NaN everywhere: log of a negative constant, say) is skipped with
 * fc.pre and replaced, so each run checks 1,000 expressions; the skips are counted and
 * bounded. A point where the symbolic values are ill-conditioned (they move by more
 * than 1e-8 relative when the point moves by 1e-11 relative: cancellation near a
 * removable singularity) is unusable too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, compileGradient, compileHessian } from '../../src/compile/index.js';
import { CENTRAL_STEP, MACHINE_EPSILON } from '../../src/numeric/index.js';
import { exprArbitrary } from '../support/arbitrary.js';

const VARS = ['x', 'y', 'z'];
const N = VARS.length;
const RUNS = 1000;
const TRIES = 8;
const HUGE = 1e6;

type Vec = (x: Float64Array, out: Float64Array) => unknown;

/** Columns j of the Jacobian of g (m outputs) by D(h) and D(h/2), with rounding bounds. */
function differences(g: Vec, m: number, x: Float64Array, j: number): { d1: Float64Array; d2: Float64Array; noise: Float64Array } {
  const h = CENTRAL_STEP * Math.max(1, Math.abs(x[j]!));
  const quotient = (step: number): { q: Float64Array; mag: Float64Array; span: number } => {
    const p = Float64Array.from(x);
    const hi = x[j]! + step;
    const lo = x[j]! - step;
    const plus = new Float64Array(m);
    const minus = new Float64Array(m);
    p[j] = hi;
    g(p, plus);
    p[j] = lo;
    g(p, minus);
    const span = hi - lo;
    return { q: plus.map((v, r) => (v - minus[r]!) / span), mag: plus.map((v, r) => Math.abs(v) + Math.abs(minus[r]!)), span };
  };
  const a = quotient(h);
  const b = quotient(h / 2);
  const noise = a.mag.map((v, r) => (8 * MACHINE_EPSILON * (v / a.span + (2 * b.mag[r]!) / b.span)));
  return { d1: a.q, d2: b.q, noise };
}

interface Verdict {
  readonly usable: boolean;
  readonly ok: boolean;
  readonly detail?: string;
}

/** Compares symbolic J (m×n, row-major) with differences of g; unusable when the differences are unreliable. */
function compare(symbolic: Float64Array, g: Vec, m: number, x: Float64Array): Verdict {
  for (let j = 0; j < N; j++) {
    const { d1, d2, noise } = differences(g, m, x, j);
    for (let r = 0; r < m; r++) {
      const R = (4 * d2[r]! - d1[r]!) / 3;
      const u = Math.abs(d1[r]! - d2[r]!) + noise[r]!;
      if (!Number.isFinite(R) || !Number.isFinite(u) || u > 1e-4 * (1 + Math.abs(R))) return { usable: false, ok: false };
      const s = symbolic[r * N + j]!;
      const err = Math.abs(s - R);
      if (!(err <= 1e-7 * (1 + Math.abs(R)) + 4 * u)) {
        return { usable: true, ok: false, detail: `entry (${r}, ${j}): symbolic ${s}, numeric ${R}, uncertainty ${u}` };
      }
    }
  }
  return { usable: true, ok: true };
}

const finiteAndModest = (v: Float64Array): boolean => v.every((c) => Number.isFinite(c) && Math.abs(c) < HUGE);

describe('compiled symbolic derivatives agree with central differences', () => {
  it(`gradient and Hessian on ${RUNS} random expressions of depth ≤ 6 over x, y, z`, () => {
    let checked = 0;
    let nowhereFinite = 0;
    let unreliable = 0;
    // Uniform on a fine grid of [−2.5, 2.5] (not fc.double, whose favourite values 0 and
    // 5e-324 sit exactly on the kinks of abs and sign, where a symmetric difference is 0).
    // Half the tries are in the positive orthant, where log, sqrt and x^y of the
    // variables are defined (JAX's samplers respect each op's domain the same way).
    const grid = fc.integer({ min: 0, max: 2 ** 30 - 1 }).map((k) => (k + 0.5) / 2 ** 30);
    const anywhere = fc.tuple(...VARS.map(() => grid.map((u) => -2.5 + 5 * u)));
    const positive = fc.tuple(...VARS.map(() => grid.map((u) => 2.5 * u)));
    const tries = (a: fc.Arbitrary<number[]>): fc.Arbitrary<number[][]> => fc.array(a, { minLength: TRIES / 2, maxLength: TRIES / 2 });
    fc.assert(
      fc.property(exprArbitrary({ vars: VARS, maxDepth: 6 }), tries(anywhere), tries(positive), (e, mixed, inside) => {
        const points = [...mixed, ...inside].map((c) => Float64Array.from(c));
        const f = compile(e, VARS);
        // About 40% of random expressions are NaN everywhere ((-3)^(2/3), log(-2) are NaN in
        // doubles): skip them before compiling derivatives; fast-check draws a replacement.
        const finitePoints = points.filter((x) => finiteAndModest(f.evaluate(x)));
        if (finitePoints.length === 0) nowhereFinite++;
        fc.pre(finitePoints.length > 0);
        const grad = compileGradient(e, VARS);
        const hess = compileHessian(e, VARS);
        const fOut = new Float64Array(1);
        const fVec: Vec = (p, out) => {
          out[0] = f.evaluate(p, fOut)[0]!;
        };
        const gVec: Vec = (p, out) => grad.gradient(p, out);
        for (const x of finitePoints) {
          const value = f.evaluate(x)[0]!;
          const g = grad.gradient(x);
          const H = hess.evaluate(x);
          if (!finiteAndModest(g) || !finiteAndModest(H)) continue;
          // Symbolic values computed by catastrophic cancellation (near a removable
          // singularity: atanh(5x)^2/x^2 at x = 4e-8) are noise: they change by more than
          // the tolerance when the point moves by 1e-11 relative. Such a point is unusable.
          const nearby = Float64Array.from(x, (c) => c * (1 + 1e-11));
          const H2 = hess.evaluate(nearby);
          const g2 = grad.gradient(nearby);
          if (H.some((h, k) => !(Math.abs(h - H2[k]!) <= 1e-8 * (1 + Math.abs(h)))) || g.some((v, k) => !(Math.abs(v - g2[k]!) <= 1e-8 * (1 + Math.abs(v))))) continue;
          // The gradient closure's value is f's, up to rounding (sharing with the
          // gradient can turn a division a/b into a·(1/b)).
          const v2 = grad.valueAndGradient(x, new Float64Array(N));
          expect(Math.abs(v2 - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
          const gv = compare(g, fVec, 1, x);
          if (!gv.usable) continue;
          const hv = compare(H, gVec, N, x);
          if (!hv.usable) continue;
          if (!gv.ok || !hv.ok) {
            throw new Error(`${gv.ok ? 'Hessian' : 'gradient'} ${gv.detail ?? hv.detail} at (${Array.from(x)}) for ${f.source.split('function batch')[0]}`);
          }
          checked++;
          return;
        }
        unreliable++;
        fc.pre(false);
      }),
      { seed: 20240601, numRuns: RUNS },
    );
    // Every counted run compared 3 gradient and 9 Hessian entries at one point.
    expect(checked).toBe(RUNS);
    // Skips are mostly expressions that are NaN everywhere; few have only unusable points.
    expect(unreliable).toBeLessThan(0.1 * RUNS);
    expect(nowhereFinite).toBeLessThan(RUNS);
  });
});
