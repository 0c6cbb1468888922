/**
 * Compiled f and gradient against hand-written JavaScript and mathjs `compile().evaluate`:
 * seed 004's 2-D landscape of 8 Gaussian wells and the n-dimensional Rosenbrock function
 * (n = 10, 100, 1000). Goals (issue 2): compiled f within 1.5x of hand-written; f and
 * gradient together at most 3x f; at least 20x faster than mathjs evaluate.
 *
 *   npx vitest bench --run test/compile.bench.ts --outputJson bench-compile.json
 *   npx tsx test/support/bench-report.ts bench-compile.json
 *
 * The second command prints the ratio table of docs/benchmarks.md from the first's run.
 */
import * as math from 'mathjs';
import { bench, describe } from 'vitest';
import type { Expr } from '../src/expr/index.js';
import { compile, compileGradient } from '../src/compile/index.js';
import { rosenbrock as rosenbrockLandscape } from '../src/optimize/index.js';
import { WELL_CENTERS, WELL_WEIGHTS, WELL_WIDTHS, wellsExpr, wellsGradient, wellsValue } from './support/wells-004.js';
import { rosenbrockValue, rosenbrockValueAndGradient } from './support/rosenbrock-hand.js';
import { keep, loop } from './support/bench-keep.js';



const FAST = { time: 1000, warmupTime: 500 };
// Straight-line code for n = 1000 is split into chunks that V8 optimises in the
// background; give that time before measuring (docs/benchmarks.md, "warm-up").
const LARGE = { time: 2000, warmupTime: 8000 };
const SLOW = { time: 1000, warmupTime: 200, iterations: 5 };

// ---------------------------------------------------------------------------
// Seed 004: 8 Gaussian wells in 2-D.
{
  const e = wellsExpr();
  const f = compile(e, ['x', 'y']);
  const fg = compileGradient(e, ['x', 'y']);
  const p = Float64Array.of(0.3, -0.7);
  const out = new Float64Array(1);
  const g = new Float64Array(2);
  const terms = WELL_WEIGHTS.map((c, k) => {
    const [mx, my] = WELL_CENTERS[k]!;
    const w = WELL_WIDTHS[k]!;
    return `${c} * exp(-(((x - ${mx}) / ${w})^2 + ((y - ${my}) / ${w})^2))`;
  });
  const text = `-(${terms.join(' + ')})`;
  const mf = math.compile(text);
  const node = math.parse(text);
  const mgx = math.derivative(node, 'x', { simplify: false }).compile();
  const mgy = math.derivative(node, 'y', { simplify: false }).compile();
  const scope = { x: 0.3, y: -0.7 };
  if (Math.abs(mf.evaluate(scope) - f.evaluate(p)[0]!) > 1e-13 || Math.abs(mgx.evaluate(scope) - fg.gradient(p)[0]!) > 1e-13) {
    throw new Error('mathjs and compiled landscapes disagree');
  }

  describe('wells f [x100]', () => {
    bench('compiled', loop(100, () => keep(f.evaluate(p, out)[0]!)), FAST);
    bench('hand-written', loop(100, () => keep(wellsValue(p[0]!, p[1]!))), FAST);
    bench('mathjs', loop(100, () => keep(mf.evaluate(scope))), FAST);
  });
  describe('wells f+grad [x100]', () => {
    bench('compiled', loop(100, () => keep(fg.valueAndGradient(p, g) + g[0]!)), FAST);
    bench('hand-written', loop(100, () => keep(wellsValue(p[0]!, p[1]!) + wellsGradient(p[0]!, p[1]!, g)[0]!)), FAST);
    bench('mathjs', loop(100, () => keep(mf.evaluate(scope) + mgx.evaluate(scope) + mgy.evaluate(scope))), FAST);
  });

  // 1000 points in one call (a grid, as the notebook's contour plot evaluates).
  const N = 1000;
  const grid = Float64Array.from({ length: 2 * N }, (_, i) => -3 + (6 * ((i * 7919) % N)) / N);
  const values = new Float64Array(N);
  describe('wells f batch 1000 [x1]', () => {
    bench('compiled', () => keep(f.evaluateBatch(grid, N, values)[N - 1]!), FAST);
    bench('hand-written', () => {
      for (let r = 0; r < N; r++) values[r] = wellsValue(grid[2 * r]!, grid[2 * r + 1]!);
      keep(values[N - 1]!);
    }, FAST);
  });
}

