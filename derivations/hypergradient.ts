/**
 * Seed 003, worked: gradient-based hyperparameter optimisation through the implicit
 * function theorem. For a bilevel problem
 *
 *   λ* = argmin_λ L_dev(θ*(λ)),   θ*(λ) = argmin_θ L_train(θ, λ),
 *
 * the hypergradient dL_dev/dλ = −∂L_dev/∂θ · H⁻¹ · ∂²L_train/∂θ∂λ is assembled from
 * symbolic derivatives (src/optimize/hypergradient.ts), with H⁻¹ applied by conjugate
 * gradient on compiled Hessian-vector products. Two cases:
 *
 * 1. Ridge regression, L_train = (1/n)‖Xw − y‖² + λ‖w‖², L_dev = (1/m)‖X_dev w − y_dev‖²,
 *    where everything has a closed form: w*(λ) = (A + λI)⁻¹b with A = XᵀX/n, b = Xᵀy/n,
 *    dw*(λ)/dλ = −(A + λI)⁻¹ w*, so the hypergradient is checked against exact linear
 *    algebra, and against central differences of the re-solved inner problem.
 * 2. L2-regularised logistic regression on a small synthetic data set,
 *    L_train = (1/n)Σ[log(1 + exp(x_i·w)) − y_i x_i·w] + (λ/2)‖w‖², checked against
 *    central differences of the re-solved inner problem.
 *
 * Then gradient descent on λ itself (in log λ, which keeps λ > 0) for both, ending
 * where dL_dev/dλ = 0; for ridge the minimiser is also found from the closed form.
 *
 * 3. The same ridge problem derived in matrix notation (issue 13 case 6,
 *    src/optimize/matrix-hypergradient.ts): for every size, dθ*(λ)/dλ = −inv(H)*B with
 *    H = 2*X'*X/N + 2*lambda*eye(d), B = 2*w, solved to −inv(X'*X/N + lambda*eye(d))*w* with
 *    w* = inv(X'*X/N + lambda*eye(d))*X'*y/N; evaluated on the data and checked against the
 *    dense closed form, central differences of the re-solved inner problem and the IFT/CG
 *    hypergradient. Written to docs/derivations/hypergradient.html.
 *
 * Run: npx tsx derivations/hypergradient.ts [outdir]   (default docs/figures)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { add, exp, log, mul, num, pow, sub, sym, toText, type Expr } from '../src/expr/index.js';
import { luSolve, Mt19937 } from '../src/numeric/index.js';
import { compileBilevel, finiteDifferenceHypergradient, hyperDescent, type BilevelProblem, type CompiledBilevel, type HyperStep } from '../src/optimize/index.js';
import { linePlot, renderHtml, type Derivation } from '../src/render/index.js';
import { evaluateMatrix } from '../src/compile/matrix/index.js';
import { mgradient } from '../src/diff/matrix/index.js';
import { declare, mscalar, mtoLatex, mtoText, parseMatrix, type MExpr } from '../src/expr/matrix/index.js';
import { deriveMatrixHypergradient, type MatrixHypergradientDerivation } from '../src/optimize/index.js';
import { inline, prose, proseToText, tex, type Prose } from '../src/document/index.js';

/** A data set: n rows of d features (row-major) and a target per row. */
export interface Dataset {
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** Rounds to two decimals, so the data enter the expressions as short exact decimals. */
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Linear-model data y = x·w_true + noise, x ~ N(0, I), from NumPy's legacy stream with `seed`. */
export function regressionData(seed: number, n: number, wTrue: readonly number[], noise: number): Dataset {
  const rng = new Mt19937(seed);
  const d = wTrue.length;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      X[i * d + j] = r2(rng.gauss());
      s += X[i * d + j]! * wTrue[j]!;
    }
    y[i] = r2(s + noise * rng.gauss());
  }
  return { X, y, n, d };
}

