/**
 * Problems with `abs(g)` and `sign(g)` (g smooth), solved piece by piece. On each piece
 * every argument has a fixed sign s_i: sign(g_i) is the constant s_i and abs(g_i) is
 * s_i*g_i, so the piece is a smooth problem with the region constraint s_i*g_i >= 0
 * (g_i = 0 for s_i = 0). The closed regions with s_i = ±1 cover the space; an argument
 * of `sign` also gets the piece g_i = 0 (sign = 0 there, a value neither neighbour
 * has), an argument only of `abs` does not (abs is continuous, its boundary belongs to
 * both neighbours). Every piece goes through the smooth pipeline; a piece's optimum is
 * kept only if it is a feasible point of the original problem with the same objective
 * value (numerically substituted), and the best kept point is the answer. The global
 * claim is proved only when every piece was decided by proof.
 */
import { freeSymbols, mul, num, substitute, topologicalOrder, toText, ZERO, type Call, type Expr } from '../expr/index.js';
import { evaluateAt } from '../parameters/index.js';
import type { Constraint, Problem } from './problem.js';
import { searchFeasibleSet } from './search.js';
import { VALUE_TOL } from './status.js';
import type { Certificate, SolvedPoint, SolveStatus } from './types.js';

/** At most this many smooth pieces are solved (2 per `abs` argument, 3 per `sign` argument). */
export const MAX_PIECES = 64;

/** Feasibility tolerance of the check against the original problem (the numeric search's). */
const FEAS_TOL = 1e-6;

/** The arguments where the problem is not smooth. */
interface Kinks {
  /** Distinct arguments g_i, in order of appearance. */
  readonly args: readonly Expr[];
  /** Whether g_i appears inside `sign` (then g_i = 0 is a piece of its own). */
  readonly inSign: readonly boolean[];
  /** The abs/sign calls, to substitute. */
  readonly calls: readonly Call[];
}

/** The abs/sign calls of the problem; undefined when there are none. */
function kinksOf(problem: Problem): Kinks | undefined {
  const roots = [problem.objective, ...problem.constraints.map((c) => c.fn)];
  const calls = topologicalOrder(roots).filter((n): n is Call => n.kind === 'call' && (n.fn === 'abs' || n.fn === 'sign'));
  if (calls.length === 0) return undefined;
  const args: Expr[] = [];
  const inSign: boolean[] = [];
  for (const c of calls) {
    let i = args.indexOf(c.arg);
    if (i < 0) {
      i = args.length;
      args.push(c.arg);
      inSign.push(false);
    }
    if (c.fn === 'sign') inSign[i] = true;
  }
  return { args, inSign, calls };
}

/**
 * Why the problem cannot be solved piece by piece (nested abs/sign, too many pieces,
 * parameters, an argument without variables); undefined when it can, or is smooth.
 */
export function piecewiseRefusal(problem: Problem): string | undefined {
  const kinks = kinksOf(problem);
  if (!kinks) return undefined;
  if (problem.parameters.length > 0) return 'with parameters the pieces cannot be compared numerically';
  if (kinks.args.some((g) => topologicalOrder([g]).some((n) => n.kind === 'call' && (n.fn === 'abs' || n.fn === 'sign')))) {
    return 'an argument of abs/sign contains abs/sign itself, so the pieces are not smooth';
  }
  if (kinks.args.some((g) => ![...freeSymbols(g)].some((s) => problem.variables.includes(s)))) return 'an argument of abs/sign involves no variable';
  const count = pieceCount(kinks);
  if (count > MAX_PIECES) return `solving piece by piece would take ${count} smooth pieces (more than ${MAX_PIECES})`;
  return undefined;
}

function pieceCount(kinks: Kinks): number {
  return kinks.inSign.reduce((n, s) => n * (s ? 3 : 2), 1);
}

/** Every sign pattern, in a fixed order: +1, −1, then 0 (for arguments of sign). */
function patterns(kinks: Kinks): number[][] {
  let out: number[][] = [[]];
  kinks.inSign.forEach((s) => {
    const values = s ? [1, -1, 0] : [1, -1];
    out = out.flatMap((p) => values.map((v) => [...p, v]));
  });
  return out;
}

/** How a piece reads: `sign(x - 1) = +1, sign(y) = 0`. */
function describe(kinks: Kinks, pattern: readonly number[]): string {
  return kinks.args.map((g, i) => `sign(${toText(g)}) = ${pattern[i]! > 0 ? '+1' : pattern[i]! < 0 ? '-1' : '0'}`).join(', ');
}

/**
 * The smooth problem of one piece, with the original index of each of its inequalities
 * (undefined for a region constraint); a string when a constraint fails on the whole piece.
 */
