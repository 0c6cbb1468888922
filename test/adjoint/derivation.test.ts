import { describe, expect, it } from 'vitest';
import {
  adjointDerivation,
  adjointJson,
  analyzeProgram,
  layeredNetworkProgram,
  parseInProgram,
  randomProgram,
  type ProgramSpec,
} from '../../src/adjoint/index.js';
import { renderHtml, renderLatex, renderText } from '../../src/render/index.js';

const PROGRAMS: Record<string, ProgramSpec> = {
  seed: { inputs: ['x'], program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'], output: 'f', at: { x: 0.3 } },
  kepler: { inputs: ['x'], program: ['z = 0.5*cos(z) + x', 'f = z^2'], output: 'f', at: { x: 0.7 } },
  twoCycle: { inputs: ['x', 'y'], program: ['z = 0.5*cos(z) + x*w', 'w = sin(z) + y', 'f = z^2 + w'], output: 'f', at: { x: 1, y: 0.5 }, start: { z: 1 } },
  fourCycle: {
    inputs: ['x', 'y'],
    program: ['u = 0.3*sin(v) + x', 'v = 0.3*cos(w) + u/2', 'w = 0.2*u*t + y', 't = 0.5*tanh(u + w)', 'f = u*v + t^2'],
    output: 'f',
    at: { x: 0.4, y: -0.3 },
  },
  singular: { inputs: ['x'], program: ['u = v', 'v = u', 'f = u + x'], output: 'f', at: { x: 1 } },
  noConvergence: { inputs: ['x'], program: ['z = z + 1', 'f = z*x'], output: 'f', at: { x: 1 } },
  network: { ...layeredNetworkProgram({ widths: [2, 3, 1], activation: 'sigmoid' }) },
  random: randomProgram({ size: 120, seed: 9 }),
};

describe('the derivation document', () => {
  for (const [name, spec] of Object.entries(PROGRAMS)) {
    it(`${name}: renders as text, LaTeX and HTML (every formula through KaTeX with throwOnError)`, () => {
      const a = analyzeProgram(spec);
      const d = adjointDerivation(a);
      const titles = d.steps.map((s) => s.title);
      expect(titles.slice(0, 6)).toEqual([
        'The program as equality constraints',
        'The Lagrangian',
        'Forward pass: ∂L/∂λ_i = 0',
        'Adjoint equations: ∂L/∂z_j = 0',
        'Gradient: ∂L/∂x',
        'Back-substitution',
      ]);
      expect(renderText(d)).toContain('L = ');
      expect(renderLatex(d)).toContain('\\mathcal{L}');
      expect(() => renderHtml(d)).not.toThrow();
    });
  }

  it('shows the matrix of a cycle and the Newton Jacobian', () => {
    const text = renderText(adjointDerivation(analyzeProgram(PROGRAMS['twoCycle']!)));
    expect(text).toContain('I - dF/d(z, w) = [[sin(z)/2 + 1, -x], [-cos(z), 1]]');
    expect(text).toContain('[[sin(z)/2 + 1, -cos(z)], [-x, 1]] * [lambda_z, lambda_w] = [2*z, 1]');
    expect(text).toContain("Cramer's rule");
  });

  it('says when a cycle is singular for every value, and when Newton failed', () => {
    expect(renderText(adjointDerivation(analyzeProgram(PROGRAMS['singular']!)))).toContain('determinant is identically zero');
    expect(renderText(adjointDerivation(analyzeProgram(PROGRAMS['noConvergence']!)))).toContain('No values: the forward pass did not converge');
  });

  it('large programs are summarised, not printed line by line', () => {
    const text = renderText(adjointDerivation(analyzeProgram(PROGRAMS['random']!), { maxRows: 20 }));
    expect(text).toContain('... and 100 more');
  });
});

describe('JSON texts parse back to the identical expressions', () => {
  it('adjoints, gradient and conditions of seed 001 (where e is a variable)', () => {
    const a = analyzeProgram(PROGRAMS['seed']!);
    const doc = adjointJson(a) as {
      adjoints: Record<string, { text: string }>;
      gradient: Record<string, { text: string }>;
    };
    const names = new Set(['x', 'a', 'b', 'c', 'd', 'e', 'f', ...Object.keys(doc.adjoints)]);
    for (const v of ['a', 'b', 'c', 'd', 'e', 'f']) {
      expect(parseInProgram(doc.adjoints[`lambda_${v}`]!.text, names)).toBe(a.backsub.adjoints.get(v));
    }
    expect(parseInProgram(doc.gradient['x']!.text, names)).toBe(a.inlinedGradient!.get('x'));
  });
});