/** Labels y ∈ {0, 1} drawn with P(y = 1) = σ(x·w_true), x ~ N(0, I). */
export function classificationData(seed: number, n: number, wTrue: readonly number[]): Dataset {
  const rng = new Mt19937(seed);
  const d = wTrue.length;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      X[i * d + j] = r2(rng.gauss());
      s += X[i * d + j]! * wTrue[j]!;
    }
    y[i] = rng.random() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { X, y, n, d };
}

const weights = (d: number) => Array.from({ length: d }, (_, j) => `w${j + 1}`);
const linear = (data: Dataset, i: number, w: readonly string[]): Expr => add(...w.map((name, j) => mul(num(data.X[i * data.d + j]!), sym(name))));

/** (1/n) Σ (x_i·w − y_i)². */
export function leastSquares(data: Dataset, w: readonly string[]): Expr {
  const terms = Array.from({ length: data.n }, (_, i) => pow(sub(linear(data, i, w), num(data.y[i]!)), num(2)));
  return mul(pow(num(data.n), num(-1)), add(...terms));
}

/** (1/n) Σ [log(1 + exp(x_i·w)) − y_i x_i·w], the mean negative log-likelihood of a logistic model. */
export function logLoss(data: Dataset, w: readonly string[]): Expr {
  const terms = Array.from({ length: data.n }, (_, i) => {
    const z = linear(data, i, w);
    return sub(log(add(num(1), exp(z))), mul(num(data.y[i]!), z));
  });
  return mul(pow(num(data.n), num(-1)), add(...terms));
}

/** Ridge: L_train = LS(train) + λ‖w‖², L_dev = LS(dev). */
export function ridgeProblem(train: Dataset, dev: Dataset): BilevelProblem {
  const w = weights(train.d);
  const penalty = mul(sym('lambda'), add(...w.map((v) => pow(sym(v), num(2)))));
  return { theta: w, lambda: ['lambda'], train: add(leastSquares(train, w), penalty), dev: leastSquares(dev, w) };
}

/** Logistic: L_train = logloss(train) + (λ/2)‖w‖², L_dev = logloss(dev). */
export function logisticProblem(train: Dataset, dev: Dataset): BilevelProblem {
  const w = weights(train.d);
  const penalty = mul(num(1 / 2), sym('lambda'), add(...w.map((v) => pow(sym(v), num(2)))));
  return { theta: w, lambda: ['lambda'], train: add(logLoss(train, w), penalty), dev: logLoss(dev, w) };
}

/** Ridge in closed form at λ: w*, dw*(λ)/dλ, L_dev and dL_dev/dλ by dense linear algebra (no optimiser, no symbolic work). */
export function ridgeClosedForm(train: Dataset, dev: Dataset, lambda: number): { w: Float64Array; dw: Float64Array; devValue: number; gradient: number } {
  const { n, d } = train;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      b[j]! += (train.X[i * d + j]! * train.y[i]!) / n;
      for (let k = 0; k < d; k++) A[j * d + k]! += (train.X[i * d + j]! * train.X[i * d + k]!) / n;
    }
  }
  for (let j = 0; j < d; j++) A[j * d + j]! += lambda;
  const w = luSolve(A, d, b);
  const dw = luSolve(A, d, w.map((v) => -v));
  let devValue = 0;
  let gradient = 0;
  for (let i = 0; i < dev.n; i++) {
    let r = -dev.y[i]!;
    let dr = 0;
    for (let j = 0; j < d; j++) {
      r += dev.X[i * d + j]! * w[j]!;
      dr += dev.X[i * d + j]! * dw[j]!;
    }
    devValue += (r * r) / dev.n;
    gradient += (2 * r * dr) / dev.n;
  }
  return { w, dw, devValue, gradient };
}

/**
 * The minimiser of the ridge dev loss over λ in [lo, hi], from the closed form: bisection
 * in log λ on the sign of the closed-form dL_dev/dλ (negative left of the minimum,
 * positive right of it). Returns an end of the interval when there is no sign change.
 */
