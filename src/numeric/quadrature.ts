/**
 * Adaptive Gauss–Kronrod quadrature (G7/K15, QUADPACK's qk15 rule with its error
 * estimate), for vector-valued integrands over finite, half-infinite and infinite
 * intervals. Infinite ends are mapped onto a finite t-interval:
 *   (−∞, ∞): x = c + s·t/(1 − t²),  t ∈ (−1, 1)
 *   [a, ∞):  x = a + s·t/(1 − t),    t ∈ [0, 1)
 *   (−∞, b]: x = b − s·t/(1 − t),    t ∈ [0, 1)
 * where the centre c and scale s put the bulk of a peaked integrand in the middle of
 * t's range (the maximum-entropy dual passes its current mean and spread). The Kronrod
 * nodes never touch the ends, so the mapped integrand is never evaluated at infinity.
 *
 * Vector-valued because the maximum-entropy dual needs Z, E[f] and E[f fᵀ] over the same
 * subdivision: one adaptive pass, every component held to the tolerance.
 */

// QUADPACK qk15: Kronrod abscissae (xgk[1], xgk[3], xgk[5], xgk[7] are the Gauss nodes).
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** The 15 Kronrod nodes on [−1, 1], in ascending order (exported for tests and batching). */
export const KRONROD_NODES: readonly number[] = [...XGK.slice(0, 7).map((x) => -x), 0, ...XGK.slice(0, 7).reverse()];

/**
 * A vector integrand: writes f(x) (length `dim`) into `out`. `out` arrives zeroed.
 * Non-finite values are an error of the integrand (reported as a failed integral).
 */
export type VectorIntegrand = (x: number, out: Float64Array) => void;

/** Options of the adaptive integrators. */
export interface QuadratureOptions {
  /** Absolute tolerance per component (default 0: the relative test below is enough). */
  readonly absTol?: number;
  /**
   * Relative tolerance per component (default 1e-11), relative to ∫|f_k| rather than
   * |∫f_k|, so a component whose integral is 0 by symmetry (E[x] of a centred density)
   * still converges: its error is then small against the component's own scale.
   */
  readonly relTol?: number;
  /** Maximum number of subintervals (default 4000). */
  readonly maxIntervals?: number;
  /** Number of equal pieces the (mapped) interval is cut into before adapting (default 8). */
  readonly initialPieces?: number;
  /** Centre of the mapping for (−∞, ∞) (default 0). */
  readonly center?: number;
  /** Scale of the mapping for infinite ends (default 1). */
  readonly scale?: number;
  /** Extra finite breakpoints (e.g. a kink of |x − μ|) where the interval is split first. */
  readonly breakpoints?: readonly number[];
}

/** The result of an adaptive integration. */
export interface QuadratureResult {
  /** The integral of each component. */
  readonly value: Float64Array;
  /** Estimated absolute error of each component. */
  readonly error: Float64Array;
  /** Did every component meet max(absTol, relTol·∫|f_k|)? */
  readonly converged: boolean;
  /** Number of integrand evaluations. */
  readonly evaluations: number;
  /** Number of subintervals used. */
  readonly intervals: number;
}

interface Panel {
  readonly a: number;
  readonly b: number;
  readonly value: Float64Array;
  readonly error: Float64Array;
  /** K15 estimate of ∫|f| over the panel. */
  readonly abs: Float64Array;
}

