/**
 * The origin of the Gaussian as a maximum-entropy density (seed 000, first section),
 * derived step by step and correctly.
 *
 * The seed maximises "∫ p log p" subject to ∫ p = 1, E[x] = μ, E[(x − μ)²] = σ, writes
 * the stationarity condition, and then skips the algebra ("keep cranking") to the
 * normal density. Three slips are corrected here: the entropy is H = −∫ p log p (the seed
 * drops the minus sign while maximising); the variance constraint is E[(x − μ)²] = σ²
 * (the seed writes σ, which its own final formula contradicts); the normalisation is
 * ∫ p dx − 1 = 0 (the seed writes ∫ (p(x) − 1) dx, which diverges). The skipped algebra
 * is done: completing the square, the Gaussian integral rules, the multipliers.
 *
 * Run: `npx tsx derivations/max-entropy-gaussian.ts` — prints the derivation and the
 * checks, writes docs/derivations/max-entropy-gaussian.html, exits 1 if a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { add, expand, mul, num, parse, pow, sub, sym, toText, type Expr } from '../src/expr/index.js';
import { maxentDerivation, readMaxentProblem, solveMaxent, type MaxentResult } from '../src/maxent/index.js';
import { renderHtml, renderText, type Derivation, type Step } from '../src/render/index.js';
import { inline, prose } from '../src/document/index.js';

/** Seed 000's problem with its slips corrected (variance σ², not σ). */
export const SEED_PROBLEM = {
  variable: 'x',
  support: ['-inf', 'inf'],
  parameters: ['mu', 'sigma'],
  assume: ['sigma > 0'],
  moments: [
    { f: 'x', value: 'mu' },
    { f: '(x - mu)^2', value: 'sigma^2' },
  ],
} as const;

/** The same problem with the seed's variance constraint as written: E[(x − μ)²] = σ. */
export const SEED_AS_WRITTEN = { ...SEED_PROBLEM, moments: [SEED_PROBLEM.moments[0], { f: '(x - mu)^2', value: 'sigma' }] };

/** The seed's final density, as it should read. */
export const NORMAL_DENSITY = 'exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)';

/** Where the HTML page goes. */
export const HTML_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'derivations', 'max-entropy-gaussian.html');

/** Solves the corrected seed problem and the problem as the seed wrote it. */
export function solveSeed(): { corrected: MaxentResult; asWritten: MaxentResult } {
  return {
    corrected: solveMaxent(readMaxentProblem(SEED_PROBLEM)),
    asWritten: solveMaxent(readMaxentProblem(SEED_AS_WRITTEN)),
  };
}

const mt = (text: string, latex: string) => ({ text, latex });

/** The step that sets the seed's text against the correct problem. */
function slipsStep(): Step {
  return {
    title: "Seed 000's derivation and its slips",
    blocks: [
      {
        kind: 'text',
        text:
          'Seed 000 asks for the most general distribution with a finite mean and variance, and answers with the distribution of maximum entropy under those constraints. ' +
          'Its derivation has three slips, corrected below.',
      },
      {
        kind: 'table',
        header: ['the seed writes', 'correct', 'why'],
        rows: [
          [mt('maximize integral p(x) log p(x) dx', '\\max \\int p \\log p\\,dx'), mt('maximize H[p] = -integral p log p dx', '\\max\\, H[p] = -\\int p \\log p\\,dx'), inline`the entropy has a minus sign; ${mt('integral p log p', '\\int p \\log p')} has no maximum (it is the negative entropy, which is minimised)`],
          [mt('integral (p(x) - 1) dx = 0', '\\int \\left(p(x) - 1\\right) dx = 0'), mt('integral p(x) dx - 1 = 0', '\\int p(x)\\,dx - 1 = 0'), inline`the integral of ${mt('p - 1', 'p - 1')} over the real line diverges`],
          [mt('integral p(x) (x - mu)^2 dx = sigma', '\\int p(x)(x-\\mu)^{2}dx = \\sigma'), mt('integral p(x) (x - mu)^2 dx = sigma^2', '\\int p(x)(x-\\mu)^{2}dx = \\sigma^{2}'), inline`the variance is ${mt('sigma^2', '\\sigma^{2}')}; the seed's own final density has variance ${mt('sigma^2', '\\sigma^{2}')}`],
        ],
      },
      prose`The seed's Lagrangian, ${mt('integral p log p - lambda_0 (integral p - 1) - sum_k lambda_k (integral f_k p - m_k)', '\\int p \\log p - \\lambda_0 \\left(\\int p - 1\\right) - \\sum_k \\lambda_k \\left(\\int f_k p - m_k\\right)')}, is exactly minus the one used below, so its stationarity condition ${mt('log p + 1 - lambda_0 - lambda_1 x - lambda_2 (x - mu)^2 = 0', '\\log p + 1 - \\lambda_0 - \\lambda_1 x - \\lambda_2 (x - \\mu)^{2} = 0')} is the same equation and its multipliers are the same numbers. Its algebra is right; what it skips ("keep cranking") is done below: completing the square, the moment equations, the Gaussian integrals and the multipliers.`,
    ],
  };
}

/**
 * Completing the square, the step the seed skips: for λ2 ≠ 0,
 * λ1 x + λ2 (x − μ)² = λ2 (x − μ + λ1/(2λ2))² + λ1 μ − λ1²/(4λ2), verified by expansion.
 */
