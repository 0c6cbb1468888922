import { describe, expect, it } from 'vitest';
import {
  adjointSystem,
  analyzeProgram,
  compileProgram,
  layeredNetworkProgram,
  networkNames,
  parseProgram,
  seededRandom,
  type Activation,
} from '../../src/adjoint/index.js';

/**
 * Textbook backpropagation, written by hand with plain arrays (Nielsen, "Neural networks
 * and deep learning", ch. 2): forward u^l = W^l h^{l-1} + b^l, h^l = σ(u^l); output error
 * δ^L = (h^L − y) ⊙ σ'(u^L); δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(u^l); ∂C/∂W^l_kj = δ^l_k h^{l−1}_j,
 * ∂C/∂b^l_k = δ^l_k, for C = ½‖h^L − y‖².
 */
function backprop(widths: number[], act: Activation, x: number[], W: number[][][], b: number[][], y: number[]) {
  const sigma = act === 'tanh' ? Math.tanh : (u: number) => 1 / (1 + Math.exp(-u));
  const dsigma = act === 'tanh' ? (u: number) => 1 - Math.tanh(u) ** 2 : (u: number) => sigma(u) * (1 - sigma(u));
  const L = widths.length - 1;
  const h: number[][] = [x];
  const u: number[][] = [];
  for (let l = 0; l < L; l++) {
    u.push(W[l]!.map((row, k) => row.reduce((s, w, j) => s + w * h[l]![j]!, 0) + b[l]![k]!));
    h.push(u[l]!.map(sigma));
  }
  const loss = h[L]!.reduce((s, v, k) => s + (v - y[k]!) ** 2, 0) / 2;
  const delta: number[][] = new Array(L);
  delta[L - 1] = h[L]!.map((v, k) => (v - y[k]!) * dsigma(u[L - 1]![k]!));
  for (let l = L - 2; l >= 0; l--) {
    delta[l] = u[l]!.map((ul, k) => W[l + 1]!.reduce((s, row, i) => s + row[k]! * delta[l + 1]![i]!, 0) * dsigma(ul));
  }
  const dW = W.map((layer, l) => layer.map((row, k) => row.map((_, j) => delta[l]![k]! * h[l]![j]!)));
  const dx = x.map((_, j) => W[0]!.reduce((s, row, k) => s + row[j]! * delta[0]![k]!, 0));
  return { loss, delta, dW, db: delta, dx, h };
}

function randomNetwork(widths: number[], seed: number) {
  const rand = seededRandom(seed);
  const r = () => 2 * rand() - 1;
  const L = widths.length - 1;
  const W = Array.from({ length: L }, (_, l) => Array.from({ length: widths[l + 1]! }, () => Array.from({ length: widths[l]! }, r)));
  const b = Array.from({ length: L }, (_, l) => Array.from({ length: widths[l + 1]! }, r));
  const x = Array.from({ length: widths[0]! }, r);
  const y = Array.from({ length: widths[L]! }, r);
  return { W, b, x, y };
}

const CASES: { widths: number[]; activation: Activation }[] = [
  { widths: [2, 3, 1], activation: 'tanh' },
  { widths: [3, 5, 4, 2], activation: 'tanh' },
  { widths: [4, 8, 8, 3], activation: 'sigmoid' },
  { widths: [8, 6, 8], activation: 'tanh' },
];

describe('layered networks as programs', () => {
  it('the generator writes u = W h + b, h = sigma(u) and the squared loss', () => {
    const spec = layeredNetworkProgram({ widths: [2, 2, 1], activation: 'sigmoid' });
    expect(spec.program).toEqual([
      'u_1_1 = W_1_1_1*x_1 + W_1_1_2*x_2 + b_1_1',
      'u_1_2 = W_1_2_1*x_1 + W_1_2_2*x_2 + b_1_2',
      'h_1_1 = 1/(1 + exp(-u_1_1))',
      'h_1_2 = 1/(1 + exp(-u_1_2))',
      'u_2_1 = W_2_1_1*h_1_1 + W_2_1_2*h_1_2 + b_2_1',
      'h_2_1 = 1/(1 + exp(-u_2_1))',
      'loss = ((h_2_1 - y_1)^2)/2',
    ]);
    expect(spec.inputs).toEqual(['x_1', 'x_2', 'W_1_1_1', 'W_1_1_2', 'W_1_2_1', 'W_1_2_2', 'W_2_1_1', 'W_2_1_2', 'b_1_1', 'b_1_2', 'b_2_1', 'y_1']);
    expect(() => layeredNetworkProgram({ widths: [9, 2] })).toThrow(/from 1 to 8/);
    expect(() => layeredNetworkProgram({ widths: [2] })).toThrow(/at least/);
  });

  for (const { widths, activation } of CASES) {
    it(`${widths.join('-')} ${activation}: the multipliers of u are the backprop deltas, the gradient is textbook backprop`, () => {
      const shape = { widths, activation };
      const names = networkNames(shape);
      const spec = layeredNetworkProgram(shape);
      const compiled = compileProgram(adjointSystem(parseProgram(spec)));
      for (let seed = 1; seed <= 3; seed++) {
        const net = randomNetwork(widths, seed * 17 + widths.length);
        const point: Record<string, number> = {};
        names.x.forEach((n, j) => (point[n] = net.x[j]!));
        names.W.forEach((layer, l) => layer.forEach((row, k) => row.forEach((n, j) => (point[n] = net.W[l]![k]![j]!))));
        names.b.forEach((layer, l) => layer.forEach((n, k) => (point[n] = net.b[l]![k]!)));
        names.y.forEach((n, k) => (point[n] = net.y[k]!));
        const x = Float64Array.from(spec.inputs.map((n) => point[n]!));
        const r = compiled.run(x);
        const hand = backprop(widths, activation, net.x, net.W, net.b, net.y);
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(b)));
        close(r.value, hand.loss);
        const lambda = (v: string) => r.lambda[compiled.variables.indexOf(v)]!;
        const grad = (v: string) => r.gradient[spec.inputs.indexOf(v)]!;
        names.u.forEach((layer, l) => layer.forEach((u, k) => close(lambda(u), hand.delta[l]![k]!)));
        names.h.forEach((layer, l) => layer.forEach((h, k) => expect(r.z[compiled.variables.indexOf(h)]).toBeCloseTo(hand.h[l + 1]![k]!, 14)));
        names.W.forEach((layer, l) => layer.forEach((row, k) => row.forEach((w, j) => close(grad(w), hand.dW[l]![k]![j]!))));
        names.b.forEach((layer, l) => layer.forEach((bn, k) => close(grad(bn), hand.db[l]![k]!)));
        names.x.forEach((xn, j) => close(grad(xn), hand.dx[j]!));
        // The multiplier of the loss line is the seed; that of an output unit is h - y.
        expect(lambda('loss')).toBe(1);
        names.h[names.h.length - 1]!.forEach((h, k) => close(lambda(h), hand.h[widths.length - 1]![k]! - net.y[k]!));
      }
    });
  }

  it('the weight gradients of a 3-4-2 tanh network pass the central-difference check', () => {
    const spec = layeredNetworkProgram({ widths: [3, 4, 2], activation: 'tanh' });
    const rand = seededRandom(5);
    spec.at = Object.fromEntries(spec.inputs.map((n) => [n, 2 * rand() - 1]));
    const a = analyzeProgram(spec);
    expect(a.status).toBe('ok');
    expect(a.check!.ok).toBe(true);
    expect(a.check!.components).toHaveLength(spec.inputs.length);
    expect(a.check!.maxRelError).toBeLessThan(1e-8);
  });
});
