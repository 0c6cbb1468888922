/**
 * A primal-dual interior-point method with a filter line search, after Wächter & Biegler,
 * "On the implementation of an interior-point filter line-search algorithm for
 * large-scale nonlinear programming" (Math. Program. 106, 2006) — the algorithm of IPOPT:
 *
 * - barrier subproblems min φ_μ(z) = f(z) − μ Σ log(z − l) − μ Σ log(u − z) s.t. c(z) = 0,
 *   solved approximately for a falling μ (Fiacco–McCormick monotone rule, §2.1);
 * - the primal-dual Newton step from the symmetric KKT matrix [W + Σ + δ_w I, Jᵀ; J, −δ_c I]
 *   with inertia correction (§3.1): δ_w grows until the matrix has n positive and m
 *   negative eigenvalues (read off an LDLᵀ factorisation), so the step is a descent
 *   direction of the barrier problem even where the Hessian is indefinite;
 * - the fraction-to-boundary rule (τ = max(0.99, 1 − μ)) for primal and bound multipliers;
 * - the filter line search (§2.3) on (θ = ‖c‖₁, φ_μ) with the switching condition and
 *   Armijo test, a second-order correction, and a feasibility restoration phase
 *   (Gauss–Newton on ‖c‖² inside the bounds) when the step size falls below α_min.
 *
 * Everything counts iterations; nothing reads a clock. Problem scaling as IPOPT's
 * gradient-based scaling (objective and rows scaled so that their gradients at the start
 * are at most 100).
 */
import { ldltFactor, ldltSolve, type LdltFactors } from '../../linalg/ldlt.js';
import { Filter, fractionToBoundary } from './filter.js';
import { leastSquaresMultipliers, restore } from './restoration.js';
import { maxAbs, norm1 } from './vector.js';
import type { NlpModel } from './model.js';

/** Options of one interior-point run. */
export interface IpmOptions {
  /** Iteration limit (default 3000). */
  readonly maxIterations?: number;
  /** Tolerance on the scaled optimality error (default 1e-9). */
  readonly tol?: number;
  /** Initial barrier parameter (default 0.1; smaller for a warm start). */
  readonly mu0?: number;
  /** Warm start: multipliers of the rows of c (scaled as the model's rows). */
  readonly y0?: ArrayLike<number>;
}

/** How a run ended. */
export type IpmStatus = 'optimal' | 'acceptable' | 'infeasible' | 'diverged' | 'iteration_limit' | 'undefined_start';

/** The result of one run, unscaled. */
export interface IpmResult {
  readonly status: IpmStatus;
  /** z = (x, slacks). */
  readonly z: Float64Array;
  /** f(z). */
  readonly objective: number;
  /** Multipliers of the rows of c (L = f + yᵀc). */
  readonly y: Float64Array;
  /** Multipliers of the lower and upper bounds (≥ 0). */
  readonly zl: Float64Array;
  readonly zu: Float64Array;
  /** max |c_i|. */
  readonly violation: number;
  readonly iterations: number;
}

// Constants of Wächter & Biegler (2006), Table 1 and §3.
const KAPPA_EPS = 10;
const KAPPA_MU = 0.2;
const THETA_MU = 1.5;
const TAU_MIN = 0.99;
const KAPPA_SIGMA = 1e10;
const GAMMA_THETA = 1e-5;
const GAMMA_PHI = 1e-8;
const DELTA = 1;
const S_THETA = 1.1;
const S_PHI = 2.3;
const ETA_PHI = 1e-8;
const GAMMA_ALPHA = 0.05;
const DELTA_W0 = 1e-4;
const DELTA_W_MIN = 1e-20;
const DELTA_W_MAX = 1e40;
const KAPPA_W_PLUS = 8;
const KAPPA_W_PLUS_FIRST = 100;
const KAPPA_W_MINUS = 1 / 3;
const S_MAX = 100;
const BOUND_PUSH = 1e-2;
const BOUND_RELAX = 1e-8;

