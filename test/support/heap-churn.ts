/**
 * Child-process workload for the bounded-memory test and benchmark (run with
 * `node --expose-gc --import tsx test/support/heap-churn.ts N1 N2 ...`): parses,
 * differentiates and prints distinct expressions one after another, compiling and
 * evaluating every COMPILE_EVERY-th (generating a function costs about 1 ms, five times
 * the rest), keeping nothing, and prints one JSON line per checkpoint with the heap
 * measured after full collections (and after the interning table's finalisers ran).
 *
 * It yields to the event loop every YIELD_EVERY expressions, as a server does between
 * requests: a WeakRef keeps its target alive until the current job ends (ECMAScript's
 * KeepDuringJob), so one synchronous loop holds every node it built until it returns.
 */
import { compile } from '../../src/compile/index.js';
import { gradient } from '../../src/diff/index.js';
import * as expr from '../../src/expr/index.js';

const { parse, toLatex, toText } = expr;
/** Entries of the interning table (the count the strong table of old reported as internedCount). */
const tableEntries = (): number => ('liveNodeCount' in expr ? expr.liveNodeCount() : (expr as { internedCount(): number }).internedCount());

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Collects until the heap stops shrinking, letting finalisation callbacks run in between. */
async function settledHeap(): Promise<number> {
  let last = Infinity;
  for (let round = 0; round < 8; round++) {
    gc!();
    await new Promise((r) => setTimeout(r, 0));
    const used = process.memoryUsage().heapUsed;
    if (used >= last * 0.995) return Math.min(used, last);
    last = used;
  }
  return last;
}

/** The i-th expression: distinct constants and a distinct symbol name, so nothing is shared between iterations. */
function expressionText(i: number): string {
  return `sin(${i + 2}*x^2 + v${i}*y) + exp(x/(${i + 1} + y^2))*v${i}`;
}

const COMPILE_EVERY = 10;
const YIELD_EVERY = 100;
const checkpoints = process.argv.slice(2).map(Number);
let done = 0;
let sink = 0;
for (const target of checkpoints) {
  for (; done < target; done++) {
    if (done % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    const f = parse(expressionText(done));
    const vars = ['x', 'y', `v${done}`];
    const g = gradient(f, vars);
    sink += toText(g[0]!).length + toLatex(g[2]!).length;
    if (done % COMPILE_EVERY === 0) sink += compile([f, ...g], vars).evaluate(new Float64Array([0.5, 0.25, 1.5]))[0]!;
  }
  const heap = await settledHeap();
  process.stdout.write(`${JSON.stringify({ expressions: done, heapUsed: heap, tableEntries: tableEntries(), sink: Number.isFinite(sink) })}\n`);
}
