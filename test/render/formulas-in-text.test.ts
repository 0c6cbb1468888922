/**
 * formulasInText: the solver's sentences keep their words and get their formulas as math
 * items (expected splits written by hand).
 */
import { describe, expect, it } from 'vitest';
import { formulasInText, isMathText, mathItemText, proseToText } from '../../src/document/index.js';

const shape = (text: string) => formulasInText(text).map((p) => (typeof p === 'string' ? p : { math: mathItemText(p), latex: isMathText(p) ? p.latex : '' }));

describe('formulasInText', () => {
  it('a constraint inside a reason; the words around it stay words', () => {
    expect(shape('the feasible set is compact (x^2 + y^2 = 4 bounds x, y (its quadratic part is positive definite))')).toEqual([
      'the feasible set is compact (',
      { math: 'x^2 + y^2 = 4', latex: 'x^{2} + y^{2} = 4' },
      ' bounds x, y (its quadratic part is positive definite))',
    ]);
  });
  it('a list of rejected points: each assignment, and a relation chain, is one formula; punctuation stays outside', () => {
    expect(shape('Rejected: d1 = -sqrt(eps)*g1, d2 = 2: mu_1 = -1/2 < 0 (dual infeasible).')).toEqual([
      'Rejected: ',
      { math: 'd1 = -sqrt(eps)*g1', latex: 'd_{1} = -\\sqrt{\\varepsilon} g_{1}' },
      ', ',
      { math: 'd2 = 2', latex: 'd_{2} = 2' },
      ': ',
      { math: 'mu_1 = -1/2 < 0', latex: '\\mu_{1} = -\\frac{1}{2} < 0' },
      ' (dual infeasible).',
    ]);
  });
  it('names with subscripts and |x| become mathematics; hyphenated words and plain prose do not', () => {
    expect(shape('dual feasibility of mu_1')).toEqual(['dual feasibility of ', { math: 'mu_1', latex: '\\mu_{1}' }]);
    expect(shape('boxes up to |x| <= 10000 found')).toEqual(['boxes up to ', { math: '|x| <= 10000', latex: '\\left|x\\right| \\le 10000' }, ' found']);
    expect(formulasInText('a non-negative 2-D step (groebner-lex-parametric), 1 kept, x and y.')).toEqual(['a non-negative 2-D step (groebner-lex-parametric), 1 kept, x and y.']);
  });
  it('quoted constraints: the quotes stay words', () => {
    expect(shape('the constraints "x + y >= 2", "x + y <= 1" contradict each other')).toEqual([
      'the constraints "',
      { math: 'x + y >= 2', latex: 'x + y \\ge 2' },
      '", "',
      { math: 'x + y <= 1', latex: 'x + y \\le 1' },
      '" contradict each other',
    ]);
  });
  it('the text form reads back the sentence unchanged', () => {
    const s = 'Status: optimal. The global maximum is at point 1: d1^2 + 0.5*d1*d2 <= eps bounds d1, d2.';
    expect(proseToText(formulasInText(s))).toBe(s);
  });
});
