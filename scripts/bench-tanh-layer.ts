/**
 * A tanh layer at n = 1000 (W 1000×1000, data in place): the value z = tanh(W*x + b)
 * alone, and with its vector-Jacobian product u'*J = W'*(u .* (1 - z.^2)) (one plan,
 * `mgradient` of u'*tanh(W*x + b) w.r.t. x), on the JS fused loops (`backend: 'js'`:
 * what ran before tanh had an f64x2 spelling) and on WebAssembly, one thread and the
 * default threads. Timed call by call, the three backends interleaved round by round;
 * the fastest call and the median over all rounds.
 *
 *   npx tsx scripts/bench-tanh-layer.ts [calls per round] [n]   # default 200, 1000
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimd } from '../src/compile/index.js';
import { compileMatrix, type CompiledMatrix } from '../src/compile/matrix/index.js';
import { mgradient } from '../src/diff/matrix/index.js';
import { declare, declaredNode, parseMatrix, type MVar } from '../src/expr/matrix/index.js';
import { seededRandom } from '../src/numeric/random.js';
import { installNodeThreads } from '../src/compile/wasm/node-threads.js';

installNodeThreads();
// As the CLI does: Node 20 has relaxed SIMD only behind this flag.
if (!relaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd');

const calls = Number(process.argv[2] ?? 200);
const n = Number(process.argv[3] ?? 1000);
const ROUNDS = 3;
const decls = declare([{ name: 'W', shape: ['n', 'n'] }, { name: 'x', shape: ['n'] }, { name: 'b', shape: ['n'] }, { name: 'u', shape: ['n'] }]);
const layer = parseMatrix('tanh(W*x + b)', decls);
const vjp = mgradient(parseMatrix("u'*tanh(W*x + b)", decls), declaredNode('x', decls) as MVar);
const rand = seededRandom(3);
const data: Record<string, Float64Array> = {
  W: Float64Array.from({ length: n * n }, () => (2 * rand() - 1) / Math.sqrt(n)),
  x: Float64Array.from({ length: n }, () => 2 * rand() - 1),
  b: Float64Array.from({ length: n }, () => 2 * rand() - 1),
  u: Float64Array.from({ length: n }, () => 2 * rand() - 1),
};

interface Case { label: string; plan: CompiledMatrix; args: Float64Array[]; us: number[] }
const cases: Case[] = [];
for (const [what, roots] of [['value', [layer]], ['value + VJP', [layer, vjp]]] as const) {
  for (const [backend, options] of [['JS fused loops', { backend: 'js' as const }], ['WebAssembly, 1 thread', { threads: 1 }], ['WebAssembly, default threads', {}]] as const) {
    const inputs = ['W', 'x', 'b', 'u'].filter((name) => what !== 'value' || name !== 'u');
    const plan = compileMatrix([...roots], inputs, { n }, options);
    const args = inputs.map((name) => {
      const a = plan.array(name);
      a.set(data[name]!);
      return a;
    });
    const threads = plan.info.backend === 'wasm' ? `, ${plan.info.threads} thread(s) used, ${plan.info.chunkedLoops} chunked loop(s)` : `, fallback: ${plan.info.fallback}`;
    cases.push({ label: `${what}, ${backend} [${plan.info.backend}${threads}]`, plan, args, us: [] });
  }
}

let sink = 0;
for (const c of cases) for (let k = 0; k < 30; k++) sink += c.plan.evaluate(c.args)[0]![0]!;
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    for (let k = 0; k < calls; k++) {
      const t0 = process.hrtime.bigint();
      sink += c.plan.evaluate(c.args)[0]![0]!;
      c.us.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
  }
}
// The same numbers from every backend (tanh within 2 ulp of Math.tanh).
for (let i = 1; i < cases.length; i++) {
  const a = cases[i]!.plan.evaluate(cases[i]!.args);
  const base = cases[i < 3 ? 0 : 3]!.plan.evaluate(cases[i < 3 ? 0 : 3]!.args);
  let err = 0;
  a.forEach((o, k) => o.forEach((v, j) => { err = Math.max(err, Math.abs(v - base[k]![j]!)); }));
  if (err > 1e-12) throw new Error(`${cases[i]!.label}: differs from the JS loops by ${err}`);
}
for (const c of cases) {
  c.us.sort((a, b) => a - b);
  console.log(`${c.label}: min ${c.us[0]!.toFixed(0)} us, median ${c.us[c.us.length >> 1]!.toFixed(0)} us over ${c.us.length} calls`);
}
if (Number.isNaN(sink)) console.log(sink);
