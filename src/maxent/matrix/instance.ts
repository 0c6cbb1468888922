/**
 * The instance check of the matrix route (`instance_check`): with numbers for the
 * dimensions and parameters, the closed forms are evaluated and the density is checked
 * three ways, none of which reads the multipliers' derivation:
 *  - identity: log p, evaluated from the printed density at 1 + n + n(n+1)/2 points, is
 *    fitted exactly by a quadratic c + b'*y - y'*A*y/2 (checked at further random points);
 *    the Gaussian integral and its moments (the named rules) then give ∫p, E[x] and
 *    E[(x - c)*(x - c)'] from A, b, c alone;
 *  - quadrature (n = 1, 2): adaptive Gauss–Kronrod, nested for n = 2;
 *  - Monte Carlo (every n): importance sampling from N(m, 2*Σ) drawn with the input's
 *    numbers, 6 standard errors allowed;
 *  - n = 1: the same problem through the scalar maxent route, multipliers compared.
 */
import { compileMatrix, evaluateMatrix, fromDense, InstanceError, resolveDim, toDense, type Dense, type Instance, type MatrixValue } from '../../compile/matrix/index.js';
import { InputError } from '../../input/index.js';
import { cholesky, integrateVector, seededRandom, luSolve } from '../../numeric/index.js';
import { isScalarShape, type MExpr } from '../../expr/matrix/index.js';
import { readMaxentProblem } from '../problem.js';
import { solveMaxent } from '../solve.js';
import { inline, proseToText, tex, type Prose } from '../../document/index.js';
import type { MatrixMaxentResult } from './solve.js';

// The formulas the check descriptions name, typeset on the page (the JSON keeps their text).
const BX = '\\boldsymbol{x}';
const BC = '\\boldsymbol{c}';
const MASS = tex('integral of p dx = 1', `\\int p\\,d${BX} = 1`);
const MEAN = tex('E[x]', `\\mathbb{E}[${BX}]`);
const SECOND = tex("E[(x - c)*(x - c)']", `\\mathbb{E}\\left[(${BX} - ${BC})(${BX} - ${BC})^{\\top}\\right]`);

/** One comparison of a computed figure with its target. */
export interface InstanceFigure {
  readonly what: string;
  /** The description with its formulas as math items (for pages; not part of the JSON). */
  readonly prose?: Prose;
  /** Largest absolute deviation over the entries, relative to max(1, |target|). */
  readonly error: number;
  readonly tolerance: number;
  readonly ok: boolean;
}

/** The check of one instance. */
export interface MaxentInstanceCheck {
  readonly dimensions: Readonly<Record<string, number>>;
  readonly n: number;
  /** The closed forms at the instance (multipliers, mean, covariance). */
  readonly values: Readonly<Record<string, MatrixValue>>;
  /** Σ at the instance has a Cholesky factor (always true in a check: otherwise the outcome is infeasible). */
  readonly covariance_positive_definite: boolean;
  readonly identity: readonly InstanceFigure[];
  readonly quadrature?: readonly InstanceFigure[];
  readonly monte_carlo: readonly InstanceFigure[];
  readonly monte_carlo_samples: number;
  /** n = 1: the scalar maxent route's multipliers against the matrix route's. */
  readonly scalar_path?: readonly InstanceFigure[];
  readonly passed: boolean;
}

/** The result of checking an instance: a check, or a reason there is no density (Σ not positive definite). */
export type InstanceOutcome = { readonly check: MaxentInstanceCheck } | { readonly infeasible: string };

const MC_SAMPLES = 20000;

function figure(description: string | Prose, got: ArrayLike<number>, want: ArrayLike<number>, tolerance: number | ArrayLike<number>): InstanceFigure {
  let error = 0;
  let ok = true;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!));
    error = Math.max(error, e);
    const tol = typeof tolerance === 'number' ? tolerance : tolerance[i]!;
    if (!(e <= tol)) ok = false;
  }
  const what = proseToText(description);
  return { what, ...(typeof description === 'string' ? {} : { prose: description }), error, tolerance: typeof tolerance === 'number' ? tolerance : Math.max(...Array.from(tolerance)), ok };
}

