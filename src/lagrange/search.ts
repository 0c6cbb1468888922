/**
 * A numeric search of the feasible set, used only as evidence where no proof is
 * available (the feasible set is not known to be compact and the problem not known to
 * be convex): is there a feasible point, is there one better than every KKT point, and
 * does the objective run off to infinity?
 *
 * Method: the augmented Lagrangian method (multiplier updates, penalty ρ raised while
 * the violation does not fall) on s·f under the constraints and the box |x_i| ≤ R,
 * each subproblem minimised by BFGS with a backtracking line search, from seeded
 * starts (near the origin, across the box, the box's half-size corners, the KKT points).
 * Boxes of growing radius R show whether the best value settles (attained inside),
 * converges while the minimiser runs to the box edge (unattained) or keeps falling
 * (unbounded). Parameters must have numbers (parameter_values) for this search.
 */
import { compileGradient, type CompiledGradient } from '../compile/index.js';
import { num, substitute, type Expr } from '../expr/index.js';
import { seededRandom } from '../numeric/index.js';
import type { Problem } from './problem.js';

/** A feasible point the search found. */
export interface SearchPoint {
  readonly x: readonly number[];
  /** f(x) (not sense-normalised). */
  readonly objective: number;
  /** Max constraint violation at x. */
  readonly violation: number;
  /** |x_i| close to the box radius for some i. */
  readonly onBoundary: boolean;
}

/** The best feasible point per box radius. */
export interface SearchResult {
  readonly radii: readonly number[];
  /** Best feasible point per radius (undefined when none was found in that box). */
  readonly best: readonly (SearchPoint | undefined)[];
}

/** Compiled pieces of a problem with its parameters bound to numbers. */
interface Compiled {
  readonly n: number;
  readonly s: 1 | -1;
  readonly f: CompiledGradient;
  readonly eqs: CompiledGradient[];
  readonly ineqs: CompiledGradient[];
}

function compileProblem(problem: Problem, params: ReadonlyMap<string, number>): Compiled {
  const bind = (e: Expr): Expr => bindParams(e, params);
  const vars = problem.variables;
  return {
    n: vars.length,
    s: problem.sense === 'minimize' ? 1 : -1,
    f: compileGradient(bind(problem.objective), vars),
    eqs: problem.equalities.map((c) => compileGradient(bind(c.fn), vars)),
    ineqs: problem.inequalities.map((c) => compileGradient(bind(c.fn), vars)),
  };
}

function bindParams(e: Expr, params: ReadonlyMap<string, number>): Expr {
  if (params.size === 0) return e;
  return substitute(e, Object.fromEntries([...params].map(([k, v]) => [k, num(v)])));
}

/** Max violation of the constraints at x (box excluded). */
function violation(c: Compiled, x: Float64Array): number {
  let v = 0;
  const g = new Float64Array(c.n);
  for (const h of c.eqs) v = Math.max(v, Math.abs(h.valueAndGradient(x, g)));
  for (const q of c.ineqs) v = Math.max(v, q.valueAndGradient(x, g));
  return Number.isFinite(v) ? v : Infinity;
}

/** Multipliers and penalty of one augmented-Lagrangian stage. */
interface AlState {
  lambda: Float64Array;
  mu: Float64Array;
  rho: number;
  /** Scales dividing the objective and each constraint (their magnitudes at the start). */
  fScale: number;
  eqScale: Float64Array;
  ineqScale: Float64Array;
}

/**
 * The augmented Lagrangian (Rockafellar's form for inequalities) of s·f/fScale under
 * the scaled constraints, as a function of u with x = R·tanh(u) (so the iterates never
 * leave the box, and cubic objectives cannot run away inside a subproblem).
 */
