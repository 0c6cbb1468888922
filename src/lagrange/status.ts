/**
 * From the KKT points to the answer: which points are global optima, or why there is
 * no optimum (infeasible, unbounded, unattained), and how that was established.
 *
 * The rules (docs/guide.md, "How solve decides"):
 * 1. No feasible KKT point: infeasible when proved (a constraint that cannot hold,
 *    contradictory linear constraints, or a compact feasible set with complete
 *    enumeration, where a minimiser would have to be a KKT or irregular point), or when
 *    the numeric search finds no feasible point (evidence, said so); otherwise the
 *    growing-box search decides unbounded / unattained, or no_optimum_found.
 * 2. Candidates for the optimum: the feasible KKT (and irregular) points with the best
 *    objective for the sense, never a saddle and never a point of the opposite kind.
 *    If the best-valued points are all saddles, there is no optimum among them.
 * 3. The best candidate is the global optimum when the problem is convex (every KKT
 *    point is global), or the feasible set is compact and the enumeration complete
 *    (Weierstrass: the optimum exists, and it is a KKT or irregular point). Otherwise
 *    the numeric search must find nothing better (certificate `numeric-search`); a
 *    better feasible point means unbounded (values keep falling as the box grows) or
 *    no_optimum_found.
 */
import type { Expr } from '../expr/index.js';
import type { NlpResult } from '../numeric/nlp/index.js';
import { evaluateAt, signOf, type ParameterContext } from '../parameters/index.js';
import { derivative } from '../diff/index.js';
import { freeSymbols, toText } from '../expr/index.js';
import { proveCoercive } from './coercive.js';
import { proveConvexByElimination } from './elimination.js';
import { isAffine, isEverywhereSmooth, proveCompact, proveConvex, proveInfeasible } from './geometry.js';
import type { Problem } from './problem.js';
import { searchFeasibleSet, type SearchResult } from './search.js';
import type { Certificate, SolveStatus, SolvedPoint } from './types.js';

/** The decision and its justification. */
export interface StatusDecision {
  readonly status: SolveStatus;
  /** Indices into the points list of the global optima (empty unless optimal). */
  readonly optimum: number[];
  /** One or two sentences: why this status. */
  readonly reason: string;
  readonly certificate: Certificate;
  /** Facts established on the way (convexity, compactness), for the derivation. */
  readonly facts: string[];
}

/** Relative tolerance for "the same objective value". */
export const VALUE_TOL = 1e-9;

/** Inputs besides the problem. */
export interface StatusInputs {
  readonly points: readonly SolvedPoint[];
  /** The enumeration solved every active-set system completely. */
  readonly complete: boolean;
  /** Some active-set system had a continuum of solutions. */
  readonly underdetermined: boolean;
  /** Irregular points were searched (compact case with nonlinear constraints). */
  readonly irregularChecked: boolean;
  readonly ctx: ParameterContext;
  readonly seed?: number;
}

/** What every step of the decision shares: the problem, its inputs and the facts proved. */
interface Stage {
  readonly problem: Problem;
  readonly inputs: StatusInputs;
  readonly facts: string[];
  /** +1 to minimise, −1 to maximise. */
  readonly s: 1 | -1;
  /** Numbers for the parameters (none, or the user's parameter_values); undefined when symbolic only. */
  readonly numericParams: ReadonlyMap<string, number> | undefined;
  readonly convex: string | undefined;
  readonly compact: string | undefined;
  /** f (−f for maximise) coercive and the feasible set closed: the optimum is attained wherever the set is nonempty. */
  readonly coercive: string | undefined;
}

/**
 * Decides the status of a solved problem, in steps: the facts (convexity, compactness),
 * the case without feasible KKT points, the best points by value, and the global claim.
 */
export function decideStatus(problem: Problem, inputs: StatusInputs): StatusDecision {
  const stage = establishFacts(problem, inputs);
  if (inputs.points.length === 0) return decideWithoutPoints(stage);
  const best = bestByValue(stage);
  if ('status' in best) return best;
  return decideAmongBest(stage, best.atBest, best.bestValue);
}