/** One G7/K15 panel on [a, b] of the integrand g(t) (already mapped). */
function panel(g: VectorIntegrand, dim: number, a: number, b: number, scratch: Float64Array[]): Panel | undefined {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const resK = new Float64Array(dim);
  const resG = new Float64Array(dim);
  const resAbs = new Float64Array(dim);
  const fv = scratch;
  for (let j = 0; j < 15; j++) {
    const buf = fv[j]!;
    buf.fill(0);
    g(centre + half * KRONROD_NODES[j]!, buf);
  }
  for (let k = 0; k < dim; k++) {
    let rk = 0;
    let rg = 0;
    let ra = 0;
    for (let j = 0; j < 15; j++) {
      const v = fv[j]![k]!;
      if (!Number.isFinite(v)) return undefined;
      const i = j < 7 ? j : j === 7 ? 7 : 14 - j; // index into XGK/WGK by |node|
      rk += WGK[i]! * v;
      ra += WGK[i]! * Math.abs(v);
      if (i % 2 === 1) rg += WG[(i - 1) / 2]! * v; // Gauss nodes: xgk[1], xgk[3], xgk[5] and 0 = xgk[7]
    }
    resK[k] = rk * half;
    resG[k] = rg * half;
    resAbs[k] = ra * Math.abs(half);
  }
  const error = new Float64Array(dim);
  for (let k = 0; k < dim; k++) {
    // QUADPACK's estimate: |K15 − G7| sharpened by the spread of the integrand on the panel.
    const mean = resK[k]! / (b - a);
    let asc = 0;
    for (let j = 0; j < 15; j++) {
      const i = j < 7 ? j : j === 7 ? 7 : 14 - j;
      asc += WGK[i]! * Math.abs(fv[j]![k]! - mean);
    }
    asc *= Math.abs(half);
    let err = Math.abs(resK[k]! - resG[k]!);
    if (asc !== 0 && err !== 0) err = asc * Math.min(1, Math.pow((200 * err) / asc, 1.5));
    const floor = 50 * Number.EPSILON * resAbs[k]!;
    error[k] = Math.max(err, floor);
  }
  return { a, b, value: resK, error, abs: resAbs };
}

/** Maps the integrand on an interval with infinite ends onto a finite t-interval. */
function mapped(f: VectorIntegrand, dim: number, lo: number, hi: number, opts: QuadratureOptions): { g: VectorIntegrand; ta: number; tb: number; toT: (x: number) => number } {
  const s = opts.scale ?? 1;
  const tmp = new Float64Array(dim);
  const scaled = (x: number, jac: number, out: Float64Array): void => {
    tmp.fill(0);
    f(x, tmp);
    for (let k = 0; k < dim; k++) {
      const v = tmp[k]!;
      // An integrand that has decayed to 0 may still multiply an overflowing factor: 0 wins.
      out[k] = v === 0 ? 0 : v * jac;
    }
  };
  if (lo === -Infinity && hi === Infinity) {
    const c = opts.center ?? 0;
    return {
      g: (t, out) => {
        const d = 1 - t * t;
        scaled(c + (s * t) / d, (s * (1 + t * t)) / (d * d), out);
      },
      ta: -1,
      tb: 1,
      // Inverse of x = c + s·t/(1 − t²) on (−1, 1).
      toT: (x) => {
        const u = (x - c) / s;
        return u === 0 ? 0 : (2 * u) / (1 + Math.sqrt(1 + 4 * u * u));
      },
    };
  }
  if (hi === Infinity) {
    return {
      g: (t, out) => {
        const d = 1 - t;
        scaled(lo + (s * t) / d, s / (d * d), out);
      },
      ta: 0,
      tb: 1,
      toT: (x) => {
        const u = (x - lo) / s;
        return u / (1 + u);
      },
    };
  }
  if (lo === -Infinity) {
    return {
      g: (t, out) => {
        const d = 1 - t;
        scaled(hi - (s * t) / d, s / (d * d), out);
      },
      ta: 0,
      tb: 1,
      toT: (x) => {
        const u = (hi - x) / s;
        return u / (1 + u);
      },
    };
  }
  return { g: f, ta: lo, tb: hi, toT: (x) => x };
}

/**
 * ∫_lo^hi f(x) dx for a vector integrand of length `dim`, adaptively (global
 * subdivision of the panel with the worst error relative to its component's tolerance).
 * lo may be −Infinity and hi +Infinity. Requires lo < hi.
 */
