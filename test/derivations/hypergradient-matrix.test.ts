import { describe, expect, it } from 'vitest';
import { declare, parseMatrix } from '../../src/expr/matrix/index.js';
import { matrixForm } from '../../derivations/hypergradient.js';
import { renderHtml } from '../../src/render/index.js';

describe('derivations/hypergradient: ridge in matrix notation', () => {
  const { derivation, forms, checks } = matrixForm();
  const D = declare([{ name: 'X', shape: ['N', 'd'] }, { name: 'y', shape: ['N'] }, { name: 'w', shape: ['d'] }]);
  const P = (t: string) => parseMatrix(t, D);
  it('golden forms: H = 2/N*X\'*X + 2*lambda*eye(d), dw*/dlambda = -inv(X\'*X/N + lambda*eye(d))*w', () => {
    expect(forms.hessian).toBe(P("2*X'*X/N + 2*lambda*eye(d)"));
    expect(forms.mixed).toBe(P('2*w'));
    expect(forms.sensitivity).toBe(P("-inv(X'*X/N + lambda*eye(d))*w"));
    expect(forms.solution).toBe(P("inv(X'*X/N + lambda*eye(d))*X'*y/N"));
  });
  it('checks against the dense closed form, re-solved differences and the CG hypergradient pass', () => {
    expect(checks.length).toBe(4);
    for (const c of checks) expect(c.ok, `${c.what}: ${c.detail}`).toBe(true);
  });
  it('renders as HTML in matrix notation', () => {
    const html = renderHtml(derivation);
    expect(html).toContain('\\boldsymbol{X}^{\\top}');
  });
});
