import { describe, expect, it } from 'vitest';
import { backpropAdjoints, seedDerivative } from '../../derivations/backprop-adjoints.js';
import { renderHtml, renderText } from '../../src/render/index.js';

describe('derivations/backprop-adjoints', () => {
  const { derivation, checks, seed, network } = backpropAdjoints();

  it("golden: seed 001's df/dx at x = 0.3 is (e^x + 2e^{2x})(exp(e^x+e^{2x}) + cos(e^x+e^{2x}))", () => {
    const x = 0.3;
    const hand = (Math.exp(x) + 2 * Math.exp(2 * x)) * (Math.exp(Math.exp(x) + Math.exp(2 * x)) + Math.cos(Math.exp(x) + Math.exp(2 * x)));
    expect(hand).toBeCloseTo(114.1404449728309, 12);
    expect(seedDerivative(x)).toBe(hand);
    const got = seed.values!.gradient.get('x')!;
    expect(Math.abs(got - hand)).toBeLessThanOrEqual(1e-14 * hand);
  });

  it('every check of the derivation passes (adjoints = backprop deltas, central differences)', () => {
    expect(checks.length).toBeGreaterThanOrEqual(8);
    for (const c of checks) expect(c.ok, `${c.what}: ${c.detail}`).toBe(true);
    expect(network.check!.components.length).toBe(16);
  });

  it('prints the Lagrangian, the three families of conditions and the back-substitution for both programs', () => {
    const text = renderText(derivation);
    expect(text).toContain('L = f - lambda_a*(a - exp(x)) - lambda_b*(b - a^2)');
    expect(text).toContain('lambda_c = d*lambda_d + lambda_e*cos(c) = d + cos(c)');
    expect(text).toContain('Two-layer network: Adjoint equations');
    expect(text).toContain('lambda_u_2_1 = lambda_h_2_1*(1 - h_2_1^2)');
    const html = renderHtml(derivation);
    expect(html).toContain('Backpropagation as Lagrange multipliers');
  });
});
