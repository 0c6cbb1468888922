/**
 * Seed 004's experiments, reproduced: every optimiser on the notebook's landscape of 8
 * Gaussian wells in 2-D (RandomLossLandscape(random_state=0, n_wells=8)) from the
 * notebook's 100 starting points (6·random((100, 2)) − 3 after np.random.seed(0)), with
 * the notebook's settings where it gives them. The landscape is a symbolic expression;
 * its gradient, Hessian and Hessian-vector products are derived and compiled, and
 * checked here against central differences and the notebook's Hessian formula before
 * any optimiser runs.
 *
 * Run: npx tsx derivations/optimizers-gaussian-wells.ts [outdir]   (default docs/figures)
 * Writes wells-landscape.svg, wells-<method>.svg (trajectories) and
 * wells-<method>-loss.svg (loss against iteration), and prints a summary table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { landscapeFigure, lossFigure } from '../src/cli/commands/optimize-plot.js';
import { fieldPlot } from '../src/render/index.js';
import { gradcheck, type Method, type OptimizeOptions } from '../src/numeric/index.js';
import { add, num, pow, sym, type Expr } from '../src/expr/index.js';
import {
  notebookLandscape,
  notebookStarts,
  optimizeProblem,
  prepareProblem,
  wellGradient,
  wellHessian,
  wellValue,
  type NamedRun,
  type OptimizationProblem,
  type WellLandscape,
} from '../src/optimize/index.js';

/** One experiment: a method and its settings (the notebook's where it has them). */
export interface Experiment {
  readonly id: string;
  readonly method: Method;
  readonly title: string;
  readonly options: OptimizeOptions;
  /** Constraint x² + y² = 1 (the notebook's projected and Lagrange experiments). */
  readonly circle?: boolean;
  /** How the notebook's version differs, when it does. */
  readonly note: string;
}

/** The notebook's experiments, in its order, plus L-BFGS (which it only names). */
export const EXPERIMENTS: readonly Experiment[] = [
  { id: 'gd', method: 'gd', title: 'gradient descent, lr = 4.3', options: { lr: 4.3, maxIter: 2000, tol: 1e-6 }, note: 'as the notebook (GradientDescent(lr=4.3, max_iter=2000, tol=1e-6))' },
  { id: 'momentum', method: 'momentum', title: 'momentum, lr = 0.1, β = 0.9', options: { lr: 0.1, momentum: 0.9, maxIter: 2000, tol: 1e-6 }, note: 'as the notebook' },
  { id: 'sgd', method: 'sgd', title: 'noisy gradient descent, lr = 0.1, noise 0.2', options: { lr: 0.1, noise: 0.2, anneal: false, seed: 0, maxIter: 2000, tol: 1e-6 }, note: 'as the notebook, noise never annealed (so runs end by budget); seeded per start' },
  { id: 'sgd-annealed', method: 'sgd', title: 'noisy gradient descent, noise annealed to 0', options: { lr: 0.1, noise: 0.2, anneal: true, seed: 0, maxIter: 2000, tol: 1e-6 }, note: 'not in the notebook: the noise falls linearly to 0 at 3/4 of the budget' },
  { id: 'eigen', method: 'gd', title: 'gradient descent, step 0.1/ρ(H) (power iteration)', options: { lr: 0.1, step: 'eigen', maxIter: 2000, tol: 1e-6 }, note: 'the notebook divides by |largest eigenvalue| from eigh; here ρ(H) = max |λ| by power iteration on HVPs' },
  { id: 'projected', method: 'projected', title: 'projected gradient descent onto x² + y² = 1, lr = 0.1', options: { lr: 0.1, maxIter: 2000, tol: 1e-6 }, circle: true, note: 'as the notebook' },
  { id: 'primal-dual', method: 'primal-dual', title: 'primal-dual descent-ascent on x² + y² = 1, lr = 0.1', options: { lr: 0.1, multiplier0: 0.5, maxIter: 2000, tol: 1e-6 }, circle: true, note: 'the notebook steps x by λx; the gradient of λ(xᵀx − 1) is 2λx, used here' },
  { id: 'primal-dual-augmented', method: 'primal-dual', title: 'primal-dual with penalty ρ = 1 (augmented Lagrangian)', options: { lr: 0.1, multiplier0: 0.5, penalty: 1, maxIter: 2000, tol: 1e-6 }, circle: true, note: 'not in the notebook: the x-step uses f + λh + (ρ/2)h², which damps the oscillation of plain descent-ascent' },
  { id: 'newton', method: 'newton', title: "Newton's method, shifted Hessian + backtracking", options: { maxIter: 1000, tol: 1e-6 }, note: 'the notebook takes 1% of the raw step H⁻¹∇f (H + 1e-12 I); here H + τI is made positive definite and the step backtracks' },
  { id: 'lbfgs', method: 'lbfgs', title: 'L-BFGS, strong Wolfe line search', options: { tol: 1e-6 }, note: 'the notebook describes L-BFGS but does not run it' },
];

