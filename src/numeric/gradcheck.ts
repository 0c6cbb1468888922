/**
 * gradcheck: symbolic (or any analytic) gradients against central differences.
 *
 * Steps and their error analysis are in `differences.ts`.
 *
 * Verdict. Component i passes when
 *     |symbolic_i − numeric_i| ≤ atol + rtol·|numeric_i| + noise_i,
 * the allclose test of torch.autograd.gradcheck (its defaults: eps = 1e-6, atol = 1e-5,
 * rtol = 1e-3; https://docs.pytorch.org/docs/stable/generated/torch.autograd.gradcheck.gradcheck.html)
 * plus a rounding allowance noise_i = 4ε(|f(x+h)| + |f(x−h)|)/(2h_i): the error that
 * evaluating f to a few ulps puts into the quotient, so that a correct gradient of a
 * function with a large value (exp(20) + x) is not reported as wrong. Our defaults,
 * atol = 1e-6 and rtol = 1e-4, are ten times tighter than torch's: the scaled step makes
 * the numeric error about 1e-10 relative for well-scaled functions, and rtol = 1e-4
 * still admits |f'''/f'| up to about 1.6e7 at the default step before truncation alone
 * could fail a correct gradient. A wrong derivative is typically off by order one.
 * `rel_error` is |symbolic − numeric| / max(|symbolic|, |numeric|) (0 when both are 0).
 */
import { compile, compileGradient, compileHessian, type Variable } from '../compile/index.js';
import type { Expr } from '../expr/index.js';
import { Mt19937 } from './optimizers/random.js';
import {
  DEFAULT_ATOL,
  DEFAULT_RTOL,
  columnDifference,
  columnScratch,
  difference,
  stepFor,
  type DifferenceOptions,
  type ScalarFunction,
  type VectorFunction,
} from './differences.js';
/** A function with an analytic gradient, as closures (e.g. from compileGradient). */
export interface ClosureTarget {
  readonly f: ScalarFunction;
  /** Writes ∇f(x) into out. */
  readonly gradient: VectorFunction;
  /** Names of the components, for the report (default x0, x1, ...). */
  readonly names?: readonly string[];
}
/** An expression and its variables: f and its symbolic gradient are compiled. */
export interface ExprTarget {
  readonly expr: Expr;
  readonly vars: readonly Variable[];
}
/**
 * An expression and a gradient someone else wrote (one expression per variable, in the
 * order of `vars`): the claimed gradient is checked, not ours.
 */
export interface ClaimedGradientTarget extends ExprTarget {
  readonly claimed: readonly Expr[];
}
/** What gradcheck checks. */
export type GradcheckTarget = ClosureTarget | ExprTarget | ClaimedGradientTarget;

/** Options of gradcheck and directionalCheck. */
export interface GradcheckOptions extends DifferenceOptions {
  /** Absolute tolerance (default DEFAULT_ATOL = 1e-6). */
  readonly atol?: number;
  /** Relative tolerance (default DEFAULT_RTOL = 1e-4). */
  readonly rtol?: number;
}

/** One value checked against its central difference, under the verdict rule of the module comment. */
export interface CheckedValue {
  /** The analytic value (symbolic, claimed or given as a closure). */
  readonly symbolic: number;
  /** The central difference. */
  readonly numeric: number;
  readonly abs_error: number;
  readonly rel_error: number;
  /** atol + rtol·|numeric| + noise: the bound abs_error was held to. */
  readonly tolerance: number;
  /** Estimated rounding error of the numeric value. */
  readonly noise: number;
  readonly ok: boolean;
}

/** One component of a gradcheck (field names as in INTERFACE.md's `gradcheck` output). */
export interface GradcheckComponent extends CheckedValue {
  readonly wrt: string;
  /** The step h_i used. */
  readonly step: number;
}

/** The report of a gradcheck. */
export interface GradcheckResult {
  readonly ok: boolean;
  readonly max_abs_error: number;
  readonly max_rel_error: number;
  readonly components: readonly GradcheckComponent[];
  readonly atol: number;
  readonly rtol: number;
  readonly richardson: boolean;
  /** Evaluations of f spent on the differences. */
  readonly evaluations: number;
}

