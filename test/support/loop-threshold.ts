/**
 * Straight-line against looped compiled Rosenbrock, per point against the hand-written
 * loops, for the sizes on the command line (settles AUTO_LOOP_INSTRUCTIONS; run on a quiet
 * machine): npx tsx test/support/loop-threshold.ts 10 30 60 100 150 200 300
 */
import { compileGradient, compile } from '../../src/compile/index.js';
import { rosenbrock } from '../../src/optimize/index.js';
import { rosenbrockValue, rosenbrockValueAndGradient } from './rosenbrock-hand.js';
let sink = 0;
function med(fn: () => void, reps: number): number {
  const ts: number[] = []; const t0 = performance.now();
  while (performance.now() - t0 < 400) { const a = performance.now(); for (let r = 0; r < reps; r++) fn(); ts.push((performance.now() - a) / reps); }
  ts.sort((a, b) => a - b); return ts[ts.length >> 1]!;
}
for (const n of process.argv.slice(2).map(Number)) {
  const { expression, variables } = rosenbrock(n);
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));
  const out = new Float64Array(1), g = new Float64Array(n), h = new Float64Array(n);
  const reps = Math.max(1, Math.round(100_000 / n));
  const row: string[] = [`n=${n}`];
  for (let round = 0; round < 2; round++) for (const loops of ['never', 'always'] as const) {
    const f = compile(expression, variables, { loops }); const fg = compileGradient(expression, variables, { loops });
    const a = med(() => { sink += f.evaluate(x, out)[0]!; }, reps), b = med(() => { sink += rosenbrockValue(x); }, reps);
    const c = med(() => { sink += fg.valueAndGradient(x, g); }, reps), d = med(() => { sink += rosenbrockValueAndGradient(x, h); }, reps);
    row.push(`${loops}: f ${(a/b).toFixed(2)} fg ${(c/d).toFixed(2)}`);
  }
  console.log(row.join(' | '));
}
