import { add, mul, sin, sym, toText, children, topologicalOrder, type Expr } from '../src/expr/index.js';
import { derivative } from '../src/diff/index.js';
const x = sym('x');
for (const d of [3, 50, 200]) {
let e: Expr = x; for (let i = 0; i < d; i++) e = sin(add(mul(e, e), e));
const dd = derivative(e, x);
if (d === 3) console.log(toText(dd));
const order = topologicalOrder([dd]);
let edges = 0, maxk = 0; for (const n of order) { edges += children(n).length; maxk = Math.max(maxk, children(n).length); }
console.log(d, 'nodes', order.length, 'edges', edges, 'max children', maxk);
}