export function ridgeBestLambda(train: Dataset, dev: Dataset, lo = 1e-4, hi = 10): number {
  const slope = (t: number) => ridgeClosedForm(train, dev, Math.exp(t)).gradient;
  let a = Math.log(lo);
  let b = Math.log(hi);
  if (slope(a) >= 0) return lo;
  if (slope(b) <= 0) return hi;
  for (let k = 0; k < 200 && b - a > 1e-15; k++) {
    const m = (a + b) / 2;
    if (slope(m) < 0) a = m;
    else b = m;
  }
  return Math.exp((a + b) / 2);
}

/** One case's figures and checks. */
export interface CaseReport {
  readonly name: string;
  readonly problem: BilevelProblem;
  readonly compiled: CompiledBilevel;
  readonly lambda: number;
  /** dL_dev/dλ by the IFT with CG on HVPs. */
  readonly ift: number;
  /** By central differences of the re-solved inner problem. */
  readonly finiteDifference: number;
  /** From the closed form (ridge only). */
  readonly closedForm?: number;
  readonly cgIterations: number;
  readonly hessianVectorProducts: number;
  readonly innerGradientNorm: number;
  /** Gradient descent on log λ. */
  readonly descent: readonly HyperStep[];
  /** The closed-form minimiser over λ (ridge only). */
  readonly bestLambda?: number;
  /** L_dev on a grid of λ (for the figure). */
  readonly curve: readonly (readonly [number, number])[];
}

function runCase(name: string, problem: BilevelProblem, lambda: number, descent: { lambda0: number; lr: number; steps: number }, closed?: (l: number) => number, best?: number): CaseReport {
  const compiled = compileBilevel(problem);
  const L = Float64Array.from([lambda]);
  const theta0 = new Float64Array(problem.theta.length);
  const inner = compiled.solveInner(L, theta0);
  const hg = compiled.hypergradient(L, inner.theta);
  const fd = finiteDifferenceHypergradient(compiled, L, theta0, { step: 1e-5 });
  const path = hyperDescent(compiled, Float64Array.from([descent.lambda0]), theta0, { lr: descent.lr, steps: descent.steps, logScale: true, tol: 1e-8 });
  const curve: [number, number][] = [];
  let theta: Float64Array = theta0;
  for (let k = 0; k <= 60; k++) {
    const l = 10 ** (-4 + (5 * k) / 60);
    const s = compiled.solveInner(Float64Array.from([l]), theta);
    theta = s.theta;
    curve.push([Math.log10(l), compiled.devValue(Float64Array.from([l]), s.theta)]);
  }
  return {
    name,
    problem,
    compiled,
    lambda,
    ift: hg.gradient[0]!,
    finiteDifference: fd[0]!,
    ...(closed ? { closedForm: closed(lambda) } : {}),
    cgIterations: hg.cg.iterations,
    hessianVectorProducts: hg.hessianVectorProducts,
    innerGradientNorm: hg.innerGradientNorm,
    descent: path,
    ...(best !== undefined ? { bestLambda: best } : {}),
    curve,
  };
}

/** The data of both cases (seeded, so every run is the same). */
export function datasets() {
  const wRidge = [1.5, -2, 0, 0, 0.5, 0, 0, 1];
  const wLogistic = [2, -1, 0, 0, 1.5];
  return {
    ridgeTrain: regressionData(1, 20, wRidge, 1.5),
    ridgeDev: regressionData(2, 40, wRidge, 1.5),
    logisticTrain: classificationData(3, 30, wLogistic),
    logisticDev: classificationData(4, 60, wLogistic),
  };
}

/** Both cases. */
export function runHypergradient(): { ridge: CaseReport; logistic: CaseReport } {
  const data = datasets();
  const ridge = runCase(
    'ridge regression',
    ridgeProblem(data.ridgeTrain, data.ridgeDev),
    0.3,
    { lambda0: 1, lr: 1, steps: 300 },
    (l) => ridgeClosedForm(data.ridgeTrain, data.ridgeDev, l).gradient,
    ridgeBestLambda(data.ridgeTrain, data.ridgeDev),
  );
  const logistic = runCase('L2-regularised logistic regression', logisticProblem(data.logisticTrain, data.logisticDev), 0.1, { lambda0: 1, lr: 20, steps: 200 });
  return { ridge, logistic };
}

