/**
 * `optimize` on a problem of `lagrangian solve`'s model: compile the objective (negated
 * for maximisation) and the constraints, recognise a projection for projected gradient
 * descent, decide which methods can handle the constraints, check the starts, run the
 * chosen method from every start, and name the results by variable and multiplier.
 */
import { freeSymbols, neg, type Expr } from '../expr/index.js';
import {
  METHOD_NEEDS,
  METHODS,
  minimize,
  type BatchResult,
  type ConstraintFunctions,
  type Method,
  type OptimizeOptions,
  type RunResult,
  type RunStatus,
  type Trajectory,
} from '../numeric/index.js';
import { InputError } from '../input/index.js';
import { compileConstraints, compileObjective, type CompiledObjective } from './objective.js';
import { recognizeProjection, type ConstraintInput, type Recognition } from './recognize.js';

/** The problem (structurally the Problem of src/lagrange, after parameters were given numbers). */
export interface OptimizationProblem {
  readonly variables: readonly string[];
  readonly objective: Expr;
  readonly sense: 'minimize' | 'maximize';
  readonly constraints: readonly (ConstraintInput & { readonly multiplier: string })[];
}

/** Raised for input the optimiser cannot take (a start of the wrong size, a symbol without a value): an InputError about the whole problem. */
export class OptimizeInputError extends InputError {
  override name = 'OptimizeInputError';
  constructor(reason: string) {
    super(reason, '');
  }
}

/** A problem compiled once, ready to run any method. */
export interface PreparedProblem {
  readonly problem: OptimizationProblem;
  /** The function minimised: f, or −f for maximisation. */
  readonly objective: CompiledObjective;
  readonly constraints: ConstraintFunctions;
  readonly projection: Recognition;
  /** The methods that can handle this problem's constraints, in the CLI's order. */
  readonly methods: readonly Method[];
  /** Multiplier names, equalities first then inequalities (the order of RunResult.multipliers). */
  readonly multiplierNames: readonly string[];
}

/** Compiles the problem and works out which methods fit it. */
export function prepareProblem(problem: OptimizationProblem): PreparedProblem {
  const known = new Set(problem.variables);
  const check = (e: Expr, what: string) => {
    for (const s of freeSymbols(e)) {
      if (!known.has(s)) throw new OptimizeInputError(`${what} depends on "${s}", which is not a variable; a numeric optimiser needs numbers for every parameter (give "parameter_values")`);
    }
  };
  check(problem.objective, 'the objective');
  problem.constraints.forEach((c) => check(c.fn, `the constraint "${c.text}"`));
  const minimised = problem.sense === 'maximize' ? neg(problem.objective) : problem.objective;
  const eqs = problem.constraints.filter((c) => c.kind === 'equality');
  const ineqs = problem.constraints.filter((c) => c.kind === 'inequality');
  const projection = recognizeProjection(problem.constraints, problem.variables);
  const constrained = problem.constraints.length > 0;
  const methods = METHODS.filter((m) => {
    const need = METHOD_NEEDS[m];
    if (need === 'unconstrained') return !constrained;
    if (need === 'projection') return projection.ok;
    return constrained;
  });
  return {
    problem,
    objective: compileObjective(minimised, problem.variables),
    constraints: compileConstraints(
      eqs.map((c) => c.fn),
      ineqs.map((c) => c.fn),
      problem.variables,
    ),
    projection,
    methods,
    multiplierNames: [...eqs, ...ineqs].map((c) => c.multiplier),
  };
}

/** Why `method` cannot handle the problem (naming the methods that can), or undefined when it can. */
export function unsupportedReason(prepared: PreparedProblem, method: Method): string | undefined {
  if (prepared.methods.includes(method)) return undefined;
  const alternatives = prepared.methods.length > 0 ? prepared.methods.join(', ') : 'none of the methods';
  const need = METHOD_NEEDS[method];
  if (need === 'unconstrained') {
    const which = prepared.problem.constraints.map((c) => `"${c.text}"`).join(', ');
    const proj = prepared.projection.ok ? ` (projected would project onto ${prepared.projection.projection.description})` : '';
    return `${method} handles unconstrained problems only, and this problem has constraints (${which}); methods that can handle them: ${alternatives}${proj}`;
  }
  if (need === 'projection') {
    const why = prepared.projection.ok ? '' : prepared.projection.reason;
    return `projected gradient descent needs a feasible set it can project onto (spheres, balls, boxes, simplices, hyperplanes, half-spaces on disjoint variables): ${why}; methods that can handle these constraints: ${alternatives}`;
  }
  return `${method} needs constraints (it ascends in their multipliers) and this problem has none; methods for an unconstrained problem: ${alternatives}`;
}

