/**
 * Forward-mode `derivative` and reverse-mode `gradient` of deep chains (issue 10), one
 * JSON line per family, depth and mode:
 *
 *   npx tsx test/support/deep-chain-diff.ts 1000 10000 100000
 *
 * Families: `sin` is sin(sin(...sin(x)...)) nested D deep; `sin-square` is
 * x ↦ sin(x·x + x) composed D times. Next to the time it reports work that does not
 * depend on the machine: operands looked at by the sum and product constructors
 * (`canonicalOperandCount`, what flattening costs), smart-constructor calls, and the
 * result's DAG size.
 */
import { derivative, gradient } from '../../src/diff/index.js';
import { add, canonicalOperandCount, constructionCount, mul, nodeCount, sin, sym, type Expr } from '../../src/expr/index.js';

const x = sym('x');
const FAMILIES: Record<string, (u: Expr) => Expr> = {
  sin: (u) => sin(u),
  'sin-square': (u) => sin(add(mul(u, u), u)),
};
const MODES: Record<string, (f: Expr) => Expr> = {
  forward: (f) => derivative(f, x),
  reverse: (f) => gradient(f, [x])[0]!,
};

for (const depth of process.argv.slice(2).map(Number)) {
  for (const [family, step] of Object.entries(FAMILIES)) {
    let f: Expr = x;
    for (let i = 0; i < depth; i++) f = step(f);
    for (const [mode, run] of Object.entries(MODES)) {
      const o0 = canonicalOperandCount();
      const c0 = constructionCount();
      const t0 = performance.now();
      const d = run(f);
      const ms = performance.now() - t0;
      const line = { family, depth, mode, ms: Math.round(ms), operands: canonicalOperandCount() - o0, constructions: constructionCount() - c0, dagNodes: nodeCount(d) };
      console.log(JSON.stringify(line));
    }
  }
}
