/**
 * Compiled code at scale (issue 10): chained Rosenbrock f and f+∇f for n = 10 … 10⁵ and
 * seed 004's Gaussian wells, against a hand-written loop and against SymPy
 * `lambdify(cse=True)` over NumPy (per point, and batched: one call over many points),
 * all measured in the same run. Goals: compiled within 1.5x of the hand loop at every
 * n; ahead of SymPy per point and batched.
 *
 *   npx vitest bench --run test/compile-scale.bench.ts --outputJson bench-scale.json
 *   npx tsx test/support/scale-report.ts bench-scale.json bench-scale-sympy.json
 *
 * The first writes vitest's results and SymPy's (bench-scale-sympy.json, or the path in
 * BENCH_SYMPY_OUT); the second prints the ratio tables of docs/benchmarks.md from that
 * one run. SymPy runs in a child process
 * (`test/support/sympy_baseline.py`, Debian's python3-sympy and python3-numpy:
 * `apt-get install -y python3-sympy python3-numpy`); without python3 and those modules
 * the SymPy columns say why they are empty. SymPy's build time grows fast (n = 1000:
 * 12 s for f, 236 s for f+∇f, measured once), so it is run for f up to n = 1000 and for
 * f+∇f up to n = 100. Batches hold min(10⁵, 10⁷/n) points (10⁵ points of 10⁴ variables
 * would be 8 GB).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import type { Expr } from '../src/expr/index.js';
import { compile, compileGradient } from '../src/compile/index.js';
import { WELL_CENTERS, WELL_WEIGHTS, WELL_WIDTHS, wellsExpr, wellsGradient, wellsValue } from './support/wells-004.js';
import { rosenbrock as rosenbrockLandscape } from '../src/optimize/index.js';
import { rosenbrockValue, rosenbrockValueAndGradient } from './support/rosenbrock-hand.js';
import { keep, loop } from './support/bench-keep.js';

/** BENCH_MAX_N=10000 leaves out n = 10⁵ (its gradient takes minutes to build on a loaded machine). */
const SIZES = [10, 100, 1000, 10_000, 100_000].filter((n) => n <= Number(process.env['BENCH_MAX_N'] ?? Infinity));
const SYMPY_F_MAX = 1000;
const SYMPY_FG_MAX = 100;
const pointsFor = (n: number): number => Math.min(100_000, Math.round(1e7 / n));


// ---------------------------------------------------------------------------
// SymPy baseline, once, in a child process.
type PyTimes = { build_s: number; one_us: number; batch_per_point_us: number; points: number };
type PyProblem = { name: string; f?: PyTimes; fg?: PyTimes };
function runSympy(): { problems: Map<string, PyProblem>; note: string } {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const job = {
    budget: 300,
    problems: [
      ...SIZES.filter((n) => n <= SYMPY_F_MAX).map((n) => ({ name: `rosenbrock ${n}`, kind: 'rosenbrock', n, points: pointsFor(n), grad: n <= SYMPY_FG_MAX })),
      { name: 'wells', kind: 'wells', weights: WELL_WEIGHTS, centers: WELL_CENTERS, widths: WELL_WIDTHS, points: 100_000, grad: true },
    ],
  };
  try {
    const text = execFileSync(python, ['test/support/sympy_baseline.py'], { input: JSON.stringify(job), encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 24 });
    const parsed = JSON.parse(text) as { sympy: string; numpy: string; problems: PyProblem[] };
    writeFileSync(process.env['BENCH_SYMPY_OUT'] ?? 'bench-scale-sympy.json', JSON.stringify({ ...parsed, python }));
    return { problems: new Map(parsed.problems.map((p) => [p.name, p])), note: `SymPy ${parsed.sympy}, NumPy ${parsed.numpy} (${python})` };
  } catch (err) {
    writeFileSync(process.env['BENCH_SYMPY_OUT'] ?? 'bench-scale-sympy.json', JSON.stringify({ skipped: (err as Error).message.split('\n')[0], python, problems: [] }));
    return { problems: new Map(), note: `SymPy baseline skipped: ${python} with sympy and numpy did not run (${(err as Error).message.split('\n')[0]})` };
  }
}
// Runs before any bench is measured: the machine is as loaded for SymPy as for the benches after it.
const sympyNote = runSympy().note;
if (process.env["BENCH_VERBOSE"]) console.log(sympyNote);

// ---------------------------------------------------------------------------
// Chained Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², from the library's own builder.
function rosenbrock(n: number): { e: Expr; vars: string[] } {
  const { expression, variables } = rosenbrockLandscape(n);
  return { e: expression, vars: variables };
}