/** The instance of the problem, or undefined when it gives no numbers. */
export function maxentInstance(r: MatrixMaxentResult): Instance | undefined {
  const p = r.problem;
  // numbers for the parameters make an instance (dimensions alone leave the answer symbolic)
  if (!p.parameterValues && (p.parameters.length > 0 || !p.dimensions)) return undefined;
  return { dims: p.dimensions ?? {}, values: (p.parameterValues ?? {}) as Record<string, MatrixValue> };
}

/** Values of the declared parameters, checked against their shapes and properties (bad input otherwise). */
function checkedValues(r: MatrixMaxentResult, inst: Instance): Record<string, Dense | number> {
  const out: Record<string, Dense | number> = {};
  for (const name of r.problem.parameters) {
    const decl = r.problem.declarations.symbols.get(name)!;
    const v = inst.values[name];
    if (v === undefined) continue;
    let d: Dense;
    try {
      d = toDense(name, v, resolveDim(decl.shape.rows, inst.dims), resolveDim(decl.shape.cols, inst.dims));
    } catch (err) {
      if (err instanceof InstanceError) throw new InputError(err.message, `parameter_values.${name}`, JSON.stringify(v)?.slice(0, 80));
      throw err;
    }
    if (![...d.data].every(Number.isFinite)) throw new InputError('expected finite numbers', `parameter_values.${name}`, JSON.stringify(v)?.slice(0, 80));
    const props = decl.props;
    if (props.includes('symmetric') && !symmetric(d)) throw new InputError(`'${name}' is declared symmetric but its value is not`, `parameter_values.${name}`, JSON.stringify(v)?.slice(0, 80));
    if (props.includes('positive_definite') && !cholesky(d.data, d.rows)) throw new InputError(`'${name}' is declared positive definite but its value is not`, `parameter_values.${name}`, JSON.stringify(v)?.slice(0, 80));
    out[name] = isScalarShape(decl.shape) ? d.data[0]! : d;
  }
  return out;
}

function symmetric(d: Dense): boolean {
  const n = d.rows;
  if (d.cols !== n) return false;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (Math.abs(d.data[i * n + j]! - d.data[j * n + i]!) > 1e-12 * (1 + Math.abs(d.data[i * n + j]!))) return false;
  return true;
}

