/**
 * Shared driver of the matrix-form derivations (issue 13, cases 1–4): each case is a
 * problem file with shaped declarations, solved in matrix notation for every n, then
 * checked on seeded instances (dimensions 1 to 6, SPD matrices as B'B + I) against the
 * closed form written by hand in the case's script, and rendered as one page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateMatrix, type MatrixValue } from '../src/compile/matrix/index.js';
import { parseMatrix } from '../src/expr/matrix/index.js';
import { checkInstance, matrixSolveDerivation, readMatrixProblem, solveMatrixProblem, type MatrixSolveResult } from '../src/lagrange/matrix/index.js';
import { seededRandom } from '../src/numeric/index.js';
import { renderHtml, renderText, type Derivation, type Step } from '../src/render/index.js';
import { inline, matrixMathText, proseToText, tex, type MathText, type Prose } from '../src/document/index.js';
import { sym, toLatex } from '../src/expr/index.js';

/** One problem of a case, with its hand-derived closed forms and an instance generator. */
export interface MatrixCase {
  /** What the case assumes, after its statement (`X of full column rank`); the statement itself is read from the file. */
  readonly note?: Prose;
  readonly file: Record<string, unknown>;
  /** name → closed form written by hand (text under the file's declarations). */
  readonly expected: Readonly<Record<string, string>>;
  /** Dimensions and parameter values of instance k. */
  readonly instance: (rand: () => number, k: number) => { dims: Record<string, number>; values: Record<string, MatrixValue> };
}

/** Random helpers for instances. */
export const gen = {
  vec: (rand: () => number, n: number): number[] => Array.from({ length: n }, () => 2 * rand() - 1),
  mat: (rand: () => number, m: number, n: number): number[][] => Array.from({ length: m }, () => gen.vec(rand, n)),
  spd(rand: () => number, n: number): number[][] {
    const B = gen.mat(rand, n, n);
    return B.map((_, i) => B.map((__, j) => B.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 1 : 0)));
  },
};

interface CaseCheck {
  readonly what: Prose;
  readonly ok: boolean;
  readonly detail: string;
}

/** The case's statement as prose: `maximize g'*d subject to d'*d <= eps (note)`, every formula typeset. */
function statement(c: MatrixCase): Prose {
  const p = readMatrixProblem(c.file);
  const cons = p.constraints.flatMap((k, i): (string | MathText)[] => [i === 0 ? ' subject to ' : ' and ', k.math]);
  return [`${p.sense} `, matrixMathText(p.objective), ...cons, ...(c.note ? [' (', ...c.note, ')'] : [])];
}

function runCase(c: MatrixCase, k: number, seed: number): { result: MatrixSolveResult; checks: CaseCheck[]; example?: Derivation } {
  const result = solveMatrixProblem(readMatrixProblem(c.file));
  const decls = readMatrixProblem(c.file).declarations;
  const rand = seededRandom(seed);
  const checks: CaseCheck[] = [];
  let worstClosed = 0;
  let passed = 0;
  let example: Derivation | undefined;
  const N = 20;
  for (let k = 0; k < N; k++) {
    const { dims, values } = c.instance(rand, k);
    const solved = solveMatrixProblem(readMatrixProblem({ ...c.file, dimensions: dims, parameter_values: values }));
    const check = checkInstance(solved);
    if (check?.passed) passed++;
    if (k === N - 1 && check) example = matrixSolveDerivation(solved, check);
    const s = result.solutions[0];
    for (const [name, text] of Object.entries(c.expected)) {
      const mine = s?.point.get(name) ?? s?.multipliers.get(name);
      if (!mine) continue;
      const a = evaluateMatrix(mine, { dims, values }).data;
      const b = evaluateMatrix(parseMatrix(text, decls), { dims, values }).data;
      a.forEach((v, i) => (worstClosed = Math.max(worstClosed, Math.abs(v - b[i]!) / (1 + Math.abs(b[i]!)))));
    }
  }
  const hand = Object.entries(c.expected).flatMap(([name, text], i) => [...(i ? [', '] : []), tex(`${name} = ${text}`, `${toLatex(sym(name))} = ${matrixMathText(parseMatrix(text, decls)).latex}`)]);
  if (hand.length) checks.push({ what: [`Case ${k + 1}: closed forms equal the hand-derived `, ...hand], ok: worstClosed < 1e-9, detail: `max relative difference ${worstClosed.toExponential(1)} on ${N} instances` });
  checks.push({ what: [`Case ${k + 1}: KKT conditions at the point, scalarised objective agrees`], ok: passed === N, detail: `${passed}/${N} instances passed` });
  return { result, checks, ...(example ? { example } : {}) };
}

/** Runs the cases, prints the derivation and the checks, writes docs/derivations/NAME.html; exit 1 on a failed check. */
export function runMatrixDerivation(name: string, title: string, cases: readonly MatrixCase[]): void {
  const steps: Step[] = [];
  const all: CaseCheck[] = [];
  cases.forEach((c, k) => {
    const { result, checks, example } = runCase(c, k, 1000 + k);
    const d = matrixSolveDerivation(result);
    const heading = [`Case ${k + 1}: `, ...statement(c)];
    steps.push({ title: proseToText(heading), heading, blocks: [{ kind: 'prose', parts: inline`For every ${tex('n', 'n')}, in matrix notation.` }] });
    for (const s of d.steps) steps.push({ title: `${s.title} (case ${k + 1})`, blocks: s.blocks });
    const inst = example?.steps.find((s) => s.title === 'Numeric instance');
    if (inst) steps.push({ title: `A numeric instance (case ${k + 1})`, blocks: inst.blocks });
    all.push(...checks);
  });
  steps.push({ title: 'Checks', blocks: [{ kind: 'table', header: ['check', 'result', 'detail'], rows: all.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', c.detail]) }] });
  const derivation: Derivation = { title, steps };
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', `${name}.html`);
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderHtml(derivation));
  process.stdout.write('\n\nChecks:\n');
  for (const c of all) process.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${proseToText(c.what)} (${c.detail})\n`);
  process.stdout.write(`\nwrote ${path}\n`);
  process.exitCode = all.every((c) => c.ok) ? 0 : 1;
}
