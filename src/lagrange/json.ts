/**
 * The JSON of `lagrangian solve --json`, exactly as INTERFACE.md names its fields, plus
 * added fields (`reason`, `certificate`, `sense`, `convention`, per-solution `active`,
 * `residuals`, `kind`, `notes`; `sensitivities`). Field names are never renamed.
 *
 * Values: `text` is exact where the point is exact (`1/2`, `sqrt(2)`), else the double
 * in shortest round-trip form; `value` is the double, omitted when the text depends on
 * the parameters.
 */
import { decimalMathText, mathTextOf, type ExprJson } from '../document/index.js';
import { freeSymbols, sym, toLatex, toText, type Expr } from '../expr/index.js';
import { evaluateAt } from '../parameters/index.js';
import type { SolveProblemResult } from './solve-problem.js';
import type { SolvedPoint } from './types.js';

/** `{text, value?}` of a number in a solution. */
export interface ValueJson {
  text: string;
  value?: number | null;
}

/** One solution of the JSON output. */
export interface SolutionJson {
  point: Record<string, ValueJson>;
  multipliers: Record<string, ValueJson>;
  objective: ValueJson;
  classification: SolvedPoint['classification'];
  exact: boolean;
  kind: 'kkt' | 'irregular';
  active: string[];
  residuals: { stationarity: number | null; primal: number | null; dual: number | null; complementary: number | null; exact: boolean };
  conditions?: string[];
  free?: string[];
  domain?: string[];
  notes?: string[];
}

/** The whole JSON document of `solve`. */
export interface SolveJson {
  status: SolveProblemResult['status'];
  reason: string;
  sense: 'minimize' | 'maximize';
  convention: string;
  lagrangian: { text: string; latex: string };
  multipliers: Record<string, string>;
  conditions: { kind: string; text: string; latex: string }[];
  solutions: SolutionJson[];
  optimum: number[];
  certificate: string;
  facts: string[];
  sensitivities: {
    target: string;
    kind: 'parameter' | 'rhs';
    derivative: { text: string; latex: string; value?: number | null };
    finite_difference?: number;
    relative_error?: number;
    note: string;
  }[];
  notes: string[];
}

const REL_LATEX: Record<string, string> = { '=': '=', '<=': '\\le', '>=': '\\ge' };

/** The convention sentence stated in every output. */
export function conventionText(sense: 'minimize' | 'maximize'): string {
  return sense === 'minimize'
    ? 'L = f + sum_i lambda_i h_i + sum_j mu_j g_j with h_i = 0, g_j <= 0, mu_j >= 0'
    : 'L = f - sum_i lambda_i h_i - sum_j mu_j g_j with h_i = 0, g_j <= 0, mu_j >= 0 (the multipliers of minimising -f)';
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Builds the JSON document of a solve result. */
export function solveResultJson(result: SolveProblemResult): SolveJson {
  const { problem } = result;
  // `value` is omitted where the text depends on a parameter (or a free unknown of a
  // continuum); a constant still gets its double, as in INTERFACE.md's example.
  const value = (e: Expr, exact: boolean): ValueJson => {
    if (freeSymbols(e).size > 0) return { text: toText(e) };
    const v = evaluateAt([e], new Map())[0]!;
    return { text: exact || e.kind !== 'num' ? toText(e) : String(v), value: finite(v) };
  };
  const multipliers: Record<string, string> = {};
  for (const m of result.multipliers) multipliers[m.name] = m.constraint.text;

  const solutions: SolutionJson[] = result.points.map((p) => {
    const point: Record<string, ValueJson> = {};
    for (const v of problem.variables) point[v] = value(p.values.get(v) ?? sym(v), p.exact);
    const mults: Record<string, ValueJson> = {};
    if (p.kind === 'kkt') for (const m of result.multipliers) mults[m.name] = value(p.values.get(m.name)!, p.exact);
    const out: SolutionJson = {
      point,
      multipliers: mults,
      objective: value(p.objective, p.exact),
      classification: p.classification,
      exact: p.exact,
      kind: p.kind,
      active: p.active.map((j) => problem.inequalities[j]!.multiplier),
      residuals: {
        stationarity: finite(p.residuals.stationarity),
        primal: finite(p.residuals.primal),
        dual: finite(p.residuals.dual),
        complementary: finite(p.residuals.complementary),
        exact: p.residuals.exact,
      },
    };
    if (p.conditions.length) out.conditions = [...p.conditions];
    if (p.free?.length) {
      out.free = [...p.free];
      out.domain = [...(p.domain ?? [])];
    }
    if (p.notes.length) out.notes = [...p.notes];
    return out;
  });

  const optimumExact = result.points[result.optimum[0] ?? -1]?.exact ?? false;
  return {
    status: result.status,
    reason: result.reason,
    sense: problem.sense,
    convention: conventionText(problem.sense),
    lagrangian: mathTextOf(result.lagrangian),
    multipliers,
    conditions: result.conditions.map((c) => ({
      kind: c.kind,
      text: `${toText(c.lhs)} ${c.op} ${toText(c.rhs)}`,
      latex: `${toLatex(c.lhs)} ${REL_LATEX[c.op]} ${toLatex(c.rhs)}`,
    })),
    solutions,
    optimum: result.status === 'optimal' ? [...result.optimum] : [],
    certificate: result.certificate,
    facts: [...result.facts],
    sensitivities: result.sensitivities.map((s) => {
      // A numeric optimum's derivative is a double: its shortest decimal, not the double's binary fraction.
      const d: ExprJson = !optimumExact && s.derivative.kind === 'num' ? decimalMathText(s.derivative.value.toNumber()) : mathTextOf(s.derivative);
      if (Number.isFinite(s.value)) d.value = s.value;
      return {
        target: s.target,
        kind: s.kind,
        derivative: d,
        ...(s.finiteDifference !== undefined ? { finite_difference: s.finiteDifference } : {}),
        ...(s.relativeError !== undefined ? { relative_error: s.relativeError } : {}),
        note: s.note,
      };
    }),
    notes: [...result.notes],
  };
}