/** Runs the interior-point method from x0 (the user's variables; slacks are initialised from c). */
export function interiorPoint(model: NlpModel, x0: ArrayLike<number>, options: IpmOptions = {}): IpmResult {
  const { n, m, nx } = model;
  const maxIter = options.maxIterations ?? 3000;
  const tol = options.tol ?? 1e-9;
  // Bounds are kept exactly (answers on a bound are on it), except that an interval of
  // (almost) zero width is widened so that it has an interior.
  const lo = Float64Array.from(model.lower);
  const up = Float64Array.from(model.upper);
  for (let i = 0; i < n; i++) {
    if (up[i]! - lo[i]! < BOUND_RELAX * Math.max(1, Math.abs(lo[i]!))) {
      if (up[i]! < lo[i]!) return { status: 'infeasible', z: new Float64Array(n), objective: NaN, y: new Float64Array(m), zl: new Float64Array(n), zu: new Float64Array(n), violation: lo[i]! - up[i]!, iterations: 0 };
      lo[i] = lo[i]! - BOUND_RELAX * Math.max(1, Math.abs(lo[i]!));
      up[i] = up[i]! + BOUND_RELAX * Math.max(1, Math.abs(up[i]!));
    }
  }
  const hasL = Array.from(lo, Number.isFinite);
  const hasU = Array.from(up, Number.isFinite);

  // Starting point: x0 pushed inside its bounds, slacks from g(x0), then pushed.
  const z = new Float64Array(n);
  for (let i = 0; i < nx; i++) z[i] = x0[i] ?? 0;
  const c = new Float64Array(m);
  const rawC = new Float64Array(m);
  for (let i = 0; i < nx; i++) z[i] = push(z[i]!, lo[i]!, up[i]!);
  model.constraints(z, rawC);
  for (const role of model.roles) if (role.kind === 'row') z[role.slack] = Math.max(0, -(rawC[role.row]! - z[role.slack]!));
  for (let i = nx; i < n; i++) z[i] = push(z[i]!, lo[i]!, up[i]!);

  const grad = new Float64Array(n);
  const jac = new Float64Array(m * n);
  const fail = (status: IpmStatus, iterations: number): IpmResult => ({
    status,
    z,
    objective: model.objective(z),
    y: new Float64Array(m),
    zl: new Float64Array(n),
    zu: new Float64Array(n),
    violation: Infinity,
    iterations,
  });
  const f0 = model.objective(z);
  if (!Number.isFinite(f0) || !model.constraints(z, c)) return fail('undefined_start', 0);
  model.derivatives(z, grad, jac);
  if (![...grad, ...jac].every(Number.isFinite)) return fail('undefined_start', 0);

  // Gradient-based scaling (IPOPT's default): gradients of at most 100 at the start.
  const objScale = Math.min(1, 100 / Math.max(1e-300, maxAbs(grad)));
  const rowScale = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let g = 0;
    for (let i = 0; i < n; i++) g = Math.max(g, Math.abs(jac[r * n + i]!));
    rowScale[r] = Math.min(1, 100 / Math.max(1e-300, g));
  }
  const evalF = (w: Float64Array): number => objScale * model.objective(w);
  const evalC = (w: Float64Array, out: Float64Array): boolean => {
    const ok = model.constraints(w, out);
    for (let r = 0; r < m; r++) out[r] = out[r]! * rowScale[r]!;
    return ok;
  };
  const evalD = (w: Float64Array, g: Float64Array, J: Float64Array): void => {
    model.derivatives(w, g, J);
    for (let i = 0; i < n; i++) g[i] = g[i]! * objScale;
    for (let r = 0; r < m; r++) for (let i = 0; i < n; i++) J[r * n + i] = J[r * n + i]! * rowScale[r]!;
  };
  const yUser = new Float64Array(m);
  const evalH = (w: Float64Array, y: Float64Array, out: Float64Array): void => {
    for (let r = 0; r < m; r++) yUser[r] = y[r]! * rowScale[r]!;
    model.hessian(w, objScale, yUser, out);
  };

  let f = evalF(z);
  evalC(z, c);
  evalD(z, grad, jac);
  const zl = Float64Array.from(hasL, (b) => (b ? 1 : 0));
  const zu = Float64Array.from(hasU, (b) => (b ? 1 : 0));
  let y: Float64Array = new Float64Array(m);
  if (options.y0) {
    for (let r = 0; r < m; r++) y[r] = (options.y0[r] ?? 0) * (objScale / rowScale[r]!);
  } else {
    y = leastSquaresMultipliers(n, m, grad, jac, zl, zu);
  }

  let mu = options.mu0 ?? 0.1;
  let tau = Math.max(TAU_MIN, 1 - mu);
  const theta0 = norm1(c);
  const thetaMax = 1e4 * Math.max(1, theta0);
  const thetaMin = 1e-4 * Math.max(1, theta0);
  const filter = new Filter(thetaMax);
  let lastDeltaW = 0;
  let acceptableCount = 0;
  const W = new Float64Array(n * n);
  const K = new Float64Array((n + m) * (n + m));
  const dz = new Float64Array(n);
  const dy = new Float64Array(m);
  const dzl = new Float64Array(n);
  const dzu = new Float64Array(n);
  const trial = new Float64Array(n);
  const cTrial = new Float64Array(m);

  const barrier = (w: Float64Array, fw: number): number => {
    let v = fw;
    for (let i = 0; i < n; i++) {
      if (hasL[i]) v -= mu * Math.log(w[i]! - lo[i]!);
      if (hasU[i]) v -= mu * Math.log(up[i]! - w[i]!);
    }
    return v;
  };
  const optimalityError = (muHere: number): number => {
    let sumMult = 0;
    for (let r = 0; r < m; r++) sumMult += Math.abs(y[r]!);
    let sumBound = 0;
    for (let i = 0; i < n; i++) sumBound += zl[i]! + zu[i]!;
    const sd = Math.max(S_MAX, (sumMult + sumBound) / Math.max(1, m + 2 * n)) / S_MAX;
    const sc = Math.max(S_MAX, sumBound / Math.max(1, 2 * n)) / S_MAX;
    let dual = 0;
    for (let i = 0; i < n; i++) {
      let v = grad[i]! - zl[i]! + zu[i]!;
      for (let r = 0; r < m; r++) v += jac[r * n + i]! * y[r]!;
      dual = Math.max(dual, Math.abs(v));
    }
    let compl = 0;
    for (let i = 0; i < n; i++) {
      if (hasL[i]) compl = Math.max(compl, Math.abs((z[i]! - lo[i]!) * zl[i]! - muHere));
      if (hasU[i]) compl = Math.max(compl, Math.abs((up[i]! - z[i]!) * zu[i]! - muHere));
    }
    return Math.max(dual / sd, maxAbs(c), compl / sc);
  };
  const unscaled = (status: IpmStatus, iterations: number): IpmResult => {
    const yOut = Float64Array.from(y, (v, r) => (v * rowScale[r]!) / objScale);
    let viol = 0;
    for (let r = 0; r < m; r++) viol = Math.max(viol, Math.abs(c[r]! / rowScale[r]!));
    return {
      status,
      z: Float64Array.from(z),
      objective: f / objScale,
      y: yOut,
      zl: Float64Array.from(zl, (v) => v / objScale),
      zu: Float64Array.from(zu, (v) => v / objScale),
      violation: viol,
      iterations,
    };
  };

  for (let iter = 0; iter < maxIter; iter++) {
    const e0 = optimalityError(0);
    if (e0 <= tol) return unscaled('optimal', iter);
    acceptableCount = e0 <= 1e-6 ? acceptableCount + 1 : 0;
    if (acceptableCount >= 15) return unscaled('acceptable', iter);
    if (maxAbs(z) > 1e15 || f / objScale < -1e25) return unscaled('diverged', iter);
    // Barrier update (several at once when the subproblem is already solved).
    while (mu > tol / 10 && optimalityError(mu) <= KAPPA_EPS * mu) {
      mu = Math.max(tol / 10, Math.min(KAPPA_MU * mu, mu ** THETA_MU));
      tau = Math.max(TAU_MIN, 1 - mu);
      filter.reset();
    }

    // The primal-dual system with inertia correction.
    evalH(z, y, W);
    const sigma = new Float64Array(n);
    for (let i = 0; i < n; i++) sigma[i] = (hasL[i] ? zl[i]! / (z[i]! - lo[i]!) : 0) + (hasU[i] ? zu[i]! / (up[i]! - z[i]!) : 0);
    const rhs = new Float64Array(n + m);
    for (let i = 0; i < n; i++) {
      let v = grad[i]!;
      if (hasL[i]) v -= mu / (z[i]! - lo[i]!);
      if (hasU[i]) v += mu / (up[i]! - z[i]!);
      for (let r = 0; r < m; r++) v += jac[r * n + i]! * y[r]!;
      rhs[i] = -v;
    }
    for (let r = 0; r < m; r++) rhs[n + r] = -c[r]!;
    const factors = factorWithInertia(n, m, W, sigma, jac, K, mu, lastDeltaW);
    if (!factors) return unscaled(e0 <= 1e-6 ? 'acceptable' : 'diverged', iter);
    if (factors.deltaW > 0) lastDeltaW = factors.deltaW;
    const sol = ldltSolve(factors.ldlt, rhs);
    for (let i = 0; i < n; i++) dz[i] = sol[i]!;
    for (let r = 0; r < m; r++) dy[r] = sol[n + r]!;
    for (let i = 0; i < n; i++) {
      dzl[i] = hasL[i] ? mu / (z[i]! - lo[i]!) - zl[i]! - (zl[i]! / (z[i]! - lo[i]!)) * dz[i]! : 0;
      dzu[i] = hasU[i] ? mu / (up[i]! - z[i]!) - zu[i]! + (zu[i]! / (up[i]! - z[i]!)) * dz[i]! : 0;
    }
    const alphaMax = fractionToBoundary(z, dz, lo, up, tau);
    const alphaZ = Math.min(fractionToBoundary(zl, dzl, undefined, undefined, tau), fractionToBoundary(zu, dzu, undefined, undefined, tau));

    // Filter line search.
    const theta = norm1(c);
    const phi = barrier(z, f);
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let gphi = grad[i]!;
      if (hasL[i]) gphi -= mu / (z[i]! - lo[i]!);
      if (hasU[i]) gphi += mu / (up[i]! - z[i]!);
      slope += gphi * dz[i]!;
    }
    let alphaMin = GAMMA_THETA;
    if (slope < 0) {
      alphaMin = Math.min(GAMMA_THETA, (GAMMA_PHI * theta) / -slope);
      if (theta <= thetaMin) alphaMin = Math.min(alphaMin, (DELTA * theta ** S_THETA) / (-slope) ** S_PHI);
    }
    alphaMin *= GAMMA_ALPHA;
    const tinyStep = dz.every((d, i) => Math.abs(d) <= 10 * Number.EPSILON * (1 + Math.abs(z[i]!)));
    let alpha = alphaMax;
    let accepted = false;
    let fTrial = f;
    let augment = false;
    for (let k = 0; k < 60 && !accepted; k++) {
      if (alpha < alphaMin && !tinyStep) break;
      for (let i = 0; i < n; i++) trial[i] = z[i]! + alpha * dz[i]!;
      const ft = evalF(trial);
      if (!Number.isFinite(ft) || !evalC(trial, cTrial)) {
        alpha /= 2;
        continue;
      }
      const thetaT = norm1(cTrial);
      const phiT = barrier(trial, ft);
      const verdict = tinyStep ? { ok: true, augment: false } : judge(theta, phi, thetaT, phiT, alpha, slope, thetaMin, filter);
      if (verdict.ok) {
        accepted = true;
        augment = verdict.augment;
        fTrial = ft;
        break;
      }
      // Second-order correction at the first trial point when infeasibility grew (§2.4).
      if (k === 0 && thetaT >= theta && m > 0) {
        const soc = secondOrderCorrection(factors.ldlt, n, m, rhs, cTrial, alpha, c);
        if (soc) {
          const aSoc = fractionToBoundary(z, soc, lo, up, tau);
          for (let i = 0; i < n; i++) trial[i] = z[i]! + aSoc * soc[i]!;
          const fs = evalF(trial);
          if (Number.isFinite(fs) && evalC(trial, cTrial)) {
            const v2 = judge(theta, phi, norm1(cTrial), barrier(trial, fs), alpha, slope, thetaMin, filter);
            if (v2.ok) {
              accepted = true;
              augment = v2.augment;
              fTrial = fs;
              alpha = aSoc;
              break;
            }
          }
        }
      }
      alpha /= 2;
    }
    if (!accepted) {
      // Feasibility restoration: reduce ‖c‖ until the filter accepts the point.
      const restored = restore(n, m, z, lo, up, hasL, hasU, mu, evalC, evalD, filter, (w) => barrier(w, evalF(w)));
      if (!restored) return unscaled(theta > 1e-6 * Math.max(1, theta0) ? 'infeasible' : 'acceptable', iter);
      filter.add(theta, phi);
      z.set(restored);
      f = evalF(z);
      evalC(z, c);
      evalD(z, grad, jac);
      y = leastSquaresMultipliers(n, m, grad, jac, zl, zu);
      for (let i = 0; i < n; i++) {
        if (hasL[i]) zl[i] = Math.min(zl[i]!, 1e3 * Math.max(mu, 1) / (z[i]! - lo[i]!));
        if (hasU[i]) zu[i] = Math.min(zu[i]!, 1e3 * Math.max(mu, 1) / (up[i]! - z[i]!));
      }
      continue;
    }
    if (augment) filter.add(theta, phi);
    z.set(trial);
    f = fTrial;
    evalC(z, c);
    evalD(z, grad, jac);
    for (let r = 0; r < m; r++) y[r] = y[r]! + alpha * dy[r]!;
    for (let i = 0; i < n; i++) {
      if (hasL[i]) {
        const v = zl[i]! + alphaZ * dzl[i]!;
        const s = z[i]! - lo[i]!;
        zl[i] = Math.max(Math.min(v, (KAPPA_SIGMA * mu) / s), mu / (KAPPA_SIGMA * s));
      }
      if (hasU[i]) {
        const v = zu[i]! + alphaZ * dzu[i]!;
        const s = up[i]! - z[i]!;
        zu[i] = Math.max(Math.min(v, (KAPPA_SIGMA * mu) / s), mu / (KAPPA_SIGMA * s));
      }
    }
  }
  return unscaled('iteration_limit', maxIter);
}

