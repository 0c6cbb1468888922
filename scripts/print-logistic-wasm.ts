/**
 * Compiles the logistic value and gradient at n = 1000, m = 2000 (as
 * scripts/bench-logistic-calls.ts does) and calls it until TurboFan has compiled it, so
 * that V8 prints the machine code of the fused loops:
 *
 *   node --no-liftoff --print-wasm-code --import tsx scripts/print-logistic-wasm.ts > wasm.txt
 *   grep -n vfmadd wasm.txt        # the producer's 6 FMAs per column pair, then the consumer's
 *
 * (`--no-liftoff` skips the baseline compiler, so only TurboFan's code is printed.)
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimd } from '../src/compile/index.js';
import { compileValueAndGradient } from '../src/compile/matrix/index.js';
import { declare, declaredNode, parseMatrix, type MVar } from '../src/expr/matrix/index.js';

if (!relaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd');

const n = 1000;
const m = 2 * n;
const decls = declare([{ name: 'X', shape: ['m', 'n'] }, { name: 'w', shape: ['n'] }, { name: 'y', shape: ['m'] }]);
const f = parseMatrix('sum(log(ones(m) + exp(-y.*(X*w))))', decls);
const plan = compileValueAndGradient(f, declaredNode('w', decls) as MVar, { n, m }, ['X', 'w', 'y'], { fma: process.argv[2] !== 'nofma' });
const args = [plan.array('X'), plan.array('w'), plan.array('y')];
args[0]!.fill(0.5);
args[1]!.fill(0.001);
args[2]!.fill(1);
let sink = 0;
for (let k = 0; k < 20; k++) sink += plan.evaluate(args)[0]![0]!;
console.error(`fma: ${plan.info.fma}, f = ${sink / 20}`);