/** Step 1: the convexity and compactness proofs. */
function establishFacts(problem: Problem, inputs: StatusInputs): Stage {
  const { ctx } = inputs;
  const facts: string[] = [];
  const parametric = problem.parameters.length > 0;
  const numericParams = parametric ? (ctx.hasUserValues ? ctx.samples[0]! : undefined) : new Map<string, number>();
  const convex = proveConvex(problem, ctx) ?? proveConvexByElimination(problem, ctx);
  if (convex) facts.push(`convex: ${convex}`);
  const compact = proveCompact(problem, ctx);
  if (compact) facts.push(`compact feasible set: ${compact}`);
  // Closed feasible set: continuous constraint functions.
  const closed = problem.constraints.every((c) => isEverywhereSmooth(c.fn));
  const coercive = !compact && closed ? proveCoercive(problem, ctx) : undefined;
  if (coercive) facts.push(`coercive objective on a closed feasible set: ${coercive}`);
  return { problem, inputs, facts, s: problem.sense === 'minimize' ? 1 : -1, numericParams, convex, compact, coercive };
}

/** Step 2: no feasible KKT point: infeasible, unbounded (proved), or what the search shows. */
function decideWithoutPoints(stage: Stage): StatusDecision {
  const { problem, inputs, facts, numericParams, compact, coercive } = stage;
  const { ctx } = inputs;
  const infeasible = proveInfeasible(problem, ctx);
  if (infeasible) return { status: 'infeasible', optimum: [], reason: infeasible, certificate: 'proof', facts };
  const unbounded = proveUnboundedAffine(problem, ctx);
  if (unbounded) return { status: 'unbounded', optimum: [], reason: unbounded, certificate: 'proof', facts };
  if (compact && inputs.complete && (inputs.irregularChecked || allAffine(problem))) {
    return {
      status: 'infeasible',
      optimum: [],
      reason: 'the feasible set would be compact, so a minimiser would exist and be a KKT or irregular point; there is none',
      certificate: 'proof',
      facts,
    };
  }
  if (coercive && inputs.complete && (inputs.irregularChecked || allAffine(problem))) {
    return {
      status: 'infeasible',
      optimum: [],
      reason: `the objective is coercive (${coercive}) and the feasible set closed, so a nonempty feasible set would have an optimum, a KKT or irregular point; there is none`,
      certificate: 'proof',
      facts,
    };
  }
  if (coercive) {
    return {
      status: 'no_optimum_found',
      optimum: [],
      reason: `the objective is coercive (${coercive}), so an optimum exists if the feasible set is nonempty, but ${inputs.complete ? 'no KKT point exists and the irregular points were not searched' : 'the enumeration was incomplete and found no KKT point'}`,
      certificate: 'none',
      facts,
    };
  }
  if (compact) {
    // A compact feasible set rules out unbounded and unattained: say what is missing instead.
    const missing = inputs.complete
      ? 'no KKT point exists and the irregular points (where the active constraint gradients are dependent) were not searched'
      : 'the enumeration was incomplete (some systems were solved only numerically) and found no KKT point';
    return {
      status: 'no_optimum_found',
      optimum: [],
      reason: `the feasible set is compact (${compact}), so a global optimum exists, but ${missing}`,
      certificate: 'none',
      facts,
    };
  }
  if (!numericParams) {
    return {
      status: 'no_optimum_found',
      optimum: [],
      reason: 'no KKT point was found; with parameters and no parameter_values the numeric search cannot run',
      certificate: 'none',
      facts,
    };
  }
  const feas = searchFeasibleSet(problem, numericParams, { feasibilityOnly: true, seed: inputs.seed, feasibilityTol: 1e-6, starts: 16 });
  if (!feas.best.some(Boolean)) {
    return {
      status: 'infeasible',
      optimum: [],
      reason: `no KKT point, and a numeric search (penalty method, ${feas.radii.length} boxes up to |x| <= ${feas.radii.at(-1)}) found no feasible point (numeric evidence, not a proof)`,
      certificate: 'numeric-search',
      facts,
    };
  }
  return runaway(problem, numericParams, undefined, inputs, facts, inputs.complete ? 'no KKT point exists' : 'no KKT point was found (the enumeration was incomplete)');
}

