/**
 * Layered networks written as programs (seed 000, "Origins of Backprop"):
 *
 *     u^l = W^l h^{l−1} + b^l,   h^l = σ(u^l)   (l = 1..L, h^0 = x),
 *     loss = 1/2 Σ_k (h^L_k − y_k)^2.
 *
 * Each unit is one scalar assignment, so the Lagrange multiplier of the constraint
 * defining u^l_k is the textbook backprop delta δ^l_k = ∂loss/∂u^l_k, and that of h^l_k is
 * ((W^{l+1})ᵀ δ^{l+1})_k (h^L − y at the last layer).
 *
 * Names (all scalars, legal program names): inputs `x_j`, weights `W_l_k_j` (layer l,
 * unit k, input j), biases `b_l_k`, targets `y_k`; variables `u_l_k`, `h_l_k`, `loss`.
 */
import type { ProgramSpec } from './program.js';

/** A smooth activation: tanh, or the logistic sigmoid written with exp. */
export type Activation = 'tanh' | 'sigmoid';

/** Shape of a layered network. */
export interface NetworkShape {
  /** Widths [n_0 (inputs), n_1, ..., n_L (outputs)], each between 1 and 8. */
  readonly widths: readonly number[];
  /** The activation of every layer (default tanh). */
  readonly activation?: Activation;
}

/** Largest width accepted (programs grow as the product of adjacent widths). */
export const MAX_NETWORK_WIDTH = 8;

/** Names of a network's inputs, grouped. */
export interface NetworkNames {
  readonly x: readonly string[];
  /** W[l-1][k][j]: weight into unit k of layer l from unit j of layer l−1. */
  readonly W: readonly (readonly (readonly string[])[])[];
  /** b[l-1][k]. */
  readonly b: readonly (readonly string[])[];
  readonly y: readonly string[];
  /** u[l-1][k], h[l-1][k]: pre-activations and activations. */
  readonly u: readonly (readonly string[])[];
  readonly h: readonly (readonly string[])[];
}

/** The names a network of this shape uses. */
export function networkNames(shape: NetworkShape): NetworkNames {
  checkShape(shape);
  const w = shape.widths;
  const L = w.length - 1;
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  return {
    x: range(w[0]!).map((j) => `x_${j}`),
    W: range(L).map((l) => range(w[l]!).map((k) => range(w[l - 1]!).map((j) => `W_${l}_${k}_${j}`))),
    b: range(L).map((l) => range(w[l]!).map((k) => `b_${l}_${k}`)),
    y: range(w[L]!).map((k) => `y_${k}`),
    u: range(L).map((l) => range(w[l]!).map((k) => `u_${l}_${k}`)),
    h: range(L).map((l) => range(w[l]!).map((k) => `h_${l}_${k}`)),
  };
}

function checkShape(shape: NetworkShape): void {
  const w = shape.widths;
  if (!Array.isArray(w) || w.length < 2) throw new RangeError('a network needs at least an input width and an output width');
  for (const n of w) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_NETWORK_WIDTH) {
      throw new RangeError(`layer widths must be integers from 1 to ${MAX_NETWORK_WIDTH}, got ${n}`);
    }
  }
  if (shape.activation !== undefined && shape.activation !== 'tanh' && shape.activation !== 'sigmoid') {
    throw new RangeError(`unknown activation "${String(shape.activation)}" (tanh or sigmoid)`);
  }
}

/**
 * The program of a layered network with squared loss. Inputs are listed as x, then the
 * weights and biases layer by layer, then the targets y; the output is `loss`.
 */
export function layeredNetworkProgram(shape: NetworkShape): ProgramSpec {
  const names = networkNames(shape);
  const act = shape.activation ?? 'tanh';
  const lines: string[] = [];
  let prev = names.x;
  names.u.forEach((layer, l) => {
    layer.forEach((u, k) => {
      const terms = prev.map((p, j) => `${names.W[l]![k]![j]}*${p}`);
      lines.push(`${u} = ${terms.join(' + ')} + ${names.b[l]![k]}`);
    });
    layer.forEach((u, k) => {
      const h = names.h[l]![k]!;
      lines.push(act === 'tanh' ? `${h} = tanh(${u})` : `${h} = 1/(1 + exp(-${u}))`);
    });
    prev = names.h[l]!;
  });
  const last = names.h[names.h.length - 1]!;
  lines.push(`loss = (${last.map((h, k) => `(${h} - ${names.y[k]})^2`).join(' + ')})/2`);
  const inputs = [...names.x, ...names.W.flatMap((l) => l.flat()), ...names.b.flat(), ...names.y];
  return { inputs, program: lines, output: 'loss' };
}
