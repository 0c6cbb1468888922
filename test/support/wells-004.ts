/**
 * Seed 004's landscape, `RandomLossLandscape(random_state=0, n_wells=8)` in two
 * dimensions, written out from NumPy so the tests and benchmarks of the compile and
 * numeric rooms do not depend on any generator:
 *
 *   L(x) = Σ_p c_p · (−exp(−Σ_d ((x_d − μ_pd) / w_p)²)),
 *
 * exactly the notebook's code (`_gaussian_well(X - loc, width)` weighted by `coeffs`;
 * note that its code uses exp(−‖x − μ‖²/w²), not the 2σ² of its formula).
 * Reproduce the numbers with:
 *
 *   python3 -c "import numpy as np; np.random.seed(0); c=np.random.random(8); c/=c.sum();
 *     l=np.random.randn(8,2); w=np.random.rand(8); print(c.tolist(), l.tolist(), w.tolist())"
 *
 * (NumPy 2.4.6; the legacy seeding API is stable across versions.) At (0.3, −0.7) NumPy
 * gives L = −0.2268276198472057 and ∇L = (−0.24550525228586467, 0.07947439233913382).
 */
import { add, exp, mul, neg, num, pow, sub, sym, type Expr } from '../../src/expr/index.js';

/** c_p, normalised to sum 1. */
export const WELL_WEIGHTS = [
  0.11408519359808582, 0.1486707537952537, 0.1253000809216158, 0.11326817393468144, 0.088067694135561, 0.13426592896451614,
  0.09096390915257357, 0.18537826549771252,
] as const;
/** μ_p. */
export const WELL_CENTERS = [
  [-0.10321885179355784, 0.41059850193837233],
  [0.144043571160878, 1.454273506962975],
  [0.7610377251469934, 0.12167501649282841],
  [0.44386323274542566, 0.33367432737426683],
  [1.4940790731576061, -0.20515826376580087],
  [0.31306770165090136, -0.8540957393017248],
  [-2.5529898158340787, 0.6536185954403606],
  [0.8644361988595057, -0.7421650204064419],
] as const;
/** w_p. */
export const WELL_WIDTHS = [
  0.45615033221654855, 0.5684339488686485, 0.018789800436355142, 0.6176354970758771, 0.6120957227224214, 0.6169339968747569,
  0.9437480785146242, 0.6818202991034834,
] as const;

/** NumPy's values at (0.3, −0.7). */
export const WELLS_AT = { x: 0.3, y: -0.7, value: -0.2268276198472057, gradient: [-0.24550525228586467, 0.07947439233913382] } as const;

/** L(x, y) as an expression in x and y. */
export function wellsExpr(): Expr {
  const x = sym('x');
  const y = sym('y');
  const terms = WELL_WEIGHTS.map((c, p) => {
    const [mx, my] = WELL_CENTERS[p]!;
    const w2 = WELL_WIDTHS[p]! ** 2;
    // ((x − μ)/w)² with the width as an exact rational: 1/w² is taken from the double w².
    const r2 = add(pow(sub(x, num(mx)), num(2)), pow(sub(y, num(my)), num(2)));
    return mul(num(c), neg(exp(neg(mul(num(1 / w2), r2)))));
  });
  return add(...terms);
}

/** L by hand, as the notebook computes it. */
export function wellsValue(x: number, y: number): number {
  let s = 0;
  for (let p = 0; p < 8; p++) {
    const [mx, my] = WELL_CENTERS[p]!;
    const w = WELL_WIDTHS[p]!;
    const dx = (x - mx) / w;
    const dy = (y - my) / w;
    s -= WELL_WEIGHTS[p]! * Math.exp(-(dx * dx + dy * dy));
  }
  return s;
}

/** ∇L by hand (the notebook's `grad`: −2(x − μ)/w² · well · c). */
export function wellsGradient(x: number, y: number, out: Float64Array): Float64Array {
  let gx = 0;
  let gy = 0;
  for (let p = 0; p < 8; p++) {
    const [mx, my] = WELL_CENTERS[p]!;
    const w = WELL_WIDTHS[p]!;
    const dx = (x - mx) / w;
    const dy = (y - my) / w;
    const e = WELL_WEIGHTS[p]! * Math.exp(-(dx * dx + dy * dy));
    gx += (2 * (x - mx) * e) / (w * w);
    gy += (2 * (y - my) * e) / (w * w);
  }
  out[0] = gx;
  out[1] = gy;
  return out;
}