function resolve(target: GradcheckTarget): { f: ScalarFunction; gradient: VectorFunction; names: readonly string[] } {
  if ('claimed' in target) {
    if (target.claimed.length !== target.vars.length) {
      throw new RangeError(`the claimed gradient has ${target.claimed.length} components, expected ${target.vars.length} (one per variable)`);
    }
    const value = compile([target.expr], target.vars);
    const claimed = compile(target.claimed, target.vars);
    const out = new Float64Array(1);
    return { f: (x) => value.evaluate(x, out)[0]!, gradient: (x, g) => claimed.evaluate(x, g as Float64Array), names: value.variables };
  }
  if ('expr' in target) {
    const value = compile([target.expr], target.vars);
    const grad = compileGradient(target.expr, target.vars);
    const out = new Float64Array(1);
    return {
      f: (x) => value.evaluate(x, out)[0]!,
      gradient: (x, g) => grad.gradient(x, g),
      names: value.variables,
    };
  }
  return { f: target.f, gradient: target.gradient, names: target.names ?? [] };
}

function toPoint(at: ArrayLike<number> | Readonly<Record<string, number>>, names: readonly string[]): Float64Array {
  if (typeof (at as ArrayLike<number>).length === 'number') return Float64Array.from(at as ArrayLike<number>);
  const rec = at as Readonly<Record<string, number>>;
  if (names.length === 0) throw new TypeError('a point given by name needs the names of the variables');
  return Float64Array.from(names, (n) => {
    const v = Object.prototype.hasOwnProperty.call(rec, n) ? rec[n] : undefined;
    if (typeof v !== 'number') throw new RangeError(`no value given for "${n}"`);
    return v;
  });
}

function relativeError(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  const err = Math.abs(a - b);
  return scale === 0 ? 0 : err / scale;
}

function tolerances(options: GradcheckOptions): { atol: number; rtol: number } {
  const atol = options.atol ?? DEFAULT_ATOL;
  const rtol = options.rtol ?? DEFAULT_RTOL;
  if (!(atol >= 0) || !(rtol >= 0)) throw new RangeError(`tolerances must be non-negative, got atol=${atol}, rtol=${rtol}`);
  return { atol, rtol };
}

/** The verdict on one value: |symbolic − numeric| ≤ atol + rtol·|numeric| + noise (see the module comment). */
function verdict(symbolic: number, numeric: number, noise: number, atol: number, rtol: number): Pick<CheckedValue, 'abs_error' | 'rel_error' | 'tolerance' | 'ok'> {
  const absError = Math.abs(symbolic - numeric);
  const tolerance = atol + rtol * Math.abs(numeric) + noise;
  // NaN anywhere fails: a comparison with NaN is false.
  return { abs_error: absError, rel_error: relativeError(symbolic, numeric), tolerance, ok: absError <= tolerance };
}

/** The totals of a report over its checked values. */
function totals(checked: readonly CheckedValue[]): { ok: boolean; max_abs_error: number; max_rel_error: number } {
  return {
    ok: checked.every((c) => c.ok),
    max_abs_error: checked.reduce((m, c) => Math.max(m, c.abs_error), 0),
    max_rel_error: checked.reduce((m, c) => Math.max(m, c.rel_error), 0),
  };
}

/**
 * Checks an analytic gradient against central differences, component by component
 * (2n evaluations of f, 4n with Richardson). `at` is a point (array in variable order,
 * or an object by name).
 */
