/**
 * Issue 13, case 7: seed 000's maximum-entropy Gaussian generalised to a vector on R^n,
 * derived in matrix notation for every n. With E[x] = mu and
 * E[(x - mu)*(x - mu)'] = Sigma the density is the multivariate normal
 *   p(x) = exp(-(x - mu)'*inv(Sigma)*(x - mu)/2)/sqrt(det(2*pi*Sigma)),
 * with lambda_0 = 1 - logdet(2*pi*Sigma)/2, lambda_1 = 0, Lambda_2 = -inv(Sigma)/2 (the
 * scalar route's convention p = exp(lambda_0 - 1 + ...), so at n = 1 these are its
 * lambda_0, lambda_1, lambda_2). With the raw second moment E[x*x'] = Sigma + mu*mu' the
 * exponent is lambda_0 - 1 + lambda_1'*x + x'*Lambda_2*x and lambda_1 = inv(Sigma)*mu,
 * lambda_0 = 1 - logdet(2*pi*Sigma)/2 - mu'*inv(Sigma)*mu/2.
 * Each case is checked on 20 seeded instances (n = 1 to 6, Sigma = B'*B + I/2) against
 * these hand-written closed forms and by the instance check (Gaussian identities,
 * quadrature for n <= 2, importance sampling, the scalar route for n = 1).
 *
 * Run: `npx tsx derivations/maxent-multivariate.ts` — prints the derivation and the
 * checks, writes docs/derivations/maxent-multivariate.html, exits 1 if a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluateMatrix } from '../src/compile/matrix/index.js';
import { parseMatrix } from '../src/expr/matrix/index.js';
import { checkMaxentInstance, matrixMaxentDerivation, readMatrixMaxent, solveMatrixMaxent, type MatrixMaxentResult } from '../src/maxent/matrix/index.js';
import { seededRandom } from '../src/numeric/index.js';
import { renderHtml, renderText, type Derivation, type Step } from '../src/render/index.js';
import { inline, matrixMathText, proseToText, tex, type MathText, type Prose } from '../src/document/index.js';

const RN = tex('R^n', '\\mathbb{R}^{n}');
const EX = tex('E[x] = mu', '\\mathbb{E}[\\boldsymbol{x}] = \\boldsymbol{\\mu}');

/** Where the HTML page goes. */
export const HTML_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', 'maxent-multivariate.html');

const DECLARATIONS = {
  variable: { name: 'x', shape: ['n'] },
  support: ['-inf', 'inf'],
  parameters: [
    { name: 'mu', shape: ['n'] },
    { name: 'Sigma', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] },
  ],
};

/** One case: a problem file and its closed forms written by hand. */
export interface MaxentCase {
  /** The case in words (step titles and check names are plain text). */
  readonly title: string;
  /** The constraints of the case, with their formulas typeset. */
  readonly statement: Prose;
  readonly file: Record<string, unknown>;
  /** Hand-written closed forms (texts under the file's declarations): density and multipliers. */
  readonly expected: Readonly<Record<string, string>>;
  /** The second-moment value at an instance, from mu and the covariance. */
  readonly secondMoment: (mu: number[], cov: number[][]) => number[][];
}

