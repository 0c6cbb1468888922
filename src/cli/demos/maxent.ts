/**
 * Maximum entropy: the Gaussian from a mean and a variance on the real line,
 * exactly, with its multipliers; and Jaynes' Brandeis dice problem (a die with mean 4.5)
 * by Newton's method on the dual. Checked against the textbook density at sample points
 * and against Jaynes' published numbers (lambda = 0.37105, p_6 = 0.3475).
 */
import { parse, toText } from '../../expr/index.js';
import { evaluate } from '../../compile/index.js';
import { readMaxentProblem, solveMaxent } from '../../maxent/index.js';
import { closeTo, fact, rendersWithKatex, result } from './checks.js';
import type { Check, Demo } from './types.js';

/** The demo case. */
export const maxentDemo: Demo = {
  name: 'maxent',
  description: 'maximum entropy: the Gaussian from E[x] = mu, E[(x-mu)^2] = sigma^2, and a die with mean 4.5 (Jaynes)',
  async run(io) {
    const checks: Check[] = [];
    const gauss = solveMaxent(
      readMaxentProblem({
        support: ['-inf', 'inf'],
        parameters: ['mu', 'sigma'],
        assume: ['sigma > 0'],
        moments: [{ f: 'x', value: 'mu' }, { f: '(x - mu)^2', value: 'sigma^2' }],
      }),
    );
    io.print('maximise H[p] = -integral p log p on (-inf, inf) subject to E[x] = mu, E[(x - mu)^2] = sigma^2');
    io.print(`  stationarity: ${toText(gauss.lagrangian.stationarity)} = 0`);
    io.print(`  p(x) = ${gauss.densityPrinted?.text ?? '(none)'}   [${gauss.family}]`);
    for (const m of gauss.multipliers) io.print(`  ${m.name} = ${m.value.text}`);
    checks.push(fact('the density is exactly exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)', gauss.density === parse('exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)')));
    for (const [mu, sigma, x] of [[0, 1, 0.5], [1.5, 0.3, 1.2]] as const) {
      const got = evaluate(gauss.density!, new Map([['mu', mu], ['sigma', sigma], ['x', x]]));
      checks.push(closeTo(`p(${x}) at mu = ${mu}, sigma = ${sigma} equals the normal density`, got, Math.exp(-((x - mu) ** 2) / (2 * sigma * sigma)) / Math.sqrt(2 * Math.PI * sigma * sigma)));
    }
    checks.push(fact('lambda_1 = 0 and lambda_2 = -1/(2*sigma^2)', gauss.multipliers[1]?.exact === parse('0') && gauss.multipliers[2]?.exact === parse('-1/(2*sigma^2)')));
    checks.push(fact('quadrature of normalisation and moments within 1e-8', gauss.checks.length === 3 && gauss.checks.every((c) => c.error <= 1e-8)));
    checks.push(rendersWithKatex('the LaTeX of the density renders with KaTeX', gauss.densityPrinted?.latex ?? '\\error{'));

    const dice = solveMaxent(readMaxentProblem({ support: { values: [1, 2, 3, 4, 5, 6] }, moments: [{ f: 'x', value: 4.5 }] }));
    io.print('a die with mean 4.5 (Jaynes, Brandeis lectures 1962):');
    io.print(`  p(x) = ${dice.densityPrinted?.text ?? '(none)'}   [${dice.family}]`);
    io.print(`  p = [${(dice.probabilities ?? []).map((q) => q.p.toFixed(5)).join(', ')}]`);
    const lambda = dice.multipliers[1]?.numeric ?? NaN;
    checks.push(closeTo('lambda_1 agrees with Jaynes (0.37105, to his 5 digits)', lambda, 0.37105, 0, 5e-6));
    checks.push(closeTo('p_6 agrees with Jaynes (0.3475, to his 4 digits)', dice.probabilities?.[5]?.p ?? NaN, 0.3475, 0, 5e-5));
    checks.push(fact('the mean of the probabilities found is 4.5 within 1e-12', dice.checks.every((c) => c.error <= 1e-12)));
    return result(checks, { gaussian: gauss.densityPrinted?.text, dice_lambda: lambda });
  },
};
