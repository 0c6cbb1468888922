/**
 * Time to differentiate the depth-d composition x ↦ sin(x·x + x): ours (DAG, forward
 * mode) for d = 5, 10, 20, 40 against mathjs `derivative` (simplify: false) and nerdamer
 * `diff`. The libraries differentiate trees whose size grows exponentially with d; they
 * are measured here only at d = 5 (d = 10 is out of reach: mathjs took 1.8 s at d = 7
 * and nerdamer 17 s), and single-shot up to their limit by
 * `npx tsx test/support/node-counts.ts`, which also prints the node counts.
 *
 *   npx vitest bench --run test/diff.bench.ts --outputJson bench-diff.json
 *
 * Ours is measured on a fresh variable each time, so no interned node is reused from an
 * earlier iteration: the time includes building the composition and every node of the
 * derivative.
 */
import * as math from 'mathjs';
import nerdamer from 'nerdamer';
import 'nerdamer/Calculus.js';
import { bench, describe } from 'vitest';
import { add, mul, nodeCount, sin, sym, type Expr } from '../src/expr/index.js';
import { derivative } from '../src/diff/index.js';
import { keep } from './support/bench-keep.js';


let fresh = 0;
function ours(d: number): number {
  const x = sym(`bench_x${fresh++}`);
  let e: Expr = x;
  for (let i = 0; i < d; i++) e = sin(add(mul(e, e), e));
  return nodeCount(derivative(e, x));
}

function mathjsInput(d: number): math.MathNode {
  let e: math.MathNode = new math.SymbolNode('x');
  for (let i = 0; i < d; i++) e = new math.FunctionNode('sin', [new math.OperatorNode('+', 'add', [new math.OperatorNode('*', 'multiply', [e, e]), e])]);
  return e;
}
function nerdamerInput(d: number): string {
  let s = 'x';
  for (let i = 0; i < d; i++) s = `sin((${s})*(${s})+(${s}))`;
  return s;
}
const nd = nerdamer as unknown as { diff: (e: string, x: string) => object; flush: () => void };

// Fixed iteration counts: every iteration of ours interns new nodes, so time-based runs
// would grow memory without bound.
const OURS = { time: 0, iterations: 300, warmupTime: 0, warmupIterations: 20 };
const LIB = { time: 0, iterations: 5, warmupTime: 0, warmupIterations: 1 };

for (const d of [5, 10, 20, 40]) {
  describe(`derivative depth ${d}`, () => {
    bench('ours', () => keep(ours(d)), OURS);
    if (d === 5) {
      const input = mathjsInput(d);
      bench('mathjs', () => keep(math.derivative(input, 'x', { simplify: false }).type.length), LIB);
      const text = nerdamerInput(d);
      bench('nerdamer', () => {
        keep(nd.diff(text, 'x') ? 1 : 0);
        nd.flush();
      }, LIB);
    }
  });
}
