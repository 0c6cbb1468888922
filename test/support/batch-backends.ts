/**
 * The WebAssembly batch against the JS batch (`batchBackend: 'js'`) of the same compiled
 * function, in process CPU time per point (process.cpuUsage: the other jobs of a shared
 * machine change wall-clock figures by up to 10x, CPU time much less). Seed 004's
 * wells (f, f+∇f) and chained Rosenbrock f (n = 10…10⁴) and f+∇f (n = 10…1000):
 *
 *   npx tsx test/support/batch-backends.ts
 */
import { compile, compileGradient, type CompileOptions } from '../../src/compile/index.js';
import { rosenbrock } from '../../src/optimize/index.js';
import { wellsExpr } from './wells-004.js';

type Batched = { evaluateBatch(x: Float64Array, n: number, out?: Float64Array): Float64Array; batchBackend: string };

/** Median CPU nanoseconds per point over 9 calls, after 3 calls of warm-up (WebAssembly tiers up from Liftoff to TurboFan meanwhile). */
function cpuPerPoint(run: () => void, points: number): number {
  for (let i = 0; i < 3; i++) run();
  const ts: number[] = [];
  for (let k = 0; k < 9; k++) {
    const c = process.cpuUsage();
    run();
    const d = process.cpuUsage(c);
    ts.push(((d.user + d.system) * 1000) / points);
  }
  return ts.sort((a, b) => a - b)[4]!;
}

function compare(name: string, make: (o: CompileOptions) => Batched, width: number, points: number): void {
  const x = Float64Array.from({ length: width * points }, (_, i) => -3 + (6 * ((i * 7919) % points)) / points);
  const wasm = make({});
  const js = make({ batchBackend: 'js' });
  const out = wasm.evaluateBatch(x, points);
  const tw = cpuPerPoint(() => wasm.evaluateBatch(x, points, out), points);
  const tj = cpuPerPoint(() => js.evaluateBatch(x, points, out), points);
  console.log(`| ${name} | ${wasm.batchBackend} | ${tw.toFixed(1)} ns | ${tj.toFixed(1)} ns | ${(tj / tw).toFixed(2)} |`);
}

console.log('| problem | backend | default batch, CPU per point | JS batch, CPU per point | JS / default |');
console.log('|---|---|---|---|---|');
const e = wellsExpr();
compare("seed 004's wells, f", (o) => compile(e, ['x', 'y'], o), 2, 100_000);
compare("seed 004's wells, f+∇f", (o) => compileGradient(e, ['x', 'y'], o), 2, 100_000);
for (const n of [10, 100, 1000, 10_000]) {
  const { expression, variables } = rosenbrock(n);
  compare(`Rosenbrock n = ${n}, f`, (o) => compile(expression, variables, o), n, Math.min(100_000, 1e7 / n));
  if (n <= 1000) compare(`Rosenbrock n = ${n}, f+∇f`, (o) => compileGradient(expression, variables, o), n, Math.min(100_000, 1e6 / n));
}
