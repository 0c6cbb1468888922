/**
 * The convex dual of maximum entropy, solved by Newton's method.
 *
 * With p(x) = exp(λ0 − 1 + Σ_k λ_k f_k(x)), normalisation fixes λ0 − 1 = −log Z(λ),
 * Z(λ) = ∫ exp(Σ λ_k f_k) dx, and the remaining multipliers minimise the convex function
 *     D(λ) = log Z(λ) − λ·m,
 * whose gradient is E_λ[f] − m and whose Hessian is Cov_λ[f] (positive definite when the
 * f_k are linearly independent on the support). Z, E[f] and E[f fᵀ] come from one
 * adaptive quadrature of a vector integrand (or a finite sum on a discrete support). A
 * backtracking line search on D keeps every iterate where Z is finite.
 */
import { integrateVector, luSolve, SingularMatrixError } from '../numeric/index.js';

/** The statistics f_1..f_K at x, written into out (length K). */
export type StatisticsFn = (x: number, out: Float64Array) => void;

/** Where the dual lives: an interval (ends may be infinite) or a finite set of values. */
export type DualDomain =
  | { readonly kind: 'interval'; readonly lo: number; readonly hi: number; readonly breakpoints?: readonly number[] }
  | { readonly kind: 'discrete'; readonly values: readonly number[] };

/** A numeric maximum-entropy problem. */
export interface DualProblem {
  readonly stats: StatisticsFn;
  /** Number of statistics K. */
  readonly count: number;
  /** Target moments m_k. */
  readonly targets: readonly number[];
  readonly domain: DualDomain;
  /** Starting multipliers (default: a fit of a Gaussian-like exponent, see startingPoint). */
  readonly start?: readonly number[];
}

/** Options of the Newton solve. */
export interface DualOptions {
  /** Stop when max_k |E[f_k] − m_k| / max(1, |m_k|) is below this (default 1e-11). */
  readonly tol?: number;
  /** Maximum Newton iterations (default 100). */
  readonly maxIterations?: number;
  /** Relative tolerance of the quadratures (default 1e-12). */
  readonly quadratureTol?: number;
}

/** Z and the moments at one λ. */
export interface MomentEvaluation {
  readonly logZ: number;
  /** E[f_k]. */
  readonly mean: Float64Array;
  /** Cov[f], K×K row-major. */
  readonly cov: Float64Array;
  /** E[x] and sd(x) (interval domains), used to centre the next quadrature. */
  readonly xMean: number;
  readonly xSd: number;
}

/** The outcome of the dual solve. */
export interface DualSolution {
  readonly converged: boolean;
  /** λ_1..λ_K. */
  readonly lambda: Float64Array;
  /** λ0 = 1 − log Z. */
  readonly lambda0: number;
  readonly logZ: number;
  /** E[f_k] at the solution (from the last Newton evaluation). */
  readonly moments: Float64Array;
  readonly iterations: number;
  /** max_k |E[f_k] − m_k| / max(1, |m_k|) at the end. */
  readonly residual: number;
  /** Why it stopped, when it did not converge. */
  readonly message?: string;
  readonly xMean: number;
  readonly xSd: number;
}

interface Mapping {
  center: number;
  scale: number;
}

/** exp(η − shift) must be negligible this far beyond the bulk for a finite Z (tail test). */
const TAIL_FAR = 1e8;
const TAIL_NEAR = 1e4;

/** η(x) = Σ λ_k f_k(x). */
function exponentAt(stats: StatisticsFn, lambda: ArrayLike<number>, x: number, buf: Float64Array): number {
  buf.fill(0);
  stats(x, buf);
  let eta = 0;
  // A zero multiplier contributes nothing, even where its statistic overflows (0 * Infinity).
  for (let k = 0; k < buf.length; k++) if (lambda[k] !== 0) eta += lambda[k]! * buf[k]!;
  return eta;
}

/**
 * Is exp(η) integrable at the infinite ends? Checked by η decreasing to far below its
 * bulk values: at x = c ± 1e8·s, η must be below η at c ± 1e4·s and below shift − 700.
 */
