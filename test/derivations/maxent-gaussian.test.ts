/** Golden test of derivations/max-entropy-gaussian.ts: seed 000's Gaussian, derived correctly. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkSeed, completingTheSquare, maxEntropyGaussianDerivation, NORMAL_DENSITY, solveSeed } from '../../derivations/max-entropy-gaussian.js';
import { parse, toText } from '../../src/expr/index.js';
import { mathLatex, renderText } from '../../src/render/index.js';
import { evaluate } from '../../src/compile/index.js';

const results = solveSeed();

describe('max-entropy-gaussian derivation', () => {
  it('ends in exactly the normal density, with lambda_0, lambda_1, lambda_2 shown', () => {
    const r = results.corrected;
    expect(r.density).toBe(parse(NORMAL_DENSITY));
    expect(r.multipliers.map((m) => toText(m.exact!))).toEqual(['1 - log(2*pi*sigma^2)/2', '0', '-1/(2*sigma^2)']);
    const text = renderText(maxEntropyGaussianDerivation(results));
    expect(text).toMatch(/lambda_0 = 1 - \(lambda_2\*mu\^2\) - log\(Z\)\n\s+= 1 - log\(2\*pi\*sigma\^2\)\/2/);
    expect(text).toContain('lambda_2 = -1/(2*sigma^2)');
    expect(text).toContain(`p(x) = ${NORMAL_DENSITY}`);
  });
  it('every check against the hand derivation passes', () => {
    const checks = checkSeed(results);
    expect(checks.length).toBeGreaterThanOrEqual(8);
    for (const c of checks) expect(c.ok, c.what).toBe(true);
  });
  it("states the seed's three slips and the answer to the constraint as the seed wrote it", () => {
    const d = maxEntropyGaussianDerivation(results);
    expect(d.steps[0]!.title).toMatch(/slips/);
    const text = renderText(d);
    expect(text).toContain('maximize H[p] = -integral p log p dx');
    expect(text).toContain('integral p(x) (x - mu)^2 dx = sigma^2');
    expect(text).toContain('exp(-(x - mu)^2/(2*sigma))/sqrt(2*pi*sigma)');
  });
  it('steps in the order of the seed: problem, Lagrangian, stationarity, solving, the skipped algebra, result', () => {
    const titles = maxEntropyGaussianDerivation(results).steps.map((s) => s.title);
    const order = ['Problem', 'Lagrangian', 'Stationarity: the functional derivative', 'Solving for the density', 'Completing the square (the algebra the seed skips)', 'Moment equations', 'The normal family', 'Multipliers', 'Result', 'Check'];
    const idx = order.map((t) => titles.indexOf(t));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  });
  it('completing the square is an identity (numerically too)', () => {
    const { lhs, rhs, identical } = completingTheSquare();
    expect(identical).toBe(true);
    const env = new Map([['x', 0.7], ['mu', -1.2], ['lambda_1', 0.4], ['lambda_2', -2.5]]);
    expect(evaluate(lhs, env)).toBeCloseTo(evaluate(rhs, env), 12);
  });
  it('the density integrates to 1 with mean mu and variance sigma^2 (independent Simpson)', () => {
    const mu = -0.4;
    const sigma = 0.9;
    const env = new Map([['mu', mu], ['sigma', sigma]]);
    const p = (x: number): number => evaluate(results.corrected.density!, new Map([...env, ['x', x]]));
    const n = 4000;
    const a = mu - 12 * sigma;
    const h = (24 * sigma) / n;
    const sums = [0, 0, 0];
    for (let i = 0; i <= n; i++) {
      const x = a + i * h;
      const w = (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * p(x);
      sums[0] += w;
      sums[1] += w * x;
      sums[2] += w * (x - mu) ** 2;
    }
    const [z, m, v] = sums.map((s) => (s * h) / 3) as [number, number, number];
    expect(z).toBeCloseTo(1, 10);
    expect(m).toBeCloseTo(mu, 10);
    expect(v).toBeCloseTo(sigma * sigma, 10);
  });
  it('every LaTeX string renders with KaTeX', () => {
    for (const step of maxEntropyGaussianDerivation(results).steps) {
      for (const b of step.blocks) {
        // Prose cells and prose blocks carry their formulas as math items too.
        const items = b.kind === 'equations' ? b.rows.flatMap((r) => [r.lhs, r.rhs]) : b.kind === 'math' ? [b.item] : b.kind === 'table' ? b.rows.flat().flatMap((c) => (Array.isArray(c) ? c : [c])).filter((c) => typeof c !== 'string') : b.kind === 'prose' ? b.parts.filter((c) => typeof c !== 'string') : [];
        for (const it of items) {
          const tex = mathLatex(it as never);
          if (tex !== '') expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
        }
      }
    }
  });
});
