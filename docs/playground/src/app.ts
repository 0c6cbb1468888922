/**
 * The playground's computation: one request (a command and the text the user typed) in,
 * one answer out: the derivation as HTML (KaTeX already applied, the same document model
 * as `--html`), the headline numbers, the JSON of the CLI's contract, and for problems
 * in two variables a contour plot. Runs inside the page's Web Worker; uses only
 * `lagrangian/core` (no Node), so it also runs under Node in the tests.
 */
import {
  adjointDerivation,
  adjointJson,
  analyzeProgram,
  compile,
  displayGradient,
  displayHessian,
  fieldPlot,
  freeSymbols,
  gradient,
  hessian,
  InputError,
  maxentDerivation,
  maxentJson,
  naturalOrder,
  num,
  optimizeProblem,
  parse,
  parseMaxentText,
  parseProblem,
  parseProblemText,
  parseProgram,
  ParseError,
  readPointText,
  readVariableList,
  requireValues,
  prepareProblem,
  renderHtmlBody,
  solveDerivation,
  solveMaxent,
  solveProblem,
  solveResultJson,
  toLatex,
  toText,
  withParameterValues,
  type Derivation,
  type Expr,
  type OptimizeOptions,
  type Overlay,
  type Problem,
  type Step,
} from '../../../src/core.js';
import { diffDocument, exprJson } from '../../../src/document/index.js';
import { defaultMethod, fileOptionEntries, OptionError, readMethod, readOptimizeOptions } from '../../../src/optimize/index.js';
import { readJson } from '../../../src/input/index.js';
import { checkInstance, hasShapedDeclarations, matrixSolveDerivation, matrixSolveJson, readMatrixProblem, solveMatrixProblem } from '../../../src/lagrange/matrix/index.js';
import { contourLines } from '../../../src/render/plot/contour.js';

/** The commands of the page. */
export const COMMANDS = ['solve', 'maxent', 'adjoint', 'optimize', 'diff'] as const;
export type Command = (typeof COMMANDS)[number];

/** What the page asks. `wrt`, `at` and `hessian` are the diff command's options (as on the CLI). */
export interface Request {
  readonly command: Command;
  readonly text: string;
  readonly wrt?: string;
  readonly at?: string;
  readonly hessian?: boolean;
}

/** An answer: the outcome and what to show. */
export interface Answer {
  readonly ok: true;
  /** The contract's status (optimal, ok, converged, ...). */
  readonly status: string;
  /** One line on why, when the status is not an answer. */
  readonly reason?: string;
  /** Headline numbers as label/value pairs (values as text). */
  readonly summary: readonly (readonly [string, string])[];
  /** The derivation as an HTML fragment (KaTeX rendered). */
  readonly html: string;
  /** The JSON document of the CLI (`--json`), pretty-printed. */
  readonly json: string;
  /** An SVG contour plot, for problems in two variables. */
  readonly plot?: string;
}

/** Bad input: the message and, when known, where in the typed text (0-based offset and length). */
export interface Failure {
  readonly ok: false;
  readonly message: string;
  readonly offset?: number;
  readonly length?: number;
}

/** Runs one request; bad input becomes a Failure with its position, never a stack trace. */
export function run(req: Request): Answer | Failure {
  try {
    switch (req.command) {
      case 'solve':
        return runSolve(req.text);
      case 'maxent':
        return runMaxent(req.text);
      case 'adjoint':
        return runAdjoint(req.text);
      case 'optimize':
        return runOptimize(req.text);
      case 'diff':
        return runDiff(req);
    }
  } catch (e) {
    return failure(e, req.text);
  }
}

function failure(e: unknown, source: string): Failure {
  if (e instanceof ParseError) {
    const at = e.position === undefined ? undefined : source.indexOf(e.text);
    return at !== undefined && at >= 0 ? { ok: false, message: e.message, offset: at + e.position! - 1, length: 1 } : { ok: false, message: e.message };
  }
  if (e instanceof InputError) {
    const offset = locate(source, e);
    return offset === undefined ? { ok: false, message: e.message } : { ok: false, message: e.message, offset, length: 1 };
  }
  if (e instanceof TypeError) return { ok: false, message: `internal error: ${e.message}` };
  return { ok: false, message: e instanceof Error ? e.message : String(e) };
}

/**
 * Where an InputError points in the whole typed text: a file syntax error names its
 * line; a field error quotes the field's value, found as its JSON string literal (the
 * offset inside counts the escapes JSON adds), else as plain text.
 */
