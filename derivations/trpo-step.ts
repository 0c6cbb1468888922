/**
 * The trust-region step of TRPO (seed 000) by the KKT conditions.
 *
 * 1. maximise g·d subject to ||d||^2 <= eps, with a symbolic gradient g in 2 and in 3
 *    dimensions: d = sqrt(eps) g/||g||, multiplier mu = ||g||/(2 sqrt(eps)), optimal value
 *    sqrt(eps) ||g|| (Cauchy–Schwarz). Checked exactly (the solver's answer is the same
 *    expression as the closed form, after canonical construction) and numerically.
 * 2. The Fisher-metric step: maximise g·d subject to (1/2) d^T F d <= eps, F positive
 *    definite: d = sqrt(2 eps/(g^T F^-1 g)) F^-1 g. With a concrete F and symbolic g and
 *    eps (2-D), and with concrete F, g and eps (3-D); checked numerically against the
 *    closed form computed with an LU solve (src/numeric), independent of the symbolic path.
 *
 * Run: `npx tsx derivations/trpo-step.ts` — prints the derivation and the checks, writes
 * docs/derivations/trpo-step.html, exits 1 if a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluateAll } from '../src/compile/index.js';
import { add, div, mul, num, pow, sqrt, sym, type Expr } from '../src/expr/index.js';
import { parseProblem, solveDerivation, solveProblem, type ProblemFile, type SolveProblemResult } from '../src/lagrange/index.js';
import { luSolve } from '../src/numeric/index.js';
import { renderHtml, renderText, type Derivation, type Step } from '../src/render/index.js';
import { formulasInText, inline, proseToText, tex, type Prose } from '../src/document/index.js';

// The formulas the page's prose names, typeset (text form for the terminal).
const D = tex('d', 'd');
const G = tex('g', 'g');
const F = tex('F', 'F');
const GD = tex('g·d', 'g^{\\top} d');
const BALL = tex('||d||^2 <= eps', '\\lVert d\\rVert^{2} \\le \\varepsilon');
const FISHER = tex('(1/2) d^T F d <= eps', '\\tfrac{1}{2}\\, d^{\\top} F d \\le \\varepsilon');
const D_BALL = tex('d = sqrt(eps) g/||g||', 'd = \\sqrt{\\varepsilon}\\, g / \\lVert g\\rVert');
const MU_BALL = tex('mu_1 = ||g||/(2 sqrt(eps))', '\\mu_1 = \\lVert g\\rVert / (2\\sqrt{\\varepsilon})');
const VALUE_BALL = tex('sqrt(eps) ||g||', '\\sqrt{\\varepsilon}\\, \\lVert g\\rVert');
const D_FISHER = tex('d = sqrt(2 eps/(g^T F^-1 g)) F^-1 g', 'd = \\sqrt{2\\varepsilon / (g^{\\top} F^{-1} g)}\\; F^{-1} g');

/** maximise g·d s.t. ||d||^2 <= eps in n dimensions, g and eps symbolic. */
export function euclideanProblem(n: number): ProblemFile {
  const ds = [...Array(n)].map((_, i) => `d${i + 1}`);
  const gs = [...Array(n)].map((_, i) => `g${i + 1}`);
  return {
    name: `TRPO step in ${n} dimensions, Euclidean ball`,
    variables: ds,
    parameters: [...gs, 'eps'],
    assume: ['eps > 0'],
    maximize: ds.map((d, i) => `${gs[i]}*${d}`).join(' + '),
    subject_to: [`${ds.map((d) => `${d}^2`).join(' + ')} <= eps`],
  };
}

/** The Fisher matrix of the 2-D case (symmetric positive definite: det = 7/4). */
export const F2: readonly (readonly number[])[] = [
  [2, 0.5],
  [0.5, 1],
];
/** The Fisher matrix of the 3-D case (leading minors 2, 7/4, 5). */
export const F3: readonly (readonly number[])[] = [
  [2, 0.5, 0],
  [0.5, 1, 0.5],
  [0, 0.5, 3],
];
/** The concrete gradient and radius of the 3-D Fisher case. */
export const G3 = [1, -2, 0.5];
export const EPS3 = 0.01;
/** The point at which the 2-D symbolic Fisher answer is checked numerically. */
export const G2_AT = { g1: 1, g2: -2, eps: 0.01 };

