/**
 * The optimum of `solveProblem` as plain objects: `{variables: {x: 0.5, y: 0.5},
 * multipliers: {lambda_1: 1}}`, instead of digging through `points[optimum[0]].values`
 * (one Map holding variables and multipliers together, as expressions).
 */
import { evaluate } from '../compile/index.js';
import { toText, type Expr } from '../expr/index.js';
import type { SolvedPoint, SolveProblemResult } from '../lagrange/index.js';

/** One optimal point in plain numbers, with the exact forms beside them. */
export interface OptimumPoint {
  /** Variable values as doubles, in the problem's variable order. */
  readonly variables: Readonly<Record<string, number>>;
  /** Multiplier values as doubles (λ for equalities, μ for inequalities; inactive μ = 0). */
  readonly multipliers: Readonly<Record<string, number>>;
  /** The objective's value at the point as a double (NaN when it depends on parameters without values). */
  readonly objective: number;
  /** The same values as text that parses back (exact where the solver found closed forms: `1/2`, `sqrt(2)/2`). */
  readonly text: {
    readonly variables: Readonly<Record<string, string>>;
    readonly multipliers: Readonly<Record<string, string>>;
    readonly objective: string;
  };
  /** Whether every value is an exact closed form. */
  readonly exact: boolean;
}

/** Every global optimum of a solved problem (several when they tie), as plain objects; [] when there is none. */
export function optimumPoints(result: SolveProblemResult): OptimumPoint[] {
  return result.optimum.map((k) => plainPoint(result, result.points[k]!));
}

/** The first global optimum as plain objects, or undefined when the status is not "optimal" or no point was found. */
export function optimumOf(result: SolveProblemResult): OptimumPoint | undefined {
  return result.status === 'optimal' ? optimumPoints(result)[0] : undefined;
}

function plainPoint(result: SolveProblemResult, p: SolvedPoint): OptimumPoint {
  const params = result.problem.parameterValues ?? new Map<string, number>();
  const env = new Map(params);
  const pick = (names: readonly string[]) => {
    const num: Record<string, number> = {};
    const text: Record<string, string> = {};
    for (const name of names) {
      const e = p.values.get(name);
      if (!e) continue;
      num[name] = double(e, env);
      text[name] = toText(e);
    }
    return { num, text };
  };
  const vars = pick(result.problem.variables);
  const mults = pick(result.multipliers.map((m) => m.name));
  return {
    variables: vars.num,
    multipliers: mults.num,
    objective: p.objectiveValue,
    text: { variables: vars.text, multipliers: mults.text, objective: toText(p.objective) },
    exact: p.exact,
  };
}

function double(e: Expr, env: ReadonlyMap<string, number>): number {
  try {
    return evaluate(e, env);
  } catch {
    return NaN; // depends on a parameter without a value
  }
}
