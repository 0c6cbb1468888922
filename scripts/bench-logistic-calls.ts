/**
 * Logistic regression at n = 1000, m = 2000 (issue 12's hardest benchmark): the compiled
 * value and gradient, data in place (`plan.array`), timed call by call: with fused
 * multiply-adds (relaxed SIMD) on one thread and on the default threads (the loop in
 * chunks on worker threads), and with multiply then add on one thread. On a shared
 * machine the mean of a vitest bench moves with the load; the fastest call and the median
 * of many single calls are steadier. NumPy's side, timed the same way, on one thread and
 * on two: `OPENBLAS_NUM_THREADS=1 python3 scripts/bench-matrix-sympy.py --logistic-calls 1500`
 * (and `OPENBLAS_NUM_THREADS=2`).
 *
 *   npx tsx scripts/bench-logistic-calls.ts [calls]        # default 1500 calls each
 *   npx tsx scripts/bench-logistic-calls.ts 5000 96 1000 f  # m = 96 (X in cache), f alone
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimd } from '../src/compile/index.js';
import { compileMatrix, compileValueAndGradient } from '../src/compile/matrix/index.js';
import { declare, declaredNode, parseMatrix, type MVar } from '../src/expr/matrix/index.js';
import { seededRandom } from '../src/numeric/random.js';
import { installNodeThreads } from '../src/compile/wasm/node-threads.js';

// Worker threads for the chunked loops, as the main entry installs them.
installNodeThreads();

// As the CLI does: Node 20 has relaxed SIMD only behind this flag.
if (!relaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd');

const calls = Number(process.argv[2] ?? 1500);
const m = Number(process.argv[3] ?? 2000);
const n = Number(process.argv[4] ?? 1000);
const fAlone = process.argv[5] === 'f';
const decls = declare([{ name: 'X', shape: ['m', 'n'] }, { name: 'w', shape: ['n'] }, { name: 'y', shape: ['m'] }]);
const f = parseMatrix('sum(log(ones(m) + exp(-y.*(X*w))))', decls);
const rand = seededRandom(1);
const X = Float64Array.from({ length: m * n }, () => 2 * rand() - 1);
const w = Float64Array.from({ length: n }, () => 2 * rand() - 1);
const y = Float64Array.from({ length: m }, () => (rand() > 0.5 ? 1 : -1));

let sink = 0;
// FMA on one thread, FMA on the default threads (the machine's cores: its loop runs in
// chunks on worker threads), multiply then add on one thread.
for (const { fma, threads } of [{ fma: true, threads: 1 }, { fma: true, threads: undefined }, { fma: false, threads: 1 }]) {
  const options = threads === undefined ? { fma } : { fma, threads };
  const plan = fAlone
    ? compileMatrix([f], ['X', 'w', 'y'], { n, m }, options)
    : compileValueAndGradient(f, declaredNode('w', decls) as MVar, { n, m }, ['X', 'w', 'y'], options);
  if (threads === undefined && (plan.info.threads ?? 1) === 1) continue;
  const args = [plan.array('X'), plan.array('w'), plan.array('y')];
  args[0]!.set(X);
  args[1]!.set(w);
  args[2]!.set(y);
  for (let k = 0; k < 200; k++) sink += plan.evaluate(args)[0]![0]!;
  const us: number[] = [];
  for (let k = 0; k < calls; k++) {
    const t0 = process.hrtime.bigint();
    sink += plan.evaluate(args)[0]![0]!;
    us.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  us.sort((a, b) => a - b);
  const label = `${plan.info.fma ? 'fused multiply-add (relaxed_madd)' : 'multiply then add'}, ${plan.info.threads} thread${plan.info.threads === 1 ? '' : 's'}`;
  const digits = us[0]! < 100 ? 1 : 0;
  console.log(`ours${fAlone ? ', f alone' : ''}, ${label}: min ${us[0]!.toFixed(digits)} us, median ${us[us.length >> 1]!.toFixed(digits)} us over ${calls} calls`);
}
if (Number.isNaN(sink)) console.log(sink);