function augmented(c: Compiled, R: number, st: AlState, withObjective: boolean) {
  const tmp = new Float64Array(c.n);
  const x = new Float64Array(c.n);
  const gx = new Float64Array(c.n);
  return (u: Float64Array, gu: Float64Array): number => {
    for (let i = 0; i < c.n; i++) x[i] = R * Math.tanh(u[i]!);
    gx.fill(0);
    let phi = 0;
    if (withObjective) {
      phi = (c.s * c.f.valueAndGradient(x, tmp)) / st.fScale;
      for (let i = 0; i < c.n; i++) gx[i]! += (c.s * tmp[i]!) / st.fScale;
    }
    const rho = st.rho;
    c.eqs.forEach((h, k) => {
      const sc = st.eqScale[k]!;
      const v = h.valueAndGradient(x, tmp) / sc;
      const w = st.lambda[k]! + rho * v;
      phi += st.lambda[k]! * v + 0.5 * rho * v * v;
      for (let i = 0; i < c.n; i++) gx[i]! += (w * tmp[i]!) / sc;
    });
    c.ineqs.forEach((q, k) => {
      const sc = st.ineqScale[k]!;
      const v = q.valueAndGradient(x, tmp) / sc;
      const m = st.mu[k]!;
      const w = Math.max(0, m + rho * v);
      phi += (w * w - m * m) / (2 * rho);
      if (w > 0) for (let i = 0; i < c.n; i++) gx[i]! += (w * tmp[i]!) / sc;
    });
    for (let i = 0; i < c.n; i++) {
      const t = Math.tanh(u[i]!);
      gu[i] = gx[i]! * R * (1 - t * t);
    }
    return Number.isFinite(phi) ? phi : Infinity;
  };
}

/** Runs the augmented-Lagrangian method from x0 (inside the box); returns the final x. */
function augmentedLagrangian(c: Compiled, R: number, x0: Float64Array, withObjective: boolean): Float64Array {
  const g = new Float64Array(c.n);
  const clip = (v: number): number => Math.atanh(Math.max(-0.999999, Math.min(0.999999, v / R)));
  let u: Float64Array = Float64Array.from(x0, clip);
  const xs = Float64Array.from(u, (v) => R * Math.tanh(v));
  const f0 = c.f.valueAndGradient(xs, g);
  const st: AlState = {
    lambda: new Float64Array(c.eqs.length),
    mu: new Float64Array(c.ineqs.length),
    rho: 10,
    fScale: 1 + (Number.isFinite(f0) ? Math.abs(f0) : 0),
    eqScale: Float64Array.from(c.eqs, (h) => 1 + Math.abs(h.valueAndGradient(xs, g)) || 1),
    ineqScale: Float64Array.from(c.ineqs, (q) => 1 + Math.abs(q.valueAndGradient(xs, g)) || 1),
  };
  let lastViolation = Infinity;
  const x = new Float64Array(c.n);
  for (let outer = 0; outer < 25; outer++) {
    u = bfgs(augmented(c, R, st, withObjective), u, 150);
    for (let i = 0; i < c.n; i++) x[i] = R * Math.tanh(u[i]!);
    let viol = 0;
    c.eqs.forEach((h, k) => {
      const v = h.valueAndGradient(x, g) / st.eqScale[k]!;
      st.lambda[k] = st.lambda[k]! + st.rho * v;
      viol = Math.max(viol, Math.abs(v));
    });
    c.ineqs.forEach((q, k) => {
      const v = q.valueAndGradient(x, g) / st.ineqScale[k]!;
      st.mu[k] = Math.max(0, st.mu[k]! + st.rho * v);
      viol = Math.max(viol, v);
    });
    if (!Number.isFinite(viol)) break;
    if (viol <= 1e-12) break;
    if (viol > 0.25 * lastViolation) st.rho = Math.min(st.rho * 10, 1e10);
    lastViolation = viol;
  }
  return Float64Array.from(u, (v) => R * Math.tanh(v));
}

