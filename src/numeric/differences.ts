/**
 * Finite differences with scaled steps: the numeric side of every derivative check.
 *
 * Step. The central difference (f(x+h) − f(x−h)) / 2h has truncation error
 * ≈ h²|f'''|/6 and rounding error ≈ ε|f|/h (ε = 2⁻⁵² for doubles). Their sum is
 * smallest near h = ε^(1/3) ≈ 6.1e-6 for a function and argument of order one, so the
 * step of component i is h_i = ε^(1/3)·max(1, |x_i|): relative to the value's scale,
 * never below ε^(1/3). The step actually taken is (x_i + h_i) − (x_i − h_i), recomputed
 * in floating point, so the divisor is exact. (Seed 004's notebook uses a fixed 1e-9;
 * there the rounding error alone is ≈ 2e-7·|f|, a thousand times more than ours; a
 * test shows the difference on the notebook's landscape.)
 *
 * Richardson (option). R = (4·D(h/2) − D(h)) / 3 cancels the h² term, leaving O(h⁴)
 * truncation; its optimal step is ε^(1/5) ≈ 7.4e-4 (scaled the same way). It costs four
 * evaluations per component instead of two.
 */

/** Unit roundoff of doubles, 2^-52. */
export const MACHINE_EPSILON = 2 ** -52;
/** ε^(1/3): the central-difference step for a unit-scale argument. */
export const CENTRAL_STEP = Math.cbrt(MACHINE_EPSILON);
/** ε^(1/5): the step for Richardson extrapolation over h and h/2. */
export const RICHARDSON_STEP = MACHINE_EPSILON ** 0.2;
/** Default absolute tolerance (torch.autograd.gradcheck: 1e-5). */
export const DEFAULT_ATOL = 1e-6;
/** Default relative tolerance (torch.autograd.gradcheck: 1e-3). */
export const DEFAULT_RTOL = 1e-4;
/** Ulps of error assumed in each evaluation of f when bounding the rounding error of a difference. */
export const NOISE_ULPS = 4;

/** A scalar function of a point. */
export type ScalarFunction = (x: Float64Array) => number;
/** A vector function writing its m values into `out`. */
export type VectorFunction = (x: Float64Array, out: Float64Array) => unknown;

/** Options of the finite differences. */
export interface DifferenceOptions {
  /** Richardson extrapolation over h and h/2 (four evaluations per component). */
  readonly richardson?: boolean;
  /**
   * Step of component i: a number (times max(1, |x_i|)) or a function of (x_i, i) giving
   * the step itself. Default: CENTRAL_STEP, or RICHARDSON_STEP with `richardson`.
   */
  readonly step?: number | ((xi: number, i: number) => number);
}

/** The step h_i for component i. */
export function stepFor(xi: number, i: number, options: DifferenceOptions = {}): number {
  const step = options.step ?? (options.richardson ? RICHARDSON_STEP : CENTRAL_STEP);
  const h = typeof step === 'function' ? step(xi, i) : step * Math.max(1, Math.abs(xi));
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`the finite-difference step must be positive and finite, got ${h}`);
  return h;
}

/** A central difference and what it cost. */
/** A difference quotient with the rounding noise it carries. */
export interface Difference {
  readonly value: number;
  /** The rounding allowance of the quotient (see the module comment). */
  readonly noise: number;
  readonly step: number;
}

/** One central quotient along direction d (a coordinate or a unit vector), with exact divisor. */
function quotient(f: ScalarFunction, x: Float64Array, d: Float64Array | number, h: number, work: Float64Array): { q: number; noise: number } {
  work.set(x);
  let lo: number;
  let hi: number;
  if (typeof d === 'number') {
    hi = x[d]! + h;
    lo = x[d]! - h;
    work[d] = hi;
    const fp = f(work);
    work[d] = lo;
    const fm = f(work);
    const span = hi - lo;
    return { q: (fp - fm) / span, noise: (NOISE_ULPS * MACHINE_EPSILON * (Math.abs(fp) + Math.abs(fm))) / span };
  }
  for (let i = 0; i < x.length; i++) work[i] = x[i]! + h * d[i]!;
  const fp = f(work);
  for (let i = 0; i < x.length; i++) work[i] = x[i]! - h * d[i]!;
  const fm = f(work);
  return { q: (fp - fm) / (2 * h), noise: (NOISE_ULPS * MACHINE_EPSILON * (Math.abs(fp) + Math.abs(fm))) / (2 * h) };
}

