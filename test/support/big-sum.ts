/**
 * Child-process workload for the size test (`node --expose-gc --import tsx
 * test/support/big-sum.ts N1 N2 ...`): for each N builds x0^2 + ... + x(N-1)^2 with the
 * constructors, differentiates it with respect to one variable and to all of them,
 * prints the sum and a gradient component as text and LaTeX, and prints one JSON line:
 * what the test checks, and the heap retained by the sum and its full gradient
 * (measured after full collections, with both still referenced).
 */
import { derivative, gradient } from '../../src/diff/index.js';
import { addAll, num, pow, sym, toLatex, toText, type Expr } from '../../src/expr/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settledHeap(): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
    best = Math.min(best, process.memoryUsage().heapUsed);
  }
  return best;
}

for (const n of process.argv.slice(2).map(Number)) {
  const before = await settledHeap();
  const names = Array.from({ length: n }, (_, i) => `x${i}`);
  const f: Expr = addAll(names.map((name) => pow(sym(name), num(2))));
  const d = derivative(f, names[n >> 1]!);
  const g = gradient(f, names);
  const text = toText(f);
  const latex = toLatex(f);
  const report = {
    n,
    terms: f.kind === 'add' ? f.terms.length : 1,
    derivative: toText(d),
    gradientLength: g.length,
    gradientSample: [0, n >> 1, n - 1].map((i) => toText(g[i]!)),
    gradientLatex: toLatex(g[n - 1]!),
    textLength: text.length,
    textHead: text.slice(0, 20),
    textTail: text.slice(-20),
    latexLength: latex.length,
    retained: 0,
  };
  // Wait for the memory with the sum and its gradient alive, then let them go.
  report.retained = (await settledHeap()) - before;
  if (g.length !== n || f.kind !== 'add') throw new Error('unreachable');
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
