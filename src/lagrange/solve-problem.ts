/**
 * The whole of `lagrangian solve` as one pure function: Lagrangian, KKT conditions,
 * active-set solutions, verification, classification, the global decision and the
 * sensitivities. Printing (JSON, text, LaTeX, HTML) is done from its result elsewhere.
 */
import { freeSymbols, num, substitute, sym, toText, topologicalOrder, type Expr } from '../expr/index.js';
import { tidy } from './tidy.js';
import { enumerateKkt, enumerationWork, MAX_SYSTEM_WORK, MAX_SYSTEMS, MAX_WORK } from './activeset.js';
import { classifyPoint, secondOrderData } from './classify.js';
import { evaluateAt, signOf, type ParameterContext } from '../parameters/index.js';
import { problemContext } from './parameters.js';
import { isAffine } from './geometry.js';
import { irregularPoints } from './irregular.js';
import { kktConditions, lagrangian, stationarity, type Condition } from './lagrangian.js';
import type { Constraint, Problem } from './problem.js';
import { sensitivities } from './sensitivity.js';
import { numericPath } from './numeric-path.js';
import { piecewiseRefusal, solvePiecewise } from './piecewise.js';
import { dedupeClusters, snapPoint } from './snap.js';
import { decideNumeric, decideStatus } from './status.js';
import type { ActiveSetRecord, Certificate, KktPoint, Sensitivity, SolveProgress, SolveStatus, SolvedPoint } from './types.js';
import { kktResiduals } from './verify.js';

/** Options of `solveProblem`. */
export interface SolveProblemOptions {
  /** Seed of every numeric start (solver and search). */
  readonly seed?: number;
  /** Compute sensitivities (default true). */
  readonly sensitivities?: boolean;
  /** Told how far the long stages are (active-set systems, interior-point starts); for a progress display, never for the answer. */
  readonly onProgress?: (progress: SolveProgress) => void;
}

/** Everything `solve` found, in the order a derivation presents it. */
export interface SolveProblemResult {
  readonly problem: Problem;
  readonly lagrangian: Expr;
  /** Multipliers with their constraints, equalities first. */
  readonly multipliers: readonly { readonly name: string; readonly constraint: Constraint }[];
  readonly conditions: readonly Condition[];
  /** Feasible KKT points (and irregular points), in the order found. */
  readonly points: readonly SolvedPoint[];
  readonly records: readonly ActiveSetRecord[];
  readonly status: SolveStatus;
  readonly optimum: readonly number[];
  readonly reason: string;
  readonly certificate: Certificate;
  /** Convexity / compactness facts established. */
  readonly facts: readonly string[];
  readonly sensitivities: readonly Sensitivity[];
  readonly notes: readonly string[];
  /** The parameter context (samples used for parametric checks). */
  readonly context: ParameterContext;
}

