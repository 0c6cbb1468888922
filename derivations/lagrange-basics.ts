/**
 * Lagrange multiplier basics (seed 002), derived, solved, verified and checked.
 *
 * 1. minimise x^2 + y^2 subject to x + y = 1: the seed substitutes y = 1 - x; here the
 *    Lagrangian gives (1/2, 1/2) with lambda = -1 in our convention (L = f + lambda h;
 *    the seed's grad F = lambda grad g reads lambda = +1).
 * 2. minimise x*y subject to x^2 + y^2 = 4: all four KKT points (the seed's worked
 *    system y = 2 lambda x, x = 2 lambda y), minima (sqrt 2, -sqrt 2) and (-sqrt 2, sqrt 2)
 *    with value -2, maxima (sqrt 2, sqrt 2), (-sqrt 2, -sqrt 2) with value 2.
 * 3. Several constraints (the seed's last section): minimise x^2 + y^2 + z^2 subject to
 *    x + y + z = 1 and x - y = 0, giving (1/3, 1/3, 1/3), lambda = (-2/3, 0).
 *
 * Each answer is compared with the hand derivation in `CHECKS`.
 * Run: `npx tsx derivations/lagrange-basics.ts` — prints the derivation and the checks,
 * writes docs/derivations/lagrange-basics.html, exits 1 if a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from '../src/expr/index.js';
import { parseProblem, solveDerivation, solveProblem, type ProblemFile, type SolveProblemResult } from '../src/lagrange/index.js';
import { renderHtml, renderText, type Derivation, type Step } from '../src/render/index.js';
import { formulasInText, inline, proseToText, tex, type Prose } from '../src/document/index.js';

/** The three examples, as problem files. */
export const EXAMPLES: readonly { readonly title: Prose; readonly file: ProblemFile }[] = [
  {
    title: inline`Example 1: the nearest point of the line ${tex('x + y = 1', 'x + y = 1')}`,
    file: { name: 'Example 1', variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] },
  },
  {
    title: inline`Example 2: ${tex('x*y', 'xy')} on the circle of radius 2`,
    file: { name: 'Example 2', variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] },
  },
  {
    title: ['Example 3: two constraints'],
    file: {
      name: 'Example 3',
      variables: ['x', 'y', 'z'],
      minimize: 'x^2 + y^2 + z^2',
      subject_to: ['x + y + z = 1', 'x - y = 0'],
    },
  },
];

/** One expected KKT point, from the hand derivations in the module comment. */
export interface ExpectedPoint {
  readonly point: Readonly<Record<string, string>>;
  readonly multipliers: Readonly<Record<string, string>>;
  readonly objective: string;
  readonly classification: string;
}

/** The hand-derived answers: every KKT point and which are optimal. */
export const EXPECTED: readonly { readonly points: readonly ExpectedPoint[]; readonly optimum: readonly number[] }[] = [
  { points: [{ point: { x: '1/2', y: '1/2' }, multipliers: { lambda_1: '-1' }, objective: '1/2', classification: 'minimum' }], optimum: [0] },
  {
    points: [
      { point: { x: 'sqrt(2)', y: '-sqrt(2)' }, multipliers: { lambda_1: '1/2' }, objective: '-2', classification: 'minimum' },
      { point: { x: '-sqrt(2)', y: 'sqrt(2)' }, multipliers: { lambda_1: '1/2' }, objective: '-2', classification: 'minimum' },
      { point: { x: 'sqrt(2)', y: 'sqrt(2)' }, multipliers: { lambda_1: '-1/2' }, objective: '2', classification: 'maximum' },
      { point: { x: '-sqrt(2)', y: '-sqrt(2)' }, multipliers: { lambda_1: '-1/2' }, objective: '2', classification: 'maximum' },
    ],
    optimum: [0, 1],
  },
  {
    points: [{ point: { x: '1/3', y: '1/3', z: '1/3' }, multipliers: { lambda_1: '-2/3', lambda_2: '0' }, objective: '1/3', classification: 'minimum' }],
    optimum: [0],
  },
];

/** A check and its verdict. */
export interface Check {
  readonly what: string;
  readonly ok: boolean;
}