/** Step 3: the points with the best objective (by value, or at every parameter sample). */
function bestByValue(stage: Stage): { atBest: number[]; bestValue: number } | StatusDecision {
  const { problem, inputs, facts, s, numericParams } = stage;
  const { points, ctx } = inputs;
  // Best value among the feasible points: with numbers for the parameters (or none), by
  // value; otherwise a point is best when it is best at every parameter sample.
  let atBest: number[];
  let bestValue: number;
  if (numericParams) {
    const values = points.map((p) => p.objectiveValue);
    if (values.some((v) => !Number.isFinite(v))) {
      return { status: 'no_optimum_found', optimum: [], reason: 'an objective value is not finite at a KKT point', certificate: 'none', facts };
    }
    bestValue = values.reduce((a, b) => (s * b < s * a ? b : a));
    const tol = VALUE_TOL * (1 + Math.abs(bestValue));
    atBest = points.map((_, i) => i).filter((i) => Math.abs(values[i]! - bestValue) <= tol);
  } else {
    const table = ctx.samples.map((m) => points.map((p) => evaluateAt([p.objective], m)[0]!));
    const usable = table.filter((row) => row.every(Number.isFinite));
    if (usable.length === 0) {
      return { status: 'no_optimum_found', optimum: [], reason: 'the objective values at the KKT points could not be evaluated at any parameter sample', certificate: 'none', facts };
    }
    atBest = points
      .map((_, i) => i)
      .filter((i) =>
        usable.every((row) => {
          const best = row.reduce((a, b) => (s * b < s * a ? b : a));
          return Math.abs(row[i]! - best) <= VALUE_TOL * (1 + Math.abs(best));
        }),
      );
    if (atBest.length === 0) {
      return {
        status: 'no_optimum_found',
        optimum: [],
        reason: 'which KKT point is best depends on the parameters; give parameter_values or stronger assumptions',
        certificate: 'none',
        facts,
      };
    }
    bestValue = NaN;
    if (points.length > 1) facts.push(`the best KKT point was compared with the others at ${usable.length} parameter samples`);
  }
  return { atBest, bestValue };
}