/** Summary of one experiment. */
export interface ExperimentResult {
  readonly experiment: Experiment;
  readonly runs: readonly NamedRun[];
  readonly converged: number;
  readonly maxIter: number;
  readonly diverged: number;
  readonly stalled: number;
  /** Runs ending within 1e-3 of the global minimiser (on the circle, for the constrained experiments). */
  readonly atGlobal: number;
  readonly meanFinal: number;
  readonly medianIterations: number;
  readonly evaluations: number;
  readonly ms: number;
}

/** Checks of the landscape's derived gradient and Hessian. */
export interface LandscapeChecks {
  /** Every gradcheck (gradient and Hessian rows) passed at its default tolerances. */
  readonly gradcheckOk: boolean;
  /** max relative error of the compiled gradient against central differences, over the test points. */
  readonly gradcheck: number;
  /** max |compiled H − notebook formula H| over the test points. */
  readonly hessianFormula: number;
  /** max absolute error of the compiled Hessian rows against central differences of the compiled gradient. */
  readonly hessianDifferences: number;
  /** max |notebook code's H − compiled H|: the notebook's _hessian_gaussian_well misses factors of 2. */
  readonly notebookCodeError: number;
}

/** The notebook's own Hessian code, transcribed (width w enters as exp(−‖d‖²/w²)): (−I + ddᵀ/w²)/w² · well, well = −exp(...). */
export function notebookCodeHessian(l: WellLandscape, x: Float64Array): Float64Array {
  const D = l.dimension;
  const out = new Float64Array(D * D);
  for (let p = 0; p < l.wells; p++) {
    const w2 = 1 / l.precisions[p]!;
    let r2 = 0;
    for (let i = 0; i < D; i++) r2 += (x[i]! - l.centers[p * D + i]!) ** 2;
    const well = -Math.exp(-r2 / w2);
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        const di = x[i]! - l.centers[p * D + i]!;
        const dj = x[j]! - l.centers[p * D + j]!;
        out[i * D + j]! += l.weights[p]! * (((i === j ? -1 : 0) + (di * dj) / w2) / w2) * well;
      }
    }
  }
  return out;
}

/**
 * Checks of the compiled landscape at the given points (rows of D): the library's
 * gradcheck of the compiled gradient against central differences of the formula's value,
 * and of each compiled Hessian row against central differences of the compiled gradient;
 * then the compiled Hessian against the notebook's Hessian formula and its code.
 */
export function checkLandscape(l: WellLandscape, points: Float64Array): LandscapeChecks {
  const prepared = prepareProblem(problemOf(l, false));
  const o = prepared.objective;
  const D = l.dimension;
  let gradientError = 0;
  let hessianFormula = 0;
  let hessianDifferences = 0;
  let notebookCodeError = 0;
  let ok = true;
  const g = new Float64Array(D);
  for (let k = 0; k < points.length / D; k++) {
    const x = points.slice(k * D, k * D + D);
    const gc = gradcheck({ f: (p) => wellValue(l, p), gradient: (p, out) => o.valueAndGradient(p, out as Float64Array) }, x);
    ok &&= gc.ok;
    gradientError = Math.max(gradientError, gc.max_rel_error);
    const H = o.hessian!(x, new Float64Array(D * D));
    for (let j = 0; j < D; j++) {
      const row = gradcheck(
        { f: (p) => (o.valueAndGradient(p, g), g[j]!), gradient: (p, out) => (out as Float64Array).set(o.hessian!(p, new Float64Array(D * D)).subarray(j * D, j * D + D)) },
        x,
      );
      ok &&= row.ok;
      hessianDifferences = Math.max(hessianDifferences, row.max_abs_error);
    }
    const formula = wellHessian(l, x);
    const code = notebookCodeHessian(l, x);
    for (let i = 0; i < D * D; i++) {
      hessianFormula = Math.max(hessianFormula, Math.abs(formula[i]! - H[i]!));
      notebookCodeError = Math.max(notebookCodeError, Math.abs(code[i]! - H[i]!));
    }
    o.valueAndGradient(x, g);
    const fg = wellGradient(l, x);
    for (let i = 0; i < D; i++) hessianFormula = Math.max(hessianFormula, Math.abs(fg[i]! - g[i]!));
  }
  return { gradcheckOk: ok, gradcheck: gradientError, hessianFormula, hessianDifferences, notebookCodeError };
}