/** Central difference of f along d (a direction, or the index of a component) with step h; Richardson-extrapolated on request. */
export function difference(f: ScalarFunction, x: Float64Array, d: Float64Array | number, h: number, richardson: boolean, work: Float64Array): Difference {
  const a = quotient(f, x, d, h, work);
  if (!richardson) return { value: a.q, noise: a.noise, step: h };
  const b = quotient(f, x, d, h / 2, work);
  // (4·D(h/2) − D(h)) / 3; its rounding error is at most (4·noise(h/2) + noise(h)) / 3.
  return { value: (4 * b.q - a.q) / 3, noise: (4 * b.noise + a.noise) / 3, step: h };
}

/** ∂f/∂x_i at x by central differences (x is not modified). */
export function partialDifference(f: ScalarFunction, x: Float64Array, i: number, options: DifferenceOptions = {}): number {
  return difference(f, x, i, stepFor(x[i]!, i, options), options.richardson ?? false, new Float64Array(x.length)).value;
}

/** The gradient of f at x by central differences: 2n evaluations (4n with Richardson). */
export function numericGradient(f: ScalarFunction, x: Float64Array, options: DifferenceOptions = {}): Float64Array {
  const work = new Float64Array(x.length);
  return Float64Array.from(x, (xi, i) => difference(f, x, i, stepFor(xi, i, options), options.richardson ?? false, work).value);
}

/**
 * The m×n Jacobian of g at x by central differences, row-major (J[r·n + i] = ∂g_r/∂x_i).
 * With g a compiled gradient this is a numeric Hessian.
 */
export function numericJacobian(g: VectorFunction, x: Float64Array, m: number, options: DifferenceOptions = {}): Float64Array {
  const n = x.length;
  const J = new Float64Array(m * n);
  const scratch = columnScratch(n, m);
  for (let i = 0; i < n; i++) {
    const col = columnDifference(g, x, i, stepFor(x[i]!, i, options), options.richardson ?? false, scratch).values;
    for (let r = 0; r < m; r++) J[r * n + i] = col[r]!;
  }
  return J;
}

/** Column i of a vector function's Jacobian by central differences, with the rounding noise of each entry. */
export interface ColumnDifference {
  readonly values: Float64Array;
  /** The rounding allowance of each quotient (see the module comment). */
  readonly noise: Float64Array;
}

/** Work arrays of `columnDifference`: a point (n) and the two values (m) of g. */
export interface ColumnScratch {
  readonly work: Float64Array;
  readonly plus: Float64Array;
  readonly minus: Float64Array;
}

/** Work arrays for `columnDifference` on a function of n variables with m values. */
export function columnScratch(n: number, m: number): ColumnScratch {
  return { work: new Float64Array(n), plus: new Float64Array(m), minus: new Float64Array(m) };
}

/**
 * ∂g/∂x_i at x by central differences with step h (exact divisor), Richardson-extrapolated
 * on request: 2 evaluations of g (4 with Richardson). x is not modified.
 */
export function columnDifference(g: VectorFunction, x: Float64Array, i: number, h: number, richardson: boolean, scratch: ColumnScratch): ColumnDifference {
  const a = columnQuotient(g, x, i, h, scratch);
  if (!richardson) return a;
  const b = columnQuotient(g, x, i, h / 2, scratch);
  return {
    values: Float64Array.from(a.values, (c, r) => (4 * b.values[r]! - c) / 3),
    noise: Float64Array.from(a.noise, (c, r) => (4 * b.noise[r]! + c) / 3),
  };
}

function columnQuotient(g: VectorFunction, x: Float64Array, i: number, h: number, { work, plus, minus }: ColumnScratch): ColumnDifference {
  work.set(x);
  const hi = x[i]! + h;
  const lo = x[i]! - h;
  work[i] = hi;
  g(work, plus);
  work[i] = lo;
  g(work, minus);
  const span = hi - lo;
  return {
    values: Float64Array.from(plus, (p, r) => (p - minus[r]!) / span),
    noise: Float64Array.from(plus, (p, r) => (NOISE_ULPS * MACHINE_EPSILON * (Math.abs(p) + Math.abs(minus[r]!))) / span),
  };
}
