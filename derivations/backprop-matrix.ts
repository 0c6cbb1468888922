/**
 * Backpropagation as Lagrange multipliers in matrix notation (seeds 000 and 001; issue 13
 * case 5). The two-layer network
 *
 *   z1 = tanh(W1*x + b1),   z2 = W2*z1 + b2,   loss = norm(z2 - y)^2/2
 *
 * with x (n), W1 (h×n), b1 (h), W2 (m×h), b2 (m), y (m), read as equality constraints with
 * vector multipliers: the Lagrangian loss - Σ lambda_i'*(z_i - f_i), the adjoint equations
 * (seed 000's λ_j = Σ λ_i ∂f_i/∂z_j as one vector-Jacobian product per line), and the
 * gradients dW2 = lambda_z2*z1', dW1 = ((1 - z1.^2) .* lambda_z1)*x', db_i = the deltas —
 * for every n, h, m. Checked at a seeded instance (n = 3, h = 4, m = 2) against a plain
 * backprop loop, the scalarised program through the scalar adjoint route, and central
 * differences.
 *
 * Run: `npx tsx derivations/backprop-matrix.ts` — prints the derivation and the checks,
 * writes docs/derivations/backprop-matrix.html, exits 1 if a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeProgram, seededRandom } from '../src/adjoint/index.js';
import { analyzeMatrixProgram, scalarProgram, type MatrixAdjointAnalysis } from '../src/adjoint/matrix/index.js';
import { matrixAdjointDerivation } from '../src/adjoint/matrix/index.js';
import { declare, mtoLatex, parseMatrix } from '../src/expr/matrix/index.js';
import { tex, type Prose } from '../src/document/index.js';
import { renderHtml, renderText, type Derivation } from '../src/render/index.js';

/** The program file (INTERFACE.md, shaped inputs), without "at". */
export const NETWORK = {
  inputs: [
    { name: 'x', shape: ['n'] }, { name: 'W1', shape: ['h', 'n'] }, { name: 'b1', shape: ['h'] },
    { name: 'W2', shape: ['m', 'h'] }, { name: 'b2', shape: ['m'] }, { name: 'y', shape: ['m'] },
  ],
  program: ['z1 = tanh(W1*x + b1)', 'z2 = W2*z1 + b2', 'loss = norm(z2 - y)^2/2'],
  output: 'loss',
};

/** A seeded instance with n = 3, h = 4, m = 2 (two-decimal entries). */
export function networkInstance(): Record<string, number[] | number[][]> {
  const rand = seededRandom(1300);
  const v = (k: number) => Array.from({ length: k }, () => Math.round((2 * rand() - 1) * 100) / 100);
  return { x: v(3), W1: [v(3), v(3), v(3), v(3)], b1: v(4), W2: [v(4), v(4)], b2: v(2), y: v(2) };
}

/** Textbook backprop (Nielsen, ch. 2) with plain arrays: the loss and the weight gradients. */
export function handBackprop(at: Record<string, number[] | number[][]>): { loss: number; W1: number[][]; W2: number[][]; b1: number[]; b2: number[] } {
  const x = at['x'] as number[]; const W1 = at['W1'] as number[][]; const b1 = at['b1'] as number[];
  const W2 = at['W2'] as number[][]; const b2 = at['b2'] as number[]; const y = at['y'] as number[];
  const z1 = W1.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * x[j]!, b1[i]!)));
  const z2 = W2.map((row, i) => row.reduce((s, w, j) => s + w * z1[j]!, b2[i]!));
  const d2 = z2.map((z, i) => z - y[i]!);
  const d1 = z1.map((z, j) => (1 - z * z) * W2.reduce((s, row, i) => s + row[j]! * d2[i]!, 0));
  return { loss: d2.reduce((s, e) => s + e * e, 0) / 2, W1: d1.map((d) => x.map((xj) => d * xj)), W2: d2.map((d) => z1.map((zj) => d * zj)), b1: d1, b2: d2 };
}

interface Check {
  what: string | Prose;
  ok: boolean;
  detail: string;
}