export function locate(source: string, e: InputError): number | undefined {
  if (e.text === undefined) return undefined;
  const pos = Math.max(0, (e.position ?? 1) - 1);
  if (e.fileLine !== undefined) {
    let start = 0;
    for (let line = 1; line < e.fileLine; line++) {
      const nl = source.indexOf('\n', start);
      if (nl < 0) return undefined;
      start = nl + 1;
    }
    return start + pos;
  }
  const literal = source.indexOf(JSON.stringify(e.text));
  if (literal >= 0) return literal + JSON.stringify(e.text.slice(0, pos)).length - 1;
  const plain = source.indexOf(e.text);
  return plain >= 0 ? plain + pos : undefined;
}

const pretty = (v: unknown): string => JSON.stringify(v, null, 2);
const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(10))) : String(v));

/** `solve` in matrix form: the derivation for every size, and the instance of "dimensions" and "parameter_values" checked. */
function runMatrixSolve(data: unknown): Answer {
  const result = solveMatrixProblem(readMatrixProblem(data));
  const check = checkInstance(result);
  const json = matrixSolveJson(result, check) as { status: string; reason?: string; solutions: { point: Record<string, { text: string }>; multipliers: Record<string, { text: string }> }[]; optimum?: number[] };
  const best = (json.optimum ?? []).map((i) => json.solutions[i]!);
  return {
    ok: true,
    status: json.status,
    ...(json.status === 'optimal' ? {} : { reason: json.reason ?? json.status }),
    summary: best.flatMap((s) => [...Object.entries(s.point), ...Object.entries(s.multipliers)].map(([k, v]) => [k, v.text] as const)),
    html: renderHtmlBody(matrixSolveDerivation(result, check)),
    json: pretty(json),
  };
}

function runSolve(text: string): Answer {
  // The JSON is read once; shaped declarations take the matrix route, as on the CLI.
  const data = readJson(text, 'problem');
  if (hasShapedDeclarations(data)) return runMatrixSolve(data);
  const problem = parseProblem(data);
  const result = solveProblem(problem);
  const json = solveResultJson(result) as { status: string; solutions: { point: Record<string, { text: string; value?: number }>; objective: { text: string; value?: number } }[]; optimum?: number[] };
  const best = (json.optimum ?? []).map((i) => json.solutions[i]!);
  const summary: [string, string][] = best.map((s, k) => [
    best.length > 1 ? `optimum ${k + 1}` : 'optimum',
    `${Object.entries(s.point).map(([x, v]) => `${x} = ${v.text}`).join(', ')};  f = ${s.objective.text}${s.objective.value !== undefined && String(s.objective.value) !== s.objective.text ? ` ≈ ${fmt(s.objective.value)}` : ''}`,
  ]);
  const points = json.solutions.map((s) => problem.variables.map((x) => s.point[x]?.value ?? NaN));
  return {
    ok: true,
    status: result.status,
    ...(result.status === 'optimal' ? {} : { reason: result.reason }),
    summary,
    html: renderHtmlBody(solveDerivation(result)),
    json: pretty(json),
    ...plotOf(problem, points.map((p, i) => ({ name: (json.optimum ?? []).includes(i) ? `optimum ${i + 1}` : `KKT point ${i + 1}`, points: [[p[0]!, p[1]!] as const], marker: (json.optimum ?? []).includes(i) ? 'diamond' : 'circle' }))),
  };
}

function runMaxent(text: string): Answer {
  const result = solveMaxent(parseMaxentText(text, 'problem'));
  const json = maxentJson(result) as { status: string; density?: { text: string }; family?: string; message?: string };
  return {
    ok: true,
    status: json.status,
    ...(json.status === 'optimal' ? {} : { reason: json.message ?? json.status }),
    summary: [
      ...(json.family ? [['family', json.family] as const] : []),
      ...(json.density ? [['p(x)', json.density.text] as const] : []),
    ],
    html: renderHtmlBody(maxentDerivation(result)),
    json: pretty(json),
  };
}

function runAdjoint(text: string): Answer {
  const analysis = analyzeProgram(parseProgram(text));
  const json = adjointJson(analysis) as { status: string; output?: string; value?: number; gradient?: Record<string, number | { value?: number }>; message?: string };
  const grad = Object.entries(json.gradient ?? {}).map(([x, g]) => [`d${json.output ?? 'f'}/d${x}`, fmt(typeof g === 'number' ? g : g.value ?? NaN)] as const);
  return {
    ok: true,
    status: json.status,
    ...(json.status === 'ok' ? {} : { reason: json.message ?? json.status }),
    summary: [...(json.value !== undefined ? [[json.output ?? 'output', fmt(json.value)] as const] : []), ...grad],
    html: renderHtmlBody(adjointDerivation(analysis)),
    json: pretty(json),
  };
}

