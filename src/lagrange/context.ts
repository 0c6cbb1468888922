/**
 * What the lagrange room knows about the parameters of a problem: the assumptions in
 * the structural form the solver takes, a set of parameter samples that satisfy every
 * assumption (for numeric checks of parametric answers), and numeric evaluation.
 *
 * Samples are drawn by a seeded generator, so every decision made on them is
 * reproducible. When the problem file gives `parameter_values`, they are the first
 * sample, and decisions that could not be proved symbolically are made there.
 */
import { Assumptions, freeSymbols, isNumber, sub, type Expr, type SignFact } from '../expr/index.js';
import { evaluateAll } from '../compile/index.js';
import type { SolveAssumptions } from '../solve/index.js';
import type { Assumption, Problem } from './problem.js';
import { seededRandom } from '../numeric/index.js';
/** Re-exported so this room's callers keep one import. */
export { seededRandom };

/** Parameter facts and samples shared by every check of one problem. */
export interface ParameterContext {
  readonly parameters: readonly string[];
  readonly positive: ReadonlySet<string>;
  readonly nonnegative: ReadonlySet<string>;
  readonly negative: ReadonlySet<string>;
  readonly nonpositive: ReadonlySet<string>;
  readonly nonzero: ReadonlySet<string>;
  /** Differences d = lhs − rhs of the assumptions with their known sign (d > 0, d >= 0, d != 0). */
  readonly knownSigns: ReadonlyMap<Expr, '>' | '>=' | '!='>;
  /** Parameter samples satisfying every assumption; the first is `parameter_values` when given. */
  readonly samples: readonly ReadonlyMap<string, number>[];
  /** True when the first sample is the user's `parameter_values`. */
  readonly hasUserValues: boolean;
  /** The same one-symbol facts for the expression room's sign inference. */
  readonly assumptions: Assumptions;
}

/** Number of parameter samples used for numeric checks of parametric answers. */
export const SAMPLE_COUNT = 12;

/** Builds the context of a problem (seeded; deterministic). */
export function parameterContext(problem: Problem, seed = 7): ParameterContext {
  const positive = new Set<string>();
  const nonnegative = new Set<string>();
  const negative = new Set<string>();
  const nonpositive = new Set<string>();
  const nonzero = new Set<string>();
  const knownSigns = new Map<Expr, '>' | '>=' | '!='>();
  for (const a of problem.assumptions) {
    const { d, op } = normalise(a);
    if (op === '=') continue;
    knownSigns.set(d, op);
    // Simple facts about one parameter: `a > 0`, `0 < a`, `a >= 0`, `a != 0`.
    if (d.kind === 'sym') {
      if (op === '>') positive.add(d.name);
      if (op === '>=') nonnegative.add(d.name);
      if (op === '!=') nonzero.add(d.name);
    } else if (d.kind === 'mul' && d.factors.length === 2 && isNumber(d.factors[0]!, -1) && d.factors[1]!.kind === 'sym') {
      const name = d.factors[1].name;
      if (op === '>') negative.add(name);
      if (op === '>=') nonpositive.add(name);
      if (op === '!=') nonzero.add(name);
    }
  }
  for (const p of positive) {
    nonnegative.add(p);
    nonzero.add(p);
  }
  for (const p of negative) {
    nonpositive.add(p);
    nonzero.add(p);
  }
  const samples = drawSamples(problem, { positive, nonnegative, negative, nonpositive, nonzero }, seed);
  return {
    assumptions: assumptionsOf({ positive, nonnegative, negative, nonpositive, nonzero }),
    parameters: problem.parameters,
    positive,
    nonnegative,
    negative,
    nonpositive,
    nonzero,
    knownSigns,
    samples,
    hasUserValues: problem.parameterValues !== undefined,
  };
}