/** Solves a validated problem. */
export function solveProblem(problem: Problem, options: SolveProblemOptions = {}): SolveProblemResult {
  const ctx = problemContext(problem);
  const L = lagrangian(problem);
  const conditions = kktConditions(problem);
  const multipliers = [...problem.equalities, ...problem.inequalities].map((c) => ({ name: c.multiplier, constraint: c }));
  const base = { problem, lagrangian: L, multipliers, conditions, context: ctx };

  const nonsmooth = decisionForNonsmooth(problem);
  if (nonsmooth && piecewiseRefusal(problem) === undefined) {
    return { ...base, records: [], facts: [], sensitivities: [], ...solvePiecewise(problem, options, solveProblem) };
  }
  if (nonsmooth) {
    return { ...base, points: [], records: [], status: 'no_optimum_found', optimum: [], reason: nonsmooth, certificate: 'none', facts: [], sensitivities: [], notes: [] };
  }

  const undefinedValue = decisionForUndefined(problem);
  if (undefinedValue) {
    return { ...base, points: [], records: [], status: 'no_optimum_found', optimum: [], reason: undefinedValue, certificate: 'none', facts: [], sensitivities: [], notes: [] };
  }
  const notes: string[] = [];
  const plan = enumerationWork(problem);
  if (!plan.fits) return solveNumerically(problem, base, plan, options);
  const onSystem = options.onProgress && ((done: number, total: number, points: number) => options.onProgress!({ stage: 'active sets', done, total, points }));
  const enumeration = enumerateKkt(problem, ctx, { seed: options.seed, ...(onSystem ? { onSystem } : {}) });
  notes.push(...enumeration.notes);
  let candidates: KktPoint[] = [...enumeration.points];

  // Irregular points (where no multipliers need exist) are candidates too wherever a
  // constraint is nonlinear: the optimum of min x s.t. y^2 <= x^3 is one.
  let irregularChecked = false;
  if (problem.constraints.some((c) => !isAffine(c.fn, problem.variables))) {
    const irr = irregularPoints(problem, ctx, options.seed);
    irregularChecked = irr.complete;
    for (const q of irr.points) {
      if (!candidates.some((c) => problem.variables.every((v) => c.values.get(v) === q.values.get(v)))) candidates.push(q);
    }
    if (irr.points.length > 0) notes.push(`${irr.points.length} irregular point(s): the active constraint gradients are linearly dependent there`);
  }

  // Numeric points: polished, recognised exactly where a closed form checks, one per cluster.
  candidates = dedupeClusters(problem, candidates.map((p) => snapPoint(problem, p, ctx) ?? p));
  const data = secondOrderData(problem);
  const grad = stationarity(problem);
  const points = candidates.map((p) => finishPoint(problem, p, data, grad, ctx));
  const decision = decideStatus(problem, {
    points,
    complete: enumeration.complete,
    underdetermined: enumeration.underdetermined,
    irregularChecked,
    ctx,
    seed: options.seed,
  });
  // The enumeration could not decide (a system solved only numerically, or the search
  // inconclusive): the interior-point method's local optima decide instead, where it can run.
  if (decision.status === 'no_optimum_found' && (problem.parameters.length === 0 || ctx.hasUserValues)) {
    const numeric = solveNumerically(problem, base, { systems: enumeration.records.length, work: 0, fits: true }, options);
    if (numeric.status === 'optimal') {
      return { ...numeric, notes: [...notes, `the enumeration could not decide (${decision.reason}); the interior-point method answers`, ...numeric.notes.slice(1)] };
    }
  }
  // Sensitivities need multipliers: a KKT point (not an irregular point or a continuum).
  const best = decision.optimum.length > 0 ? points[decision.optimum[0]!]! : undefined;
  const sens =
    decision.status === 'optimal' && options.sensitivities !== false && best && best.kind === 'kkt' && !(best.free && best.free.length > 0)
      ? sensitivities(problem, best, ctx)
      : [];
  if (decision.status === 'optimal' && best && best.kind !== 'kkt') notes.push('no sensitivities: the optimum is an irregular point, where multipliers need not exist');
  return {
    ...base,
    points,
    records: enumeration.records,
    status: decision.status,
    optimum: decision.optimum,
    reason: decision.reason,
    certificate: decision.certificate,
    facts: decision.facts,
    sensitivities: sens,
    notes,
  };
}

/**
 * The numeric path (enumeration too much work): interior-point multistart, the best local
 * optimum's active set solved exactly where it can be, and a decision that says how
 * global the answer is.
 */
function solveNumerically(
  problem: Problem,
  base: Pick<SolveProblemResult, 'problem' | 'lagrangian' | 'multipliers' | 'conditions' | 'context'>,
  plan: ReturnType<typeof enumerationWork>,
  options: SolveProblemOptions,
): SolveProblemResult {
  const ctx = base.context;
  const why =
    plan.systems > MAX_SYSTEMS
      ? `more than ${MAX_SYSTEMS} active sets to enumerate (${problem.inequalities.length} inequality constraints)`
      : `the active-set systems' work estimate (Bézout numbers: ${MAX_SYSTEM_WORK} per system, ${MAX_WORK} in all) is exceeded`;
  const notes = [`active-set enumeration not attempted: ${why}; the interior-point method answers`];
  if (problem.parameters.length > 0 && !ctx.hasUserValues) {
    const reason = `${why}, and the numeric path needs parameter_values`;
    return { ...base, points: [], records: [], status: 'no_optimum_found', optimum: [], reason, certificate: 'none', facts: [], sensitivities: [], notes };
  }
  const run = numericPath(problem, ctx, options.seed ?? 1, options.onProgress);
  notes.push(...run.notes);
  const data = secondOrderData(problem);
  const grad = stationarity(problem);
  const points = dedupeClusters(problem, run.points.map((p) => snapPoint(problem, p, ctx) ?? p)).map((p) => finishPoint(problem, p, data, grad, ctx));
  const decision = decideNumeric(problem, { points, search: run.search, ctx });
  const best = decision.optimum.length > 0 ? points[decision.optimum[0]!]! : undefined;
  const sens = decision.status === 'optimal' && options.sensitivities !== false && best && best.exact ? sensitivities(problem, best, ctx) : [];
  return { ...base, points, records: run.records, ...decision, sensitivities: sens, notes };
}