/** The two cases of the page. */
export const CASES: readonly MaxentCase[] = [
  {
    title: 'mean and central second moment of a vector',
    statement: inline`The mean and the central second moment are given: ${EX} and ${tex("E[(x - mu)*(x - mu)'] = Sigma", '\\mathbb{E}\\left[(\\boldsymbol{x} - \\boldsymbol{\\mu})(\\boldsymbol{x} - \\boldsymbol{\\mu})^{\\top}\\right] = \\boldsymbol{\\Sigma}')} on ${RN}, for every n, in matrix notation.`,
    file: { ...DECLARATIONS, name: 'Maximum entropy for a vector: the multivariate normal', moments: [{ f: 'x', value: 'mu' }, { f: "(x - mu)*(x - mu)'", value: 'Sigma' }] },
    expected: {
      density: "exp(-(x - mu)'*inv(Sigma)*(x - mu)/2)/sqrt(det(2*pi*Sigma))",
      lambda_0: '1 - log(det(2*pi*Sigma))/2',
      lambda_1: '0*mu',
      Lambda_2: '-inv(Sigma)/2',
    },
    secondMoment: (_mu, cov) => cov,
  },
  {
    title: 'mean and raw second moment',
    statement: inline`The raw moments are given: ${EX} and ${tex("E[x*x'] = Sigma + mu*mu'", '\\mathbb{E}\\left[\\boldsymbol{x}\\boldsymbol{x}^{\\top}\\right] = \\boldsymbol{\\Sigma} + \\boldsymbol{\\mu}\\boldsymbol{\\mu}^{\\top}')}, so the density is ${tex("exp(lambda_0 - 1 + lambda_1'*x + x'*Lambda_2*x)", '\\exp\\left(\\lambda_{0} - 1 + \\boldsymbol{\\lambda}_{1}^{\\top}\\boldsymbol{x} + \\boldsymbol{x}^{\\top}\\boldsymbol{\\Lambda}_{2}\\boldsymbol{x}\\right)')}. For every n, in matrix notation.`,
    file: { ...DECLARATIONS, moments: [{ f: 'x', value: 'mu' }, { f: "x*x'", value: "Sigma + mu*mu'" }] },
    expected: {
      density: "exp(-(x - mu)'*inv(Sigma)*(x - mu)/2)/sqrt(det(2*pi*Sigma))",
      lambda_0: "1 - log(det(2*pi*Sigma))/2 - mu'*inv(Sigma)*mu/2",
      lambda_1: 'inv(Sigma)*mu',
      Lambda_2: '-inv(Sigma)/2',
    },
    secondMoment: (mu, cov) => cov.map((row, i) => row.map((v, j) => v + mu[i]! * mu[j]!)),
  },
];

/** A check of the page. */
export interface CaseCheck {
  readonly what: string;
  /** `what` with its formulas typeset (the page's table cell). */
  readonly cell: Prose;
  readonly ok: boolean;
  readonly detail: string;
}

function randomSpd(rand: () => number, n: number): number[][] {
  const B = Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * rand() - 1));
  return B.map((_, i) => B.map((__, j) => B.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 0.5 : 0)));
}

/** Solves a case for every n, then on `count` seeded instances; returns the symbolic result, the checks and the last instance's derivation. */
export function runCase(c: MaxentCase, seed: number, count = 20): { result: MatrixMaxentResult; checks: CaseCheck[]; example?: Derivation } {
  const problem = readMatrixMaxent(c.file);
  const result = solveMatrixMaxent(problem);
  const rand = seededRandom(seed);
  let worst = 0;
  let passed = 0;
  let example: Derivation | undefined;
  const dims = new Set<number>();
  const hand = Object.fromEntries(Object.entries(c.expected).map(([k, t]) => [k, parseMatrix(t, problem.declarations)]));
  const mine: Record<string, import('../src/expr/matrix/index.js').MExpr> = { density: result.density!, ...Object.fromEntries(result.multipliers.map((m) => [m.name, m.value])) };
  for (let k = 0; k < count; k++) {
    const n = 1 + (k % 6);
    dims.add(n);
    const mu = Array.from({ length: n }, () => 2 * rand() - 1);
    const cov = randomSpd(rand, n);
    const x = Array.from({ length: n }, () => 2 * rand() - 1);
    const at = { dims: { n }, values: { mu, Sigma: cov, x } };
    for (const [name, e] of Object.entries(hand)) {
      const a = evaluateMatrix(mine[name]!, at).data;
      const b = evaluateMatrix(e, at).data;
      a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]!) / (1 + Math.abs(b[i]!)))));
    }
    const solved = solveMatrixMaxent(readMatrixMaxent({ ...c.file, dimensions: { n }, parameter_values: { mu, Sigma: cov } }));
    const outcome = checkMaxentInstance(solved);
    if (outcome && 'check' in outcome) {
      if (outcome.check.passed) passed++;
      if (n === 2 && !example) example = matrixMaxentDerivation(solved, outcome.check);
    }
  }
  const closed: MathText[] = Object.entries(hand).map(([k, e]) => {
    const rhs = matrixMathText(e);
    return tex(`${k} = ${rhs.text}`, `${k === 'density' ? 'p(\\boldsymbol{x})' : k.replace(/^(lambda|Lambda)_(\d+)$/, (_, g: string, d: string) => (g === 'lambda' && d === '0' ? '\\lambda_{0}' : `\\boldsymbol{\\${g}}_{${d}}`))} = ${rhs.latex}`);
  });
  const closedCell = inline`${c.title}: the closed forms equal the hand-written `.concat(closed.flatMap((q, i) => [...(i ? [', '] : []), q]));
  const instanceCell = inline`${c.title}: instance checks (Gaussian identities, quadrature for ${tex('n <= 2', 'n \\le 2')}, importance sampling, the scalar route at ${tex('n = 1', 'n = 1')})`;
  const checks: CaseCheck[] = [
    { what: proseToText(closedCell), cell: closedCell, ok: worst < 1e-9, detail: `max relative difference ${worst.toExponential(1)} on ${count} instances, n = ${[...dims].sort().join(', ')}` },
    { what: proseToText(instanceCell), cell: instanceCell, ok: passed === count, detail: `${passed}/${count} instances passed` },
  ];
  return { result, checks, ...(example ? { example } : {}) };
}