function tailsDecay(p: DualProblem, lambda: ArrayLike<number>, map: Mapping, shift: number, buf: Float64Array): boolean {
  if (p.domain.kind !== 'interval') return true;
  const { lo, hi } = p.domain;
  const ends: [number, number][] = [];
  if (hi === Infinity) ends.push([Math.max(lo, map.center) + TAIL_NEAR * map.scale, Math.max(lo, map.center) + TAIL_FAR * map.scale]);
  if (lo === -Infinity) ends.push([Math.min(hi, map.center) - TAIL_NEAR * map.scale, Math.min(hi, map.center) - TAIL_FAR * map.scale]);
  for (const [near, far] of ends) {
    const eNear = exponentAt(p.stats, lambda, near, buf);
    const eFar = exponentAt(p.stats, lambda, far, buf);
    if (Number.isNaN(eFar) || Number.isNaN(eNear)) return false;
    if (eFar === -Infinity) continue; // decayed below double range (a statistic overflowed with a negative multiplier)
    if (!(eFar < eNear) || !(eFar < shift - 700)) return false;
  }
  return true;
}

/** Points where η is sampled to find its maximum (the shift that keeps exp from overflowing). */
function samplePoints(domain: DualDomain, map: Mapping): number[] {
  if (domain.kind === 'discrete') return [...domain.values];
  const { lo, hi } = domain;
  const pts: number[] = [];
  const n = 400;
  for (let i = 1; i < n; i++) {
    const t = i / n;
    if (lo === -Infinity && hi === Infinity) {
      const u = 2 * t - 1;
      pts.push(map.center + (map.scale * u) / (1 - u * u));
    } else if (hi === Infinity) pts.push(lo + (map.scale * t) / (1 - t));
    else if (lo === -Infinity) pts.push(hi - (map.scale * t) / (1 - t));
    else pts.push(lo + (hi - lo) * t);
  }
  if (Number.isFinite(lo)) pts.push(lo);
  if (Number.isFinite(hi)) pts.push(hi);
  for (const b of domain.breakpoints ?? []) pts.push(b);
  return pts;
}

/**
 * log Z and the moments of f under exp(λ·f)/Z. Returns undefined where Z is not finite
 * (or the quadrature cannot certify it), which the line search treats as "outside".
 */
export function evaluateMoments(p: DualProblem, lambda: ArrayLike<number>, map: Mapping, quadTol = 1e-12, full = true): MomentEvaluation | undefined {
  const K = p.count;
  const buf = new Float64Array(K);
  let shift = -Infinity;
  for (const x of samplePoints(p.domain, map)) {
    const eta = exponentAt(p.stats, lambda, x, buf);
    // An integrable singularity (x^(-1/2) at 0) is infinite at the end itself: skip it.
    if (eta > shift && Number.isFinite(eta)) shift = eta;
  }
  if (!Number.isFinite(shift)) return undefined;
  if (!tailsDecay(p, lambda, map, shift, buf)) return undefined;

  // Components: [w, w f_k (K), w f_i f_j (i <= j), w x, w x^2] with w = exp(η − shift).
  const nPairs = full ? (K * (K + 1)) / 2 : 0;
  const dim = 1 + K + nPairs + 2;
  const integrand = (x: number, out: Float64Array): void => {
    const eta = exponentAt(p.stats, lambda, x, buf);
    const w = Math.exp(eta - shift);
    if (w === 0) return; // out arrives zeroed; avoids 0 * Infinity from huge statistics
    out[0] = w;
    for (let k = 0; k < K; k++) out[1 + k] = w * buf[k]!;
    let idx = 1 + K;
    if (full) for (let i = 0; i < K; i++) for (let j = i; j < K; j++) out[idx++] = w * buf[i]! * buf[j]!;
    out[idx] = w * x;
    out[idx + 1] = w * x * x;
  };
  let values: Float64Array;
  if (p.domain.kind === 'discrete') {
    values = new Float64Array(dim);
    const out = new Float64Array(dim);
    for (const v of p.domain.values) {
      out.fill(0);
      integrand(v, out);
      for (let i = 0; i < dim; i++) values[i] += out[i]!;
    }
  } else {
    const r = integrateVector(integrand, dim, p.domain.lo, p.domain.hi, {
      relTol: quadTol,
      center: map.center,
      scale: map.scale,
      breakpoints: p.domain.breakpoints ?? [],
      maxIntervals: 2000,
    });
    if (!r.converged) return undefined;
    values = r.value;
  }
  const Z = values[0]!;
  if (!(Z > 0) || !Number.isFinite(Z)) return undefined;
  const mean = new Float64Array(K);
  for (let k = 0; k < K; k++) mean[k] = values[1 + k]! / Z;
  const cov = new Float64Array(K * K);
  if (full) {
    let idx = 1 + K;
    for (let i = 0; i < K; i++) {
      for (let j = i; j < K; j++) {
        const c = values[idx++]! / Z - mean[i]! * mean[j]!;
        cov[i * K + j] = c;
        cov[j * K + i] = c;
      }
    }
  }
  const xMean = values[dim - 2]! / Z;
  const xVar = Math.max(values[dim - 1]! / Z - xMean * xMean, 0);
  return { logZ: shift + Math.log(Z), mean, cov, xMean, xSd: Math.sqrt(xVar) };
}