/** Evaluates the closed forms on the instance and checks the density; throws InputError for values that do not fit. */
export function checkMaxentInstance(r: MatrixMaxentResult): InstanceOutcome | undefined {
  const inst = maxentInstance(r);
  if (!inst || r.status !== 'optimal') return undefined;
  const p = r.problem;
  const dims = inst.dims;
  let n: number;
  try {
    n = resolveDim(p.dim, dims);
  } catch (err) {
    if (err instanceof InstanceError) throw new InputError(err.message, 'dimensions', JSON.stringify(dims));
    throw err;
  }
  const values = checkedValues(r, inst);
  const missing = p.parameters.filter((k) => values[k] === undefined);
  if (missing.length) throw new InputError(`an instance needs a value for every parameter; missing: ${missing.join(', ')}`, 'parameter_values', JSON.stringify(Object.keys(inst.values)));
  const at: Instance = { dims, values };
  const ev = (e: MExpr): Dense => evaluateMatrix(e, at);
  const cov = ev(r.covariance!);
  if (!symmetric(cov)) return { infeasible: `the covariance ${r.covariance ? 'matrix' : ''} of this instance is not symmetric, but E[(x - c)*(x - c)'] always is: no density has these moments` };
  if (!cholesky(cov.data, n)) return { infeasible: 'the covariance of this instance is not positive definite: no density on R^n has it (a singular covariance confines x to a subspace, where no density exists)' };
  const mean = ev(r.mean!);
  const centre = ev(r.gaussian!.centre);
  const second = ev(r.gaussian!.second);
  const out: Record<string, MatrixValue> = {};
  for (const m of r.multipliers) out[m.name] = fromDense(ev(m.value));
  out['mean'] = fromDense(mean);
  out['covariance'] = fromDense(cov);

  // The density as a compiled function of x (the parameters fixed).
  const x = p.variableName;
  const inputs = [x, ...p.parameters];
  const compiled = compileMatrix([r.density!], inputs, dims);
  const fixed = p.parameters.map((k) => {
    const v = values[k]!;
    return typeof v === 'number' ? v : v.data;
  });
  const xbuf = new Float64Array(n);
  const args: (Float64Array | number)[] = [xbuf, ...fixed];
  const density = (pt: ArrayLike<number>): number => {
    for (let i = 0; i < n; i++) xbuf[i] = pt[i]!;
    return compiled.evaluate(args)[0]![0]!;
  };
  // Targets: ∫p = 1, E[x] = m (when constrained), E[(x - c)(x - c)'] = S.
  const targets = { mean: r.gaussian!.mean ? mean.data : undefined, second: second.data };
  const identity = identityFigures(density, n, mean.data, cov.data, centre.data, targets);
  // The multipliers and the density agree: log p = lambda_0 - 1 + lambda_1'*x + (x - c)'*Lambda_2*(x - c) (stationarity).
  const multValues: Record<string, Dense | number> = { ...values };
  for (const m of r.multipliers) {
    const d = ev(m.value);
    multValues[m.name] = m.name === 'lambda_0' ? d.data[0]! : d;
  }
  const rand = seededRandom(11);
  let gap = 0;
  for (let k = 0; k < 5; k++) {
    const pt = Array.from({ length: n }, (_, i) => mean.data[i]! + (2 * rand() - 1) * Math.sqrt(cov.data[i * n + i]!));
    const want = evaluateMatrix(r.exponent!, { dims, values: { ...multValues, [x]: { rows: n, cols: 1, data: Float64Array.from(pt) } } }).data[0]!;
    gap = Math.max(gap, Math.abs(Math.log(density(pt)) - want) / Math.max(1, Math.abs(want)));
  }
  const stationary = inline`the density is ${tex("exp(lambda_0 - 1 + lambda_1'*x + (x - c)'*Lambda_2*(x - c))", `\\exp\\left(\\lambda_{0} - 1 + \\boldsymbol{\\lambda}_{1}^{\\top}${BX} + (${BX} - ${BC})^{\\top}\\boldsymbol{\\Lambda}_{2}(${BX} - ${BC})\\right)`)} at the multipliers' values (stationarity, 5 points)`;
  identity.unshift({ what: proseToText(stationary), prose: stationary, error: gap, tolerance: 1e-10, ok: gap <= 1e-10 });
  const quadrature = n <= 2 ? quadratureFigures(density, n, mean.data, cov.data, centre.data, targets) : undefined;
  const monte = monteCarloFigures(density, n, mean.data, cov.data, centre.data, targets);
  const scalar = n === 1 ? scalarPathFigures(r, out, mean.data[0]!, centre.data[0]!, second.data[0]!) : undefined;
  const all = [...identity, ...(quadrature ?? []), ...monte, ...(scalar ?? [])];
  return {
    check: {
      dimensions: dims,
      n,
      values: out,
      covariance_positive_definite: true,
      identity,
      ...(quadrature ? { quadrature } : {}),
      monte_carlo: monte,
      monte_carlo_samples: MC_SAMPLES,
      ...(scalar ? { scalar_path: scalar } : {}),
      passed: all.every((f) => f.ok),
    },
  };
}

interface Targets {
  readonly mean?: ArrayLike<number>;
  readonly second: ArrayLike<number>;
}