/** One run, named by the problem's variables and multipliers, with the objective in the problem's own sense. */
export interface NamedRun {
  readonly status: RunStatus;
  readonly reason: string;
  readonly point: Readonly<Record<string, number>>;
  readonly x: Float64Array;
  /** The objective as written (for maximisation, f itself, not −f). */
  readonly objective: number;
  readonly iterations: number;
  readonly gradientNorm: number;
  readonly constraintViolation: number;
  readonly evaluations: number;
  readonly multipliers?: Readonly<Record<string, number>>;
  readonly trajectory?: Trajectory;
  readonly info?: Readonly<Record<string, number>>;
}

/** The outcome of `optimizeProblem`. */
export interface OptimizeReport {
  /** The best run's status; `unsupported` when the method cannot handle the constraints. */
  readonly status: RunStatus | 'unsupported';
  readonly method: Method;
  /** Set when status is `unsupported`: why, and which methods can. */
  readonly message?: string;
  readonly runs: readonly NamedRun[];
  /** Index of the best run (-1 when there is none). */
  readonly best: number;
  readonly methods: readonly Method[];
  /** The feasible set projected gradient descent projects onto, in words (when recognised). */
  readonly projection?: string;
}

/**
 * Runs `method` from each start (each a list of numbers in the order of the variables).
 * Throws OptimizeInputError for a start of the wrong size or with a non-finite entry.
 */
export function optimizeProblem(prepared: PreparedProblem, method: Method, starts: readonly (readonly number[])[], options: OptimizeOptions = {}): OptimizeReport {
  if (!METHODS.includes(method)) throw new OptimizeInputError(`unknown method "${method}"; choose one of ${METHODS.join(', ')}`);
  const { problem } = prepared;
  const d = problem.variables.length;
  if (starts.length === 0) throw new OptimizeInputError('no starting point: give "start" as a list of numbers (or a list of such lists)');
  starts.forEach((s, i) => {
    const label = starts.length === 1 ? 'the start' : `start ${i + 1}`;
    if (s.length !== d) {
      throw new OptimizeInputError(`${label} has ${s.length} number${s.length === 1 ? '' : 's'}, but the problem has ${d} variable${d === 1 ? '' : 's'} (${problem.variables.join(', ')}); give one number per variable, in that order`);
    }
    s.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptimizeInputError(`${label} has ${JSON.stringify(v)} for ${problem.variables[j]}; every coordinate must be a finite number`);
    });
  });
  const base = {
    method,
    methods: prepared.methods,
    ...(prepared.projection.ok && prepared.problem.constraints.length > 0 ? { projection: prepared.projection.projection.description } : {}),
  };
  const why = unsupportedReason(prepared, method);
  if (why) return { ...base, status: 'unsupported', message: why, runs: [], best: -1 };
  const flat = Float64Array.from(starts.flat());
  const batch: BatchResult = minimize(method, prepared.objective, flat, starts.length, {
    ...options,
    constraints: prepared.constraints,
    ...(method === 'projected' && prepared.projection.ok ? { projection: prepared.projection.projection } : {}),
  });
  const runs = batch.runs.map((r) => nameRun(prepared, r));
  const status: RunStatus = batch.best >= 0 ? batch.runs[batch.best]!.status : 'diverged';
  return { ...base, status, runs, best: batch.best };
}

function nameRun(prepared: PreparedProblem, r: RunResult): NamedRun {
  const { problem } = prepared;
  const sign = problem.sense === 'maximize' ? -1 : 1;
  return {
    status: r.status,
    reason: r.reason,
    point: Object.fromEntries(problem.variables.map((v, i) => [v, r.x[i]!])),
    x: r.x,
    objective: sign * r.value,
    iterations: r.iterations,
    gradientNorm: r.gradientNorm,
    constraintViolation: r.constraintViolation,
    evaluations: r.evaluations,
    ...(r.multipliers ? { multipliers: Object.fromEntries(prepared.multiplierNames.map((m, i) => [m, r.multipliers![i]!])) } : {}),
    ...(r.trajectory ? { trajectory: { points: r.trajectory.points, values: r.trajectory.values.map((v) => sign * v) } } : {}),
    ...(r.info ? { info: r.info } : {}),
  };
}
