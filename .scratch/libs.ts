import * as math from 'mathjs';
import nerdamer from 'nerdamer';
import 'nerdamer/Calculus.js';
const d = Number(process.argv[3]); const lib = process.argv[2];
function mjs(d: number): math.MathNode {
  let e: math.MathNode = new math.SymbolNode('x');
  for (let i = 0; i < d; i++) e = new math.FunctionNode('sin', [new math.OperatorNode('+', 'add', [new math.OperatorNode('*', 'multiply', [e, e]), e])]);
  return e;
}
function treeSize(n: math.MathNode, cap = 5e7): number { let c = 0; const st = [n]; while (st.length) { const k = st.pop()!; c++; if (c > cap) return Infinity; (k as any).forEach((ch: math.MathNode) => st.push(ch)); } return c; }
const t0 = performance.now();
if (lib === 'mathjs') {
  const e = mjs(d);
  const der = math.derivative(e, 'x', { simplify: false });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ lib, d, ms, nodes: treeSize(der), inputNodes: treeSize(e) }));
} else {
  let s = 'x';
  for (let i = 0; i < d; i++) s = `sin((${s})*(${s})+(${s}))`;
  const t1 = performance.now();
  const der = (nerdamer as any).diff(s, 'x');
  const text = der.toString();
  const ms = performance.now() - t1;
  (nerdamer as any).flush();
  console.log(JSON.stringify({ lib, d, ms, textLength: text.length, nodes: treeSize(math.parse(text)) }));
}
