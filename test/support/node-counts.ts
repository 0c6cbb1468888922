/**
 * Size and time of the derivative of the depth-d composition x ↦ sin(x·x + x), for our
 * DAG differentiation, mathjs `derivative` (simplify: false) and nerdamer `diff`.
 * Prints a Markdown table (docs/benchmarks.md). Run with:
 *
 *   npx tsx test/support/node-counts.ts
 *
 * Each measurement runs in its own process (fresh interning tables, no caches), after
 * one untimed run at depth 3 on another variable (so the engine's code is warm), with a
 * time limit; a library is not tried at larger depths once one depth took over 20 s.
 * Node counts: ours is the number of distinct DAG nodes (`nodeCount`); "as a tree" is
 * the same expression counted as a tree (every path separately), which is what the
 * libraries build; mathjs is the tree size of its result; nerdamer's result is text,
 * counted as the tree size of that text parsed by mathjs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as math from 'mathjs';
import nerdamerModule from 'nerdamer';
import 'nerdamer/Calculus.js';
import { add, children, mul, nodeCount, sin, sym, topologicalOrder, type Expr } from '../../src/expr/index.js';
import { derivative } from '../../src/diff/index.js';

const DEPTHS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 40];
const LIBS = ['ours', 'mathjs', 'nerdamer'] as const;
type Lib = (typeof LIBS)[number];
/** A library is not tried at larger depths once a depth took longer than this. */
const STOP_AFTER_MS = 20_000;
/** Hard limit of one measurement process. */
const KILL_AFTER_MS = 90_000;

interface Measurement {
  readonly lib: Lib;
  readonly d: number;
  readonly ms: number;
  readonly nodes: number;
  readonly treeNodes?: number;
}

/** Size of the DAG counted as a tree (every path separately), without expanding it. */
function treeSizeOfDag(e: Expr): number {
  const size = new Map<Expr, number>();
  for (const n of topologicalOrder([e])) size.set(n, 1 + children(n).reduce((s, k) => s + size.get(k)!, 0));
  return size.get(e)!;
}

function mathjsComposition(d: number, variable = 'x'): math.MathNode {
  // Built as shared node objects (a DAG in memory); mathjs walks it as a tree.
  let e: math.MathNode = new math.SymbolNode(variable);
  for (let i = 0; i < d; i++) e = new math.FunctionNode('sin', [new math.OperatorNode('+', 'add', [new math.OperatorNode('*', 'multiply', [e, e]), e])]);
  return e;
}

function mathjsTreeSize(n: math.MathNode): number {
  let count = 0;
  const stack = [n];
  while (stack.length > 0) {
    const k = stack.pop()!;
    count++;
    k.forEach((child: math.MathNode) => void stack.push(child));
  }
  return count;
}

/** One untimed run at depth 3 first, so the timed run measures warm code, not a cold engine. */
async function measureOne(lib: Lib, d: number): Promise<Measurement> {
  await measureOnce(lib, 3, 'w');
  return measureOnce(lib, d, 'x');
}

async function measureOnce(lib: Lib, d: number, variable: string): Promise<Measurement> {
  if (lib === 'ours') {
    // A fresh variable name: no node of the timed run exists before it.
    let e: Expr = sym(variable);
    for (let i = 0; i < d; i++) e = sin(add(mul(e, e), e));
    const t0 = performance.now();
    const dd = derivative(e, variable);
    const ms = performance.now() - t0;
    return { lib, d, ms, nodes: nodeCount(dd), treeNodes: treeSizeOfDag(dd) };
  }
  if (lib === 'mathjs') {
    const e = mathjsComposition(d, variable);
    const t0 = performance.now();
    const dd = math.derivative(e, variable, { simplify: false });
    const ms = performance.now() - t0;
    return { lib, d, ms, nodes: mathjsTreeSize(dd) };
  }
  const nerdamer = nerdamerModule as unknown as { diff: (e: string, x: string) => { toString(): string }; flush: () => void };
  let s = variable;
  for (let i = 0; i < d; i++) s = `sin((${s})*(${s})+(${s}))`;
  const t0 = performance.now();
  const text = nerdamer.diff(s, variable).toString();
  const ms = performance.now() - t0;
  nerdamer.flush();
  return { lib, d, ms, nodes: mathjsTreeSize(math.parse(text)) };
}

function runChild(lib: Lib, d: number): Measurement | 'timeout' | 'error' {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--one', lib, String(d)], { timeout: KILL_AFTER_MS, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error || r.signal) return 'timeout';
  const line = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line ?? '') as Measurement;
  } catch {
    process.stderr.write(r.stderr);
    return 'error';
  }
}

const fmtMs = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(0) : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    process.stdout.write(`${JSON.stringify(await measureOne(args[1] as Lib, Number(args[2])))}\n`);
    return;
  }
  const stopped = new Map<Lib, string>();
  const rows: string[] = [];
  for (const d of DEPTHS) {
    const cells: string[] = [String(d)];
    for (const lib of LIBS) {
      const stop = stopped.get(lib);
      if (stop) {
        cells.push('—', '—', ...(lib === 'ours' ? ['—'] : []));
        continue;
      }
      const m = runChild(lib, d);
      if (m === 'timeout' || m === 'error') {
        stopped.set(lib, m);
        cells.push(m === 'timeout' ? `> ${KILL_AFTER_MS / 1000} s` : 'error', '—', ...(lib === 'ours' ? ['—'] : []));
        continue;
      }
      if (lib === 'ours') cells.push(String(m.nodes), String(m.treeNodes), fmtMs(m.ms));
      else cells.push(String(m.nodes), fmtMs(m.ms));
      if (m.ms > STOP_AFTER_MS) stopped.set(lib, 'slow');
    }
    rows.push(`| ${cells.join(' | ')} |`);
    process.stderr.write(`depth ${d} done\n`);
  }
  console.log('| d | ours: DAG nodes | ours: same DAG as a tree | ours: time (ms) | mathjs: tree nodes | mathjs: time (ms) | nerdamer: tree nodes | nerdamer: time (ms) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\n(— : not run, the previous depth took over ${STOP_AFTER_MS / 1000} s; node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
}

await main();
