/**
 * Backpropagation as Lagrange multipliers in matrix form (issue 13 case 5): the compiled
 * forward and backward passes of the program `z1 = tanh(W1*x + b1)`, `z2 = W2*z1 + b2`,
 * `loss = norm(z2 - y)^2/2` (every gradient: x, W1, b1, W2, b2, y) against a hand-written
 * backprop loop computing the same six gradients, at widths n = h = m = 10, 100, 1000.
 *
 *   npx vitest bench --run test/adjoint-matrix.bench.ts
 */
import { bench, describe } from 'vitest';
import { compileMatrixPasses, deriveMatrixAdjoints, parseMatrixProgram } from '../src/adjoint/matrix/index.js';
import { seededRandom } from '../src/numeric/random.js';
import { keep } from './support/bench-keep.js';

const OPTS = { time: 600, warmupTime: 300 };

const PROGRAM = {
  inputs: [
    { name: 'x', shape: ['n'] }, { name: 'W1', shape: ['h', 'n'] }, { name: 'b1', shape: ['h'] },
    { name: 'W2', shape: ['m', 'h'] }, { name: 'b2', shape: ['m'] }, { name: 'y', shape: ['m'] },
  ],
  program: ['z1 = tanh(W1*x + b1)', 'z2 = W2*z1 + b2', 'loss = norm(z2 - y)^2/2'],
  output: 'loss',
};
const derived = deriveMatrixAdjoints(parseMatrixProgram(PROGRAM));

function randomArray(len: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: len }, () => 2 * r() - 1);
}

/** Hand-written backprop over row-major arrays: forward, then the six gradients. */
function handBackprop(n: number, h: number, m: number) {
  const z1 = new Float64Array(h);
  const z2 = new Float64Array(m);
  const d1 = new Float64Array(h);
  const d2 = new Float64Array(m);
  const gx = new Float64Array(n);
  const gW1 = new Float64Array(h * n);
  const gW2 = new Float64Array(m * h);
  return (x: Float64Array, W1: Float64Array, b1: Float64Array, W2: Float64Array, b2: Float64Array, y: Float64Array): number => {
    for (let i = 0; i < h; i++) {
      let s = b1[i]!;
      const row = i * n;
      for (let j = 0; j < n; j++) s += W1[row + j]! * x[j]!;
      z1[i] = Math.tanh(s);
    }
    let loss = 0;
    for (let i = 0; i < m; i++) {
      let s = b2[i]!;
      const row = i * h;
      for (let j = 0; j < h; j++) s += W2[row + j]! * z1[j]!;
      z2[i] = s;
      const e = s - y[i]!;
      d2[i] = e; // also the gradient of b2, and minus that of y
      loss += e * e;
    }
    d1.fill(0);
    for (let i = 0; i < m; i++) {
      const di = d2[i]!;
      const row = i * h;
      for (let j = 0; j < h; j++) {
        gW2[row + j] = di * z1[j]!;
        d1[j]! += W2[row + j]! * di;
      }
    }
    for (let j = 0; j < h; j++) d1[j]! *= 1 - z1[j]! * z1[j]!; // also the gradient of b1
    gx.fill(0);
    for (let i = 0; i < h; i++) {
      const di = d1[i]!;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        gW1[row + j] = di * x[j]!;
        gx[j]! += W1[row + j]! * di;
      }
    }
    return loss / 2 + gW1[0]! + gW2[0]! + gx[0]!;
  };
}

for (const w of [10, 100, 1000]) {
  const n = w, h = w, m = w;
  const x = randomArray(n, 1), W1 = randomArray(h * n, 2), b1 = randomArray(h, 3), W2 = randomArray(m * h, 4), b2 = randomArray(m, 5), y = randomArray(m, 6);
  const inputs = [x, W1, b1, W2, b2, y];
  const passes = compileMatrixPasses(derived, { n, h, m });
  const hand = handBackprop(n, h, m);
  describe(`backprop, width ${w}`, () => {
    bench('hand-written backprop loop', () => keep(hand(x, W1, b1, W2, b2, y)), OPTS);
    bench('compiled forward + backward (matrix adjoint)', () => {
      const vars = passes.forward(inputs);
      const g = passes.backward(inputs, vars);
      keep(vars[2]![0]! + g[1]![0]! + g[3]![0]! + g[0]![0]!);
    }, OPTS);
  });
}