const flat = (v: unknown): number[] => [v].flat(3) as number[];
function closeLists(what: string, got: unknown, want: unknown, tol: number): Check {
  const a = flat(got);
  const b = flat(want);
  const err = a.length !== b.length ? Infinity : Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]!) / Math.max(1, Math.abs(b[i]!))));
  return { what, ok: err <= tol, detail: `largest relative difference ${err.toExponential(1)}` };
}

/** Runs the derivation and its checks. */
export function backpropMatrix(): { derivation: Derivation; checks: Check[]; analysis: MatrixAdjointAnalysis } {
  const at = networkInstance();
  const analysis = analyzeMatrixProgram({ ...NETWORK, at });
  const { derived, values } = analysis;
  const D = declare([...NETWORK.inputs, { name: 'z1', shape: ['h'] }, { name: 'z2', shape: ['m'] }, { name: 'lambda_z1', shape: ['h'] }, { name: 'lambda_z2', shape: ['m'] }]);
  const P = (t: string) => parseMatrix(t, D);
  // dW2 reads as d W_2; lambda_z2 as the matrix language prints it.
  const lhsLatex = (what: string): string => (what.startsWith('d') ? `\\mathrm{d}${mtoLatex(P(what.slice(1)))}` : mtoLatex(P(what)));
  const form = (what: string, got: unknown, hand: string): Check => ({ what: [tex(`${what} = ${hand}`, `${lhsLatex(what)} = ${mtoLatex(P(hand))}`)], ok: got === P(hand), detail: 'same canonical matrix expression' });
  const checks: Check[] = [
    form('lambda_z2', derived.adjoints.get('z2')!.closed, 'z2 - y'),
    form('lambda_z1', derived.adjoints.get('z1')!.local, "W2'*lambda_z2"),
    form('dW2', derived.gradient.get('W2')!.local, "lambda_z2*z1'"),
    form('dW1', derived.gradient.get('W1')!.local, "((ones(h) - z1.^2) .* lambda_z1)*x'"),
    form('db1', derived.gradient.get('b1')!.local, '(ones(h) - z1.^2) .* lambda_z1'),
    form('db2', derived.gradient.get('b2')!.local, 'lambda_z2'),
  ];
  const hand = handBackprop(at);
  checks.push(closeLists('the loss equals the plain forward pass', values!.value, hand.loss, 1e-14));
  for (const k of ['W1', 'W2', 'b1', 'b2'] as const) checks.push(closeLists(`d loss/d ${k} equals plain backprop`, values!.gradient.get(k), hand[k], 1e-13));
  const scalar = analyzeProgram(scalarProgram(analysis.program));
  const viaScalar = scalar.program.inputs.map((n) => scalar.values!.gradient.get(n)!);
  checks.push(closeLists(`the scalarised program (${scalar.program.assignments.length} scalar lines) through the scalar adjoint route gives the same gradient`, analysis.program.inputs.flatMap((i) => flat(values!.gradient.get(i.name))), viaScalar, 1e-12));
  checks.push({ what: `central differences in all ${analysis.check!.components.length} input entries agree`, ok: analysis.check!.ok, detail: `max rel. error ${analysis.check!.maxRelError.toExponential(1)}` });
  const doc = matrixAdjointDerivation(analysis, 'Backpropagation as Lagrange multipliers, in matrix notation');
  const derivation: Derivation = {
    ...doc,
    steps: [
      ...doc.steps,
      {
        title: 'Checks',
        blocks: [
          { kind: 'text', text: 'The forms are compared with the textbook backpropagation equations written by hand; the numbers with plain backprop code, the scalarised program through the scalar route, and central differences.' },
          { kind: 'table', header: ['check', 'result', 'detail'], rows: checks.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', c.detail]) },
        ],
      },
    ],
  };
  return { derivation, checks, analysis };
}

/** Where the HTML page goes. */
export const HTML_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', 'backprop-matrix.html');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { derivation, checks } = backpropMatrix();
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(HTML_PATH), { recursive: true });
  writeFileSync(HTML_PATH, renderHtml(derivation));
  process.stdout.write(`\nWrote ${HTML_PATH}\n`);
  const failed = checks.filter((c) => !c.ok);
  process.stdout.write(failed.length === 0 ? `All ${checks.length} checks passed.\n` : `${failed.length} of ${checks.length} checks FAILED.\n`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}