export function gradcheck(target: GradcheckTarget, at: ArrayLike<number> | Readonly<Record<string, number>>, options: GradcheckOptions = {}): GradcheckResult {
  const { f, gradient, names } = resolve(target);
  const x = toPoint(at, names);
  const { atol, rtol } = tolerances(options);
  const richardson = options.richardson ?? false;
  const symbolic = new Float64Array(x.length);
  gradient(x, symbolic);
  const work = new Float64Array(x.length);
  const components: GradcheckComponent[] = [];
  for (let i = 0; i < x.length; i++) {
    const d = difference(f, x, i, stepFor(x[i]!, i, options), richardson, work);
    const s = symbolic[i]!;
    const { abs_error, rel_error, tolerance, ok } = verdict(s, d.value, d.noise, atol, rtol);
    components.push({ wrt: names[i] ?? `x${i}`, symbolic: s, numeric: d.value, abs_error, rel_error, tolerance, noise: d.noise, step: d.step, ok });
  }
  return { ...totals(components), components, atol, rtol, richardson, evaluations: x.length * (richardson ? 4 : 2) };
}

/** Options of the directional check. */
export interface DirectionalOptions extends GradcheckOptions {
  /** Seed of the random direction (default 0). */
  readonly seed?: number;
  /** A direction to use instead of a random one (normalised to unit length). */
  readonly direction?: ArrayLike<number>;
}

/** The report of a directional check. */
export interface DirectionalResult extends CheckedValue {
  /** The unit direction v. */
  readonly direction: Float64Array;
  /** ∇f(x)·v from the analytic gradient (`symbolic`); (f(x + hv) − f(x − hv)) / 2h, Richardson-extrapolated with the option (`numeric`). */
  readonly step: number;
  /** Evaluations of f: 2 (4 with Richardson), whatever the dimension. */
  readonly evaluations: number;
}

// Loops rather than Math.hypot(...v): spreading thousands of arguments is slow and capped.
function euclidean(v: Float64Array): number {
  let m = 0;
  for (const c of v) m = Math.max(m, Math.abs(c));
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (const c of v) s += (c / m) * (c / m);
  return m * Math.sqrt(s);
}

/** A seeded random unit vector (normal deviates, normalised): uniform on the sphere. */
export function randomUnitVector(n: number, seed = 0): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`dimension must be a positive integer, got ${n}`);
  const rng = new Mt19937(seed);
  const v = rng.normals(n);
  const norm = euclidean(v);
  return v.map((c) => c / norm);
}

/**
 * Checks the gradient along one random direction: ∇f·v against the central difference
 * of f along v. Two evaluations of f instead of 2n, so it scales to many variables; a
 * wrong component is caught unless v happens to be orthogonal to the error, which has
 * probability zero for a random v (repeat with other seeds to be thorough).
 * The step is h = ε^(1/3)·max(1, max_i |x_i|) (ε^(1/5)·... with Richardson).
 */
export function directionalCheck(target: GradcheckTarget, at: ArrayLike<number> | Readonly<Record<string, number>>, options: DirectionalOptions = {}): DirectionalResult {
  const { f, gradient, names } = resolve(target);
  const x = toPoint(at, names);
  const { atol, rtol } = tolerances(options);
  let v: Float64Array;
  if (options.direction) {
    if (options.direction.length !== x.length) throw new RangeError(`direction has ${options.direction.length} components, expected ${x.length}`);
    v = Float64Array.from(options.direction);
    const norm = euclidean(v);
    if (!(norm > 0) || !Number.isFinite(norm)) throw new RangeError('direction must be a non-zero finite vector');
    v = v.map((c) => c / norm);
  } else v = randomUnitVector(x.length, options.seed ?? 0);
  let scale = 1;
  for (const xi of x) scale = Math.max(scale, Math.abs(xi));
  const h = stepFor(scale, -1, options);
  const richardson = options.richardson ?? false;
  const g = new Float64Array(x.length);
  gradient(x, g);
  let symbolic = 0;
  for (let i = 0; i < x.length; i++) symbolic += g[i]! * v[i]!;
  const d = difference(f, x, v, h, richardson, new Float64Array(x.length));
  const { abs_error, rel_error, tolerance, ok } = verdict(symbolic, d.value, d.noise, atol, rtol);
  return {
    ok,
    direction: v,
    symbolic,
    numeric: d.value,
    abs_error,
    rel_error,
    tolerance,
    noise: d.noise,
    step: h,
    evaluations: richardson ? 4 : 2,
  };
}