/** The page: both cases derived for every n, an instance of each, the checks. */
export function multivariateDerivation(count = 20): { derivation: Derivation; checks: CaseCheck[] } {
  const steps: Step[] = [
    {
      title: 'Seed 000 for a vector',
      blocks: [
        { kind: 'prose', parts: inline`Seed 000 derives the Gaussian as the maximum-entropy density of a scalar with a given mean and variance (with three slips, corrected on the page max-entropy-gaussian.html: the entropy's minus sign, the variance ${tex('sigma^2', '\\sigma^{2}')} rather than ${tex('sigma', '\\sigma')}, the normalisation constraint). Here the same argument runs for a vector on ${RN} with a given mean vector and covariance matrix, in matrix notation for every n: the Lagrangian pairs the vector constraint with a vector multiplier and the matrix constraint with a matrix multiplier through the trace, stationarity is a pointwise functional derivative, and the Gaussian integral on ${RN} with its first two moments closes the multipliers.` },
      ],
    },
  ];
  const checks: CaseCheck[] = [];
  CASES.forEach((c, k) => {
    const { result, checks: cc, example } = runCase(c, 4000 + k, count);
    steps.push({ title: `Case ${k + 1}: ${c.title}`, blocks: [{ kind: 'prose', parts: c.statement }] });
    for (const s of matrixMaxentDerivation(result).steps) steps.push({ title: `${s.title} (case ${k + 1})`, blocks: s.blocks });
    const inst = example?.steps.find((s) => s.title === 'Numeric instance');
    if (inst) steps.push({ title: `A numeric instance, n = 2 (case ${k + 1})`, blocks: inst.blocks });
    checks.push(...cc);
  });
  steps.push({ title: 'Checks', blocks: [{ kind: 'table', header: ['check', 'result', 'detail'], rows: checks.map((c) => [c.cell, c.ok ? 'ok' : 'FAILED', c.detail]) }] });
  return { derivation: { title: 'Maximum entropy for a vector: the multivariate normal in matrix notation', steps }, checks };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { derivation, checks } = multivariateDerivation();
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(HTML_PATH), { recursive: true });
  writeFileSync(HTML_PATH, renderHtml(derivation));
  process.stdout.write('\n\nChecks:\n');
  for (const c of checks) process.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what} (${c.detail})\n`);
  process.stdout.write(`\nwrote ${HTML_PATH}\n`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}