function pieceProblem(problem: Problem, kinks: Kinks, pattern: readonly number[]): { piece: Problem; original: (number | undefined)[] } | string {
  const map = new Map<Expr, Expr>();
  kinks.calls.forEach((c) => {
    const s = pattern[kinks.args.indexOf(c.arg)]!;
    map.set(c, c.fn === 'sign' ? num(s) : s === 0 ? ZERO : mul(num(s), c.arg));
  });
  const s = (e: Expr): Expr => substitute(e, map);
  const kept: Constraint[] = [];
  for (const c of problem.constraints) {
    const fn = s(c.fn);
    if (freeSymbols(fn).size === 0) {
      // A constant on this piece: true everywhere (dropped) or nowhere (the piece is empty).
      const v = evaluateAt([fn], new Map())[0]!;
      if (c.kind === 'equality' ? v === 0 : v <= 0) continue;
      return `"${c.text}" does not hold anywhere on this piece`;
    }
    kept.push({ ...c, fn, lhs: s(c.lhs), rhs: s(c.rhs) });
  }
  let eq = problem.equalities.length;
  let ineq = problem.inequalities.length;
  const taken = new Set(problem.variables);
  kinks.args.forEach((g, i) => {
    const sign = pattern[i]!;
    const isEq = sign === 0;
    const number = isEq ? ++eq : ++ineq;
    const multiplier = isEq ? `lambda_${number}` : `mu_${number}`;
    // g_j <= 0 convention: s*g >= 0 is -s*g <= 0.
    const fn = isEq ? g : mul(num(-sign), g);
    const op = isEq ? '=' : sign > 0 ? '>=' : '<=';
    taken.add(multiplier);
    kept.push({ index: problem.constraints.length + i, text: `${toText(g)} ${op} 0`, kind: isEq ? 'equality' : 'inequality', number, multiplier, fn, op, lhs: g, rhs: ZERO });
  });
  if (kept.some((c) => problem.variables.includes(c.multiplier))) return 'a region constraint multiplier has the name of a variable';
  const inequalities = kept.filter((c) => c.kind === 'inequality');
  const original = inequalities.map((c) => (c.index < problem.constraints.length ? problem.inequalities.findIndex((o) => o.index === c.index) : undefined));
  return {
    piece: { ...problem, objective: s(problem.objective), constraints: kept, equalities: kept.filter((c) => c.kind === 'equality'), inequalities },
    original,
  };
}

/**
 * A piece's point in the terms of the original problem: active inequalities by their
 * original index (region constraints left out), and multiplier 0 for a constraint that
 * was constant on the piece (always true there, so inactive).
 */
function inOriginalTerms(problem: Problem, original: readonly (number | undefined)[], p: SolvedPoint): SolvedPoint {
  const map = (js: readonly number[]): number[] => js.map((j) => original[j]).filter((j): j is number => j !== undefined);
  const values = new Map(p.values);
  for (const c of problem.constraints) if (!values.has(c.multiplier)) values.set(c.multiplier, ZERO);
  return { ...p, values, active: map(p.active), strictlyActive: map(p.strictlyActive), weaklyActive: map(p.weaklyActive) };
}

/** The outcome of one piece. */
interface PieceOutcome {
  readonly label: string;
  readonly status: SolveStatus;
  /** Decided by proof (optimal with a global certificate, or infeasible by proof). */
  readonly proved: boolean;
  /** The piece's optima that are optima of the original problem (feasible, same value). */
  readonly points: readonly SolvedPoint[];
  /** The piece's best value when its optima were rejected (sign jumps at the boundary). */
  readonly rejectedValue?: number;
  /** Why: optima only where a sign jumps, or only a continuum (not checked against the original). */
  readonly rejectedWhy?: 'jump' | 'continuum';
  /** The value of a continuum of optima of the piece, if it has one. */
  readonly continuumValue?: number;
  readonly note: string;
}

/** The numbers of a point's variables (undefined for a continuum). */
function numbers(problem: Problem, p: SolvedPoint): Map<string, number> | undefined {
  if (p.free && p.free.length > 0) return undefined;
  const env = new Map<string, number>();
  for (const v of problem.variables) env.set(v, evaluateAt([p.values.get(v)!], new Map())[0]!);
  return env;
}

/** Whether a piece's point is a feasible point of the original problem with the piece's objective value. */
function holdsInOriginal(problem: Problem, p: SolvedPoint): boolean {
  const env = numbers(problem, p);
  if (!env) return false;
  const f = evaluateAt([problem.objective], env)[0]!;
  if (!(Math.abs(f - p.objectiveValue) <= VALUE_TOL * (1 + Math.abs(f)))) return false;
  const scale = Math.max(1, ...[...env.values()].map(Math.abs));
  return problem.constraints.every((c) => {
    const v = evaluateAt([c.fn], env)[0]!;
    return c.kind === 'equality' ? Math.abs(v) <= FEAS_TOL * scale : v <= FEAS_TOL * scale;
  });
}