function figure(c: CaseReport, title: string): string {
  const path = c.descent.map((s) => [Math.log10(s.lambda[0]!), s.devValue] as [number, number]);
  return linePlot({
    title,
    xLabel: 'log10 λ',
    yLabel: 'L_dev(θ*(λ))',
    series: [
      { name: 'L_dev at the re-solved θ*(λ)', points: c.curve, color: '#0072B2' },
      { name: `gradient descent on log λ (${c.descent.length - 1} steps)`, points: path, color: '#D55E00', marker: 'circle' },
      ...(c.bestLambda !== undefined ? [{ name: 'closed-form minimiser', points: [[Math.log10(c.bestLambda), Math.min(...c.curve.map((p) => p[1]))] as [number, number]], color: '#000000', marker: 'diamond' as const }] : []),
    ],
  });
}

/** The ridge case in matrix notation: the derivation, its values on the data and the checks. */
export function matrixForm(lambda = 0.3): { derivation: Derivation; forms: MatrixHypergradientDerivation; checks: { what: string | Prose; ok: boolean; detail: string }[] } {
  const data = datasets();
  const { ridgeTrain: tr, ridgeDev: dv } = data;
  const D = declare([{ name: 'X', shape: ['N', 'd'] }, { name: 'y', shape: ['N'] }, { name: 'w', shape: ['d'] }, { name: 'Xd', shape: ['M', 'd'] }, { name: 'yd', shape: ['M'] }]);
  const P = (t: string): MExpr => parseMatrix(t, D);
  const forms = deriveMatrixHypergradient({ theta: P('w'), lambda: mscalar('lambda'), loss: P('norm(X*w - y)^2/N + lambda*norm(w)^2') });
  const rows = (X: Float64Array, n: number, d: number) => Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * d, i * d + d)));
  const instance = { dims: { N: tr.n, d: tr.d, M: dv.n }, values: { X: rows(tr.X, tr.n, tr.d), y: Array.from(tr.y), Xd: rows(dv.X, dv.n, dv.d), yd: Array.from(dv.y), lambda } };
  const sens = evaluateMatrix(forms.sensitivityClosed!, instance).data;
  const wStar = evaluateMatrix(forms.solution!, instance).data;
  const closed = ridgeClosedForm(tr, dv, lambda);
  // The hypergradient from the matrix forms: (dL_dev/dw)' * dw*/dlambda at w*.
  const devGrad = evaluateMatrix(mgradient(P('norm(Xd*w - yd)^2/M'), P('w')), { ...instance, values: { ...instance.values, w: Array.from(wStar) } }).data;
  const hyper = devGrad.reduce((s2, g, i) => s2 + g * sens[i]!, 0);
  const compiled = compileBilevel(ridgeProblem(tr, dv));
  const h = 1e-5;
  const solveAt = (l: number) => compiled.solveInner(Float64Array.of(l), new Float64Array(tr.d), { tol: 1e-13, method: 'newton' }).theta;
  const up = solveAt(lambda + h);
  const dn = solveAt(lambda - h);
  const fd = Array.from(up, (u, i) => (u - dn[i]!) / (2 * h));
  const ift = compiled.hypergradient(Float64Array.of(lambda), solveAt(lambda)).gradient[0]!;
  const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!) / Math.max(1, Math.abs(b[i]!))));
  const WS = tex('w*', '\\boldsymbol{w}^{*}');
  const DWS = tex('dw*/dlambda', '\\mathrm{d}\\boldsymbol{w}^{*}/\\mathrm{d}\\lambda');
  const checks: { what: string | Prose; ok: boolean; detail: string }[] = [
    { what: inline`the matrix form's ${WS} equals the dense closed form`, ok: maxRel(wStar, closed.w) < 1e-12, detail: `rel. ${maxRel(wStar, closed.w).toExponential(1)}` },
    { what: inline`the matrix form's ${DWS} equals the dense closed form ${tex('-(A + lambda I)^-1 w*', '-(A + \\lambda I)^{-1} \\boldsymbol{w}^{*}')}`, ok: maxRel(sens, closed.dw) < 1e-12, detail: `rel. ${maxRel(sens, closed.dw).toExponential(1)}` },
    { what: inline`${DWS} agrees with central differences of the re-solved inner problem`, ok: maxRel(sens, fd) < 1e-6, detail: `rel. ${maxRel(sens, fd).toExponential(1)}` },
    { what: 'the hypergradient from the matrix forms equals the IFT/CG value and the closed form', ok: maxRel([hyper, hyper], [ift, closed.gradient]) < 1e-8, detail: `${hyper} vs ${ift} (CG), ${closed.gradient} (closed)` },
  ];
  const m = (e: MExpr) => ({ text: mtoText(e), latex: mtoLatex(e) });
  const derivation: Derivation = {
    title: 'Hypergradients by the implicit function theorem, in matrix notation',
    steps: [
      { title: 'The inner problem', blocks: [
        prose`Ridge regression on ${tex(`N = ${tr.n}`, `N = ${tr.n}`)} rows of ${tex(`d = ${tr.d}`, `d = ${tr.d}`)} features; ${tex('w*(lambda)', '\\boldsymbol{w}^{*}(\\lambda)')} minimises ${tex('L(w, lambda)', 'L(\\boldsymbol{w}, \\lambda)')} over ${tex('w', '\\boldsymbol{w}')}. The derivation below holds for every ${tex('N', 'N')} and ${tex('d', 'd')}.`,
        { kind: 'math', item: { text: 'L(w, lambda) = norm(X*w - y)^2/N + lambda*norm(w)^2', latex: 'L(\\boldsymbol{w}, \\lambda) = \\frac{1}{N}\\left\\lVert \\boldsymbol{X} \\boldsymbol{w} - \\boldsymbol{y} \\right\\rVert^{2} + \\lambda \\left\\lVert \\boldsymbol{w} \\right\\rVert^{2}' } },
      ] },
      { title: 'Stationarity and the implicit function theorem', blocks: [
        prose`At the inner minimum the gradient in ${tex('w', '\\boldsymbol{w}')} vanishes for every ${tex('lambda', '\\lambda')}; differentiating that identity in ${tex('lambda', '\\lambda')} gives ${tex('H dw*/dlambda + B = 0', 'H \\frac{\\mathrm{d}\\boldsymbol{w}^{*}}{\\mathrm{d}\\lambda} + B = 0')}.`,
        { kind: 'equations', rows: [
          { lhs: { text: 'grad_w L', latex: '\\nabla_{\\boldsymbol{w}} L' }, relation: '=', rhs: m(forms.innerGradient), note: inline`${tex('= 0', '= 0')} at ${WS}` },
          { lhs: { text: 'H', latex: 'H' }, relation: '=', rhs: m(forms.hessian), note: inline`Hessian in ${tex('w', '\\boldsymbol{w}')}` },
          { lhs: { text: 'B', latex: 'B' }, relation: '=', rhs: m(forms.mixed), note: [tex('d(grad_w L)/dlambda', '\\partial (\\nabla_{\\boldsymbol{w}} L) / \\partial \\lambda')] },
          { lhs: { text: 'dw*/dlambda', latex: '\\frac{d\\boldsymbol{w}^{*}}{d\\lambda}' }, relation: '=', rhs: m(forms.sensitivity), note: [tex('-inv(H)*B', '-H^{-1} B')] },
        ] },
      ] },
      { title: 'Closed form (the stationarity is linear in w)', blocks: [
        { kind: 'equations', rows: [
          { lhs: { text: 'w*', latex: '\\boldsymbol{w}^{*}' }, relation: '=', rhs: m(forms.solution!) },
          { lhs: { text: 'dw*/dlambda', latex: '\\frac{d\\boldsymbol{w}^{*}}{d\\lambda}' }, relation: '=', rhs: m(forms.sensitivityClosed!) },
        ] },
        prose`The numeric path never forms ${tex('inv(H)', 'H^{-1}')}: it solves ${tex('H v = grad L_dev', 'H v = \\nabla L_{\\mathrm{dev}}')} by conjugate gradients on compiled Hessian-vector products (src/optimize/hypergradient.ts).`,
      ] },
      { title: `Values at lambda = ${lambda} and checks`, heading: inline`Values at ${tex(`lambda = ${lambda}`, `\\lambda = ${lambda}`)} and checks`, blocks: [
        prose`${tex(`dL_dev/dlambda = ${hyper.toPrecision(10)}`, `\\mathrm{d}L_{\\mathrm{dev}}/\\mathrm{d}\\lambda = ${hyper.toPrecision(10)}`)} from the matrix forms.`,
        { kind: 'table', header: ['check', 'result', 'detail'], rows: checks.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', c.detail]) },
      ] },
    ],
  };
  return { derivation, forms, checks };
}

