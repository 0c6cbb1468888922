/**
 * Reasons that never contradict the facts beside them (issue 14 item 6). Every reason
 * template of the status decision (status.ts: decideStatus and decideNumeric) is fed the
 * combinations of facts it may meet: convex or not, compact or not, a complete or
 * incomplete enumeration, no points / only points of the wrong kind / a best point,
 * parameters with and without values; each answer is checked against rules that follow
 * from what the facts mean (a compact set has an attained optimum; "no KKT point exists"
 * needs a complete enumeration; a certificate needs its fact; ...).
 */
import { describe, expect, it } from 'vitest';
import { parseProblem, problemContext, solveProblem, type ProblemFile, type SolvedPoint } from '../../src/lagrange/index.js';
import { decideNumeric, decideStatus, type StatusDecision } from '../../src/lagrange/status.js';
import type { NlpResult } from '../../src/numeric/nlp/index.js';

interface Situation {
  readonly name: string;
  readonly file: ProblemFile;
  readonly convex: boolean;
  readonly compact: boolean;
}

// Convexity and compactness of each, by hand.
const situations: Situation[] = [
  { name: 'min x*y on the unit disc', file: { variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 <= 1'] }, convex: false, compact: true },
  { name: 'min x^2 + y^2', file: { variables: ['x', 'y'], minimize: 'x^2 + y^2' }, convex: true, compact: false },
  { name: 'min x^2 + y^2 on the unit disc', file: { variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x^2 + y^2 <= 1'] }, convex: true, compact: true },
  { name: 'min x^3 - 3*x', file: { variables: ['x'], minimize: 'x^3 - 3*x' }, convex: false, compact: false },
  { name: 'min x^4 - x^2 s.t. x >= -2', file: { variables: ['x'], minimize: 'x^4 - x^2', subject_to: ['x >= -2'] }, convex: false, compact: false },
  { name: 'max x*y s.t. x + y = 2', file: { variables: ['x', 'y'], maximize: 'x*y', subject_to: ['x + y = 2'] }, convex: true, compact: false },
  { name: 'min x^4 - 2*x^2 (coercive)', file: { variables: ['x'], minimize: 'x^4 - 2*x^2' }, convex: false, compact: false },
  {
    name: 'max a*x*y - x^4 - y^4, a a parameter (coercive, the solver finds only the saddle)',
    file: { variables: ['x', 'y'], parameters: ['a'], assume: ['a > 0'], maximize: 'a*x*y - x^4 - y^4' },
    convex: false,
    compact: false,
  },
  {
    name: 'min (x - a)^2 - y^2 on the unit disc, a a parameter without values',
    file: { variables: ['x', 'y'], parameters: ['a'], assume: ['a > 0'], minimize: '(x - a)^2 - y^2', subject_to: ['x^2 + y^2 <= 1'] },
    convex: false,
    compact: true,
  },
];

/** Rules every decision must keep, given what was fed to it. */
function checkConsistency(d: StatusDecision, fed: { compact: boolean; convex: boolean; complete: boolean; points: readonly SolvedPoint[]; opposite: string }): void {
  const facts = d.facts.join(' | ');
  const where = `${d.status}: ${d.reason} [facts: ${facts}]`;
  // The facts are the true ones (the proofs ran on the problem itself).
  expect(/compact feasible set/.test(facts), where).toBe(fed.compact);
  if (fed.convex) expect(/convex/.test(facts), where).toBe(true);
  // A compact feasible set (or a coercive objective) attains its optimum: never unbounded
  // or unattained, nor said to be.
  if (/compact feasible set|coercive objective/.test(facts)) {
    expect(['unbounded', 'unattained'], where).not.toContain(d.status);
    expect(d.reason, where).not.toMatch(/unbounded|unattained|not attained|approaches|keeps (de|in)creasing/);
  }
  if (/compact feasible set/.test(facts)) expect(d.reason, where).not.toMatch(/not proved compact/);
  if (d.certificate === 'coercive') expect(facts, where).toMatch(/coercive objective/);
  if (/^convex/.test(facts)) expect(d.reason, where).not.toMatch(/not proved convex/);
  // "No KKT point exists" only after a complete enumeration that found none.
  if (/no KKT point exists/.test(d.reason)) expect(fed.complete && fed.points.length === 0, where).toBe(true);
  if (/all of which were found/.test(d.reason)) expect(fed.complete, where).toBe(true);
  if (/enumeration was incomplete/.test(d.reason)) expect(fed.complete, where).toBe(false);
  // Certificates name established facts; optimum indices exactly when optimal.
  if (d.certificate === 'convex') expect(facts, where).toMatch(/convex/);
  if (d.certificate === 'compact') expect(facts, where).toMatch(/compact/);
  if (d.status === 'optimal') expect(d.optimum.length, where).toBeGreaterThan(0);
  else expect(d.optimum, where).toEqual([]);
  // An optimum is never a saddle nor a point of the opposite kind.
  for (const i of d.optimum) expect(['saddle', fed.opposite], where).not.toContain(fed.points[i]!.classification);
  // A reason that names the best point's classification names the right one.
  const named = /the best KKT points? (?:is a|are) (minimum|maximum|saddle|degenerate|unknown)/.exec(d.reason);
  if (named) expect(fed.points.some((p) => p.classification === named[1]), where).toBe(true);
  // Infeasible only with no feasible point fed.
  if (d.status === 'infeasible') expect(fed.points.length, where).toBe(0);
}

describe('reasons never contradict the facts beside them', () => {
  for (const s of situations) {
    it(`decideStatus on ${s.name}: every point set, complete or not`, () => {
      const problem = parseProblem(s.file);
      const ctx = problemContext(problem);
      const all = solveProblem(problem, { sensitivities: false }).points;
      const opposite = problem.sense === 'minimize' ? 'maximum' : 'minimum';
      const pointSets: (readonly SolvedPoint[])[] = [[], all.filter((p) => p.classification === opposite || p.classification === 'saddle'), all];
      for (const points of pointSets) {
        for (const complete of [true, false]) {
          for (const irregularChecked of [true, false]) {
            const d = decideStatus(problem, { points, complete, underdetermined: false, irregularChecked, ctx });
            checkConsistency(d, { compact: s.compact, convex: s.convex, complete, points, opposite });
          }
        }
      }
    });
  }

  it('decideNumeric: no point (diverged or not), convex or not', () => {
    for (const s of situations.filter((x) => !x.file.parameters)) {
      const problem = parseProblem(s.file);
      const ctx = problemContext(problem);
      const all = solveProblem(problem, { sensitivities: false }).points;
      for (const diverged of [true, false]) {
        for (const points of [[], all.slice(0, 1)]) {
          const search: NlpResult = { optima: [], starts: 8, iterations: 100, diverged, allInfeasible: false };
          const d = decideNumeric(problem, { points, search, ctx });
          const where = `${d.status}: ${d.reason}`;
          if (d.status === 'optimal') expect(d.optimum.length, where).toBeGreaterThan(0);
          if (d.certificate === 'convex') expect(d.facts.join(' '), where).toMatch(/convex/);
          if (!s.convex) expect(d.reason, where).not.toMatch(/^the problem is convex/);
          if (points.length === 0) expect(d.status, where).not.toBe('optimal');
          // Diverging runs are evidence, never stated as a proof of unboundedness.
          if (diverged && points.length === 0) expect(d.reason, where).toMatch(/not established/);
          // A compact set or a coercive objective: the optimum exists, so never "unbounded".
          if (s.compact) expect(d.facts.join(' '), where).toMatch(/compact feasible set/);
          if (/compact feasible set|coercive objective/.test(d.facts.join(' '))) expect(d.reason, where).not.toMatch(/unbounded|unattained|not attained/);
        }
      }
    }
  });
});