/** E[(x - c)(x - c)'] from a mean and covariance: Σ + (m - c)(m - c)'. */
function secondAbout(mean: ArrayLike<number>, cov: ArrayLike<number>, c: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = cov[i * n + j]! + (mean[i]! - c[i]!) * (mean[j]! - c[j]!);
  return out;
}

/**
 * The density's quadratic exponent recovered from values of log p, then the Gaussian
 * integral identities applied to it. Coordinates y = (x - m0)/h, h from the diagonal of
 * Σ, so that the points sit where the density lives.
 */
function identityFigures(density: (x: ArrayLike<number>) => number, n: number, m0: ArrayLike<number>, cov: ArrayLike<number>, c: ArrayLike<number>, t: Targets): InstanceFigure[] {
  let h = Infinity;
  for (let i = 0; i < n; i++) h = Math.min(h, Math.sqrt(cov[i * n + i]!));
  const logp = (y: ArrayLike<number>): number => Math.log(density(Array.from({ length: n }, (_, i) => m0[i]! + h * y[i]!)));
  const unit = (i: number, s: number, j = -1, s2 = 0): number[] => Array.from({ length: n }, (_, k) => (k === i ? s : 0) + (k === j ? s2 : 0));
  const c0 = logp(new Array(n).fill(0));
  const b = new Float64Array(n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const fp = logp(unit(i, 1));
    const fm = logp(unit(i, -1));
    b[i] = (fp - fm) / 2;
    A[i * n + i] = -(fp + fm - 2 * c0);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const f = logp(unit(i, 1, j, 1));
      // f = c0 + b_i + b_j - (A_ii + A_jj + 2*A_ij)/2
      const aij = -(f - c0 - b[i]! - b[j]!) - (A[i * n + i]! + A[j * n + j]!) / 2;
      A[i * n + j] = aij;
      A[j * n + i] = aij;
    }
  }
  // The exponent is that quadratic: compare at random points.
  const rand = seededRandom(7);
  let fit = 0;
  for (let k = 0; k < 5; k++) {
    const y = Array.from({ length: n }, () => 4 * rand() - 2);
    let q = c0;
    for (let i = 0; i < n; i++) {
      q += b[i]! * y[i]!;
      for (let j = 0; j < n; j++) q -= (A[i * n + j]! * y[i]! * y[j]!) / 2;
    }
    fit = Math.max(fit, Math.abs(q - logp(y)) / Math.max(1, Math.abs(q)));
  }
  const figures: InstanceFigure[] = [{ what: 'log p is a quadratic in x (fit at 5 further points)', error: fit, tolerance: 1e-8, ok: fit <= 1e-8 }];
  const L = cholesky(A, n);
  if (!L) return [...figures, { what: 'the quadratic form of the exponent is negative definite', error: Infinity, tolerance: 0, ok: false }];
  let logDetA = 0;
  for (let i = 0; i < n; i++) logDetA += 2 * Math.log(L[i * n + i]!);
  const Ainv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const col = luSolve(A, n, unit(j, 1));
    for (let i = 0; i < n; i++) Ainv[i * n + j] = col[i]!;
  }
  const Ab = luSolve(A, n, b);
  let bAb = 0;
  for (let i = 0; i < n; i++) bAb += b[i]! * Ab[i]!;
  // ∫p dx = h^n ∫ exp(c0 + b'y - y'Ay/2) dy (rule gaussian-integral-rn)
  const logMass = n * Math.log(h) + c0 + (n / 2) * Math.log(2 * Math.PI) - logDetA / 2 + bAb / 2;
  const meanX = Array.from({ length: n }, (_, i) => m0[i]! + h * Ab[i]!);
  const covX = Array.from(Ainv, (v) => h * h * v);
  figures.push(figure(inline`${MASS} by the Gaussian integral (gaussian-integral-rn)`, [Math.exp(logMass)], [1], 1e-9));
  if (t.mean) figures.push(figure(inline`${tex('E[x] = inv(A)*b', `\\mathbb{E}[${BX}] = \\boldsymbol{A}^{-1}\\boldsymbol{b}`)} equals the constrained mean (gaussian-moments-rn)`, meanX, t.mean, 1e-9));
  figures.push(figure(inline`${tex(`${SECOND.text} = inv(A) + (E[x] - c)*(E[x] - c)'`, `${SECOND.latex} = \\boldsymbol{A}^{-1} + (\\mathbb{E}[${BX}] - ${BC})(\\mathbb{E}[${BX}] - ${BC})^{\\top}`)} equals the constrained second moment (gaussian-moments-rn)`, secondAbout(meanX, covX, c, n), t.second, 1e-8));
  return figures;
}

/** ∫p, E[x], E[(x - c)(x - c)'] by adaptive quadrature (nested for n = 2). */
function quadratureFigures(density: (x: ArrayLike<number>) => number, n: number, m0: ArrayLike<number>, cov: ArrayLike<number>, c: ArrayLike<number>, t: Targets): InstanceFigure[] {
  const sd = (i: number): number => Math.sqrt(cov[i * n + i]!);
  let mass: number;
  const first = new Float64Array(n);
  const second = new Float64Array(n * n);
  const opts = (i: number) => ({ center: m0[i]!, scale: sd(i), relTol: 1e-11 });
  if (n === 1) {
    const q = integrateVector((x, out) => {
      const v = density([x]);
      out[0] = v;
      out[1] = v * x;
      out[2] = v * (x - c[0]!) ** 2;
    }, 3, -Infinity, Infinity, opts(0));
    mass = q.value[0]!;
    first[0] = q.value[1]!;
    second[0] = q.value[2]!;
  } else {
    const pt = new Float64Array(2);
    const q = integrateVector((x1, out) => {
      pt[0] = x1;
      // the conditional centre of x2 given x1 keeps the inner mapping on the bulk
      const centre2 = m0[1]! + (cov[2]! / cov[0]!) * (x1 - m0[0]!);
      const inner = integrateVector((x2, o) => {
        pt[1] = x2;
        const v = density(pt);
        const d1 = x1 - c[0]!;
        const d2 = x2 - c[1]!;
        o[0] = v;
        o[1] = v * x1;
        o[2] = v * x2;
        o[3] = v * d1 * d1;
        o[4] = v * d1 * d2;
        o[5] = v * d2 * d2;
      }, 6, -Infinity, Infinity, { center: centre2, scale: sd(1), relTol: 1e-10 });
      out.set(inner.value);
    }, 6, -Infinity, Infinity, opts(0));
    mass = q.value[0]!;
    first[0] = q.value[1]!;
    first[1] = q.value[2]!;
    second[0] = q.value[3]!;
    second[1] = second[2] = q.value[4]!;
    second[3] = q.value[5]!;
  }
  const figures = [figure(inline`${MASS} by adaptive quadrature`, [mass], [1], 1e-8)];
  if (t.mean) figures.push(figure(inline`${MEAN} by quadrature equals the constrained mean`, first, t.mean, 1e-8));
  figures.push(figure(inline`${SECOND} by quadrature equals the constrained second moment`, second, t.second, 1e-8));
  return figures;
}

/** Importance sampling from q = N(m0, 2Σ) (seeded): weights p/q are bounded by 2^(n/2). */
function monteCarloFigures(density: (x: ArrayLike<number>) => number, n: number, m0: ArrayLike<number>, cov: ArrayLike<number>, c: ArrayLike<number>, t: Targets): InstanceFigure[] {
  const L = cholesky(Float64Array.from(cov, (v) => 2 * v), n)!;
  let logDetQ = 0;
  for (let i = 0; i < n; i++) logDetQ += 2 * Math.log(L[i * n + i]!);
  const rand = seededRandom(20261205);
  const gauss = (): number => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const K = 1 + n + n * n;
  const sum = new Float64Array(K);
  const sumSq = new Float64Array(K);
  const z = new Float64Array(n);
  const x = new Float64Array(n);
  const g = new Float64Array(K);
  for (let s = 0; s < MC_SAMPLES; s++) {
    let zz = 0;
    for (let i = 0; i < n; i++) {
      z[i] = gauss();
      zz += z[i]! * z[i]!;
    }
    for (let i = 0; i < n; i++) {
      let v = m0[i]!;
      for (let j = 0; j <= i; j++) v += L[i * n + j]! * z[j]!;
      x[i] = v;
    }
    const logq = -zz / 2 - (n / 2) * Math.log(2 * Math.PI) - logDetQ / 2;
    const w = density(x) / Math.exp(logq);
    g[0] = w;
    for (let i = 0; i < n; i++) g[1 + i] = w * x[i]!;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[1 + n + i * n + j] = w * (x[i]! - c[i]!) * (x[j]! - c[j]!);
    for (let k = 0; k < K; k++) {
      sum[k] += g[k]!;
      sumSq[k] += g[k]! * g[k]!;
    }
  }
  const est = Array.from(sum, (v) => v / MC_SAMPLES);
  // six standard errors of each estimate, relative to max(1, |target|) as figure() measures
  const tol = (k: number, target: number): number => (6 * Math.sqrt(Math.max(0, sumSq[k]! / MC_SAMPLES - est[k]! ** 2) / MC_SAMPLES)) / Math.max(1, Math.abs(target)) + 1e-12;
  const figures = [figure(inline`${MASS} by importance sampling (${MC_SAMPLES} samples, 6 standard errors)`, [est[0]!], [1], [tol(0, 1)])];
  if (t.mean) figures.push(figure(inline`${MEAN} by importance sampling`, est.slice(1, 1 + n), t.mean, Array.from({ length: n }, (_, i) => tol(1 + i, t.mean![i]!))));
  figures.push(figure(inline`${SECOND} by importance sampling`, est.slice(1 + n), t.second, Array.from({ length: n * n }, (_, k) => tol(1 + n + k, t.second[k]!))));
  return figures;
}

/** n = 1: the scalar maxent route on the same numbers; its lambda_k against the matrix route's. */
function scalarPathFigures(r: MatrixMaxentResult, values: Readonly<Record<string, MatrixValue>>, m: number, c: number, s: number): InstanceFigure[] {
  const g = r.gaussian!;
  const moments: { f: string; value: number }[] = [];
  const order: string[] = [];
  for (let k = 0; k < r.problem.moments.length; k++) {
    if (k === g.meanIndex) {
      moments.push({ f: 'x', value: m });
      order.push('lambda_1');
    } else {
      moments.push({ f: c === 0 ? 'x^2' : `(x - ${c < 0 ? `(${c})` : c})^2`, value: s });
      order.push('Lambda_2');
    }
  }
  const scalar = solveMaxent(readMaxentProblem({ variable: 'x', support: ['-inf', 'inf'], moments }));
  if (scalar.status !== 'optimal') return [{ what: `scalar maxent route: ${scalar.status}`, error: Infinity, tolerance: 0, ok: false }];
  const got = (name: string): number => {
    const v = values[name]!;
    return typeof v === 'number' ? v : Array.isArray(v) ? (Array.isArray(v[0]) ? (v as number[][])[0]![0]! : (v as number[])[0]!) : NaN;
  };
  const figures: InstanceFigure[] = [figure(inline`${tex('lambda_0', '\\lambda_{0}')} equals the scalar route's ${tex('lambda_0', '\\lambda_{0}')}`, [got('lambda_0')], [scalar.multipliers[0]!.numeric!], 1e-10)];
  const greek = (nm: string) => tex(nm, nm.replace(/^(lambda|Lambda)_(\d+)$/, '\\$1_{$2}'));
  order.forEach((name, k) => figures.push(figure(inline`${greek(name)} equals the scalar route's ${greek(`lambda_${k + 1}`)}`, [got(name)], [scalar.multipliers[k + 1]!.numeric!], 1e-10)));
  return figures;
}