function main(): void {
  const dir = process.argv[2] ?? path.join('docs', 'figures');
  const { ridge, logistic } = runHypergradient();
  for (const c of [ridge, logistic]) {
    const d = c.compiled.derivation;
    console.log(`\n== ${c.name}: ${c.problem.theta.length} weights, hyperparameter lambda`);
    console.log(`  d2 L_train / d w1 d lambda = ${toText(d.mixed[0]![0]!)}`);
    console.log(`  d L_dev / d w1 = ${shorten(toText(d.devGradientTheta[0]!), 100)}`);
    console.log(`  at lambda = ${c.lambda}: |grad_w L_train| = ${c.innerGradientNorm.toExponential(1)} (inner solved by Newton-CG)`);
    console.log(`  hypergradient (IFT, CG on HVPs: ${c.cgIterations} CG iterations, ${c.hessianVectorProducts} HVPs) = ${c.ift}`);
    if (c.closedForm !== undefined) console.log(`  closed form                                  = ${c.closedForm}   rel. error ${(Math.abs(c.ift - c.closedForm) / Math.abs(c.closedForm)).toExponential(1)}`);
    console.log(`  central differences of the re-solved problem = ${c.finiteDifference}   rel. error ${(Math.abs(c.ift - c.finiteDifference) / Math.abs(c.finiteDifference)).toExponential(1)}`);
    const last = c.descent[c.descent.length - 1]!;
    console.log(`  gradient descent on log lambda from 1: ${c.descent.length - 1} steps to lambda = ${last.lambda[0]!.toPrecision(6)}, L_dev = ${last.devValue.toPrecision(8)}, dL_dev/dlambda = ${last.gradient[0]!.toExponential(1)}`);
    if (c.bestLambda !== undefined) console.log(`  closed-form minimiser over lambda: ${c.bestLambda.toPrecision(6)}`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'hypergradient-ridge.svg'), figure(ridge, 'Ridge regression: dev loss against λ, and descent on λ by hypergradients'));
  writeFileSync(path.join(dir, 'hypergradient-logistic.svg'), figure(logistic, 'Logistic regression: dev loss against λ, and descent on λ'));
  console.log(`\nfigures: ${path.join(dir, 'hypergradient-ridge.svg')}, ${path.join(dir, 'hypergradient-logistic.svg')}`);
  const mf = matrixForm();
  console.log('\n== ridge in matrix notation');
  console.log(`  H = ${mtoText(mf.forms.hessian)},  B = ${mtoText(mf.forms.mixed)}`);
  console.log(`  dw*/dlambda = ${mtoText(mf.forms.sensitivity)} = ${mtoText(mf.forms.sensitivityClosed!)}`);
  for (const c of mf.checks) console.log(`  ${c.ok ? 'ok    ' : 'FAILED'} ${proseToText(c.what)} (${c.detail})`);
  const page = path.join('docs', 'derivations', 'hypergradient.html');
  mkdirSync(path.dirname(page), { recursive: true });
  writeFileSync(page, renderHtml(mf.derivation));
  console.log(`page: ${page}`);
  if (mf.checks.some((c) => !c.ok)) process.exitCode = 1;
}

function shorten(t: string, n: number): string {
  return t.length <= n ? t : `${t.slice(0, n - 1)}…`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