/**
 * Whether a piece's point sits (numerically) on a boundary g_i = 0 of an argument of
 * sign where the original problem differs from the piece (sign(0) = 0, a jump): the
 * piece's value is then its infimum at the boundary, not a value the original takes.
 */
function atJump(problem: Problem, kinks: Kinks, pattern: readonly number[], p: SolvedPoint): boolean {
  const env = numbers(problem, p)!;
  const scale = Math.max(1, ...[...env.values()].map(Math.abs));
  return kinks.args.some((g, i) => {
    if (!kinks.inSign[i] || pattern[i] === 0) return false;
    if (!(Math.abs(evaluateAt([g], env)[0]!) <= FEAS_TOL * scale)) return false;
    const zero = new Map<Expr, Expr>(kinks.calls.filter((c) => c.arg === g).map((c) => [c, ZERO] as [Expr, Expr]));
    const f = evaluateAt([substitute(problem.objective, zero)], env)[0]!;
    if (!(Math.abs(f - p.objectiveValue) <= VALUE_TOL * (1 + Math.abs(f)))) return true;
    return problem.constraints.some((c) => {
      const v = evaluateAt([substitute(c.fn, zero)], env)[0]!;
      return !(c.kind === 'equality' ? Math.abs(v) <= FEAS_TOL * scale : v <= FEAS_TOL * scale);
    });
  });
}

function solvePiece(
  problem: Problem,
  kinks: Kinks,
  pattern: readonly number[],
  options: PieceOptions,
  solve: (p: Problem, o: PieceOptions) => PieceResult,
): PieceOutcome {
  const label = describe(kinks, pattern);
  const built = pieceProblem(problem, kinks, pattern);
  if (typeof built === 'string') return { label, status: 'infeasible', proved: true, points: [], note: `${label}: empty (${built})` };
  const { piece, original: originalIndex } = built;
  const r = solve(piece, { ...(options.seed !== undefined ? { seed: options.seed } : {}), sensitivities: false });
  const proved = (r.status === 'optimal' && (r.certificate === 'convex' || r.certificate === 'compact')) || (r.status === 'infeasible' && r.certificate === 'proof');
  if (r.status === 'optimal') {
    const optima = r.optimum.map((i) => r.points[i]!);
    // A continuum's members are not checked against the original problem (its domain is
    // not known here): only isolated optima are kept, and the reason says so.
    const continua = optima.filter((p) => p.free && p.free.length > 0);
    const isolated = optima.filter((p) => !(p.free && p.free.length > 0));
    const original = isolated.filter((p) => holdsInOriginal(problem, p));
    const points = original.filter((p) => !atJump(problem, kinks, pattern, p)).map((p) => inOriginalTerms(problem, originalIndex, p));
    const value = optima[0]?.objectiveValue;
    const parts = [`${label}: optimal, f = ${value} (${r.certificate})`];
    if (continua.length > 0) parts.push(`a continuum of optima parametrised by ${continua[0]!.free!.join(', ')}, of which only isolated points are reported`);
    if (points.length < isolated.length) parts.push(`${isolated.length - points.length} of ${isolated.length} isolated optima lie where a sign jumps (the original objective or constraints take other values there)`);
    const rejected = points.length === 0 && value !== undefined ? { rejectedValue: value, rejectedWhy: isolated.length > 0 ? 'jump' : 'continuum' } as const : {};
    const continuum = continua.length > 0 && value !== undefined ? { continuumValue: value } : {};
    return { label, status: 'optimal', proved, points, ...rejected, ...continuum, note: parts.join('; ') };
  }
  if (r.status === 'no_optimum_found' && r.points.length === 0) {
    // Nothing found on this piece: a feasibility search (the one the smooth decision runs)
    // finding no point counts as numeric evidence that the piece is empty.
    const feas = searchFeasibleSet(piece, new Map(), { feasibilityOnly: true, seed: options.seed, feasibilityTol: FEAS_TOL, starts: 16 });
    if (!feas.best.some(Boolean)) {
      return { label, status: 'infeasible', proved: false, points: [], note: `${label}: no feasible point found (numeric evidence)` };
    }
  }
  return { label, status: r.status, proved, points: [], note: `${label}: ${r.status} (${r.reason})` };
}

/** The options a piece is solved with (solveProblem's, without progress). */
interface PieceOptions {
  readonly seed?: number;
  readonly sensitivities?: boolean;
}

