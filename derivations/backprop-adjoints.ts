/**
 * Backpropagation as Lagrange multipliers (seeds 001 and 000).
 *
 * 1. Seed 001's program a = exp(x), b = a^2, c = a + b, d = exp(c), e = sin(c), f = d + e,
 *    read as equality constraints: its Lagrangian, forward and adjoint equations, the
 *    back-substitution, and df/dx at x = 0.3 checked against the hand-derived
 *    (e^x + 2e^{2x})(exp(e^x + e^{2x}) + cos(e^x + e^{2x})).
 * 2. A two-layer tanh network 2-3-1 with squared loss, written as a program: the
 *    multipliers of the pre-activations are the textbook backprop deltas (checked against
 *    plain backprop code below) and the weight gradients pass central differences.
 *
 * Run: `npx tsx derivations/backprop-adjoints.ts` — prints the derivation and the checks,
 * writes docs/derivations/backprop-adjoints.html, exits 1 if a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  adjointDerivation,
  analyzeProgram,
  layeredNetworkProgram,
  networkNames,
  seededRandom,
  type AdjointAnalysis,
  type NetworkShape,
  type ProgramSpec,
} from '../src/adjoint/index.js';
import { renderHtml, renderText, type Derivation, type Step } from '../src/render/index.js';
import { inline, mathTextOf, tex, type Prose } from '../src/document/index.js';
import { sym } from '../src/expr/index.js';

/** Seed 001's program, at the seed's point x = 0.3. */
export const SEED_PROGRAM: ProgramSpec = {
  inputs: ['x'],
  program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'],
  output: 'f',
  at: { x: 0.3 },
};

/** Seed 001's derivative as the seed writes it by hand, in plain JavaScript. */
export function seedDerivative(x: number): number {
  const u = Math.exp(x) + Math.exp(2 * x);
  return (Math.exp(x) + 2 * Math.exp(2 * x)) * (Math.exp(u) + Math.cos(u));
}

/** The network: 2 inputs, 3 tanh hidden units, 1 tanh output, squared loss. */
export const NETWORK_SHAPE: NetworkShape = { widths: [2, 3, 1], activation: 'tanh' };

/** The network's program with seeded weights, input and target. */
export function networkProgram(): ProgramSpec {
  const spec = layeredNetworkProgram(NETWORK_SHAPE);
  const rand = seededRandom(2024);
  spec.at = Object.fromEntries(spec.inputs.map((n) => [n, Math.round((2 * rand() - 1) * 100) / 100]));
  return spec;
}

/** Textbook backprop (Nielsen, ch. 2) with plain arrays: the deltas of every layer and the loss. */
export function handBackprop(at: Readonly<Record<string, number>>, shape: NetworkShape): { loss: number; delta: number[][] } {
  const names = networkNames(shape);
  const L = shape.widths.length - 1;
  let h = names.x.map((n) => at[n]!);
  const hs: number[][] = [h];
  const us: number[][] = [];
  for (let l = 0; l < L; l++) {
    const u = names.W[l]!.map((row, k) => row.reduce((s, w, j) => s + at[w]! * h[j]!, 0) + at[names.b[l]![k]!]!);
    h = u.map(Math.tanh);
    us.push(u);
    hs.push(h);
  }
  const y = names.y.map((n) => at[n]!);
  const loss = h.reduce((s, v, k) => s + (v - y[k]!) ** 2, 0) / 2;
  const delta: number[][] = new Array(L);
  delta[L - 1] = h.map((v, k) => (v - y[k]!) * (1 - v * v));
  for (let l = L - 2; l >= 0; l--) {
    delta[l] = us[l]!.map((_, k) => names.W[l + 1]!.reduce((s, row, i) => s + at[row[k]!]! * delta[l + 1]![i]!, 0) * (1 - hs[l + 1]![k]! ** 2));
  }
  return { loss, delta };
}

/** One verification. */
export interface Check {
  readonly what: string | Prose;
  readonly ok: boolean;
  readonly detail: string;
}

