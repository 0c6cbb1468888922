/**
 * Benchmarks of the optimisers (docs/benchmarks.md, "Optimisers"):
 * - L-BFGS and Newton on the n-dimensional Rosenbrock function, n = 2, 100, 1000, on the
 *   compiled symbolic gradient (and Hessian / Hessian-vector products), against the
 *   nonlinear conjugate gradient of the npm package `fmin` (Polak–Ribière with a Wolfe
 *   line search; npm has no maintained L-BFGS) on the same compiled gradient;
 * - batched gradient descent over 100 starts (one compiled batch evaluation per
 *   iteration) against a loop over single starts.
 * Iteration counts are printed once when the file loads.
 * Run: npx vitest bench --run test/optimize.bench.ts
 */
import { bench, describe } from 'vitest';
// fmin 0.0.4 ships a UMD bundle in a "type": "module" package, so a named ESM import
// yields nothing; importing the bundle for its side effect defines globalThis.fmin.
import 'fmin/build/fmin.js';
import { gradientDescent, lbfgs, newton, type Objective } from '../src/numeric/index.js';
import { compileObjective, notebookLandscape, notebookStarts, rosenbrock } from '../src/optimize/index.js';

type FminCg = (f: (x: number[], g: number[]) => number, x0: number[], params?: { maxIterations?: number; history?: unknown[] }) => { x: number[]; fx: number };
const fmin = (globalThis as unknown as { fmin: { conjugateGradient: FminCg } }).fmin;

const problems = [2, 100, 1000].map((n) => {
  const { expression, variables } = rosenbrock(n);
  const objective = compileObjective(expression, variables);
  const start = n === 2 ? Float64Array.from([-1.2, 1]) : new Float64Array(n);
  return { n, objective, start };
});

/** fmin's CG on the compiled gradient; its stopping test is ‖∇f‖ <= 1e-5 (fixed). */
function fminRun(o: Objective, start: Float64Array, maxIterations: number) {
  const x = new Float64Array(o.dimension);
  const g = new Float64Array(o.dimension);
  let evaluations = 0;
  const history: unknown[] = [];
  const r = fmin.conjugateGradient(
    (xs, gs) => {
      evaluations++;
      x.set(xs);
      const v = o.valueAndGradient(x, g);
      for (let i = 0; i < g.length; i++) gs[i] = g[i]!;
      return v;
    },
    Array.from(start),
    { maxIterations, history },
  );
  return { fx: r.fx, iterations: history.length - 1, evaluations };
}

const LBFGS = { tol: 1e-5, maxIter: 20000 };
const NEWTON = { tol: 1e-5, maxIter: 5000 };
for (const { n, objective, start } of problems) {
  const l = lbfgs(objective, start, 1, LBFGS).runs[0]!;
  const c = newton(objective, start, 1, { ...NEWTON, newtonSolver: 'cg' }).runs[0]!;
  const d = n <= 100 ? newton(objective, start, 1, { ...NEWTON, newtonSolver: 'dense' }).runs[0]! : undefined;
  const f = fminRun(objective, start, 20 * Math.max(n, 100));
  console.log(
    `rosenbrock n=${n}: lbfgs ${l.status} ${l.iterations} it / ${l.evaluations} ev, f=${l.value.toExponential(1)}; ` +
      `newton-cg ${c.status} ${c.iterations} it / ${c.evaluations} ev / ${c.info!['hessian_vector_products']} hvp; ` +
      (d ? `newton-dense ${d.status} ${d.iterations} it / ${d.evaluations} ev; ` : '') +
      `fmin CG ${f.iterations} it / ${f.evaluations} ev, f=${f.fx.toExponential(1)}`,
  );
}

for (const { n, objective, start } of problems) {
  const slow = n === 1000 ? { time: 0, iterations: 3, warmupIterations: 1, warmupTime: 0 } : {};
  describe(`Rosenbrock n = ${n} (tol 1e-5 on |grad f|)`, () => {
    bench('L-BFGS (ours, m = 10, strong Wolfe)', () => void lbfgs(objective, start, 1, LBFGS), slow);
    bench('Newton-CG (ours, HVPs)', () => void newton(objective, start, 1, { ...NEWTON, newtonSolver: 'cg' }), slow);
    if (n <= 100) bench('Newton dense (ours, compiled Hessian + shifted Cholesky)', () => void newton(objective, start, 1, { ...NEWTON, newtonSolver: 'dense' }));
    bench('fmin.conjugateGradient (npm, Polak-Ribiere + Wolfe)', () => void fminRun(objective, start, 20 * Math.max(n, 100)), slow);
  });
}

const wells = notebookLandscape();
const wellObjective = compileObjective(wells.expression, wells.variables);
const starts = notebookStarts(100);
// A fixed amount of work: 500 iterations for every start (tol below reach).
const GD = { lr: 0.1, maxIter: 500, tol: 1e-300 };
describe('gradient descent, 100 starts x 500 iterations on the 8-well landscape', () => {
  bench('batched: one compiled evaluateBatch per iteration for all starts', () => void gradientDescent(wellObjective, starts, 100, GD));
  bench('loop over single starts', () => {
    for (let s = 0; s < 100; s++) gradientDescent(wellObjective, starts.subarray(2 * s, 2 * s + 2), 1, GD);
  });
  const unbatched: Objective = { dimension: 2, valueAndGradient: (x, g) => wellObjective.valueAndGradient(x, g) };
  bench('lock-step without evaluateBatch (one call per start per iteration)', () => void gradientDescent(unbatched, starts, 100, GD));
});