// ---------------------------------------------------------------------------
// Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)².
function rosenbrock(n: number): { e: Expr; vars: string[]; text: string } {
  const { expression, variables } = rosenbrockLandscape(n);
  const text = variables.slice(0, -1).map((v, i) => `100 * (${variables[i + 1]} - ${v}^2)^2 + (1 - ${v})^2`);
  return { e: expression, vars: variables, text: balancedSum(text) };
}
/** a + b + ... as a balanced tree: mathjs compiles a 2000-term chain by recursion and overflows the stack. */
function balancedSum(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  const mid = parts.length >> 1;
  return `(${balancedSum(parts.slice(0, mid))}) + (${balancedSum(parts.slice(mid))})`;
}

for (const n of [10, 100, 1000]) {
  const { e, vars, text } = rosenbrock(n);
  const f = compile(e, vars);
  const fg = compileGradient(e, vars);
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));
  const out = new Float64Array(1);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const scope: Record<string, number> = Object.fromEntries(vars.map((v, i) => [v, x[i]!]));
  const mf = math.compile(text);
  if (Math.abs(mf.evaluate(scope) - f.evaluate(x)[0]!) > 1e-12 * rosenbrockValue(x)) throw new Error('mathjs and compiled Rosenbrock disagree');
  rosenbrockValueAndGradient(x, h);
  fg.gradient(x, g);
  if (g.some((v, i) => Math.abs(v - h[i]!) > 1e-11 * Math.max(1, Math.abs(h[i]!)))) throw new Error('compiled Rosenbrock gradient is wrong');
  const options = n >= 1000 ? LARGE : FAST;
  const reps = n === 10 ? 100 : n === 100 ? 10 : 1;

  describe(`rosenbrock ${n} f [x${reps}]`, () => {
    bench('compiled', loop(reps, () => keep(f.evaluate(x, out)[0]!)), options);
    bench('hand-written', loop(reps, () => keep(rosenbrockValue(x))), options);
    bench('mathjs', loop(reps, () => keep(mf.evaluate(scope))), n >= 1000 ? SLOW : FAST);
  });
  describe(`rosenbrock ${n} f+grad [x${reps}]`, () => {
    bench('compiled', loop(reps, () => keep(fg.valueAndGradient(x, g) + g[n - 1]!)), options);
    bench('hand-written', loop(reps, () => keep(rosenbrockValueAndGradient(x, h) + h[n - 1]!)), options);
    // mathjs has no gradient: one derivative per variable, each evaluated. At n = 1000
    // building them takes minutes and one gradient about a second; not measured.
    if (n <= 100) {
      const node = math.parse(text);
      const mg = vars.map((v) => math.derivative(node, v, { simplify: false }).compile());
      bench('mathjs', loop(reps, () => keep(mf.evaluate(scope) + mg.reduce((s, d) => s + (d.evaluate(scope) as number), 0))), n >= 100 ? SLOW : FAST);
    }
  });
}

// ---------------------------------------------------------------------------
// What compiling costs: symbolic gradient, lowering, printing and new Function.
describe('compile cost [x1]', () => {
  const wells = wellsExpr();
  const r100 = rosenbrock(100);
  const r1000 = rosenbrock(1000);
  bench('wells compileGradient', () => keep(compileGradient(wells, ['x', 'y']).instructionCount), FAST);
  bench('rosenbrock 100 compileGradient', () => keep(compileGradient(r100.e, r100.vars).instructionCount), SLOW);
  bench('rosenbrock 1000 compileGradient', () => keep(compileGradient(r1000.e, r1000.vars).instructionCount), SLOW);
});