for (const n of SIZES) {
  const { e, vars } = rosenbrock(n);
  const f = compile(e, vars);
  const fg = compileGradient(e, vars);
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));
  const out = new Float64Array(1);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const hand = rosenbrockValueAndGradient(x, h);
  if (Math.abs(f.evaluate(x)[0]! - hand) > 1e-12 * hand || Math.abs(fg.valueAndGradient(x, g) - hand) > 1e-12 * hand) throw new Error(`rosenbrock ${n}: compiled value is wrong`);
  if (g.some((v, i) => Math.abs(v - h[i]!) > 1e-10 * Math.max(1, Math.abs(h[i]!)))) throw new Error(`rosenbrock ${n}: compiled gradient is wrong`);
  const reps = Math.max(1, Math.round(1000 / n));
  const opts = { time: n >= 10_000 ? 1500 : 800, warmupTime: 800 };

  describe(`rosenbrock ${n} f [x${reps}]`, () => {
    bench('compiled', loop(reps, () => keep(f.evaluate(x, out)[0]!)), opts);
    bench('hand-written', loop(reps, () => keep(rosenbrockValue(x))), opts);
  });
  describe(`rosenbrock ${n} f+grad [x${reps}]`, () => {
    bench('compiled', loop(reps, () => keep(fg.valueAndGradient(x, g) + g[n - 1]!)), opts);
    bench('hand-written', loop(reps, () => keep(rosenbrockValueAndGradient(x, h) + h[n - 1]!)), opts);
  });

  const P = pointsFor(n);
  const X = new Float64Array(P * n);
  for (let r = 0; r < P; r++) for (let i = 0; i < n; i++) X[r * n + i] = x[i]! + 0.001 * ((r * 7919 + i) % 13);
  const outF = new Float64Array(P);
  const outFG = new Float64Array(P * (n + 1));
  const once = { time: 0, iterations: n >= 10_000 ? 5 : 10, warmupIterations: 2 };
  describe(`rosenbrock ${n} batch of ${P} points [x1]`, () => {
    bench('compiled f', () => keep(f.evaluateBatch(X, P, outF)[P - 1]!), once);
    bench('hand-written f', () => {
      for (let r = 0; r < P; r++) outF[r] = rosenbrockValue(X, r * n, n);
      keep(outF[P - 1]!);
    }, once);
    bench('compiled f+grad', () => keep(fg.evaluateBatch(X, P, outFG)[P - 1]!), once);
    bench('hand-written f+grad', () => {
      for (let r = 0; r < P; r++) outFG[r * (n + 1)] = rosenbrockValueAndGradient(X, outFG, r * n, n, r * (n + 1) + 1);
      keep(outFG[P - 1]!);
    }, once);
  });
}

// ---------------------------------------------------------------------------
// Seed 004's wells (2-D, 8 wells).
{
  const e = wellsExpr();
  const f = compile(e, ['x', 'y']);
  const fg = compileGradient(e, ['x', 'y']);
  const p = Float64Array.of(0.5, 0.5 + 0.4 * Math.sin(1));
  const out = new Float64Array(1);
  const g = new Float64Array(2);
  const opts = { time: 800, warmupTime: 500 };
  describe('wells f [x100]', () => {
    bench('compiled', loop(100, () => keep(f.evaluate(p, out)[0]!)), opts);
    bench('hand-written', loop(100, () => keep(wellsValue(p[0]!, p[1]!))), opts);
  });
  describe('wells f+grad [x100]', () => {
    bench('compiled', loop(100, () => keep(fg.valueAndGradient(p, g) + g[0]!)), opts);
    bench('hand-written', loop(100, () => keep(wellsValue(p[0]!, p[1]!) + wellsGradient(p[0]!, p[1]!, g)[0]!)), opts);
  });
  const P = 100_000;
  const X = Float64Array.from({ length: 2 * P }, (_, i) => -3 + (6 * ((i * 7919) % P)) / P);
  const outF = new Float64Array(P);
  const outFG = new Float64Array(3 * P);
  const once = { time: 0, iterations: 10, warmupIterations: 2 };
  describe(`wells batch of ${P} points [x1]`, () => {
    bench('compiled f', () => keep(f.evaluateBatch(X, P, outF)[P - 1]!), once);
    bench('hand-written f', () => {
      for (let r = 0; r < P; r++) outF[r] = wellsValue(X[2 * r]!, X[2 * r + 1]!);
      keep(outF[P - 1]!);
    }, once);
    bench('compiled f+grad', () => keep(fg.evaluateBatch(X, P, outFG)[P - 1]!), once);
    bench('hand-written f+grad', () => {
      for (let r = 0; r < P; r++) {
        outFG[3 * r] = wellsValue(X[2 * r]!, X[2 * r + 1]!);
        wellsGradient(X[2 * r]!, X[2 * r + 1]!, g);
        outFG[3 * r + 1] = g[0]!;
        outFG[3 * r + 2] = g[1]!;
      }
      keep(outFG[P - 1]!);
    }, once);
  });
}

