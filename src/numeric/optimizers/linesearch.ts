/**
 * A line search for the strong Wolfe conditions (Nocedal and Wright, Numerical
 * Optimization, 2nd ed., Algorithms 3.5 and 3.6): bracket a step, then zoom with
 * safeguarded cubic interpolation. The accepted step α satisfies
 *   sufficient decrease  φ(α) ≤ φ(0) + c1·α·φ'(0)
 *   curvature            |φ'(α)| ≤ c2·|φ'(0)|
 * where φ(α) = f(x + α p). The curvature condition is what keeps L-BFGS's update
 * positive definite (s·y > 0).
 *
 * Close to a minimum the decrease c1·α·φ'(0) falls below the rounding error of f, and
 * sufficient decrease can no longer be verified from values. There a step is accepted
 * by the approximate Wolfe conditions of Hager and Zhang (2005): the curvature condition
 * as above and φ(α) ≤ φ(0) + ε|φ(0)|, ε = 1e-12, i.e. f did not increase beyond its
 * own rounding. Such steps are flagged `approximate`.
 */

/** Relative size of rounding in f below which the approximate Wolfe conditions apply. */
export const APPROXIMATE_EPSILON = 1e-12;

/** φ and φ' at a step. */
export interface LinePoint {
  readonly alpha: number;
  readonly phi: number;
  readonly dphi: number;
}

/** Options of the line search. */
export interface LineSearchOptions {
  readonly c1?: number;
  readonly c2?: number;
  /** Largest step tried (default 1e10). */
  readonly alphaMax?: number;
  /** Evaluation budget (default 40). */
  readonly maxEvaluations?: number;
}

/** The outcome: the accepted step (ok) or the best step with sufficient decrease found (not ok). */
export interface LineSearchResult extends LinePoint {
  /** True when the strong Wolfe conditions (or, flagged `approximate`, the approximate ones) hold at `alpha`. */
  readonly ok: boolean;
  /** Accepted by the approximate Wolfe conditions (f flat to rounding), not the exact ones. */
  readonly approximate?: boolean;
  readonly evaluations: number;
  /** Why the search failed (when not ok). */
  readonly reason?: string;
  /** f kept decreasing up to the largest step allowed: evidence that f is unbounded below. */
  readonly unbounded?: boolean;
}

/**
 * Searches along a descent direction: `phi(α)` evaluates f(x + αp) and its directional
 * derivative ∇f(x + αp)·p. `phi0`, `dphi0` are the values at α = 0 (dphi0 < 0).
 * The last call of `phi` is always at the returned α when `ok` is true, so a caller
 * that keeps the point and gradient of its last evaluation need not evaluate again.
 */
export function wolfeLineSearch(phi: (alpha: number) => LinePoint, phi0: number, dphi0: number, alpha1: number, options: LineSearchOptions = {}): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const alphaMax = options.alphaMax ?? 1e10;
  const budget = options.maxEvaluations ?? 40;
  if (!(dphi0 < 0)) return { alpha: 0, phi: phi0, dphi: dphi0, ok: false, evaluations: 0, reason: `not a descent direction (φ'(0) = ${dphi0})` };
  if (!(0 < c1 && c1 < c2 && c2 < 1)) throw new RangeError(`Wolfe constants need 0 < c1 < c2 < 1, got c1 = ${c1}, c2 = ${c2}`);
  // One state object and module-level helpers instead of closures: this runs once per
  // L-BFGS iteration, and allocating closures per call showed up in profiles.
  const st: Search = { phi, phi0, dphi0, c1, c2, budget, evaluations: 0, best: { alpha: 0, phi: phi0, dphi: dphi0 } };
  let prev: LinePoint = st.best;
  let alpha = Math.min(alpha1, alphaMax);
  for (let i = 0; st.evaluations < budget; i++) {
    const p = evaluate(st, alpha);
    // Overshot into a region where f is undefined or overflows: treat as "too far".
    if (!Number.isFinite(p.phi)) return zoom(st, prev, p);
    const decrease = armijo(st, p);
    if (!decrease && approximate(st, p)) return { ...p, ok: true, approximate: true, evaluations: st.evaluations };
    if (!decrease || (i > 0 && p.phi >= prev.phi)) return zoom(st, prev, p);
    if (curvature(st, p)) return { ...p, ok: true, evaluations: st.evaluations };
    if (p.dphi >= 0) return zoom(st, p, prev);
    if (alpha >= alphaMax) return { ...fail(st, `f kept decreasing up to the largest step ${alphaMax} (is f unbounded below?)`), unbounded: true };
    prev = p;
    alpha = Math.min(alphaMax, 2 * alpha); // still descending steeply: try twice as far
  }
  return fail(st, `no step satisfied the Wolfe conditions in ${budget} evaluations`);
}