/** The landscape as a problem, optionally on the unit circle x² + y² = 1 (h = x² + y² − 1). */
function problemOf(l: WellLandscape, circle: boolean): OptimizationProblem {
  const h: Expr = add(...l.variables.map((v) => pow(sym(v), num(2))), num(-1));
  const constraints = circle ? [{ kind: 'equality' as const, fn: h, text: 'x^2 + y^2 = 1', multiplier: 'lambda_1' }] : [];
  return { variables: l.variables, objective: l.expression, sense: 'minimize', constraints };
}

/** Runs one experiment from the notebook's 100 starts (with trajectories). */
export function runExperiment(l: WellLandscape, e: Experiment, starts: readonly number[][], globalMin: Float64Array): ExperimentResult {
  const prepared = prepareProblem(problemOf(l, e.circle ?? false));
  const t0 = performance.now();
  const report = optimizeProblem(prepared, e.method, starts, { ...e.options, trajectory: true });
  const ms = performance.now() - t0;
  const runs = report.runs;
  const count = (s: string) => runs.filter((r) => r.status === s).length;
  const finals = runs.map((r) => r.objective).filter(Number.isFinite);
  const its = runs.map((r) => r.iterations).sort((a, b) => a - b);
  return {
    experiment: e,
    runs,
    converged: count('converged'),
    maxIter: count('max_iter'),
    diverged: count('diverged'),
    stalled: count('stalled'),
    atGlobal: runs.filter((r) => Math.hypot(r.x[0]! - globalMin[0]!, r.x[1]! - globalMin[1]!) < 1e-3).length,
    meanFinal: finals.reduce((a, b) => a + b, 0) / Math.max(1, finals.length),
    medianIterations: its[Math.floor(its.length / 2)]!,
    evaluations: runs.reduce((s, r) => s + r.evaluations, 0),
    ms,
  };
}

/**
 * The global minimiser: the best L-BFGS end point from a fine grid of starts and every
 * well's centre (the narrow well, width 0.0188, slips through a coarse grid); on the
 * circle, the best projected-descent end point from 720 points around it.
 */
export function globalMinimum(l: WellLandscape, circle = false): { x: Float64Array; value: number } {
  const prepared = prepareProblem(problemOf(l, circle));
  const starts: number[][] = [];
  if (circle) for (let k = 0; k < 720; k++) starts.push([Math.cos((2 * Math.PI * k) / 720), Math.sin((2 * Math.PI * k) / 720)]);
  else {
    for (let i = 0; i <= 60; i++) for (let j = 0; j <= 60; j++) starts.push([-3 + (6 * i) / 60, -3 + (6 * j) / 60]);
    for (let p = 0; p < l.wells; p++) starts.push([l.centers[2 * p]!, l.centers[2 * p + 1]!]);
  }
  const report = optimizeProblem(prepared, circle ? 'projected' : 'lbfgs', starts, circle ? { lr: 0.05, tol: 1e-10, maxIter: 20000 } : { tol: 1e-10 });
  const best = report.runs[report.best]!;
  return { x: best.x, value: best.objective };
}

/** Everything the derivation computes. */
export interface WellsReport {
  readonly landscape: WellLandscape;
  readonly checks: LandscapeChecks;
  readonly global: { x: Float64Array; value: number };
  /** The minimum on the unit circle. */
  readonly globalOnCircle: { x: Float64Array; value: number };
  readonly results: readonly ExperimentResult[];
  readonly starts: readonly number[][];
}

