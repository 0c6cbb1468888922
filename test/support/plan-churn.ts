/**
 * Child-process workload for the bounded-memory test of threaded plans (run with
 * `node --expose-gc --import tsx test/support/plan-churn.ts N1 N2 ...`): compiles
 * `sum(exp(x))` at n = 2^20 (a loop large enough to run in chunks on worker threads,
 * 16 MB of memory per plan) again and again, evaluates each plan once with two threads and
 * keeps none, and prints one JSON line per checkpoint with the process's resident memory
 * after full collections (the workers' heaps included: they share the process).
 */
import { compileMatrix } from '../../src/compile/matrix/index.js';
import { declare, parseMatrix } from '../../src/expr/matrix/index.js';
import { installNodeThreads } from '../../src/compile/wasm/node-threads.js';

// Worker threads for the chunked loops, as the main entry installs them.
installNodeThreads();

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const decls = declare([{ name: 'x', shape: ['n'] }]);
const f = parseMatrix('sum(exp(x))', decls);
const n = 2 ** 20;
let done = 0;
let sink = 0;
let threads = 0;
for (const target of process.argv.slice(2).map(Number)) {
  for (; done < target; done++) {
    const plan = compileMatrix([f], ['x'], { n }, { threads: 2 });
    threads = Math.max(threads, plan.info.threads ?? 1);
    const x = plan.array('x');
    x.fill(0.5);
    sink += plan.evaluate([x])[0]![0]!;
    // Between plans the event loop turns, as between a server's requests (finalisers run there).
    await new Promise((r) => setImmediate(r));
  }
  for (let k = 0; k < 4; k++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  process.stdout.write(`${JSON.stringify({ plans: done, rss: process.memoryUsage().rss, threads, sink: Math.abs(sink / done - n * Math.exp(0.5)) < 1e-6 * n })}\n`);
}
