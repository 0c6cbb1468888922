/**
 * Compiled chained Rosenbrock f and f+∇f per point against the hand-written loops, for
 * the sizes on the command line (the n = 10⁵ row of docs/benchmarks.md, "At scale",
 * whose bench case needs minutes of setup): median of 600 ms of windows after one
 * build, in one process, with the build times.
 *
 *   npx tsx test/compile-scale-ratio.ts 1000 10000 100000
 */
import { compileGradient, compile } from '../src/compile/index.js';
import { rosenbrock } from '../src/optimize/index.js';
import { rosenbrockValue, rosenbrockValueAndGradient } from './support/rosenbrock-hand.js';
const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0 || sizes.some((n) => !(n >= 2))) {
  console.error('usage: npx tsx test/compile-scale-ratio.ts N [N ...]   (N >= 2)');
  process.exit(2);
}
let sink = 0;
function med(fn: () => void, reps: number): number {
  const ts: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < 600) { const a = performance.now(); for (let r = 0; r < reps; r++) fn(); ts.push((performance.now() - a) / reps); }
  ts.sort((a, b) => a - b); return ts[ts.length >> 1]!;
}
for (const n of sizes) {
  const { expression, variables } = rosenbrock(n);
  let t = performance.now();
  const f = compile(expression, variables);
  const tf = performance.now() - t; t = performance.now();
  const fg = compileGradient(expression, variables);
  const tfg = performance.now() - t;
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));
  const out = new Float64Array(1), g = new Float64Array(n), h = new Float64Array(n);
  const hand = rosenbrockValueAndGradient(x, h);
  if (Math.abs(fg.valueAndGradient(x, g) - hand) > 1e-9 * hand || g.some((v, i) => Math.abs(v - h[i]!) > 1e-9 * Math.max(1, Math.abs(h[i]!)))) throw new Error(`rosenbrock ${n}: compiled value or gradient differs from the hand-written loop`);
  const reps = Math.max(1, Math.round(100_000 / n)); // windows of about 100 µs or more
  const a = med(() => { sink += f.evaluate(x, out)[0]!; }, reps);
  const b = med(() => { sink += rosenbrockValue(x); }, reps);
  const c = med(() => { sink += fg.valueAndGradient(x, g); }, reps);
  const d = med(() => { sink += rosenbrockValueAndGradient(x, h); }, reps);
  console.log(`n=${n} build f ${tf.toFixed(0)}ms fg ${tfg.toFixed(0)}ms | f ${(a / b).toFixed(2)}x (${(a*1e3).toFixed(1)}us) | fg ${(c / d).toFixed(2)}x (${(c*1e3).toFixed(1)}us vs ${(d*1e3).toFixed(1)}) chunks ${fg.chunks} instr ${fg.instructionCount}`);
}