/** BFGS with Armijo backtracking; returns the final point. */
function bfgs(fn: (u: Float64Array, g: Float64Array) => number, u0: Float64Array, maxIter: number): Float64Array {
  const n = u0.length;
  let u = Float64Array.from(u0);
  let g = new Float64Array(n);
  let f = fn(u, g);
  if (!Number.isFinite(f)) return u;
  let Hinv = identity(n);
  const d = new Float64Array(n);
  const un = new Float64Array(n);
  const gn = new Float64Array(n);
  for (let it = 0; it < maxIter; it++) {
    let gnorm = 0;
    for (let i = 0; i < n; i++) gnorm = Math.max(gnorm, Math.abs(g[i]!));
    if (gnorm < 1e-12 * (1 + Math.abs(f))) break;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= Hinv[i]![j]! * g[j]!;
      d[i] = s;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * d[i]!;
    if (!(slope < 0)) {
      Hinv = identity(n);
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -g.reduce((s, v) => s + v * v, 0);
    }
    let t = 1;
    let fn2 = Infinity;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < n; i++) un[i] = u[i]! + t * d[i]!;
      fn2 = fn(un, gn);
      if (Number.isFinite(fn2) && fn2 <= f + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(Number.isFinite(fn2) && fn2 <= f + 1e-4 * t * slope)) break;
    // BFGS update of the inverse Hessian.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = un[i]! - u[i]!;
      y[i] = gn[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    const improvement = f - fn2;
    u = Float64Array.from(un);
    g = Float64Array.from(gn);
    f = fn2;
    if (sy > 1e-300) {
      const Hy = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Hy[i]! += Hinv[i]![j]! * y[j]!;
      let yHy = 0;
      for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          Hinv[i]![j] = Hinv[i]![j]! + ((sy + yHy) * s[i]! * s[j]!) / (sy * sy) - (Hy[i]! * s[j]! + s[i]! * Hy[j]!) / sy;
        }
      }
    }
    if (improvement <= 1e-15 * (1 + Math.abs(f)) && t < 1e-8) break;
  }
  return u;
}

function identity(n: number): number[][] {
  return [...Array(n)].map((_, i) => [...Array(n)].map((_, j) => (i === j ? 1 : 0)));
}

/** Options of the search. */
export interface SearchOptions {
  readonly radii?: readonly number[];
  readonly starts?: number;
  readonly seed?: number;
  /** Extra starting points (e.g. the KKT points). */
  readonly seeds?: readonly (readonly number[])[];
  /** Search for feasibility only (minimise the violation). */
  readonly feasibilityOnly?: boolean;
  /** Tolerance on the violation for a point to count as feasible. */
  readonly feasibilityTol?: number;
}

/** Runs the augmented-Lagrangian search in boxes of growing radius. Parameters must have values in `params`. */
export function searchFeasibleSet(problem: Problem, params: ReadonlyMap<string, number>, options: SearchOptions = {}): SearchResult {
  const c = compileProblem(problem, params);
  const radii = options.radii ?? [10, 100, 1000, 10000];
  const rand = seededRandom(options.seed ?? 11);
  const starts = options.starts ?? 12;
  const tol = options.feasibilityTol ?? 1e-7;
  const best: (SearchPoint | undefined)[] = [];
  for (const R of radii) {
    let top: SearchPoint | undefined;
    const initial: Float64Array[] = [];
    for (const p of options.seeds ?? []) {
      if (p.every((v) => Number.isFinite(v) && Math.abs(v) <= R)) initial.push(Float64Array.from(p));
    }
    for (let k = 0; k < starts; k++) {
      // Starts spread over scales: near the origin, at a tenth of the box, across the box.
      const scale = k % 3 === 0 ? Math.min(1, R) : k % 3 === 1 ? R / 10 : R * 0.9;
      initial.push(Float64Array.from({ length: c.n }, () => (rand() * 2 - 1) * scale));
    }
    if (c.n <= 3 && starts > 0) {
      // The box's corners at half its size: where polynomial objectives run off.
      for (let mask = 0; mask < 1 << c.n; mask++) {
        initial.push(Float64Array.from({ length: c.n }, (_, i) => ((mask >> i) & 1 ? 0.5 : -0.5) * R));
      }
    }
    for (const x0 of initial) {
      const x = augmentedLagrangian(c, R, x0, !options.feasibilityOnly);
      const viol = violation(c, x);
      if (!(viol <= tol * Math.max(1, maxAbs(x)))) continue;
      if (maxAbs(x) > R * (1 + 1e-6)) continue;
      const g = new Float64Array(c.n);
      const fval = c.f.valueAndGradient(x, g);
      // Overflow of the objective (exp(1000)*x) says nothing about feasibility: a feasibility
      // search keeps the point; an objective search cannot rank it.
      if (!Number.isFinite(fval) && !options.feasibilityOnly) continue;
      const point: SearchPoint = { x: [...x], objective: fval, violation: viol, onBoundary: maxAbs(x) > 0.98 * R };
      if (!top || c.s * fval < c.s * top.objective) top = point;
      if (options.feasibilityOnly) break;
    }
    best.push(top);
    if (options.feasibilityOnly && top) break;
  }
  return { radii, best };
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