function runOptimize(text: string): Answer {
  let problem = parseProblemText(text, 'problem');
  if (problem.parameters.length > 0) {
    if (!problem.parameterValues) throw new InputError(`the problem has parameters (${problem.parameters.join(', ')}); a numeric optimiser needs numbers for them: add "parameter_values"`, 'problem');
    problem = withParameterValues(problem, new Map([...problem.parameterValues].map(([k, v]) => [k, num(v)])));
  }
  if (!problem.start) throw new InputError(`missing "start": a starting point as a list of ${problem.variables.length} numbers (${problem.variables.join(', ')}), or a list of such lists`, 'problem');
  const options = readPageOptions(problem.options);
  const prepared = prepareProblem(problem);
  const method = problem.method !== undefined ? readMethod(problem.method, 'method') : defaultMethod(prepared);
  // Iterates are kept for the plot only while they fit in memory (a run of 10^9 steps keeps none).
  const maxIter = options.maxIter ?? 15_000;
  const trajectory = problem.variables.length === 2 && (maxIter + 1) * problem.start.length <= MAX_KEPT_ITERATES;
  const report = optimizeProblem(prepared, method, problem.start, { ...options, trajectory });
  const best = report.runs[report.best];
  const runs = report.runs.map((r) => ({ status: r.status, point: r.point, objective: r.objective, iterations: r.iterations, gradient_norm: r.gradientNorm, constraint_violation: r.constraintViolation, stop_reason: r.reason }));
  const json = { status: report.status, method: report.method, ...(report.message ? { message: report.message } : {}), runs, best: report.best };
  const rows = report.runs.slice(0, 30).map((r, i) => [`${i + 1}${i === report.best ? ' (best)' : ''}`, r.status, fmt(r.objective), String(r.iterations), Object.entries(r.point).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ')]);
  const steps: Step[] = [
    { title: 'Problem', blocks: [{ kind: 'equations', rows: [{ lhs: { text: problem.sense, latex: `\\text{${problem.sense}}` }, relation: '=', rhs: { text: problem.objectiveText, latex: toLatex(problem.objective) } }] }] },
    { title: `Runs (${method}, ${report.runs.length} start${report.runs.length === 1 ? '' : 's'})`, blocks: [{ kind: 'table', header: ['run', 'status', 'objective', 'iterations', 'point'], rows }] },
  ];
  const doc: Derivation = { title: problem.name ?? `${problem.sense} ${problem.objectiveText}`, steps };
  const d = problem.variables.length;
  const paths = report.runs.map((r) => (r.trajectory ? thinned(r.trajectory.points, d) : [[r.x[0]!, r.x[1]!] as const]));
  return {
    ok: true,
    status: report.status,
    ...(report.status === 'converged' ? {} : { reason: report.message ?? best?.reason ?? 'every run diverged' }),
    summary: best ? [['best point', Object.entries(best.point).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ')], ['objective', fmt(best.objective)], ['iterations', String(best.iterations)]] : [],
    html: renderHtmlBody(doc),
    json: pretty(json),
    ...plotOf(problem, [{ name: `${method} runs`, paths, opacity: paths.length > 5 ? 0.6 : 1 }]),
  };
}

/** The file's "options" (the CLI's table); a bad one points at its name in the typed text. */
function readPageOptions(options: Readonly<Record<string, unknown>> | undefined): OptimizeOptions {
  try {
    return readOptimizeOptions(fileOptionEntries(options, 'options'));
  } catch (e) {
    throw e instanceof OptionError ? new InputError(e.reason, 'options', e.option, 1) : e;
  }
}

/** Iterates (runs × steps) kept for the plot of `optimize`. */
const MAX_KEPT_ITERATES = 2_000_000;
/** Points drawn of one path at most: the SVG stays small, the path's shape stays. */
const MAX_PATH_POINTS = 400;

/** The (x, y) rows of a trajectory, every k-th one and the last, at most MAX_PATH_POINTS + 1 of them. */
function thinned(points: Float64Array, d: number): (readonly [number, number])[] {
  const n = points.length / d;
  const step = Math.max(1, Math.ceil(n / MAX_PATH_POINTS));
  const out: (readonly [number, number])[] = [];
  for (let k = 0; k < n; k += step) out.push([points[k * d]!, points[k * d + 1]!]);
  if ((n - 1) % step !== 0) out.push([points[(n - 1) * d]!, points[(n - 1) * d + 1]!]);
  return out;
}

function runDiff(req: Request): Answer {
  const f = parse(req.text);
  // The fields are read as the CLI reads --wrt and --at (compile's point-text.ts), labelled as on the page.
  const wrt = req.wrt && req.wrt.trim() !== '' ? field(() => readVariableList(req.wrt!, 'with respect to')) : naturalOrder([...freeSymbols(f)]);
  if (wrt.length === 0) throw new InputError('the expression has no variables; say what to differentiate with respect to', 'with respect to');
  const g = gradient(f, wrt);
  const shown = displayGradient(f, wrt, g);
  const h = req.hessian ? hessian(f, wrt) : undefined;
  const shownH = h ? displayHessian(f, wrt, shown, h) : undefined;
  const point = req.at && req.at.trim() !== '' ? field(() => readPointText([req.at!], 'at')) : undefined;
  // Every variable needs a value, as on the CLI; the error marks the name in the typed expression.
  if (point) requireValues(f, point, req.text, 'the expression', 'the "at" field');
  const values = point ? Array.from(compile([f, ...g], point.map((c) => c.name)).evaluate(Float64Array.from(point.map((c) => c.value)))) : undefined;
  const fn = exprJson(f, values?.[0]);
  const derivatives = Object.fromEntries(wrt.map((x, i) => [x, exprJson(shown[i]!, values?.[1 + i])]));
  const doc = diffDocument(fn, wrt, derivatives, shownH?.map((row) => row.map((e) => exprJson(e))), values ? req.at : undefined);
  const json = { status: values && values.some((v) => !Number.isFinite(v)) ? 'not_finite' : 'ok', function: fn, wrt, derivatives };
  return {
    ok: true,
    status: json.status,
    summary: wrt.map((x, i) => [`df/d${x}`, `${toText(shown[i]!)}${values ? `  = ${fmt(values[1 + i]!)}` : ''}`] as const),
    html: renderHtmlBody(doc),
    json: pretty(json),
  };
}

/**
 * Reads one of diff's own fields. Its error quotes that field (the message says which and
 * where), not the typed text, so it carries no offset into the editor.
 */
function field<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw e instanceof InputError ? new Error(e.message) : e;
  }
}

/**
 * A contour plot of the objective for a problem in two variables (and no free
 * parameter): the window holds the marked points and the starts, the constraints are
 * drawn as their zero curves (marching squares on the same grid).
 */
function plotOf(problem: Problem, overlays: Overlay[]): { plot?: string } {
  if (problem.variables.length !== 2) return {};
  const vars = problem.variables;
  const values = problem.parameterValues;
  const closed = (e: Expr): Expr => (values && problem.parameters.length > 0 ? substituteParameters(e, problem, values) : e);
  if (problem.parameters.length > 0 && !values) return {};
  const f2 = evaluator(closed(problem.objective), vars);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const o of overlays) for (const p of [...(o.points ?? []), ...(o.paths ?? []).flat()]) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) (xs.push(p[0]), ys.push(p[1]));
  for (const s of problem.start ?? []) (xs.push(s[0]!), ys.push(s[1]!));
  const range = (v: number[]): [number, number] => {
    let lo = v.length ? Infinity : -1;
    let hi = v.length ? -Infinity : 1;
    for (const t of v) (lo = Math.min(lo, t)), (hi = Math.max(hi, t));
    const pad = Math.max(1, 0.25 * (hi - lo));
    return [lo - pad, hi + pad];
  };
  const xRange = range(xs);
  const yRange = range(ys);
  const n = 80;
  const curves: Overlay[] = [];
  for (const c of problem.constraints) {
    const g = evaluator(closed(c.fn), vars);
    const z = new Float64Array((n + 1) * (n + 1));
    for (let j = 0; j <= n; j++) for (let i = 0; i <= n; i++) z[j * (n + 1) + i] = g(xRange[0] + ((xRange[1] - xRange[0]) * i) / n, yRange[0] + ((yRange[1] - yRange[0]) * j) / n);
    const lines = contourLines(z, n + 1, n + 1, 0).map((l) => l.map(([i, j]) => [xRange[0] + ((xRange[1] - xRange[0]) * i) / n, yRange[0] + ((yRange[1] - yRange[0]) * j) / n] as const));
    if (lines.length > 0) curves.push({ name: c.text, paths: lines, ends: false, color: '#ff8a65' });
  }
  try {
    const plot = fieldPlot({ f: f2, xRange, yRange, resolution: n, title: '', xLabel: vars[0]!, yLabel: vars[1]!, valueLabel: 'f', overlays: [...curves, ...overlays] });
    return { plot };
  } catch {
    return {};
  }
}

function evaluator(e: Expr, vars: readonly string[]): (x: number, y: number) => number {
  const code = compile(e, vars);
  const at = new Float64Array(2);
  const out = new Float64Array(1);
  return (x, y) => ((at[0] = x), (at[1] = y), code.evaluate(at, out)[0]!);
}

function substituteParameters(e: Expr, problem: Problem, values: ReadonlyMap<string, number>): Expr {
  return withParameterValues({ ...problem, objective: e, constraints: [], equalities: [], inequalities: [] }, new Map([...values].map(([k, v]) => [k, num(v)]))).objective;
}
