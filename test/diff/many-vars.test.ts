/**
 * Gradients over many variables (n = 1,000 to 10,000): the reverse sweep and the choice
 * of printed forms (`displayGradient`) cost work linear in n. The n derivatives of
 * log(sum_i exp(x_i/i)) all hold the whole sum; measuring each one's tree and offering it
 * to `together` with fresh memos walked that sum once per variable (n = 10^4: 5 minutes).
 * Work is counted, never timed: nodes walked by the generic walks (`walkedNodeCount`),
 * operands looked at by the sum and product constructors, constructor calls. Values are
 * checked against the derivatives worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { displayGradient, gradient } from '../../src/diff/index.js';
import { canonicalOperandCount, constructionCount, parse, walkedNodeCount, type Expr } from '../../src/expr/index.js';
import { evaluate } from '../support/expr-eval.js';
import { manyVarNames, manyVarsHand, manyVarsText, type ManyVarsKind } from '../support/many-vars.js';

interface Run {
  readonly f: Expr;
  readonly grad: Expr[];
  readonly shown: Expr[];
  /** Nodes walked, operands and constructions of `gradient` and `displayGradient` together. */
  readonly work: number;
  /** The same, of `displayGradient` alone. */
  readonly displayWalked: number;
}

function run(kind: ManyVarsKind, n: number): Run {
  const f = parse(manyVarsText(kind, n));
  const names = manyVarNames(n);
  const counters = (): number => walkedNodeCount() + canonicalOperandCount() + constructionCount();
  const before = counters();
  const grad = gradient(f, names);
  const walked = walkedNodeCount();
  const shown = displayGradient(f, names, grad);
  return { f, grad, shown, work: counters() - before, displayWalked: walkedNodeCount() - walked };
}

/** The point x_i = sin(i)/2 (sums of it stay small, so exp of the sum is finite). */
const point = (n: number): Record<string, number> => Object.fromEntries(manyVarNames(n).map((name, i) => [name, Math.sin(i + 1) / 2]));

const KINDS: readonly ManyVarsKind[] = ['chain', 'quad', 'lse'];

describe('gradient and printed forms over many variables: work linear in n', () => {
  for (const kind of KINDS) {
    it(`${kind}: 2x and 10x the variables cost about 2x and 10x the work`, () => {
      const r1 = run(kind, 1000);
      // Checked before n = 10^4, so that a quadratic pass fails here in seconds, not minutes.
      const r2 = run(kind, 2000);
      expect(r2.work / r1.work).toBeGreaterThan(1.7);
      expect(r2.work / r1.work).toBeLessThan(2.3);
      expect(r2.displayWalked / r1.displayWalked).toBeLessThan(2.3);
      const r10 = run(kind, 10_000);
      expect(r10.work / r1.work).toBeGreaterThan(8);
      expect(r10.work / r1.work).toBeLessThan(12);
      // The choice of forms walks each node of f and its derivatives a bounded number of
      // times: at most 20 nodes per variable for these objectives (a walk of the shared
      // sum per variable: n per variable).
      expect(r10.displayWalked).toBeLessThan(20 * 10_000);
    });
  }
});

describe('the derivatives over 10,000 variables against the hand-derived formulas', () => {
  const n = 10_000;
  for (const kind of KINDS) {
    it(`${kind}: the first, second, middle and last entries, reverse-mode and printed forms`, () => {
      const { grad, shown } = run(kind, n);
      const at = point(n);
      const x = (i: number): number => at[`x${i}`]!;
      for (const k of [1, 2, 3, n / 2, n - 1, n]) {
        const hand = manyVarsHand[kind](x, k, n);
        expect(Math.abs(evaluate(grad[k - 1]!, at) - hand)).toBeLessThan(1e-10 * Math.max(1, Math.abs(hand)));
        expect(Math.abs(evaluate(shown[k - 1]!, at) - hand)).toBeLessThan(1e-10 * Math.max(1, Math.abs(hand)));
      }
    });
  }
});
