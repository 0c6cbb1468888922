/**
 * Backpropagation in matrix form (seeds 000 and 001, issue 13 case 5): the two-layer
 * network z1 = tanh(W1*x + b1), z2 = W2*z1 + b2, loss = norm(z2 - y)^2/2 as a program
 * with shaped inputs, its adjoint equations and gradients derived for every size, then
 * evaluated at a 3-4-2 instance. Verified against the textbook equations written by hand,
 * plain backprop code, the scalarised program through the scalar route, and central
 * differences.
 */
import { analyzeProgram } from '../../adjoint/index.js';
import { analyzeMatrixProgram, scalarProgram } from '../../adjoint/matrix/index.js';
import { declare, mtoLatex, mtoText, parseMatrix } from '../../expr/matrix/index.js';
import { closeTo, fact, rendersWithKatex, result } from './checks.js';
import type { Demo } from './types.js';

const INPUTS = [
  { name: 'x', shape: ['n'] }, { name: 'W1', shape: ['h', 'n'] }, { name: 'b1', shape: ['h'] },
  { name: 'W2', shape: ['m', 'h'] }, { name: 'b2', shape: ['m'] }, { name: 'y', shape: ['m'] },
];
const AT = {
  x: [0.5, -1, 0.25], W1: [[0.1, 0.2, -0.3], [0.3, -0.4, 0.1], [0.5, 0.6, -0.2], [-0.7, 0.1, 0.4]], b1: [0.1, 0.2, 0.3, -0.1],
  W2: [[1, 2, -1, 0.5], [-0.5, 0.3, 0.8, 1]], b2: [0.5, -0.2], y: [1, 0],
};

/** Plain backprop: the gradient of W1 (the deepest one) and of W2. */
function plain(): { W1: number[][]; W2: number[][] } {
  const z1 = AT.W1.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * AT.x[j]!, AT.b1[i]!)));
  const d2 = AT.W2.map((row, i) => row.reduce((s, w, j) => s + w * z1[j]!, AT.b2[i]!) - AT.y[i]!);
  const d1 = z1.map((z, j) => (1 - z * z) * AT.W2.reduce((s, row, i) => s + row[j]! * d2[i]!, 0));
  return { W1: d1.map((d) => AT.x.map((x) => d * x)), W2: d2.map((d) => z1.map((z) => d * z)) };
}

/** The demo case. */
export const backpropMatrixDemo: Demo = {
  name: 'backprop-matrix',
  description: 'backprop of a two-layer network as Lagrange multipliers, in matrix notation for every size',
  async run(io) {
    const a = analyzeMatrixProgram({ inputs: INPUTS, program: ['z1 = tanh(W1*x + b1)', 'z2 = W2*z1 + b2', 'loss = norm(z2 - y)^2/2'], output: 'loss', at: AT });
    const { derived } = a;
    io.print("Program z1 = tanh(W1*x + b1), z2 = W2*z1 + b2, loss = norm(z2 - y)^2/2; L = loss - sum_i lambda_i'*(z_i - f_i)");
    for (const [name, f] of derived.adjoints) io.print(`  lambda_${name} = ${mtoText(f.local)}  =  ${mtoText(f.closed)}`);
    for (const [name, f] of derived.gradient) if (name !== 'x' && name !== 'y') io.print(`  dloss/d${name} = ${mtoText(f.local)}`);
    const D = declare([...INPUTS, { name: 'z1', shape: ['h'] }, { name: 'z2', shape: ['m'] }, { name: 'lambda_z1', shape: ['h'] }, { name: 'lambda_z2', shape: ['m'] }]);
    const P = (t: string) => parseMatrix(t, D);
    const hand = plain();
    const flat = (v: unknown) => [v].flat(2) as number[];
    const scalar = analyzeProgram(scalarProgram(a.program));
    const viaScalar = scalar.program.inputs.map((n) => scalar.values!.gradient.get(n)!);
    const viaMatrix = a.program.inputs.flatMap((i) => flat(a.values!.gradient.get(i.name)));
    const checks = [
      fact("lambda_z1 = W2'*lambda_z2 (hand-derived)", derived.adjoints.get('z1')!.local === P("W2'*lambda_z2")),
      fact("dW1 = ((1 - z1.^2) .* lambda_z1)*x' (hand-derived)", derived.gradient.get('W1')!.local === P("((ones(h) - z1.^2) .* lambda_z1)*x'")),
      fact("dW2 = lambda_z2*z1' with lambda_z2 = z2 - y (hand-derived)", derived.gradient.get('W2')!.closed === P("(z2 - y)*z1'")),
      fact('dW1 equals plain backprop in all 12 entries', flat(hand.W1).every((v, i) => Math.abs(v - flat(a.values!.gradient.get('W1'))[i]!) <= 1e-13 * Math.max(1, Math.abs(v)))),
      closeTo('dW2[2,4] equals plain backprop', flat(a.values!.gradient.get('W2'))[7]!, hand.W2[1]![3]!, 1e-13),
      fact(`the scalarised program (${scalar.program.assignments.length} scalar lines) through the scalar route gives the same ${viaScalar.length} gradient entries`,
        viaScalar.every((v, i) => Math.abs(v - viaMatrix[i]!) <= 1e-12 * Math.max(1, Math.abs(v)))),
      fact('central differences in every input entry agree', a.check!.ok, `max rel. error ${a.check!.maxRelError.toExponential(1)}`),
      rendersWithKatex('the gradient of W1 renders with KaTeX', mtoLatex(derived.gradient.get('W1')!.closed)),
    ];
    return result(checks, { loss: a.values!.value });
  },
};