/** max_k |E[f_k] − m_k| / max(1, |m_k|). */
function scaledResidual(mean: ArrayLike<number>, targets: readonly number[]): number {
  let r = 0;
  for (let k = 0; k < targets.length; k++) r = Math.max(r, Math.abs(mean[k]! - targets[k]!) / Math.max(1, Math.abs(targets[k]!)));
  return r;
}

/**
 * Minimises D(λ) = log Z(λ) − λ·m by damped Newton. The start must have a finite Z;
 * `startingPoint` provides one.
 */
export function solveDual(p: DualProblem, start: readonly number[], map0: Mapping, options: DualOptions = {}): DualSolution {
  const K = p.count;
  const tol = options.tol ?? 1e-11;
  const maxIterations = options.maxIterations ?? 100;
  const quadTol = options.quadratureTol ?? 1e-12;
  const lambda = Float64Array.from(start);
  const map: Mapping = { ...map0 };
  const m = p.targets;
  const D = (ev: MomentEvaluation, l: ArrayLike<number>): number => {
    let dot = 0;
    for (let k = 0; k < K; k++) dot += l[k]! * m[k]!;
    return ev.logZ - dot;
  };
  let ev = evaluateMoments(p, lambda, map, quadTol);
  if (!ev) {
    return fail('the starting multipliers do not give a normalisable density', 0, lambda, map);
  }
  for (let it = 0; it <= maxIterations; it++) {
    if (p.domain.kind === 'interval' && ev.xSd > 0 && Number.isFinite(ev.xMean)) {
      map.center = ev.xMean;
      map.scale = ev.xSd;
    }
    const g = new Float64Array(K);
    for (let k = 0; k < K; k++) g[k] = ev.mean[k]! - m[k]!;
    const residual = scaledResidual(ev.mean, m);
    if (residual < tol) {
      return { converged: true, lambda, lambda0: 1 - ev.logZ, logZ: ev.logZ, moments: ev.mean, iterations: it, residual, xMean: ev.xMean, xSd: ev.xSd };
    }
    if (it === maxIterations) break;
    const step = newtonStep(ev.cov, g, K);
    if (!step) return fail('the covariance of the moment functions is singular (dependent constraints?)', it, lambda, map, ev);
    let slope = 0;
    for (let k = 0; k < K; k++) slope += g[k]! * step[k]!;
    const D0 = D(ev, lambda);
    let t = 1;
    let accepted: { l: Float64Array; ev: MomentEvaluation } | undefined;
    for (let h = 0; h < 60; h++) {
      const trial = new Float64Array(K);
      for (let k = 0; k < K; k++) trial[k] = lambda[k]! + t * step[k]!;
      const evT = evaluateMoments(p, trial, map, quadTol);
      // Armijo, with slack for rounding once D has stopped changing in the last digits.
      if (evT && D(evT, trial) <= D0 + 1e-4 * t * slope + 1e-13 * Math.abs(D0)) {
        accepted = { l: trial, ev: evT };
        break;
      }
      t /= 2;
    }
    if (!accepted) return fail('the line search found no decrease of the dual (the moments may be infeasible or not attained)', it, lambda, map, ev);
    lambda.set(accepted.l);
    ev = accepted.ev;
    let big = 0;
    for (let k = 0; k < K; k++) big = Math.max(big, Math.abs(lambda[k]!));
    if (big > 1e12) return fail('the multipliers diverge: the moments are not attained by any density of this form', it, lambda, map, ev);
  }
  return fail(`no convergence in ${maxIterations} Newton iterations`, maxIterations, lambda, map, ev);

  function fail(message: string, iterations: number, l: Float64Array, mp: Mapping, e?: MomentEvaluation): DualSolution {
    return {
      converged: false,
      lambda: l,
      lambda0: e ? 1 - e.logZ : NaN,
      logZ: e ? e.logZ : NaN,
      moments: e ? e.mean : new Float64Array(K).fill(NaN),
      iterations,
      residual: e ? scaledResidual(e.mean, m) : Infinity,
      message,
      xMean: mp.center,
      xSd: mp.scale,
    };
  }
}