/** A numeric check: |got − expected| <= rtol·max(1, |expected|), with the numbers in the detail. */
export function close(what: string | Prose, got: number, expected: number, rtol: number): Check {
  const err = Math.abs(got - expected);
  return {
    what,
    ok: Number.isFinite(got) && err <= rtol * Math.max(1, Math.abs(expected)),
    detail: `got ${got}, expected ${expected}, error ${err.toExponential(1)}`,
  };
}

/** The combined derivation, the analyses behind it and every check. */
export function backpropAdjoints(): { derivation: Derivation; checks: Check[]; seed: AdjointAnalysis; network: AdjointAnalysis } {
  const seed = analyzeProgram(SEED_PROGRAM);
  const netSpec = networkProgram();
  const network = analyzeProgram(netSpec);
  const checks: Check[] = [];

  checks.push(close(inline`nested exponential: ${tex('df/dx', '\\mathrm{d}f/\\mathrm{d}x')} at ${tex('x = 0.3', 'x = 0.3')} equals ${tex('(e^x + 2e^{2x})(exp(e^x+e^{2x}) + cos(e^x+e^{2x}))', '(\\mathrm{e}^{x} + 2\\mathrm{e}^{2x})\\left(\\exp(\\mathrm{e}^{x} + \\mathrm{e}^{2x}) + \\cos(\\mathrm{e}^{x} + \\mathrm{e}^{2x})\\right)')}`, seed.values!.gradient.get('x')!, seedDerivative(0.3), 1e-13));
  const c = seed.values!.variables.get('c')!;
  checks.push(close(inline`nested exponential: ${tex('lambda_c = exp(c) + cos(c)', '\\lambda_c = \\exp(c) + \\cos(c)')} (the adjoint of ${tex('c', 'c')})`, seed.values!.multipliers.get('c')!, Math.exp(c) + Math.cos(c), 1e-13));
  checks.push({ what: ['nested exponential: central differences agree'], ok: seed.check!.ok, detail: `max rel. error ${seed.check!.maxRelError.toExponential(1)}` });

  const hand = handBackprop(netSpec.at!, NETWORK_SHAPE);
  const names = networkNames(NETWORK_SHAPE);
  checks.push(close(['network: the loss equals the hand-written forward pass'], network.values!.value, hand.loss, 1e-14));
  names.u.forEach((layer, l) =>
    layer.forEach((u, k) => checks.push(close(inline`network: ${mathTextOf(sym(`lambda_${u}`))} equals the backprop delta of layer ${l + 1}, unit ${k + 1}`, network.values!.multipliers.get(u)!, hand.delta[l]![k]!, 1e-13))),
  );
  checks.push({ what: ['network: every weight gradient passes central differences'], ok: network.check!.ok, detail: `max rel. error ${network.check!.maxRelError.toExponential(1)}` });

  const prefix = (label: string, steps: readonly Step[]): Step[] => steps.map((s) => ({ ...s, title: `${label}: ${s.title}`, ...(s.heading ? { heading: [`${label}: `, ...s.heading] } : {}) }));
  const derivation: Derivation = {
    title: 'Backpropagation as Lagrange multipliers',
    steps: [
      ...prefix('Nested exponential', adjointDerivation(seed).steps),
      ...prefix('Two-layer network', adjointDerivation(network).steps),
      {
        title: 'Checks',
        blocks: [
          {
            kind: 'prose',
            parts: inline`Each multiplier of a pre-activation ${tex('u', 'u')} is the delta of textbook backpropagation, computed here by plain code with no symbolic help.`,
          },
          { kind: 'table', header: ['check', 'result', 'detail'], rows: checks.map((ch) => [ch.what, ch.ok ? 'ok' : 'FAILED', ch.detail]) },
        ],
      },
    ],
  };
  return { derivation, checks, seed, network };
}

/** Where the HTML page goes. */
export const HTML_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', 'backprop-adjoints.html');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { derivation, checks } = backpropAdjoints();
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(HTML_PATH), { recursive: true });
  writeFileSync(HTML_PATH, renderHtml(derivation));
  process.stdout.write(`\nWrote ${HTML_PATH}\n`);
  const failed = checks.filter((ch) => !ch.ok);
  process.stdout.write(failed.length === 0 ? `All ${checks.length} checks passed.\n` : `${failed.length} of ${checks.length} checks FAILED.\n`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}