/** Step 4: the global claim: convex, compact with complete enumeration, or the numeric search. */
function decideAmongBest(stage: Stage, atBest: number[], bestValue: number): StatusDecision {
  const { problem, inputs, facts, s, numericParams, convex, compact, coercive } = stage;
  const { points, ctx } = inputs;
  const conditional = points.filter((p) => p.conditions.length > 0);
  const opposite = problem.sense === 'minimize' ? 'maximum' : 'minimum';
  const optimum = atBest.filter((i) => points[i]!.classification !== 'saddle' && points[i]!.classification !== opposite);

  if (conditional.length > 0 && !ctx.hasUserValues) {
    return {
      status: 'no_optimum_found',
      optimum: [],
      reason: `whether some KKT points are feasible depends on the parameters (${conditional[0]!.conditions.join(', ')}); give parameter_values or assumptions that decide it`,
      certificate: 'none',
      facts,
    };
  }

  if (optimum.length === 0) {
    const best = `the best KKT point${atBest.length > 1 ? 's are' : ' is a'} ${points[atBest[0]!]!.classification}${atBest.length > 1 ? 's' : ''}`;
    const why = `${best}, so the optimum is not attained at a KKT point`;
    const attained = compact ? `the feasible set is compact (${compact})` : coercive ? `the objective is coercive (${coercive})` : undefined;
    if (attained) {
      // The optimum exists, so it is a KKT or irregular point: never say it is not attained.
      const reason = `${best}, but ${attained}, so the optimum is attained at a KKT or irregular point: the enumeration${inputs.complete ? "'s classification of the best points" : ''} is in doubt`;
      return { status: 'no_optimum_found', optimum: [], reason, certificate: 'none', facts };
    }
    if (!numericParams) return { status: 'no_optimum_found', optimum: [], reason: why, certificate: 'none', facts };
    return runaway(problem, numericParams, bestValue, inputs, facts, why);
  }

  if (convex) {
    return {
      status: 'optimal',
      optimum,
      reason: `the problem is convex (${convex}), so every KKT point is a global ${problem.sense === 'minimize' ? 'minimum' : 'maximum'}`,
      certificate: 'convex',
      facts,
    };
  }
  if (compact && inputs.complete && (inputs.irregularChecked || allAffine(problem)) && smoothObjective(problem)) {
    const sampled = inputs.underdetermined ? ' (continua of solutions of some active-set systems were checked by sampling their members)' : '';
    return {
      status: 'optimal',
      optimum,
      reason: `the feasible set is compact (${compact}), so a global optimum exists and is among the KKT${allAffine(problem) ? '' : ' and irregular'} points, all of which were found${sampled}; the best is taken`,
      certificate: 'compact',
      facts,
    };
  }
  if (coercive && inputs.complete && (inputs.irregularChecked || allAffine(problem)) && smoothObjective(problem)) {
    const sampled = inputs.underdetermined ? ' (continua of solutions of some active-set systems were checked by sampling their members)' : '';
    return {
      status: 'optimal',
      optimum,
      reason: `the objective is coercive (${coercive}) and the feasible set closed, so a global ${problem.sense === 'minimize' ? 'minimum' : 'maximum'} exists and is among the KKT${allAffine(problem) ? '' : ' and irregular'} points, all of which were found${sampled}; the best is taken`,
      certificate: 'coercive',
      facts,
    };
  }
  if (!numericParams) {
    return {
      status: 'no_optimum_found',
      optimum: [],
      reason: 'the problem is neither proved convex nor on a compact set, and with parameters but no parameter_values the numeric check cannot run',
      certificate: 'none',
      facts,
    };
  }
  const seeds = points.map((p) => problem.variables.map((v) => numberOf(p, v, numericParams)));
  const search = searchFeasibleSet(problem, numericParams, { seed: inputs.seed, seeds, feasibilityTol: 1e-6 });
  const better = search.best.filter((b): b is NonNullable<typeof b> => !!b && s * b.objective < s * bestValue - 1e-5 * (1 + Math.abs(bestValue)));
  if (better.length === 0) {
    const incomplete = inputs.complete ? '' : ' (some active-set systems were solved numerically and may miss points)';
    // With a compact set the Weierstrass argument failed only for want of a complete list of candidates: say which.
    const gaps = [
      ...(inputs.complete ? [] : ['the enumeration was incomplete']),
      ...(inputs.irregularChecked || allAffine(problem) ? [] : ['the irregular points were not searched']),
      ...(smoothObjective(problem) ? [] : ['the objective is not smooth everywhere']),
    ];
    const why = compact || coercive
      ? `the problem is not proved convex; ${compact ? 'the feasible set is compact' : 'the objective is coercive'}, but ${gaps.join(' and ')}, so the best KKT point is not proved global`
      : 'the problem is not proved convex and the feasible set is not proved compact';
    return {
      status: 'optimal',
      optimum,
      reason: `${why}; a numeric search over boxes up to |x| <= ${search.radii.at(-1)} found no feasible point better than the best KKT point (numeric evidence)${incomplete}`,
      certificate: 'numeric-search',
      facts,
    };
  }
  if (compact || coercive) {
    return {
      status: 'no_optimum_found',
      optimum: [],
      reason: `a feasible point better than every KKT point found exists, and ${compact ? `the feasible set is compact (${compact})` : `the objective is coercive (${coercive})`}: the enumeration missed the optimum`,
      certificate: 'none',
      facts,
    };
  }
  return classifyRunaway(search, bestValue, s, facts, 'a feasible point better than every KKT point found exists');
}

function numberOf(p: SolvedPoint, v: string, params: ReadonlyMap<string, number>): number {
  const e = p.values.get(v)!;
  if (e.kind === 'num') return e.value.toNumber();
  // Parametric or irrational exact value: evaluate.
  return evaluateNumber(e, params);
}

function evaluateNumber(e: Expr, params: ReadonlyMap<string, number>): number {
  return evaluateAt([e], params)[0]!;
}

function allAffine(problem: Problem): boolean {
  return problem.constraints.every((c) => isAffine(c.fn, problem.variables));
}

function smoothObjective(problem: Problem): boolean {
  return isEverywhereSmooth(problem.objective);
}