/** Solves Cov·Δ = −g, with a growing ridge when Cov is singular to working precision. */
function newtonStep(cov: Float64Array, g: Float64Array, K: number): Float64Array | undefined {
  const rhs = g.map((v) => -v);
  let ridge = 0;
  let diagMax = 0;
  for (let k = 0; k < K; k++) diagMax = Math.max(diagMax, Math.abs(cov[k * K + k]!));
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const A = Float64Array.from(cov);
      for (let k = 0; k < K; k++) A[k * K + k] += ridge;
      const step = luSolve(A, K, rhs);
      if (step.every(Number.isFinite)) return step;
    } catch (err) {
      if (!(err instanceof SingularMatrixError)) throw err;
    }
    ridge = ridge === 0 ? 1e-12 * Math.max(diagMax, 1e-300) : ridge * 100;
  }
  return undefined;
}

/**
 * A starting point with a finite Z: λ fitted (least squares at sample points) so that
 * η(x) ≈ −(x − c)²/(2s²) on the real line, ≈ −(x − a)/s on a half-line, 0 on a bounded
 * interval or a finite set. If that start is not normalisable, the statistic that grows
 * fastest at an infinite end is pushed further negative until it is.
 */
export function startingPoint(p: DualProblem, map: Mapping): number[] {
  const K = p.count;
  if (p.domain.kind === 'discrete' || (Number.isFinite(p.domain.lo) && Number.isFinite(p.domain.hi))) return new Array(K).fill(0);
  const { lo, hi } = p.domain;
  const target = (x: number): number => {
    if (lo === -Infinity && hi === Infinity) return -((x - map.center) ** 2) / (2 * map.scale ** 2);
    if (hi === Infinity) return -(x - lo) / map.scale;
    return -(hi - x) / map.scale;
  };
  // Sample points over the bulk.
  const xs: number[] = [];
  for (let i = 0; i <= 40; i++) {
    const u = i / 40;
    if (lo === -Infinity && hi === Infinity) xs.push(map.center + map.scale * (-4 + 8 * u));
    else if (hi === Infinity) xs.push(lo + map.scale * 6 * u + 1e-6 * map.scale);
    else xs.push(hi - map.scale * 6 * u - 1e-6 * map.scale);
  }
  const buf = new Float64Array(K);
  // Columns: a constant (λ0's part, discarded) and the statistics; rows with non-finite values dropped.
  const rows: number[][] = [];
  const ys: number[] = [];
  for (const x of xs) {
    buf.fill(0);
    p.stats(x, buf);
    if (!buf.every(Number.isFinite)) continue;
    rows.push([1, ...buf]);
    ys.push(target(x));
  }
  let lambda = leastSquares(rows, ys, K + 1)?.slice(1) ?? new Array(K).fill(0);
  if (!lambda.every(Number.isFinite)) lambda = new Array(K).fill(0);
  // Coefficients whose contribution on the sample is rounding noise are set to 0, so their
  // sign cannot decide the tails (a 1e-17 on cosh(x) would make Z infinite).
  const yMax = Math.max(...ys.map(Math.abs), 1e-300);
  lambda = lambda.map((l, k) => {
    const fMax = Math.max(...rows.map((r) => Math.abs(r[k + 1]!)));
    return Math.abs(l) * fMax < 1e-9 * yMax ? 0 : l;
  });
  if (evaluateMoments(p, lambda, map, 1e-8, false)) return lambda;
  // Push the fastest-growing statistic at each infinite end negative (in its direction of growth).
  const far = (lo === -Infinity ? [map.center - 1e3 * map.scale] : []).concat(hi === Infinity ? [map.center + 1e3 * map.scale] : []);
  let best = -1;
  let bestSize = 0;
  let bestSign = 1;
  for (const x of far) {
    buf.fill(0);
    p.stats(x, buf);
    for (let k = 0; k < K; k++) {
      if (Math.abs(buf[k]!) > bestSize) {
        bestSize = Math.abs(buf[k]!);
        best = k;
        bestSign = Math.sign(buf[k]!);
      }
    }
  }
  if (best < 0) return lambda;
  // Replace that multiplier by a small value of the decaying sign, growing until Z is finite.
  buf.fill(0);
  p.stats(map.center + 3 * map.scale, buf);
  let push = 1e-3 / Math.max(1, Math.abs(buf[best]!));
  for (let i = 0; i < 40; i++) {
    const trial = [...lambda];
    trial[best] = -bestSign * push;
    if (evaluateMoments(p, trial, map, 1e-8, false)) return trial;
    push *= 4;
  }
  return lambda;
}