/** (1/2) d^T F d as text. */
function quadraticText(F: readonly (readonly number[])[], ds: readonly string[]): string {
  const terms: string[] = [];
  F.forEach((row, i) =>
    row.forEach((f, j) => {
      if (j < i || f === 0) return;
      const c = i === j ? f / 2 : f; // the two off-diagonal entries together, times 1/2
      const monomial = i === j ? `${ds[i]}^2` : `${ds[i]}*${ds[j]}`;
      terms.push(c === 1 ? monomial : `${c}*${monomial}`);
    }),
  );
  return terms.join(' + ');
}

/** maximise g·d s.t. (1/2) d^T F d <= eps (g, eps symbolic when `g` is undefined). */
export function fisherProblem(F: readonly (readonly number[])[], g?: readonly number[], eps?: number): ProblemFile {
  const n = F.length;
  const ds = [...Array(n)].map((_, i) => `d${i + 1}`);
  const gs = g ? g.map(String) : ds.map((_, i) => `g${i + 1}`);
  return {
    name: `Fisher-metric step in ${n} dimensions`,
    variables: ds,
    ...(g ? {} : { parameters: [...gs, 'eps'], assume: ['eps > 0'] }),
    maximize: ds.map((d, i) => `(${gs[i]})*${d}`).join(' + '),
    subject_to: [`${quadraticText(F, ds)} <= ${eps ?? 'eps'}`],
  };
}

/** The closed form sqrt(eps) g_k/||g|| and mu = ||g||/(2 sqrt(eps)) as expressions. */
export function euclideanClosedForm(n: number): { d: Expr[]; mu: Expr; value: Expr } {
  const g = [...Array(n)].map((_, i) => sym(`g${i + 1}`));
  const eps = sym('eps');
  const norm = sqrt(add(...g.map((x) => pow(x, num(2)))));
  return {
    d: g.map((x) => div(mul(sqrt(eps), x), norm)),
    mu: div(norm, mul(num(2), sqrt(eps))),
    value: mul(sqrt(eps), norm),
  };
}

/** The Fisher step d = sqrt(2 eps/(g^T F^-1 g)) F^-1 g, in doubles (LU solve). */
export function fisherClosedForm(F: readonly (readonly number[])[], g: readonly number[], eps: number): number[] {
  const n = F.length;
  const x = luSolve(F.flat(), n, g);
  const gFg = g.reduce((s, gi, i) => s + gi * x[i]!, 0);
  const scale = Math.sqrt((2 * eps) / gFg);
  return [...x].map((v) => scale * v);
}

/** A check and its verdict, with the numbers behind it. */
export interface Check {
  readonly what: Prose;
  readonly ok: boolean;
  readonly detail?: string;
}

/** The four solved cases. */
export interface TrpoResults {
  readonly euclid2: SolveProblemResult;
  readonly euclid3: SolveProblemResult;
  readonly fisher2: SolveProblemResult;
  readonly fisher3: SolveProblemResult;
}