/** Solves the examples. */
export function solveExamples(): SolveProblemResult[] {
  return EXAMPLES.map((e) => solveProblem(parseProblem(e.file)));
}

/**
 * Compares each result with the hand derivation: the same set of KKT points (exact
 * expressions, identical after canonical construction), multipliers, values,
 * classifications, and the same optima.
 */
export function checkExamples(results: readonly SolveProblemResult[]): Check[] {
  const checks: Check[] = [];
  results.forEach((r, k) => {
    const want = EXPECTED[k]!;
    checks.push({ what: `example ${k + 1}: status optimal`, ok: r.status === 'optimal' });
    checks.push({ what: `example ${k + 1}: ${want.points.length} KKT point(s)`, ok: r.points.length === want.points.length });
    const found = want.points.map((w) =>
      r.points.findIndex(
        (p) =>
          p.exact &&
          Object.entries(w.point).every(([v, t]) => p.values.get(v) === parse(t)) &&
          Object.entries(w.multipliers).every(([m, t]) => p.values.get(m) === parse(t)) &&
          p.objective === parse(w.objective) &&
          p.classification === w.classification &&
          p.residuals.exact,
      ),
    );
    want.points.forEach((w, i) => {
      const desc = Object.entries(w.point).map(([v, t]) => `${v} = ${t}`).join(', ');
      checks.push({ what: `example ${k + 1}: (${desc}) exact, multipliers, f = ${w.objective}, ${w.classification}, residuals exactly 0`, ok: found[i]! >= 0 });
    });
    const optimum = want.optimum.map((i) => found[i]!).sort();
    checks.push({ what: `example ${k + 1}: the optimum is exactly the expected point(s)`, ok: JSON.stringify([...r.optimum].sort()) === JSON.stringify(optimum) });
  });
  return checks;
}

/** The whole derivation: an introduction, then each example's derivation. */
export function basicsDerivation(results: readonly SolveProblemResult[]): Derivation {
  const steps: Step[] = [
    {
      title: 'Lagrange multipliers: the basics',
      blocks: [
        {
          kind: 'prose',
          parts: inline`At a constrained optimum the gradient of the objective is parallel to the gradient of the constraint: ${tex('grad F = lambda grad g', '\\nabla F = \\lambda \\nabla g')} (the seed), equivalently ${tex('grad L = 0', '\\nabla \\mathcal{L} = 0')} for ${tex('L = f + lambda h', '\\mathcal{L} = f + \\lambda h')}. The seed writes ${tex('Q = F - lambda g', 'Q = F - \\lambda g')}, so its multiplier is the negative of ours: in example 1 the seed would find ${tex('lambda = 1', '\\lambda = 1')}, we find ${tex('lambda = -1', '\\lambda = -1')} with ${tex('L = f + lambda (x + y - 1)', '\\mathcal{L} = f + \\lambda (x + y - 1)')}.`,
        },
        { kind: 'math', item: { text: 'grad f = -lambda grad h', latex: '\\nabla f = -\\lambda\\, \\nabla h' } },
      ],
    },
  ];
  results.forEach((r, k) => {
    const d = solveDerivation(r);
    const f = EXAMPLES[k]!.file;
    const statement = formulasInText(`Minimise ${f.minimize} subject to ${(f.subject_to as string[]).join(' and ')}.`);
    steps.push({ title: proseToText(EXAMPLES[k]!.title), heading: EXAMPLES[k]!.title, blocks: [{ kind: 'prose', parts: statement }] });
    for (const s of d.steps) steps.push({ title: `${s.title} (example ${k + 1})`, blocks: s.blocks });
  });
  return { title: 'Lagrange multiplier basics', steps };
}

const HTML_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', 'lagrange-basics.html');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = solveExamples();
  const derivation = basicsDerivation(results);
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(HTML_PATH), { recursive: true });
  writeFileSync(HTML_PATH, renderHtml(derivation));
  const checks = checkExamples(results);
  process.stdout.write('\n\nChecks against the hand derivations:\n');
  for (const c of checks) process.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}\n`);
  process.stdout.write(`\nwrote ${HTML_PATH}\n`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}