/**
 * Least squares min ||A c − y|| by Householder QR on column-scaled A (n rows, m
 * columns), so nearly collinear statistics (x and x² far from 0) keep their accuracy.
 * Columns that vanish get coefficient 0. Undefined when there are fewer rows than columns.
 */
function leastSquares(rows: readonly number[][], y: readonly number[], m: number): number[] | undefined {
  const n = rows.length;
  if (n < m) return undefined;
  const A = rows.map((r) => [...r]);
  const b = [...y];
  const scale = new Array(m).fill(0);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(A[i]![j]!));
    scale[j] = s > 0 ? s : 1;
    for (let i = 0; i < n; i++) A[i]![j] /= scale[j];
  }
  const diag = new Array(m).fill(0);
  for (let k = 0; k < m; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, A[i]![k]!);
    if (norm === 0) continue;
    const alpha = A[k]![k]! > 0 ? -norm : norm;
    // v = x − alpha e_k, stored in column k below the diagonal.
    A[k]![k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += A[i]![k]! ** 2;
    for (let j = k + 1; j < m; j++) {
      let d = 0;
      for (let i = k; i < n; i++) d += A[i]![k]! * A[i]![j]!;
      const f = (2 * d) / vv;
      for (let i = k; i < n; i++) A[i]![j] -= f * A[i]![k]!;
    }
    let d = 0;
    for (let i = k; i < n; i++) d += A[i]![k]! * b[i]!;
    const f = (2 * d) / vv;
    for (let i = k; i < n; i++) b[i] -= f * A[i]![k]!;
    diag[k] = alpha;
  }
  const c = new Array(m).fill(0);
  const tiny = 1e-13 * Math.max(...diag.map(Math.abs));
  for (let k = m - 1; k >= 0; k--) {
    if (Math.abs(diag[k]) <= tiny) continue;
    let s = b[k]!;
    for (let j = k + 1; j < m; j++) s -= A[k]![j]! * c[j];
    c[k] = s / diag[k];
  }
  return c.map((v, j) => v / scale[j]);
}