/** What is read of a piece's solve (solveProblem's result, which is passed in to keep the import one-way). */
interface PieceResult {
  readonly status: SolveStatus;
  readonly certificate: Certificate;
  readonly reason: string;
  readonly points: readonly SolvedPoint[];
  readonly optimum: readonly number[];
}

/** What the piecewise solve decided, for solveProblem to wrap as its result. */
export interface PiecewiseDecision {
  readonly status: SolveStatus;
  readonly points: readonly SolvedPoint[];
  readonly optimum: number[];
  readonly reason: string;
  readonly certificate: Certificate;
  readonly notes: string[];
}

/**
 * Solves a problem with abs/sign (piecewiseRefusal undefined) by solving each smooth
 * piece with `solve` (solveProblem, passed in to keep the import one-way).
 */
export function solvePiecewise(
  problem: Problem,
  options: PieceOptions,
  solve: (p: Problem, o: PieceOptions) => PieceResult,
): PiecewiseDecision {
  const kinks = kinksOf(problem)!;
  const all = patterns(kinks);
  const outcomes = all.map((p) => solvePiece(problem, kinks, p, options, solve));
  const names = kinks.args.map((g, i) => `sign(${toText(g)}) = ${kinks.inSign[i] ? '-1, 0 or +1' : '±1'}`).join(', ');
  const head = `solved on each of the ${all.length} smooth pieces ${names}`;
  const notes = [head, ...outcomes.map((o) => o.note)];
  const s = problem.sense === 'minimize' ? 1 : -1;

  const undecided = outcomes.find((o) => o.status !== 'optimal' && o.status !== 'infeasible');
  if (undecided) {
    return { status: 'no_optimum_found', points: [], optimum: [], reason: `${head}; on the piece ${undecided.label} the answer is ${undecided.status}, so no global optimum is claimed`, certificate: 'none', notes };
  }

  // Distinct points of the original problem (a point on a boundary of abs comes from both pieces).
  const points: SolvedPoint[] = [];
  for (const p of outcomes.flatMap((o) => o.points)) {
    const env = numbers(problem, p)!;
    const same = points.findIndex((q) => problem.variables.every((v) => Math.abs(numbers(problem, q)!.get(v)! - env.get(v)!) <= 1e-9 * (1 + Math.abs(env.get(v)!))));
    if (same < 0) points.push(p);
    else if (p.exact && !points[same]!.exact) points[same] = p;
  }
  const allProved = outcomes.every((o) => o.proved);
  if (points.length === 0) {
    if (outcomes.every((o) => o.status === 'infeasible')) {
      return {
        status: 'infeasible',
        points: [],
        optimum: [],
        reason: `${head}; every piece is infeasible${allProved ? ' (each by proof)' : ' (some only by a numeric search: evidence, not a proof)'}`,
        certificate: allProved ? 'proof' : 'numeric-search',
        notes,
      };
    }
    return { status: 'no_optimum_found', points: [], optimum: [], reason: `${head}; the optima of the pieces lie where a sign jumps and are not attained by the original objective`, certificate: 'none', notes };
  }

  const best = points.reduce((a, b) => (s * b.objectiveValue < s * a.objectiveValue ? b : a)).objectiveValue;
  const tol = Math.max(VALUE_TOL * (1 + Math.abs(best)), 1e-7 * (1 + Math.abs(best)));
  const jump = outcomes.find((o) => o.rejectedValue !== undefined && s * o.rejectedValue < s * best - tol);
  if (jump) {
    return {
      status: 'no_optimum_found',
      points,
      optimum: [],
      reason:
        jump.rejectedWhy === 'continuum'
          ? `${head}; the piece ${jump.label} has a continuum of optima with f = ${jump.rejectedValue}, better than every isolated point found, which is not checked against the original problem`
          : `${head}; the optimum of the piece ${jump.label}, f = ${jump.rejectedValue}, better than every point found, lies where a sign's argument is 0 and the sign jumps, so the original problem does not attain it there (its infimum may be unattained)`,
      certificate: 'none',
      notes,
    };
  }
  const optimum = points.map((_, i) => i).filter((i) => Math.abs(points[i]!.objectiveValue - best) <= tol);
  const continuum = outcomes.some((o) => o.continuumValue !== undefined && Math.abs(o.continuumValue - best) <= tol);
  const more = continuum ? '; the optima include a continuum, of which the isolated optima are reported' : '';
  return {
    status: 'optimal',
    points,
    optimum,
    reason: allProved
      ? `${head}; each piece was decided by proof (a global certificate or infeasibility), and the best of the pieces' optima is taken${more}`
      : `${head}; the best of the pieces' optima is taken${more}, but some pieces were decided only numerically (numeric evidence, not a proof that it is global)`,
    certificate: allProved ? 'piecewise' : 'numeric-search',
    notes,
  };
}
