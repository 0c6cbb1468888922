/**
 * What the maxent room knows about the parameters: the assumptions (expr's
 * `Assumptions`), the user's `parameter_values`, seeded samples for checking parametric
 * answers numerically, and the three-way decision "is this expression positive?"
 * (proved, refuted, or left as a stated condition).
 */
import { Assumptions, freeSymbols, isPositive, isNonpositive, type Expr } from '../expr/index.js';
import { evaluate } from '../compile/index.js';
import { seededRandom } from '../numeric/index.js';
/** Re-exported so this room's callers keep one import. */
export { seededRandom };

/** Parameter facts and values of one problem. */
export interface ParameterContext {
  readonly parameters: readonly string[];
  readonly assumptions: Assumptions;
  readonly values?: ReadonlyMap<string, number>;
}

/** Numeric value of an expression in the parameters at given values (NaN when undefined there). */
export function valueAt(e: Expr, values: ReadonlyMap<string, number>): number {
  try {
    return evaluate(e, values);
  } catch {
    return NaN;
  }
}

/** Numeric value when the expression has no free symbols, or all are given values; undefined otherwise. */
export function numericValue(e: Expr, ctx: ParameterContext): number | undefined {
  const free = freeSymbols(e);
  if (free.size === 0) return valueAt(e, new Map());
  if (!ctx.values) return undefined;
  for (const n of free) if (!ctx.values.has(n)) return undefined;
  return valueAt(e, ctx.values);
}

/** The outcome of asking whether e > 0. */
export type PositivityVerdict =
  /** Proved for every parameter value the assumptions allow, or true at the given numbers. */
  | 'holds'
  /** False (at the numbers, or for every allowed value). */
  | 'fails'
  /** Not decided: it becomes a stated condition of the answer. */
  | 'condition';

/** Decides e > 0 from numbers when available, else from the assumptions. */
export function positivity(e: Expr, ctx: ParameterContext): PositivityVerdict {
  const v = numericValue(e, ctx);
  if (v !== undefined) return v > 0 ? 'holds' : 'fails';
  if (isPositive(e, ctx.assumptions)) return 'holds';
  if (isNonpositive(e, ctx.assumptions)) return 'fails';
  return 'condition';
}


/**
 * Parameter samples for numeric checks: the user's values when given; otherwise values
 * drawn to respect the sign assumptions (positive ones in [0.5, 2], others in
 * [−1.5, 1.5]) and the extra conditions `accept` imposes (e.g. variance > 0).
 */
export function parameterSamples(ctx: ParameterContext, count: number, accept: (values: ReadonlyMap<string, number>) => boolean, seed = 11): Map<string, number>[] {
  if (ctx.values && ctx.parameters.every((p) => ctx.values!.has(p))) {
    const v = new Map(ctx.values);
    return accept(v) ? [v] : [];
  }
  const rand = seededRandom(seed);
  const out: Map<string, number>[] = [];
  for (let attempt = 0; attempt < 400 && out.length < count; attempt++) {
    const v = new Map<string, number>();
    for (const p of ctx.parameters) {
      if (ctx.values?.has(p)) {
        v.set(p, ctx.values.get(p)!);
        continue;
      }
      const s = ctx.assumptions.signOfSymbol(p);
      const magnitude = 0.5 + 1.5 * rand();
      // Bits: NEG = 1, ZERO = 2, POS = 4 (expr/assume.ts).
      const canPos = (s & 4) !== 0;
      const canNeg = (s & 1) !== 0;
      const value = canPos && canNeg ? 3 * rand() - 1.5 : canPos ? magnitude : -magnitude;
      v.set(p, value);
    }
    if (accept(v)) out.push(v);
  }
  return out;
}
