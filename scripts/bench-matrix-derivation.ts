/**
 * Derivation time, cold (each expression built and differentiated once in a fresh
 * process, so nothing is already interned): matrix notation against the scalarised path
 * (scalarise at the dimensions, then the scalar core's reverse mode over the entries).
 *
 *   npx tsx scripts/bench-matrix-derivation.ts
 */
import { gradient } from '../src/diff/index.js';
import { mgradient } from '../src/diff/matrix/index.js';
import { declare, declaredNode, parseMatrix, scalarise, variableGrid, type MVar } from '../src/expr/matrix/index.js';

const decls = declare([
  { name: 'x', shape: ['n'] }, { name: 'A', shape: ['m', 'n'] }, { name: 'b', shape: ['m'] },
  { name: 'X', shape: ['m', 'n'] }, { name: 'w', shape: ['n'] }, { name: 'y', shape: ['m'] },
]);
const forms: [string, string][] = [
  ['norm(A*x - b)^2', 'x'],
  ['sum(log(ones(m) + exp(-y.*(X*w))))', 'w'],
];
console.log('| form | matrix notation (any n) ms | scalarised n = 10 ms | scalarised n = 100 ms |');
console.log('|---|---|---|---|');
for (const [text, v] of forms) {
  let t0 = performance.now();
  const f = parseMatrix(text, decls);
  const x = declaredNode(v, decls) as MVar;
  mgradient(f, x);
  const matrixMs = performance.now() - t0;
  const scalar: number[] = [];
  for (const n of [10, 100]) {
    t0 = performance.now();
    const grid = scalarise(f, { n, m: 2 * n });
    gradient(grid.entries[0]!, variableGrid(x, n, 1).entries as never);
    scalar.push(performance.now() - t0);
  }
  console.log(`| ${text} | ${matrixMs.toFixed(2)} | ${scalar[0]!.toFixed(0)} | ${scalar[1]!.toFixed(0)} |`);
}