/** Solves the four cases. */
export function solveTrpo(): TrpoResults {
  return {
    euclid2: solveProblem(parseProblem(euclideanProblem(2))),
    euclid3: solveProblem(parseProblem(euclideanProblem(3))),
    fisher2: solveProblem(parseProblem(fisherProblem(F2))),
    fisher3: solveProblem(parseProblem(fisherProblem(F3, G3, EPS3))),
  };
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

/** Checks the answers against the closed forms (exactly where symbolic, numerically always). */
export function checkTrpo(r: TrpoResults): Check[] {
  const checks: Check[] = [];
  for (const [n, res] of [
    [2, r.euclid2],
    [3, r.euclid3],
  ] as const) {
    checks.push({ what: [`${n}-D: status optimal (convex problem)`], ok: res.status === 'optimal' && res.certificate === 'convex', detail: res.reason });
    const opt = res.points[res.optimum[0] ?? -1];
    const cf = euclideanClosedForm(n);
    checks.push({
      what: inline`${n}-D: ${D_BALL} exactly`,
      ok: !!opt && opt.exact && cf.d.every((e, i) => opt.values.get(`d${i + 1}`) === e),
    });
    checks.push({ what: inline`${n}-D: ${MU_BALL} exactly`, ok: !!opt && opt.values.get('mu_1') === cf.mu });
    checks.push({ what: inline`${n}-D: optimal value ${VALUE_BALL} exactly`, ok: !!opt && opt.objective === cf.value });
    checks.push({ what: [`${n}-D: classified as a maximum`], ok: opt?.classification === 'maximum' });
    // Numerically at a few parameter values (independent of expression identity).
    let worst = 0;
    for (const at of [
      { g1: 3, g2: 4, g3: 12, eps: 0.25 },
      { g1: -1, g2: 0.5, g3: 2, eps: 0.01 },
    ]) {
      if (!opt) break;
      const names = [...Array(n)].map((_, i) => `d${i + 1}`);
      const got = evaluateAll(names.map((d) => opt.values.get(d)!), at);
      const want = evaluateAll(cf.d, at);
      got.forEach((v, i) => (worst = Math.max(worst, relErr(v, want[i]!))));
    }
    checks.push({ what: inline`${n}-D: the same ${D} at two parameter points`, ok: !!opt && worst < 1e-12, detail: `max rel. error ${worst.toExponential(1)}` });
  }

  // Fisher, 2-D, symbolic g and eps: evaluate the answer at G2_AT and compare with the LU closed form.
  {
    const res = r.fisher2;
    const opt = res.points[res.optimum[0] ?? -1];
    checks.push({ what: ['Fisher 2-D: status optimal'], ok: res.status === 'optimal', detail: res.reason });
    const want = fisherClosedForm(F2, [G2_AT.g1, G2_AT.g2], G2_AT.eps);
    const got = opt ? evaluateAll([opt.values.get('d1')!, opt.values.get('d2')!], G2_AT) : [NaN, NaN];
    const err = Math.max(...got.map((v, i) => relErr(v, want[i]!)));
    checks.push({
      what: inline`Fisher 2-D: ${D_FISHER} at ${tex('g = (1, -2), eps = 0.01', 'g = (1, -2),\\; \\varepsilon = 0.01')}`,
      ok: !!opt && opt.exact && err < 1e-12,
      detail: `got (${got.map((v) => v.toPrecision(12)).join(', ')}), closed form (${want.map((v) => v.toPrecision(12)).join(', ')}), rel. error ${err.toExponential(1)}`,
    });
    // The constraint is active: (1/2) d^T F d = eps.
    const q = 0.5 * (F2[0]![0]! * got[0]! ** 2 + 2 * F2[0]![1]! * got[0]! * got[1]! + F2[1]![1]! * got[1]! ** 2);
    checks.push({ what: inline`Fisher 2-D: the trust region is active, ${tex('(1/2) d^T F d = eps', '\\tfrac{1}{2}\\, d^{\\top} F d = \\varepsilon')}`, ok: relErr(q, G2_AT.eps) < 1e-12, detail: `${q}` });
  }
  // Fisher, 3-D, all numbers.
  {
    const res = r.fisher3;
    const opt = res.points[res.optimum[0] ?? -1];
    checks.push({ what: ['Fisher 3-D: status optimal'], ok: res.status === 'optimal', detail: res.reason });
    const want = fisherClosedForm(F3, G3, EPS3);
    const got = opt ? evaluateAll(['d1', 'd2', 'd3'].map((d) => opt.values.get(d)!), {}) : [NaN, NaN, NaN];
    const err = Math.max(...got.map((v, i) => relErr(v, want[i]!)));
    checks.push({
      what: inline`Fisher 3-D: exact ${D} equals the closed form for ${tex('F3', 'F_3')}, ${tex('g = (1, -2, 1/2), eps = 1/100', 'g = (1, -2, \\tfrac{1}{2}),\\; \\varepsilon = \\tfrac{1}{100}')}`,
      ok: !!opt && opt.exact && err < 1e-12,
      detail: `got (${got.map((v) => v.toPrecision(12)).join(', ')}), closed form (${want.map((v) => v.toPrecision(12)).join(', ')}), rel. error ${err.toExponential(1)}`,
    });
  }
  return checks;
}

/** The derivation: the seed's question, the four solved cases, the checks. */
export function trpoDerivation(r: TrpoResults, checks: readonly Check[]): Derivation {
  const steps: Step[] = [
    {
      title: 'The trust-region step of TRPO',
      blocks: [
        {
          kind: 'prose',
          parts: inline`TRPO improves a policy by the step ${D} that maximises the linearised objective ${GD} (${G} the policy gradient) while staying in a trust region: first a Euclidean ball ${BALL}, then the Fisher metric ${FISHER}, the second-order approximation of the KL divergence between the old and the new policy. Both are convex problems (a linear objective, a convex quadratic constraint), so the KKT point is the global maximum.`,
        },
        {
          kind: 'math',
          item: {
            text: 'd* = sqrt(eps) g/||g||;  d* = sqrt(2 eps/(g^T F^-1 g)) F^-1 g',
            latex: 'd^{*} = \\sqrt{\\varepsilon}\\,\\frac{g}{\\lVert g\\rVert}, \\qquad d^{*}_{F} = \\sqrt{\\frac{2\\varepsilon}{g^{\\top}F^{-1}g}}\\;F^{-1}g',
          },
        },
      ],
    },
  ];
  const EPS = tex('eps', '\\varepsilon');
  const parts: [Prose, Prose, SolveProblemResult][] = [
    [['Euclidean ball, 2-D'], inline`Maximise ${GD} subject to ${BALL}.`, r.euclid2],
    [['Euclidean ball, 3-D'], inline`Maximise ${GD} subject to ${BALL}.`, r.euclid3],
    [inline`Fisher metric, 2-D (${tex('F = [[2, 1/2], [1/2, 1]]', 'F = \\begin{pmatrix} 2 & \\frac12 \\\\ \\frac12 & 1 \\end{pmatrix}')}, symbolic ${G} and ${EPS})`, inline`Maximise ${GD} subject to ${FISHER}.`, r.fisher2],
    [inline`Fisher metric, 3-D (${tex('g = (1, -2, 1/2), eps = 1/100', 'g = (1, -2, \\tfrac{1}{2}),\\; \\varepsilon = \\tfrac{1}{100}')})`, inline`Maximise ${GD} subject to ${FISHER} with ${tex('F = [[2, 1/2, 0], [1/2, 1, 1/2], [0, 1/2, 3]]', 'F = \\begin{pmatrix} 2 & \\frac12 & 0 \\\\ \\frac12 & 1 & \\frac12 \\\\ 0 & \\frac12 & 3 \\end{pmatrix}')}.`, r.fisher3],
  ];
  parts.forEach(([title, statement, res], k) => {
    const d = solveDerivation(res);
    const heading = [`Case ${k + 1}: `, ...title];
    steps.push({ title: proseToText(heading), heading, blocks: [{ kind: 'prose', parts: statement }] });
    for (const s of d.steps) steps.push({ title: `${s.title} (case ${k + 1})`, blocks: s.blocks });
  });
  steps.push({
    title: 'Checks against the closed forms',
    blocks: [
      {
        kind: 'table',
        header: ['check', 'result', 'detail'],
        rows: checks.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', formulasInText(c.detail ?? '')]),
      },
    ],
  });
  return { title: 'The TRPO trust-region step by Lagrange multipliers', steps };
}

const HTML_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', 'trpo-step.html');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = solveTrpo();
  const checks = checkTrpo(results);
  const derivation = trpoDerivation(results, checks);
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(HTML_PATH), { recursive: true });
  writeFileSync(HTML_PATH, renderHtml(derivation));
  process.stdout.write('\n\nChecks:\n');
  for (const c of checks) process.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${proseToText(c.what)}${c.detail ? ` (${c.detail})` : ''}\n`);
  process.stdout.write(`\nwrote ${HTML_PATH}\n`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}
