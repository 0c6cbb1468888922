/**
 * Why the derivative must not swell (the exponential composition): the depth-d composition of
 * x ↦ sin(x*x + x). Our reverse-mode derivative over the shared DAG has a node count
 * linear in d; mathjs's tree-based `derivative` grows about 3.4x per level. The value
 * of our derivative at depth 40 is checked against the chain rule run numerically.
 * mathjs has no shared DAG, so it gets the composition as text (a tree of ~3^d nodes);
 * past depth 6 its derivative takes seconds and millions of nodes, so it is skipped.
 */
import { derivative as mathjsDerivative, parse as mathjsParse } from 'mathjs/number';
import { gradient } from '../../diff/index.js';
import { add, mul, nodeCount, sin, sym, type Expr } from '../../expr/index.js';
import { columns } from '../format.js';
import { evaluateCompiled } from '../input.js';
import { closeTo, fact, result } from './checks.js';
import type { Check, Demo } from './types.js';

/** x ↦ sin(x*x + x), composed d times, built directly in the IR (the DAG has O(d) nodes). */
export function composition(d: number): Expr {
  let u: Expr = sym('x');
  for (let i = 0; i < d; i++) u = sin(add(mul(u, u), u));
  return u;
}

/** The same composition as text, for tree-based tools (its length grows like 3^d). */
function compositionText(d: number): string {
  let s = 'x';
  for (let i = 0; i < d; i++) s = `sin((${s})*(${s}) + (${s}))`;
  return s;
}

/** d/dx of the depth-d composition at x by the chain rule in plain JS (independent of the library). */
function chainRule(d: number, x: number): number {
  let u = x;
  let du = 1;
  for (let i = 0; i < d; i++) {
    const v = u * u + u;
    du = Math.cos(v) * (2 * u + 1) * du;
    u = Math.sin(v);
  }
  return du;
}

function mathjsNodes(d: number): number {
  let n = 0;
  mathjsDerivative(mathjsParse(compositionText(d)), 'x', { simplify: false }).traverse(() => n++);
  return n;
}

/** The demo case. */
export const swell: Demo = {
  name: 'swell',
  description: 'node count of the derivative of sin(x*x + x) composed d times: ours linear, mathjs exponential',
  async run(io) {
    const depths = [1, 2, 3, 4, 5, 6, 10, 20, 40];
    const MATHJS_MAX = 6;
    const rows: string[][] = [['depth', 'f (DAG)', "f' ours (DAG)", "f' mathjs (tree)"]];
    const ours: Record<number, number> = {};
    const theirs: Record<number, number> = {};
    for (const d of depths) {
      const f = composition(d);
      const df = gradient(f, ['x'])[0]!;
      ours[d] = nodeCount(df);
      if (d <= MATHJS_MAX) theirs[d] = mathjsNodes(d);
      rows.push([String(d), String(nodeCount(f)), String(ours[d]), d <= MATHJS_MAX ? String(theirs[d]) : '(skipped)']);
    }
    io.print(columns(rows, ''));
    const checks: Check[] = [];
    // Linear growth: doubling the depth at most doubles the count (plus a constant).
    for (const d of [10, 20]) {
      const ratio = ours[2 * d]! / ours[d]!;
      checks.push(fact(`doubling the depth from ${d} to ${2 * d} at most doubles our node count`, ratio <= 2.05, `ratio ${ratio.toFixed(3)}`));
    }
    const mjRatio = theirs[MATHJS_MAX]! / theirs[MATHJS_MAX - 1]!;
    checks.push(fact('mathjs grows by more than 3x per level (so the comparison is meaningful)', mjRatio > 3, `ratio ${mjRatio.toFixed(2)} at depth ${MATHJS_MAX}`));
    checks.push(fact(`at depth ${MATHJS_MAX} ours is smaller than mathjs's by more than 100x`, theirs[MATHJS_MAX]! > 100 * ours[MATHJS_MAX]!, `${ours[MATHJS_MAX]} vs ${theirs[MATHJS_MAX]}`));
    const df40 = gradient(composition(40), ['x'])[0]!;
    const x = 0.3;
    const value = evaluateCompiled([df40], [{ name: 'x', value: x }])[0]!;
    io.print(`depth 40 at x = ${x}: ours ${value}, chain rule in plain JS ${chainRule(40, x)}`);
    checks.push(closeTo(`the depth-40 derivative at x = ${x} equals the chain rule evaluated numerically`, value, chainRule(40, x), 1e-10, 1e-14));
    return result(checks, { ours, mathjs: theirs });
  },
};