/** One-symbol facts as the expression room's Assumptions (strongest fact per name). */
export function assumptionsOf(f: {
  positive: ReadonlySet<string>;
  nonnegative: ReadonlySet<string>;
  negative: ReadonlySet<string>;
  nonpositive: ReadonlySet<string>;
  nonzero: ReadonlySet<string>;
}): Assumptions {
  const facts: [string, SignFact][] = [];
  for (const n of f.positive) facts.push([n, 'positive']);
  for (const n of f.negative) facts.push([n, 'negative']);
  for (const n of f.nonnegative) if (!f.positive.has(n)) facts.push([n, 'nonnegative']);
  for (const n of f.nonpositive) if (!f.negative.has(n)) facts.push([n, 'nonpositive']);
  for (const n of f.nonzero) if (!f.positive.has(n) && !f.negative.has(n)) facts.push([n, 'nonzero']);
  try {
    return new Assumptions(facts);
  } catch {
    return Assumptions.NONE; // contradictory facts: no inference from them
  }
}

/** The assumptions in the form `solveSystem` takes. */
export function solveAssumptions(ctx: ParameterContext): SolveAssumptions {
  return { positive: [...ctx.positive], nonnegative: [...ctx.nonnegative], nonzero: [...ctx.nonzero] };
}

/** `lhs op rhs` as `d op' 0` with op' in {>, >=, !=, =} (flipping < and <=). */
function normalise(a: Assumption): { d: Expr; op: '>' | '>=' | '!=' | '=' } {
  const diff = sub;
  switch (a.op) {
    case '>':
    case '>=':
    case '!=':
    case '=':
      return { d: diff(a.lhs, a.rhs), op: a.op };
    case '<':
      return { d: diff(a.rhs, a.lhs), op: '>' };
    case '<=':
      return { d: diff(a.rhs, a.lhs), op: '>=' };
  }
}


function drawSamples(
  problem: Problem,
  facts: { positive: Set<string>; nonnegative: Set<string>; negative: Set<string>; nonpositive: Set<string>; nonzero: Set<string> },
  seed: number,
): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  if (problem.parameterValues) out.push(new Map(problem.parameterValues));
  if (problem.parameters.length === 0) return out.length ? out : [new Map()];
  const rand = seededRandom(seed);
  const holds = (m: Map<string, number>): boolean =>
    problem.assumptions.every((a) => {
      const [l, r] = evaluateAll([a.lhs, a.rhs], m);
      if (!Number.isFinite(l!) || !Number.isFinite(r!)) return false;
      switch (a.op) {
        case '>':
          return l! > r!;
        case '>=':
          return l! >= r!;
        case '<':
          return l! < r!;
        case '<=':
          return l! <= r!;
        case '!=':
          return l! !== r!;
        case '=':
          return Math.abs(l! - r!) <= 1e-12 * (1 + Math.abs(l!));
      }
    });
  for (let tries = 0; out.length < SAMPLE_COUNT && tries < 4000; tries++) {
    const m = new Map<string, number>();
    for (const p of problem.parameters) {
      // Magnitudes spread over [0.2, 5], in a value that is not a small rational, so that
      // accidental cancellations are unlikely; signs respect the simple facts.
      let v = Math.exp((rand() * 2 - 1) * Math.log(5)) * (1 + rand() * 1e-3);
      const canBeNegative = !facts.positive.has(p) && !facts.nonnegative.has(p);
      const canBePositive = !facts.negative.has(p) && !facts.nonpositive.has(p);
      if (!canBePositive || (canBeNegative && rand() < 0.5)) v = -v;
      m.set(p, v);
    }
    if (holds(m)) out.push(m);
  }
  if (out.length === 0) out.push(new Map(problem.parameters.map((p) => [p, 1])));
  return out;
}

/** Values of the expressions at one binding of all their symbols (NaN where undefined). */
export function evaluateAt(es: readonly Expr[], env: ReadonlyMap<string, number>): number[] {
  try {
    return evaluateAll(es, env);
  } catch {
    return es.map(() => NaN);
  }
}

/** Does the expression mention any parameter? */
export function isParametric(e: Expr, ctx: ParameterContext): boolean {
  for (const s of freeSymbols(e)) if (ctx.parameters.includes(s)) return true;
  return false;
}
