import { describe, expect, it } from 'vitest';
import { backpropMatrix, handBackprop, networkInstance } from '../../derivations/backprop-matrix.js';
import { renderHtml, renderText } from '../../src/render/index.js';

describe('derivations/backprop-matrix', () => {
  const { derivation, checks, analysis } = backpropMatrix();

  it('every check passes (hand-derived forms, plain backprop, the scalar route, central differences)', () => {
    expect(checks.length).toBe(13);
    for (const c of checks) expect(c.ok, `${c.what}: ${c.detail}`).toBe(true);
  });

  it('golden: dW2 at the instance is (z2 - y)*z1\' from plain code', () => {
    const hand = handBackprop(networkInstance());
    expect((analysis.values!.gradient.get('W2') as number[][]).length).toBe(2);
    expect(hand.W2[1]![3]).toBeCloseTo((analysis.values!.gradient.get('W2') as number[][])[1]![3]!, 14);
  });

  it('prints the Lagrangian and the equations in matrix notation, and renders as HTML', () => {
    const text = renderText(derivation);
    expect(text).toContain("L = loss - lambda_z1'*(z1 - tanh(b1 + W1*x)) - lambda_z2'*(z2 - (b2 + W2*z1))");
    expect(text).toContain("lambda_z1 = W2'*lambda_z2");
    expect(text).toContain("dL/dW1 = (lambda_z1 .* (ones(h) - z1.^2))*x'");
    const html = renderHtml(derivation);
    expect(html).toContain('\\boldsymbol{W_{1}}');
    expect(html).not.toMatch(/W1\[1,1\]/);
  });
});
