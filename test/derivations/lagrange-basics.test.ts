/**
 * Golden test of derivations/lagrange-basics.ts (seed 002): the exact KKT points,
 * multipliers, values and classifications of the three examples, their rendering, and
 * the derivation's own checks.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { basicsDerivation, checkExamples, solveExamples } from '../../derivations/lagrange-basics.js';
import { toText } from '../../src/expr/index.js';
import { solveResultJson } from '../../src/lagrange/index.js';
import { renderHtml, renderLatex, renderText } from '../../src/render/index.js';

const results = solveExamples();
const texts = (k: number) =>
  results[k]!.points.map((p) => ({
    point: Object.fromEntries(results[k]!.problem.variables.map((v) => [v, toText(p.values.get(v)!)])),
    lambda: results[k]!.problem.equalities.map((c) => toText(p.values.get(c.multiplier)!)),
    f: toText(p.objective),
    kind: p.classification,
  }));

describe('derivations/lagrange-basics', () => {
  it('example 1: (1/2, 1/2) with lambda = -1 and f = 1/2', () => {
    expect(texts(0)).toEqual([{ point: { x: '1/2', y: '1/2' }, lambda: ['-1'], f: '1/2', kind: 'minimum' }]);
    expect(results[0]!.optimum).toEqual([0]);
    expect(results[0]!.certificate).toBe('convex');
  });

  it('example 2: all four KKT points of x*y on x^2 + y^2 = 4, minima -2 at (sqrt 2, -sqrt 2) and (-sqrt 2, sqrt 2)', () => {
    const t = texts(1);
    expect(t).toHaveLength(4);
    const key = (p: { point: Record<string, string> }) => `${p.point['x']},${p.point['y']}`;
    const byPoint = new Map(t.map((p) => [key(p), p]));
    expect(byPoint.get('sqrt(2),-sqrt(2)')).toEqual({ point: { x: 'sqrt(2)', y: '-sqrt(2)' }, lambda: ['1/2'], f: '-2', kind: 'minimum' });
    expect(byPoint.get('-sqrt(2),sqrt(2)')).toEqual({ point: { x: '-sqrt(2)', y: 'sqrt(2)' }, lambda: ['1/2'], f: '-2', kind: 'minimum' });
    expect(byPoint.get('sqrt(2),sqrt(2)')).toEqual({ point: { x: 'sqrt(2)', y: 'sqrt(2)' }, lambda: ['-1/2'], f: '2', kind: 'maximum' });
    expect(byPoint.get('-sqrt(2),-sqrt(2)')).toEqual({ point: { x: '-sqrt(2)', y: '-sqrt(2)' }, lambda: ['-1/2'], f: '2', kind: 'maximum' });
    const optima = results[1]!.optimum.map((i) => key(t[i]!)).sort();
    expect(optima).toEqual(['-sqrt(2),sqrt(2)', 'sqrt(2),-sqrt(2)']);
    expect(results[1]!.certificate).toBe('compact');
  });

  it('example 3: two constraints, (1/3, 1/3, 1/3) with lambda = (-2/3, 0)', () => {
    expect(texts(2)).toEqual([{ point: { x: '1/3', y: '1/3', z: '1/3' }, lambda: ['-2/3', '0'], f: '1/3', kind: 'minimum' }]);
  });

  it('every residual is exactly zero and the JSON matches INTERFACE.md field names', () => {
    for (const r of results) {
      for (const p of r.points) expect(p.residuals).toMatchObject({ stationarity: 0, primal: 0, dual: 0, complementary: 0, exact: true });
      const j = solveResultJson(r);
      expect(Object.keys(j)).toEqual(expect.arrayContaining(['status', 'lagrangian', 'multipliers', 'conditions', 'solutions', 'optimum']));
      expect(Object.keys(j.solutions[0]!)).toEqual(expect.arrayContaining(['point', 'multipliers', 'objective', 'classification', 'exact']));
      expect(j.lagrangian.text).toBe(toText(r.lagrangian));
      for (const c of j.conditions) expect(() => katex.renderToString(c.latex, { throwOnError: true })).not.toThrow();
    }
  });

  it("the derivation's own checks pass and it renders as text, LaTeX and HTML", () => {
    expect(checkExamples(results).filter((c) => !c.ok)).toEqual([]);
    const d = basicsDerivation(results);
    expect(renderText(d)).toContain('lambda_1 = -1');
    expect(renderLatex(d)).toContain('\\begin{align*}');
    const html = renderHtml(d);
    expect(html).toContain('<h1>Lagrange multiplier basics</h1>');
    expect(html).not.toMatch(/katex-error/);
  });
});