/** The numeric search when no KKT point is the optimum: unbounded, unattained or undecided. */
function runaway(
  problem: Problem,
  params: ReadonlyMap<string, number>,
  bestValue: number | undefined,
  inputs: StatusInputs,
  facts: string[],
  why: string,
): StatusDecision {
  const s = problem.sense === 'minimize' ? 1 : -1;
  const seeds = inputs.points.map((p) => problem.variables.map((v) => numberOf(p, v, params)));
  const search = searchFeasibleSet(problem, params, { seed: inputs.seed, seeds, feasibilityTol: 1e-6 });
  return classifyRunaway(search, bestValue, s, facts, why);
}

/**
 * Reads the growing-box search: values that keep improving without settling mean
 * unbounded; values that settle while the best point sits on the box edge mean the
 * bound is approached but not attained; anything else stays undecided.
 */
function classifyRunaway(search: SearchResult, bestValue: number | undefined, s: 1 | -1, facts: string[], why: string): StatusDecision {
  const vals = search.best.map((b) => (b ? s * b.objective : NaN));
  const k = vals.length;
  const fmt = (v: number): string => (Number.isFinite(v) ? String(Number((s * v).toPrecision(8))) : 'none');
  const radii = search.radii.join(', ');
  const last = search.best[k - 1];
  if (k >= 3 && vals.slice(k - 3).every(Number.isFinite) && last?.onBoundary) {
    const d1 = vals[k - 2]! - vals[k - 1]!;
    const d0 = vals[k - 3]! - vals[k - 2]!;
    if (d1 > 1e-6 * (1 + Math.abs(vals[k - 1]!)) && d0 > 0 && d1 >= 0.2 * d0) {
      return {
        status: 'unbounded',
        optimum: [],
        reason: `${why}; on feasible points found in boxes |x| <= ${radii} the objective keeps ${s > 0 ? 'decreasing' : 'increasing'} (${vals.map(fmt).join(', ')}) at the box edge (numeric evidence)`,
        certificate: 'numeric-search',
        facts,
      };
    }
  }
  // Unattained: going further out helped (a better best point on a box edge), then the values settled.
  const finite = vals.every(Number.isFinite);
  const monotone = finite && vals.every((v, i) => i === 0 || v <= vals[i - 1]! + 1e-12 * (1 + Math.abs(v)));
  const improvedAtEdge = search.best.some((b, i) => i > 0 && b?.onBoundary && vals[i]! < vals[i - 1]! - 1e-9 * (1 + Math.abs(vals[i - 1]!)));
  if (finite && monotone && improvedAtEdge && k >= 2) {
    const settled = Math.abs(vals[k - 2]! - vals[k - 1]!) <= 1e-6 * (1 + Math.abs(vals[k - 1]!));
    const beyondKkt = bestValue === undefined || vals[k - 1]! < s * bestValue - 1e-6 * (1 + Math.abs(bestValue));
    if (settled && beyondKkt) {
      return {
        status: 'unattained',
        optimum: [],
        reason: `${why}; the objective approaches ${fmt(vals[k - 1]!)} as |x| grows (best values in boxes |x| <= ${radii}: ${vals.map(fmt).join(', ')}) without attaining it (numeric evidence)`,
        certificate: 'numeric-search',
        facts,
      };
    }
  }
  return {
    status: 'no_optimum_found',
    optimum: [],
    reason: `${why}; the numeric search could not decide between an unbounded and an unattained objective (best values in boxes |x| <= ${radii}: ${vals.map(fmt).join(', ')})`,
    certificate: 'none',
    facts,
  };
}

/** Largest variables × constraints for which the numeric path tries the exact compactness proof. */
const MAX_COMPACT_WORK = 400;

/** Inputs of the decision on the numeric path. */
export interface NumericStatusInputs {
  /** The local optima of the interior-point multistart, best first. */
  readonly points: readonly SolvedPoint[];
  readonly search: NlpResult;
  readonly ctx: ParameterContext;
}

/**
 * The decision when the interior-point method answered (the enumeration was too much
 * work): the best local optimum is the global one by proof when the problem is convex;
 * otherwise the claim rests on the multistart (numeric evidence), and the reason says
 * how many starts agreed. No feasible point, or runs that diverged, give no verdict.
 */