/** The state of one search. */
interface Search {
  readonly phi: (alpha: number) => LinePoint;
  readonly phi0: number;
  readonly dphi0: number;
  readonly c1: number;
  readonly c2: number;
  readonly budget: number;
  evaluations: number;
  /** The best point with sufficient decrease seen so far, returned when the search fails. */
  best: LinePoint;
}

function armijo(st: Search, p: LinePoint): boolean {
  return p.phi <= st.phi0 + st.c1 * p.alpha * st.dphi0;
}

function curvature(st: Search, p: LinePoint): boolean {
  return Math.abs(p.dphi) <= -st.c2 * st.dphi0;
}

/** f is flat to rounding here (values cannot show the decrease), and the slope satisfies the curvature condition. */
function approximate(st: Search, p: LinePoint): boolean {
  const scale = APPROXIMATE_EPSILON * Math.abs(st.phi0);
  return Math.abs(p.phi - st.phi0) <= scale && Math.abs(st.c1 * p.alpha * st.dphi0) <= scale && curvature(st, p);
}

function evaluate(st: Search, a: number): LinePoint {
  st.evaluations++;
  let p = st.phi(a);
  if (!(Number.isFinite(p.phi) && Number.isFinite(p.dphi))) p = { alpha: a, phi: Infinity, dphi: NaN };
  if (armijo(st, p) && p.phi < st.best.phi) st.best = p;
  return p;
}

function fail(st: Search, reason: string): LineSearchResult {
  return { ...st.best, ok: false, evaluations: st.evaluations, reason };
}

/** Algorithm 3.6: shrink the bracket [lo, hi] (lo has sufficient decrease and the lower φ) until a step satisfies the conditions. */
function zoom(st: Search, lo: LinePoint, hi: LinePoint): LineSearchResult {
  while (st.evaluations < st.budget) {
    const a = interpolate(lo, hi);
    if (Math.abs(hi.alpha - lo.alpha) <= 1e-16 * Math.max(1, Math.abs(lo.alpha)) || a === lo.alpha || a === hi.alpha) {
      return fail(st, 'the bracket shrank below machine precision');
    }
    const p = evaluate(st, a);
    const decrease = armijo(st, p);
    if (!decrease && approximate(st, p)) return { ...p, ok: true, approximate: true, evaluations: st.evaluations };
    if (!decrease || p.phi >= lo.phi) {
      hi = p;
    } else {
      if (curvature(st, p)) return { ...p, ok: true, evaluations: st.evaluations };
      if (p.dphi * (hi.alpha - lo.alpha) >= 0) hi = lo;
      lo = p;
    }
  }
  return fail(st, `no step satisfied the Wolfe conditions in ${st.budget} evaluations`);
}

/**
 * The minimiser of the cubic through (lo, hi) with their slopes, kept inside the middle
 * of the bracket (at least 10% from either end); bisection when the cubic is unusable
 * (no finite value or slope at one end).
 */
function interpolate(lo: LinePoint, hi: LinePoint): number {
  const a = lo.alpha;
  const b = hi.alpha;
  const left = Math.min(a, b);
  const right = Math.max(a, b);
  const margin = 0.1 * (right - left);
  let t = (a + b) / 2;
  if (Number.isFinite(hi.phi) && Number.isFinite(hi.dphi)) {
    const d1 = lo.dphi + hi.dphi - (3 * (lo.phi - hi.phi)) / (a - b);
    const disc = d1 * d1 - lo.dphi * hi.dphi;
    if (disc >= 0) {
      const d2 = Math.sign(b - a) * Math.sqrt(disc);
      const c = b - ((b - a) * (hi.dphi + d2 - d1)) / (hi.dphi - lo.dphi + 2 * d2);
      if (Number.isFinite(c)) t = c;
    }
  }
  return Math.min(right - margin, Math.max(left + margin, t));
}
