import fc from 'fast-check';
import { toText, nodeCount } from '/work/main/src/expr/index.js';
import { compile, compileGradient, compileHessian } from '/work/main/src/compile/index.js';
import { exprArbitrary } from '/work/main/test/support/arbitrary.js';
const VARS = ['x','y','z'];
const es = fc.sample(exprArbitrary({ vars: VARS, maxDepth: 6 }), { seed: 1, numRuns: 300 });
let bad = 0; const why: Record<string, number> = {};
for (const e of es) {
  const f = compile(e, VARS), g = compileGradient(e, VARS), h = compileHessian(e, VARS);
  let okAny = false; let reason = '';
  for (const p of [[0.3,0.7,1.1],[1.5,0.2,0.9],[-0.4,0.8,-1.2],[2.1,1.3,0.5]]) {
    const x = Float64Array.from(p);
    const v = f.evaluate(x)[0]!, gr = g.gradient(x), H = h.evaluate(x);
    const fin = (a: ArrayLike<number>) => Array.from(a).every(c => Number.isFinite(c) && Math.abs(c) < 1e6);
    if (!fin([v])) reason = Number.isNaN(v) ? 'f NaN' : 'f big'; else if (!fin(gr)) reason = 'g'; else if (!fin(H)) reason = 'H'; else { okAny = true; break; }
  }
  if (!okAny) { bad++; why[reason] = (why[reason] ?? 0) + 1; if (bad < 12) console.log(reason, nodeCount(e), toText(e).slice(0, 200)); }
}
console.log(bad, why);