/** Runs the checks and every experiment. */
export function runWells(experiments: readonly Experiment[] = EXPERIMENTS): WellsReport {
  const l = notebookLandscape();
  const flat = notebookStarts(100);
  const starts = Array.from({ length: 100 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);
  const checks = checkLandscape(l, flat.slice(0, 40));
  const global = globalMinimum(l);
  const globalOnCircle = globalMinimum(l, true);
  const results = experiments.map((e) => runExperiment(l, e, starts, e.circle ? globalOnCircle.x : global.x));
  return { landscape: l, checks, global, globalOnCircle, results, starts };
}

/** The summary table in Markdown. */
export function summaryTable(report: WellsReport): string {
  const rows = [
    '| experiment | converged | max_iter | diverged | at global min | mean final loss | median iterations | evaluations | time (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.results) {
    rows.push(
      `| ${r.experiment.id}: ${r.experiment.title} | ${r.converged} | ${r.maxIter} | ${r.diverged}${r.stalled ? ` (+${r.stalled} stalled)` : ''} | ${r.atGlobal} | ${r.meanFinal.toFixed(4)} | ${r.medianIterations} | ${r.evaluations} | ${r.ms.toFixed(0)} |`,
    );
  }
  return rows.join('\n');
}

/** Writes every figure into `dir`; returns the file names. */
export function writeFigures(report: WellsReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const l = report.landscape;
  const f = (x: number, y: number) => wellValue(l, Float64Array.from([x, y]));
  const names: string[] = [];
  const put = (name: string, svg: string) => {
    writeFileSync(path.join(dir, name), svg);
    names.push(name);
  };
  const range = [-3, 3] as const;
  put(
    'wells-landscape.svg',
    fieldPlot({
      f,
      xRange: range,
      yRange: range,
      resolution: 200,
      title: 'Seed 004 landscape: 8 Gaussian wells (random_state = 0)',
      xLabel: 'x',
      yLabel: 'y',
      valueLabel: 'L(x, y)',
      contours: 14,
      overlays: [
        { name: `global minimum, L = ${report.global.value.toFixed(4)}`, points: [[report.global.x[0]!, report.global.x[1]!]], marker: 'cross', color: '#ff3b30' },
        ...Array.from({ length: l.wells }, (_, p) => ({
          name: `well ${p + 1}: c = ${l.weights[p]!.toFixed(3)}, σ = ${Math.sqrt(1 / (2 * l.precisions[p]!)).toFixed(3)}`,
          points: [[l.centers[2 * p]!, l.centers[2 * p + 1]!] as [number, number]],
          marker: 'diamond' as const,
          color: '#ffffff',
        })),
      ],
    }),
  );
  for (const r of report.results) {
    const e = r.experiment;
    put(
      `wells-${e.id}.svg`,
      landscapeFigure({
        f,
        runs: r.runs,
        dimension: 2,
        xLabel: 'x',
        yLabel: 'y',
        title: e.title,
        valueLabel: 'L(x, y)',
        xRange: range,
        yRange: range,
        ...(e.circle ? { feasible: [{ kind: 'sphere' as const, coords: [0, 1], center: [0, 0], radius: 1 }] } : {}),
      }),
    );
    put(`wells-${e.id}-loss.svg`, lossFigure({ runs: r.runs, title: `${e.title}: loss`, yLabel: 'L(x, y)', radius: 0.01 * Math.hypot(6, 6) }));
  }
  return names;
}

function main(): void {
  const dir = process.argv[2] ?? path.join('docs', 'figures');
  const report = runWells();
  const c = report.checks;
  console.log('Landscape: L(x) = -sum_p c_p exp(-a_p |x - mu_p|^2), 8 wells, 2-D (seed 004, random_state = 0)');
  console.log(`  gradcheck (library gradcheck, 20 points): ${c.gradcheckOk ? 'passed' : 'FAILED'}, gradient max rel. error ${c.gradcheck.toExponential(2)}`);
  console.log(`  compiled Hessian vs notebook formula: max abs. difference ${c.hessianFormula.toExponential(2)}`);
  console.log(`  compiled Hessian vs differences of the gradient: ${c.hessianDifferences.toExponential(2)}`);
  console.log(`  notebook's _hessian_gaussian_well code vs compiled Hessian: ${c.notebookCodeError.toExponential(2)} (the code drops factors of 2)`);
  console.log(`Global minimum L = ${report.global.value.toFixed(6)} at (${report.global.x[0]!.toFixed(5)}, ${report.global.x[1]!.toFixed(5)})`);
  console.log(`On the circle x^2 + y^2 = 1: L = ${report.globalOnCircle.value.toFixed(6)} at (${report.globalOnCircle.x[0]!.toFixed(5)}, ${report.globalOnCircle.x[1]!.toFixed(5)})`);
  console.log('');
  console.log(summaryTable(report));
  const names = writeFigures(report, dir);
  console.log(`\n${names.length} figures written to ${dir}`);
  for (const r of report.results) console.log(`  ${r.experiment.id}: ${r.experiment.note}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
