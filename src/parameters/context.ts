/**
 * What is known about the parameters of one problem: their names, the assumptions
 * (expr's `Assumptions`: sign facts and relations), the user's `parameter_values`, and
 * samples that satisfy every assumption, drawn once so every decision made on them is
 * reproducible.
 */
import { Assumptions, freeSymbols, type Expr } from '../expr/index.js';
import { valueAt } from './evaluate.js';
import { drawSamples, SAMPLE_COUNT } from './samples.js';

/** Parameter facts, values and samples shared by every check of one problem. */
export interface ParameterContext {
  readonly parameters: readonly string[];
  readonly assumptions: Assumptions;
  /** The user's `parameter_values` (possibly for some parameters only). */
  readonly values?: ReadonlyMap<string, number>;
  /** Parameter samples satisfying every assumption; the first is `values` when they are given. */
  readonly samples: readonly ReadonlyMap<string, number>[];
  /** True when the first sample is the user's `parameter_values`. */
  readonly hasUserValues: boolean;
}

/** Options of parameterContext. */
export interface ParameterContextOptions {
  /** The user's values of the parameters. */
  readonly values?: ReadonlyMap<string, number>;
  /** Seed of the samples (default 7). */
  readonly seed?: number;
  /** Number of samples (default SAMPLE_COUNT). */
  readonly count?: number;
}

/**
 * Builds the context of a problem (seeded; deterministic). The user's values, when
 * given, are the first sample; the others are drawn over all parameters (fewer when the
 * assumptions are rarely met; none when `count` is 0).
 */
export function parameterContext(parameters: readonly string[], assumptions: Assumptions, options: ParameterContextOptions = {}): ParameterContext {
  const count = options.count ?? SAMPLE_COUNT;
  const samples: Map<string, number>[] = [];
  if (options.values) samples.push(new Map(options.values));
  if (parameters.length === 0) {
    if (samples.length === 0) samples.push(new Map());
  } else {
    samples.push(...drawSamples(parameters, assumptions, { seed: options.seed ?? 7, count: Math.max(0, count - samples.length), attempts: 4000 }));
  }
  return {
    parameters,
    assumptions,
    ...(options.values ? { values: options.values } : {}),
    samples,
    hasUserValues: options.values !== undefined,
  };
}

/**
 * The value of e at the user's values, when they bind every symbol of e (or e has none);
 * undefined otherwise. NaN where e is undefined there.
 */
export function userValue(e: Expr, ctx: Pick<ParameterContext, 'values'>): number | undefined {
  const free = freeSymbols(e);
  if (free.size === 0) return valueAt(e, new Map());
  if (!ctx.values) return undefined;
  for (const n of free) if (!ctx.values.has(n)) return undefined;
  return valueAt(e, ctx.values);
}

/** The same context with more assumptions (e.g. facts about the variables inside a proof). */
export function withAssumptions(ctx: ParameterContext, assumptions: Assumptions): ParameterContext {
  return { ...ctx, assumptions };
}