export function integrateVector(f: VectorIntegrand, dim: number, lo: number, hi: number, options: QuadratureOptions = {}): QuadratureResult {
  if (!(lo < hi)) throw new RangeError(`integration interval [${lo}, ${hi}] is empty`);
  const absTol = options.absTol ?? 0;
  const relTol = options.relTol ?? 1e-11;
  const maxIntervals = options.maxIntervals ?? 4000;
  const pieces = options.initialPieces ?? 8;
  const { g, ta, tb, toT } = mapped(f, dim, lo, hi, options);
  const scratch = Array.from({ length: 15 }, () => new Float64Array(dim));

  // Initial cut points: equal pieces in t, plus the images of the breakpoints.
  const cuts = new Set<number>();
  for (let i = 0; i <= pieces; i++) cuts.add(ta + ((tb - ta) * i) / pieces);
  for (const bp of options.breakpoints ?? []) {
    if (bp > lo && bp < hi) cuts.add(toT(bp));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  let panels: Panel[] = [];
  let evaluations = 0;
  const failed = (): QuadratureResult => ({
    value: new Float64Array(dim).fill(NaN),
    error: new Float64Array(dim).fill(Infinity),
    converged: false,
    evaluations,
    intervals: panels.length,
  });
  for (let i = 0; i + 1 < sorted.length; i++) {
    const p = panel(g, dim, sorted[i]!, sorted[i + 1]!, scratch);
    evaluations += 15;
    if (!p) return failed();
    panels.push(p);
  }

  const total = new Float64Array(dim);
  const totalErr = new Float64Array(dim);
  const totalAbs = new Float64Array(dim);
  const sum = (): void => {
    total.fill(0);
    totalErr.fill(0);
    totalAbs.fill(0);
    for (const p of panels) {
      for (let k = 0; k < dim; k++) {
        total[k] += p.value[k]!;
        totalErr[k] += p.error[k]!;
        totalAbs[k] += p.abs[k]!;
      }
    }
  };
  const tolerance = (k: number): number => Math.max(absTol, relTol * Math.max(Math.abs(total[k]!), totalAbs[k]!));
  sum();
  let converged = false;
  for (;;) {
    let done = true;
    for (let k = 0; k < dim; k++) if (totalErr[k]! > tolerance(k)) done = false;
    if (done) {
      converged = true;
      break;
    }
    if (panels.length >= maxIntervals) break;
    // The panel whose worst component error is largest relative to that component's tolerance.
    let worst = -1;
    let worstBad = -1;
    panels.forEach((p, i) => {
      let bad = 0;
      for (let k = 0; k < dim; k++) {
        // a component that is 0 everywhere has tolerance 0 and error 0: not bad (0/0 would be NaN and stall the choice)
        const tol = tolerance(k);
        bad = Math.max(bad, tol > 0 ? p.error[k]! / tol : p.error[k]! > 0 ? Infinity : 0);
      }
      if (bad > worstBad) {
        worstBad = bad;
        worst = i;
      }
    });
    const p = panels[worst]!;
    const mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) break; // cannot split further in double precision
    const left = panel(g, dim, p.a, mid, scratch);
    const right = panel(g, dim, mid, p.b, scratch);
    evaluations += 30;
    if (!left || !right) return failed();
    panels = [...panels.slice(0, worst), left, right, ...panels.slice(worst + 1)];
    for (let k = 0; k < dim; k++) {
      total[k] += left.value[k]! + right.value[k]! - p.value[k]!;
      totalErr[k] += left.error[k]! + right.error[k]! - p.error[k]!;
      totalAbs[k] += left.abs[k]! + right.abs[k]! - p.abs[k]!;
    }
    // Re-sum now and then so cancellation in the running totals cannot drift.
    if (panels.length % 64 === 0) sum();
  }
  sum();
  return { value: total, error: totalErr, converged, evaluations, intervals: panels.length };
}

/** ∫_lo^hi f(x) dx for a scalar integrand (see integrateVector). */
export function integrate(f: (x: number) => number, lo: number, hi: number, options: QuadratureOptions = {}): QuadratureResult & { readonly scalar: number } {
  const r = integrateVector((x, out) => {
    out[0] = f(x);
  }, 1, lo, hi, options);
  return { ...r, scalar: r.value[0]! };
}