export function decideNumeric(problem: Problem, inputs: NumericStatusInputs): StatusDecision {
  const { points, search, ctx } = inputs;
  const facts: string[] = [];
  const convex = proveConvex(problem, ctx) ?? proveConvexByElimination(problem, ctx);
  if (convex) facts.push(`convex: ${convex}`);
  // The exact compactness proof eliminates over all constraints: only where that is small work.
  const small = problem.variables.length * problem.constraints.length <= MAX_COMPACT_WORK;
  const compact = small ? proveCompact(problem, ctx) : undefined;
  if (compact) facts.push(`compact feasible set: ${compact}`);
  const closed = problem.constraints.every((c) => isEverywhereSmooth(c.fn));
  const coercive = !compact && closed ? proveCoercive(problem, ctx) : undefined;
  if (coercive) facts.push(`coercive objective on a closed feasible set: ${coercive}`);
  const work = `${search.starts} interior-point starts, ${search.iterations} iterations`;
  if (points.length === 0) {
    const infeasible = proveInfeasible(problem, ctx);
    if (infeasible) return { status: 'infeasible', optimum: [], reason: infeasible, certificate: 'proof', facts };
    // The optimum exists wherever the set is nonempty: diverging runs cannot mean unboundedness.
    const attained = compact ? `the feasible set is compact (${compact})` : coercive ? `the objective is coercive (${coercive})` : undefined;
    if (attained) {
      const reason = `${attained}, so an optimum exists if the feasible set is nonempty, but no feasible local optimum was found (${work}); the problem may be infeasible, but that is not established`;
      return { status: 'no_optimum_found', optimum: [], reason, certificate: 'none', facts };
    }
    const reason = search.diverged
      ? `no local optimum was found (${work}): some runs diverged with feasible iterates, which suggests an unbounded objective, but that is not established`
      : `no feasible local optimum was found (${work}); the problem may be infeasible, but that is not established`;
    return { status: 'no_optimum_found', optimum: [], reason, certificate: 'none', facts };
  }
  const s = problem.sense === 'minimize' ? 1 : -1;
  const best = points[0]!;
  const tol = VALUE_TOL * (1 + Math.abs(best.objectiveValue));
  const optimum = points.map((_, i) => i).filter((i) => Math.abs(points[i]!.objectiveValue - best.objectiveValue) <= Math.max(tol, 1e-7 * (1 + Math.abs(best.objectiveValue))));
  const sense = problem.sense === 'minimize' ? 'minimum' : 'maximum';
  if (convex) {
    return {
      status: 'optimal',
      optimum,
      reason: `the problem is convex (${convex}), so the KKT point the interior-point method found is a global ${sense}`,
      certificate: 'convex',
      facts,
    };
  }
  const agreeing = search.optima.filter((o) => Math.abs(s * o.objective - best.objectiveValue) <= 1e-7 * (1 + Math.abs(best.objectiveValue))).length;
  return {
    status: 'optimal',
    optimum,
    reason: `the problem is not proved convex; the best of ${search.optima.length} local optim${search.optima.length === 1 ? 'um' : 'a'} from ${work} is taken (${agreeing} start${agreeing === 1 ? '' : 's'} reached it): numeric evidence, not a proof that it is global`,
    certificate: 'numeric-search',
    facts,
  };
}

/**
 * A proof that the objective is unbounded: no constraints, and f affine with a nonzero
 * constant coefficient (f decreases without bound along that variable). Exact arithmetic
 * on the coefficient, so a coefficient that overflows a double (exp(1000)) still counts.
 */
function proveUnboundedAffine(problem: Problem, ctx: ParameterContext): string | undefined {
  if (problem.constraints.length > 0 || !isAffine(problem.objective, problem.variables)) return undefined;
  for (const v of problem.variables) {
    const d = derivative(problem.objective, v);
    if ([...freeSymbols(d)].some((s) => problem.variables.includes(s))) continue;
    const sign = signOf(d, ctx).sign;
    if (sign === 'positive' || sign === 'negative') {
      const dir = (sign === 'positive') === (problem.sense === 'minimize') ? '-infinity' : '+infinity';
      const text = toText(d);
      const shown = text.length <= 40 ? `the nonzero coefficient ${text}` : `a nonzero constant coefficient (${text.length} characters)`;
      return `there are no constraints and the objective is affine with ${shown} of ${v}, so it is unbounded as ${v} goes to ${dir}`;
    }
  }
  return undefined;
}