/** A gradient and a Hessian to check against central differences of that gradient. */
export type HessianTarget =
  | (ExprTarget & {
      /** A Hessian someone else wrote, rows in the order of `vars` (default: ours, symbolic). */
      readonly claimed?: readonly (readonly Expr[])[];
    })
  | {
      /** Writes ∇f(x) into out. */
      readonly gradient: VectorFunction;
      /** Writes the Hessian, row-major (n×n), into out. */
      readonly hessian: VectorFunction;
      readonly names?: readonly string[];
    };

/** One entry of a Hessian check. */
export interface HessianEntry extends CheckedValue {
  readonly row: string;
  readonly col: string;
}

/** The report of a Hessian check (same verdict rule as gradcheck, entry by entry). */
export interface HessianCheckResult {
  readonly ok: boolean;
  readonly max_abs_error: number;
  readonly max_rel_error: number;
  /** Row-major, n×n. */
  readonly entries: readonly HessianEntry[];
  readonly atol: number;
  readonly rtol: number;
  readonly richardson: boolean;
  /** Evaluations of the gradient spent on the differences. */
  readonly evaluations: number;
}

/**
 * Checks a Hessian against central differences of the gradient, column by column
 * (2n gradient evaluations, 4n with Richardson): entry (r, i) is compared with
 * (g_r(x + h_i e_i) − g_r(x − h_i e_i)) / 2h_i under the tolerance rule of gradcheck.
 * With an expression target the gradient is ours (symbolic, compiled) and the Hessian
 * ours or the claimed one.
 */
export function hessianCheck(target: HessianTarget, at: ArrayLike<number> | Readonly<Record<string, number>>, options: GradcheckOptions = {}): HessianCheckResult {
  let gradientOf: VectorFunction;
  let hessianOf: VectorFunction;
  let names: readonly string[];
  if ('expr' in target) {
    const grad = compileGradient(target.expr, target.vars);
    names = grad.variables;
    gradientOf = (x, g) => grad.gradient(x, g as Float64Array);
    if (target.claimed) {
      const n = target.vars.length;
      if (target.claimed.length !== n || target.claimed.some((row) => row.length !== n)) {
        throw new RangeError(`the claimed Hessian must be ${n}×${n} (one row and one column per variable)`);
      }
      const claimed = compile(target.claimed.flat(), target.vars);
      hessianOf = (x, out) => claimed.evaluate(x, out as Float64Array);
    } else {
      const hess = compileHessian(target.expr, target.vars);
      hessianOf = (x, out) => hess.evaluate(x, out as Float64Array);
    }
  } else {
    gradientOf = target.gradient;
    hessianOf = target.hessian;
    names = target.names ?? [];
  }
  const x = toPoint(at, names);
  const n = x.length;
  const { atol, rtol } = tolerances(options);
  const richardson = options.richardson ?? false;
  const H = new Float64Array(n * n);
  hessianOf(x, H);
  const scratch = columnScratch(n, n);
  const numeric = new Float64Array(n * n);
  const noise = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const col = columnDifference(gradientOf, x, i, stepFor(x[i]!, i, options), richardson, scratch);
    for (let r = 0; r < n; r++) {
      numeric[r * n + i] = col.values[r]!;
      noise[r * n + i] = col.noise[r]!;
    }
  }
  const entries: HessianEntry[] = [];
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) {
      const k = r * n + i;
      const { abs_error, rel_error, tolerance, ok } = verdict(H[k]!, numeric[k]!, noise[k]!, atol, rtol);
      entries.push({ row: names[r] ?? `x${r}`, col: names[i] ?? `x${i}`, symbolic: H[k]!, numeric: numeric[k]!, abs_error, rel_error, tolerance, noise: noise[k]!, ok });
    }
  }
  return { ...totals(entries), entries, atol, rtol, richardson, evaluations: n * (richardson ? 4 : 2) };
}