/** Objective, activity, classification and residuals of one point. */
function finishPoint(
  problem: Problem,
  p: KktPoint,
  data: ReturnType<typeof secondOrderData>,
  grad: readonly Expr[],
  ctx: ParameterContext,
): SolvedPoint {
  const binding = new Map<Expr, Expr>([...p.values].map(([k, v]) => [sym(k), v] as [Expr, Expr]));
  const env = ctx.samples[0] ?? new Map<string, number>();
  const numericEnv = problem.parameters.length === 0 || ctx.hasUserValues;
  let objective: Expr;
  let objectiveValue: number;
  if (p.free && p.free.length > 0) {
    objective = p.exact ? tidy(substitute(problem.objective, binding), ctx) : substitute(problem.objective, binding);
    const constant = p.free.every((f) => !freeSymbols(objective).has(f));
    objectiveValue = constant && numericEnv ? evaluateAt([objective], env)[0]! : (p.familyBest ?? NaN);
  } else if (p.exact) {
    objective = tidy(substitute(problem.objective, binding), ctx);
    objectiveValue = numericEnv ? evaluateAt([objective], env)[0]! : NaN;
  } else {
    const vals = new Map(env);
    for (const [k, v] of p.values) vals.set(k, evaluateAt([v], env)[0]!);
    objectiveValue = evaluateAt([problem.objective], vals)[0]!;
    objective = Number.isFinite(objectiveValue) ? num(objectiveValue) : substitute(problem.objective, binding);
  }

  const strictlyActive: number[] = [];
  const weaklyActive: number[] = [];
  problem.inequalities.forEach((c, j) => {
    const g = substitute(c.fn, binding);
    const gZero = p.active.includes(j) || signOf(g, ctx).sign === 'zero';
    if (!gZero) return;
    const mu = p.values.get(c.multiplier)!;
    const muSign = p.exact ? signOf(mu, ctx).sign : Math.abs(evaluateAt([mu], env)[0]!) <= 1e-9 ? 'zero' : 'positive';
    if (muSign === 'zero' || p.kind === 'irregular') weaklyActive.push(j);
    else strictlyActive.push(j);
  });

  const notes: string[] = [];
  let classification: SolvedPoint['classification'] = 'unknown';
  let evidence: SolvedPoint['classificationEvidence'] = 'none';
  let eigenvalues: number[] = [];
  let dim = 0;
  if (p.kind === 'kkt' && !(p.free && p.free.length > 0)) {
    const r = classifyPoint(problem, data, p.values, p.exact, strictlyActive, weaklyActive, ctx);
    classification = r.classification;
    evidence = r.evidence;
    eigenvalues = r.eigenvalues;
    dim = r.tangentDimension;
    notes.push(...r.notes);
  } else if (p.kind === 'irregular') {
    notes.push('irregular point: the active constraint gradients are linearly dependent, so no second-order test applies');
  } else {
    classification = 'degenerate';
    notes.push(`a continuum of KKT points, parametrised by ${p.free!.join(', ')}`);
  }
  const residuals = p.kind === 'kkt' ? kktResiduals(problem, p, ctx, grad) : { stationarity: NaN, primal: 0, dual: 0, complementary: 0, exact: false };
  return {
    ...p,
    objective,
    objectiveValue,
    classification,
    classificationEvidence: evidence,
    reducedEigenvalues: eigenvalues,
    tangentDimension: dim,
    strictlyActive,
    weaklyActive,
    residuals,
    notes,
  };
}

/**
 * The reason the KKT conditions do not apply, when the problem uses abs or sign (not
 * differentiable where the argument is 0, which is typically where optima sit), with
 * the standard smooth reformulation; undefined for smooth problems.
 */
export function decisionForNonsmooth(problem: Problem): string | undefined {
  const found: string[] = [];
  for (const [where, e] of [['the objective', problem.objective], ...problem.constraints.map((c) => [`"${c.text}"`, c.fn] as const)] as const) {
    for (const node of topologicalOrder([e])) {
      if (node.kind === 'call' && (node.fn === 'abs' || node.fn === 'sign')) found.push(`${toText(node)} in ${where}`);
    }
  }
  if (found.length === 0) return undefined;
  const refusal = piecewiseRefusal(problem);
  return `${found.join(', ')} is not differentiable where its argument is 0, so the KKT conditions (gradients) do not apply there${refusal ? `, and ${refusal}` : ''}; rewrite abs(u) with a new variable t and the constraints t >= u, t >= -u`;
}

/**
 * The reason the problem has no real values, when a constant part of the objective or a
 * constraint is not a real number (log(-1), sqrt(-2)): no point can be optimal or
 * feasible, and calling it infeasible would blame the constraints. Undefined otherwise.
 */
export function decisionForUndefined(problem: Problem): string | undefined {
  for (const [where, e] of [['the objective', problem.objective], ...problem.constraints.map((c) => [`"${c.text}"`, c.fn] as const)] as const) {
    for (const node of topologicalOrder([e])) {
      if (node.kind !== 'call' || freeSymbols(node).size > 0) continue;
      const v = evaluateAt([node], new Map())[0]!;
      if (Number.isNaN(v)) return `${toText(node)} in ${where} has no real value, so ${where === 'the objective' ? 'the objective is not a real function' : 'the constraint does not define a set of real points'}`;
    }
  }
  return undefined;
}
