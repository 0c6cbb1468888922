/** Shared helpers for the solving tests. */
import { expect } from 'vitest';
import { parse, freeSymbols, substitute, type Expr } from '../../src/expr/index.js';
import { evaluate } from '../../src/compile/index.js';
import { solveSystem, type SolveOptions, type SolveResult, type Solution } from '../../src/solve/index.js';

/** Parses each equation text and solves. */
export function solve(eqs: string[], unknowns: string[], options?: SolveOptions): SolveResult {
  return solveSystem(
    eqs.map((e) => parse(e)),
    unknowns,
    options,
  );
}

/** Numeric values of a solution (params bound by env). */
export function valuesOf(s: Solution, unknowns: string[], env: Record<string, number> = {}): number[] {
  return unknowns.map((u) => evaluate(s.values.get(u)!, env));
}

/** Sorts tuples lexicographically (for comparing solution sets). */
export function sortTuples(ts: number[][]): number[][] {
  return [...ts].sort((a, b) => {
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 1e-9) return a[i]! - b[i]!;
    return 0;
  });
}

/** Asserts two sets of tuples agree to tol (as sets, any order). */
export function expectSameTuples(actual: number[][], expected: number[][], tol: number): void {
  expect(actual.length).toBe(expected.length);
  const a = sortTuples(actual);
  const e = sortTuples(expected);
  a.forEach((t, i) =>
    t.forEach((v, j) => {
      expect(Math.abs(v - e[i]![j]!), `component ${j} of ${JSON.stringify(t)} vs ${JSON.stringify(e[i])}`).toBeLessThanOrEqual(tol);
    }),
  );
}

/** max |eq| of the equations at the solution with parameters bound by env. */
export function residualAt(eqs: string[], s: Solution, env: Record<string, number>): number {
  let worst = 0;
  for (const text of eqs) {
    const e: Expr = substitute(parse(text), Object.fromEntries(s.values));
    const names = [...freeSymbols(e)];
    for (const n of names) if (!(n in env)) throw new Error(`unbound ${n}`);
    worst = Math.max(worst, Math.abs(evaluate(e, env)));
  }
  return worst;
}