/** Accept or reject a trial point (switching condition, Armijo or sufficient decrease, filter). */
function judge(
  theta: number,
  phi: number,
  thetaT: number,
  phiT: number,
  alpha: number,
  slope: number,
  thetaMin: number,
  filter: Filter,
): { ok: boolean; augment: boolean } {
  if (!filter.acceptable(thetaT, phiT)) return { ok: false, augment: false };
  const switching = slope < 0 && alpha * (-slope) ** S_PHI > DELTA * theta ** S_THETA;
  if (theta <= thetaMin && switching) {
    const armijo = phiT <= phi + ETA_PHI * alpha * slope + 10 * Number.EPSILON * Math.abs(phi);
    return { ok: armijo, augment: false };
  }
  const ok = thetaT <= (1 - GAMMA_THETA) * theta || phiT <= phi - GAMMA_PHI * theta;
  return { ok, augment: ok };
}

/** Factors the KKT matrix, raising δ_w until its inertia is (n, m, 0) (Algorithm IC of §3.1). */
function factorWithInertia(
  n: number,
  m: number,
  W: Float64Array,
  sigma: Float64Array,
  jac: Float64Array,
  K: Float64Array,
  mu: number,
  lastDeltaW: number,
): { ldlt: LdltFactors; deltaW: number } | undefined {
  const N = n + m;
  const build = (deltaW: number, deltaC: number): LdltFactors => {
    K.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) K[i * N + j] = W[i * n + j]!;
      K[i * N + i] = K[i * N + i]! + sigma[i]! + deltaW;
    }
    for (let r = 0; r < m; r++) {
      for (let i = 0; i < n; i++) {
        K[(n + r) * N + i] = jac[r * n + i]!;
        K[i * N + n + r] = jac[r * n + i]!;
      }
      K[(n + r) * N + n + r] = -deltaC;
    }
    // With δ_c > 0 the matrix is nonsingular in exact arithmetic, so only exact zeros are
    // zero pivots (the default relative tolerance would swallow δ_c next to large Σ).
    return ldltFactor(K, N, deltaC > 0 ? 1e-300 : undefined);
  };
  const good = (f: LdltFactors): boolean => f.inertia.positive === n && f.inertia.negative === m && f.inertia.zero === 0;
  let deltaC = 0;
  let f = build(0, 0);
  if (good(f)) return { ldlt: f, deltaW: 0 };
  // Too few negative (or some zero) eigenvalues: the constraint Jacobian is rank deficient
  // (redundant constraints); the small δ_c makes the lower block definite.
  if (f.inertia.zero > 0 || f.inertia.negative < m) {
    deltaC = 1e-8 * mu ** 0.25;
    f = build(0, deltaC);
    if (good(f)) return { ldlt: f, deltaW: 0 };
  }
  let deltaW = lastDeltaW === 0 ? DELTA_W0 : Math.max(DELTA_W_MIN, KAPPA_W_MINUS * lastDeltaW);
  for (;;) {
    f = build(deltaW, deltaC);
    if (good(f)) return { ldlt: f, deltaW };
    if (deltaC === 0 && f.inertia.negative < m) deltaC = 1e-8 * mu ** 0.25;
    deltaW *= lastDeltaW === 0 ? KAPPA_W_PLUS_FIRST : KAPPA_W_PLUS;
    if (deltaW > DELTA_W_MAX) return undefined;
  }
}

