/**
 * The numeric path of `solve`: no cap on the number of inequalities (the interior-point
 * method answers where enumerating active sets is too much work), work budgets instead
 * of clocks (byte-identical output on repeated runs), and the exact solve of the active
 * set the numeric optimum identifies.
 */
import { problemText } from '../problems/problem-set.js';
import { describe, expect, it } from 'vitest';
import { enumerationWork, parseProblem, parseProblemText, solveProblem, solveResultJson } from '../../src/lagrange/index.js';

const hs = (name: string) => parseProblemText(problemText(new URL(`../hock-schittkowski/${name}.json`, import.meta.url).pathname), name);

describe('solve without a cap on inequalities', () => {
  it('HS110 (20 bounds, 2^20 active sets) is answered by the interior-point method', () => {
    const problem = hs('hs110');
    expect(problem.inequalities.length).toBe(20);
    expect(enumerationWork(problem).fits).toBe(false);
    const r = solveProblem(problem, { sensitivities: false });
    expect(r.status).toBe('optimal');
    const best = r.points[r.optimum[0]!]!;
    // Published optimum (Hock & Schittkowski 1981): f* = -45.77846971 at x_i = 9.35025655.
    expect(Math.abs(best.objectiveValue + 45.77846971)).toBeLessThan(1e-6 * 45.78);
    expect(best.exact).toBe(false);
    expect(r.certificate).toBe('numeric-search');
    expect(r.reason).toMatch(/numeric evidence, not a proof/);
    expect(r.notes.join(' ')).toMatch(/interior-point/);
  });

  it('a convex problem with many constraints gets the convex certificate and its exact optimum', () => {
    // min sum (x_i - 2)^2 over the box 0 <= x_i <= 1 (8 variables, 16 bounds): x_i = 1, f = 8.
    const vars = ['a', 'b', 'c', 'd', 'e1', 'f1', 'g1', 'h1'];
    const problem = parseProblem({
      variables: vars,
      minimize: vars.map((v) => `(${v} - 2)^2`).join(' + '),
      subject_to: vars.flatMap((v) => [`${v} >= 0`, `${v} <= 1`]),
    });
    expect(enumerationWork(problem).fits).toBe(false);
    const r = solveProblem(problem, { sensitivities: false });
    expect(r.status).toBe('optimal');
    expect(r.certificate).toBe('convex');
    const best = r.points[r.optimum[0]!]!;
    // The active set (every upper bound) is solved exactly: x_i = 1, mu = 2.
    expect(best.exact).toBe(true);
    expect(best.objectiveValue).toBe(8);
    for (const v of vars) {
      const x = best.values.get(v)!;
      expect(x.kind === 'num' ? x.value.toNumber() : NaN).toBe(1);
    }
  });
});

describe('answers do not depend on the clock', () => {
  it('two runs of HS71 in one process give byte-identical JSON', () => {
    const a = JSON.stringify(solveResultJson(solveProblem(hs('hs071'))));
    const b = JSON.stringify(solveResultJson(solveProblem(hs('hs071'))));
    expect(a).toBe(b);
    expect(JSON.parse(a).status).toBe('optimal');
  });
  it('the plan is decided from the problem alone', () => {
    // HS60: 22 active-set systems whose Bézout bounds with sqrt(2) coefficients exceed the budget.
    expect(enumerationWork(hs('hs060'))).toEqual(enumerationWork(hs('hs060')));
    expect(enumerationWork(hs('hs060')).fits).toBe(false);
  });
});

describe('reasons never contradict the facts beside them', () => {
  it('a compact feasible set with an incomplete enumeration is never called unbounded or unattained', async () => {
    const { decideStatus } = await import('../../src/lagrange/status.js');
    const { problemContext } = await import('../../src/lagrange/parameters.js');
    // min x*y on the unit disc: compact. Feed the decision an incomplete enumeration that found nothing.
    const problem = parseProblem({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 <= 1'] });
    const ctx = problemContext(problem);
    const d = decideStatus(problem, { points: [], complete: false, underdetermined: false, irregularChecked: false, ctx });
    expect(d.facts.join(' ')).toMatch(/compact/);
    expect(d.status).toBe('no_optimum_found');
    expect(d.reason).toMatch(/compact/);
    expect(d.reason).not.toMatch(/unbounded|unattained|no KKT point exists/);
  });
});