export function completingTheSquare(): { lhs: Expr; rhs: Expr; identical: boolean } {
  const x = sym('x');
  const mu = sym('mu');
  const l1 = sym('lambda_1');
  const l2 = sym('lambda_2');
  const lhs = add(mul(l1, x), mul(l2, pow(sub(x, mu), num(2))));
  const shift = mul(l1, pow(mul(num(2), l2), num(-1)));
  const rhs = add(mul(l2, pow(add(sub(x, mu), shift), num(2))), mul(l1, mu), mul(num(-1), pow(l1, num(2)), pow(mul(num(4), l2), num(-1))));
  return { lhs, rhs, identical: expand(sub(lhs, rhs)) === num(0) };
}

function squareStep(): Step {
  const { lhs, rhs, identical } = completingTheSquare();
  return {
    title: 'Completing the square (the algebra the seed skips)',
    blocks: [
      prose`The exponent ${mt('lambda_0 - 1 + lambda_1 x + lambda_2 (x - mu)^2', '\\lambda_0 - 1 + \\lambda_1 x + \\lambda_2 (x - \\mu)^{2}')} is a quadratic in ${mt('x', 'x')}. Completing the square shows that ${mt('p', 'p')} is a Gaussian centred at ${mt('mu - lambda_1/(2 lambda_2)', '\\mu - \\lambda_1 / (2 \\lambda_2)')}, normalisable only for ${mt('lambda_2 < 0', '\\lambda_2 < 0')} (expanding both sides gives the same polynomial: ${identical ? 'checked' : 'CHECK FAILED'}). The mean constraint then forces ${mt('lambda_1 = 0', '\\lambda_1 = 0')}, the variance constraint ${mt('lambda_2 = -1/(2 sigma^2)', '\\lambda_2 = -1/(2\\sigma^{2})')}, and normalisation ${mt('lambda_0', '\\lambda_0')}; the next steps do this in general form.`,
      { kind: 'equations', rows: [{ lhs, relation: '=', rhs }] },
    ],
  };
}

function asWrittenStep(asWritten: MaxentResult): Step {
  return {
    title: "With the seed's variance constraint as written",
    blocks: [
      prose`Solving the problem with ${mt('E[(x - mu)^2] = sigma', '\\mathbb{E}[(x - \\mu)^{2}] = \\sigma')}, as the seed writes it, gives ${asWritten.densityPrinted ? mt(`p(x) = ${asWritten.densityPrinted.text}`, `p(x) = ${asWritten.densityPrinted.latex}`) : 'no answer'}: a normal density with variance ${mt('sigma', '\\sigma')}, not the seed's final formula. The seed's final formula is the answer to the constraint ${mt('E[(x - mu)^2] = sigma^2', '\\mathbb{E}[(x - \\mu)^{2}] = \\sigma^{2}')}.`,
    ],
  };
}

/** The whole derivation: the seed's slips, the tool's derivation, completing the square, the constraint as written. */
export function maxEntropyGaussianDerivation(results = solveSeed()): Derivation {
  const tool = maxentDerivation(results.corrected, 'The Gaussian as the maximum-entropy density (corrected: H = −∫ p log p, variance σ²)');
  const steps = [...tool.steps];
  // Completing the square goes after "Solving for the density", before the general machinery.
  const at = steps.findIndex((s) => s.title === 'Solving for the density');
  steps.splice(at + 1, 0, squareStep());
  steps.splice(0, 0, slipsStep());
  steps.push(asWrittenStep(results.asWritten));
  return { title: tool.title, steps };
}

/** One check of the derivation. */
export interface Check {
  readonly what: string;
  readonly ok: boolean;
}

/** Checks against the hand derivation. */
export function checkSeed(results = solveSeed()): Check[] {
  const r = results.corrected;
  const m = r.multipliers.map((v) => v.exact);
  const checks: Check[] = [
    { what: 'status optimal, family normal, exact', ok: r.status === 'optimal' && r.family === 'normal' && r.exact },
    { what: `density is exactly ${NORMAL_DENSITY}`, ok: r.density === parse(NORMAL_DENSITY) },
    { what: 'lambda_0 = 1 - log(2*pi*sigma^2)/2', ok: m[0] === parse('1 - log(2*pi*sigma^2)/2') },
    { what: 'lambda_1 = 0', ok: m[1] === num(0) },
    { what: 'lambda_2 = -1/(2*sigma^2)', ok: m[2] === parse('-1/(2*sigma^2)') },
    { what: 'completing the square: both sides expand to the same polynomial', ok: completingTheSquare().identical },
    { what: 'quadrature: normalisation and both moments within 1e-8 at sampled mu, sigma', ok: r.checks.length === 3 && r.checks.every((c) => c.error <= 1e-8) },
    {
      what: 'as the seed writes it (variance sigma): exp(-(x - mu)^2/(2*sigma))/sqrt(2*pi*sigma)',
      ok: results.asWritten.density === parse('exp(-(x - mu)^2/(2*sigma))/sqrt(2*pi*sigma)'),
    },
  ];
  return checks;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = solveSeed();
  const derivation = maxEntropyGaussianDerivation(results);
  process.stdout.write(renderText(derivation));
  mkdirSync(dirname(HTML_PATH), { recursive: true });
  writeFileSync(HTML_PATH, renderHtml(derivation));
  const checks = checkSeed(results);
  process.stdout.write('\n\nChecks against the hand derivation:\n');
  for (const c of checks) process.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}\n`);
  process.stdout.write(`\nresult: p(x) = ${toText(results.corrected.density!)}\nwrote ${HTML_PATH}\n`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}