/** The corrected step for c(z + d) ≈ 0: the same matrix, the constraint part α·c + c(z + αd). */
function secondOrderCorrection(ldlt: LdltFactors, n: number, m: number, rhs: Float64Array, cTrial: Float64Array, alpha: number, c: Float64Array): Float64Array | undefined {
  const r = Float64Array.from(rhs);
  for (let i = 0; i < m; i++) r[n + i] = -(alpha * c[i]! + cTrial[i]!);
  const s = ldltSolve(ldlt, r).subarray(0, n);
  return s.every(Number.isFinite) ? Float64Array.from(s) : undefined;
}

/** Moves v strictly inside [l, u] (IPOPT's bound push). */
function push(v: number, l: number, u: number): number {
  const pl = Number.isFinite(u) ? Math.min(BOUND_PUSH * Math.max(1, Math.abs(l)), BOUND_PUSH * (u - l)) : BOUND_PUSH * Math.max(1, Math.abs(l));
  const pu = Number.isFinite(l) ? Math.min(BOUND_PUSH * Math.max(1, Math.abs(u)), BOUND_PUSH * (u - l)) : BOUND_PUSH * Math.max(1, Math.abs(u));
  let x = Number.isFinite(v) ? v : 0;
  if (Number.isFinite(l) && Number.isFinite(u) && u - l <= 0) return (l + u) / 2;
  if (Number.isFinite(l)) x = Math.max(x, l + pl);
  if (Number.isFinite(u)) x = Math.min(x, u - pu);
  return x;
}
