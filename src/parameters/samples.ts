/**
 * Parameter samples: values of the parameters drawn by one seeded sampler and one range
 * policy, kept only where every assumption holds (sign facts and relations such as
 * `a < b`). Numeric checks of parametric answers run at these samples.
 *
 * Range policy: magnitudes log-uniform over [0.2, 5], times 1 + u·10⁻³ so that values
 * are not small rationals (accidental cancellations are unlikely); signs respect the sign
 * facts, and are otherwise positive or negative with equal odds.
 */
import { Assumptions, SIGN_NEG, SIGN_POS, type AssumedRelation } from '../expr/index.js';
import { seededRandom } from '../numeric/index.js';
import { evaluateAt } from './evaluate.js';

/** Number of parameter samples used for numeric checks of parametric answers. */
export const SAMPLE_COUNT = 12;

/** Smallest and largest magnitude drawn. */
export const SAMPLE_RANGE = [0.2, 5] as const;

/** How samples are drawn. */
export interface SampleOptions {
  /** Seed of the generator (the same seed gives the same samples). */
  readonly seed: number;
  /** Number of samples wanted (fewer are returned when the assumptions are rarely met). */
  readonly count: number;
  /** Values that every sample keeps (the user's `parameter_values` for some parameters). */
  readonly fixed?: ReadonlyMap<string, number>;
  /** An extra condition a sample must meet (e.g. a variance > 0). */
  readonly accept?: (values: ReadonlyMap<string, number>) => boolean;
  /** Draws tried before giving up (default 400 per sample wanted). */
  readonly attempts?: number;
}

/** Does every assumption hold at these values (false where one is undefined there)? */
export function assumptionsHold(assumptions: Assumptions, values: ReadonlyMap<string, number>): boolean {
  return assumptions.allRelations().every((r) => relationHolds(r, values));
}

function relationHolds(r: AssumedRelation, values: ReadonlyMap<string, number>): boolean {
  const d = evaluateAt([r.difference], values)[0]!;
  if (!Number.isFinite(d)) return false;
  switch (r.op) {
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '!=':
      return d !== 0;
    case '=':
      return Math.abs(d) <= 1e-12;
  }
}

/** Samples of the parameters that satisfy the assumptions (and `accept`), seeded. */
export function drawSamples(parameters: readonly string[], assumptions: Assumptions, options: SampleOptions): Map<string, number>[] {
  const rand = seededRandom(options.seed);
  const [lo, hi] = SAMPLE_RANGE;
  const out: Map<string, number>[] = [];
  const attempts = options.attempts ?? 400 * options.count;
  for (let tries = 0; out.length < options.count && tries < attempts; tries++) {
    const m = new Map<string, number>();
    for (const p of parameters) {
      const fixed = options.fixed?.get(p);
      if (fixed !== undefined) {
        m.set(p, fixed);
        continue;
      }
      let v = Math.exp(Math.log(lo) + rand() * Math.log(hi / lo)) * (1 + rand() * 1e-3);
      const s = assumptions.signOfSymbol(p);
      const canBeNegative = (s & SIGN_NEG) !== 0;
      const canBePositive = (s & SIGN_POS) !== 0;
      if (!canBePositive || (canBeNegative && rand() < 0.5)) v = -v;
      m.set(p, v);
    }
    if (assumptionsHold(assumptions, m) && (!options.accept || options.accept(m))) out.push(m);
  }
  return out;
}
