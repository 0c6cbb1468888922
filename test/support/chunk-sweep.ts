/**
 * How the chunk size (characters of generated code per function) affects speed and warm-up, on the 1000-D
 * Rosenbrock f and f+gradient (docs/benchmarks.md, "chunk size"). Run with:
 *
 *   npx tsx test/support/chunk-sweep.ts
 *
 * Each configuration runs in its own process: compile, then call for 12 s, in batches of
 * 50 calls. Reported: the steady per-call time (median of the last quarter of batches)
 * and the warm-up, the time until a batch first ran within 1.5x of that steady time
 * (V8 optimises large functions in the background, which takes seconds). "one function"
 * is the unchunked program: V8 never optimises a function with more than 60 KB of
 * bytecode (--max-optimized-bytecode-size), so it stays in the interpreter/baseline tier.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Expr } from '../../src/expr/index.js';
import { compile, compileGradient, DEFAULT_MAX_CHUNK_CHARS } from '../../src/compile/index.js';
import { rosenbrock as rosenbrockLandscape } from '../../src/optimize/index.js';

const N = 1000;
/** Character budgets per generated function (instruction budget unlimited). */
const CHUNKS = [Number.MAX_SAFE_INTEGER, 64_000, 40_000, 24_000, 12_000];
const RUN_MS = 12_000;

/** Chained Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², from the library's builder. */
function rosenbrock(n: number): { e: Expr; vars: string[] } {
  const { expression, variables } = rosenbrockLandscape(n);
  return { e: expression, vars: variables };
}

function measure(kind: 'f' | 'g', maxChunkChars: number): { steady: number; warmup: number; chunks: number; instructions: number } {
  const { e, vars } = rosenbrock(N);
  const x = Float64Array.from({ length: N }, (_, i) => 0.5 + 0.4 * Math.sin(i));
  const out = new Float64Array(1);
  const g = new Float64Array(N);
  let call: () => number;
  let chunks: number;
  let instructions: number;
  if (kind === 'f') {
    const c = compile(e, vars, { maxChunk: Number.MAX_SAFE_INTEGER, maxChunkChars });
    call = () => c.evaluate(x, out)[0]!;
    chunks = c.chunks;
    instructions = c.instructionCount;
  } else {
    const c = compileGradient(e, vars, { maxChunk: Number.MAX_SAFE_INTEGER, maxChunkChars });
    call = () => c.valueAndGradient(x, g);
    chunks = c.chunks;
    instructions = c.instructionCount;
  }
  const series: { t: number; us: number }[] = [];
  const t0 = performance.now();
  let sink = 0;
  while (performance.now() - t0 < RUN_MS) {
    const t = performance.now();
    for (let k = 0; k < 50; k++) sink += call();
    const now = performance.now();
    series.push({ t: now - t0, us: ((now - t) / 50) * 1000 });
  }
  if (sink === -1) console.log(sink);
  const tail = series.slice(Math.floor((3 * series.length) / 4)).map((s) => s.us).sort((a, b) => a - b);
  const steady = tail[Math.floor(tail.length / 2)]!;
  const warm = series.find((s) => s.us <= 1.5 * steady);
  return { steady, warmup: warm ? warm.t : NaN, chunks, instructions };
}

function main(): void {
  if (process.argv[2] === '--one') {
    process.stdout.write(`${JSON.stringify(measure(process.argv[3] as 'f' | 'g', Number(process.argv[4])))}\n`);
    return;
  }
  const self = fileURLToPath(import.meta.url);
  console.log(`| program | characters per function | chunks | steady time per call | warm-up until within 1.5x |`);
  console.log('|---|---|---|---|---|');
  for (const kind of ['f', 'g'] as const) {
    for (const maxChunk of CHUNKS) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--one', kind, String(maxChunk)], { encoding: 'utf8', timeout: 120_000 });
      const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ReturnType<typeof measure>;
      const label = kind === 'f' ? `Rosenbrock ${N} f (${m.instructions} instructions)` : `Rosenbrock ${N} f+∇f (${m.instructions} instructions)`;
      const size = maxChunk === Number.MAX_SAFE_INTEGER ? 'unlimited (one function)' : `${maxChunk}${maxChunk === DEFAULT_MAX_CHUNK_CHARS ? ' (default)' : ''}`;
      console.log(`| ${label} | ${size} | ${m.chunks} | ${m.steady.toFixed(1)} µs | ${Number.isNaN(m.warmup) ? '—' : `${(m.warmup / 1000).toFixed(1)} s`} |`);
    }
  }
  console.log(`\n(node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
}

main();
