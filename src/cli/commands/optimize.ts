/**
 * `lagrangian optimize FILE [--method M] [--json] [--plot out.svg] [--loss-plot out.svg]`:
 * numeric minimisation (or maximisation) of a `solve` problem file from one or many
 * starting points, by a first-order method, Newton or L-BFGS on the compiled symbolic
 * gradient (and Hessian), with the output of INTERFACE.md's `optimize` section.
 */
import type { Command } from '../command.js';
import { stringValues } from '../args.js';
import type { OutputFile } from '../source-file.js';
import { CliError, EXIT, inputErrorToCli } from '../errors.js';
import { FILE_OUTPUT_OPTIONS, readFileCommand, runFilePipeline } from '../file-command.js';
import { InputError } from '../../input/index.js';
import type { Problem } from '../../lagrange/index.js';
import type { Method, OptimizeOptions } from '../../numeric/index.js';
import type { NamedRun, OptimizeReport, OptionEntry, PreparedProblem } from '../../optimize/index.js';

const HELP = `Usage: lagrangian optimize FILE [--method M] [--json] [--plot out.svg] [--loss-plot out.svg] [--quiet]
                         [--option name=value ...] [--trajectory] [--range x0,x1,y0,y1]

Minimises (or maximises) the objective of a problem file numerically from one or many
starting points. The objective's gradient (and, for Newton and the eigen step, its
Hessian or Hessian-vector products) is derived symbolically and compiled; first-order
methods advance all starts together in one batched evaluation per iteration.

Problem file: the file of "lagrangian solve" plus
  "start": [1, 2]                   one point, in the order of "variables"
  "start": [[1, 2], [-1, 0], ...]   or several
  "options": {"max_iter": 2000, "lr": 0.1, ...}   optional, see below
  "method": "lbfgs"                 optional (--method wins)
Parameters need numbers: give "parameter_values".

Methods (--method):
  gd           gradient descent x <- x - lr grad f             unconstrained
  momentum     heavy ball v <- momentum v - lr grad f; x <- x + v  unconstrained
  sgd          noisy gradient descent (seeded Gaussian noise)   unconstrained
  projected    projected gradient descent x <- P(x - lr grad f)  constraints that
               are spheres, balls, boxes (bounds), simplices, hyperplanes or
               half-spaces on disjoint variables
  primal-dual  descent in x, ascent in the multipliers of L     any constraints
  newton       Newton with a shifted Hessian (H + tau I) and backtracking
  lbfgs        L-BFGS with a strong Wolfe line search            unconstrained
Without --method: lbfgs for an unconstrained problem, else projected when the
constraints allow it, else primal-dual. A method that cannot handle the constraints
answers status "unsupported" and names the methods that can.

Options (in "options" or as --option name=value):
  max_iter (2000 first-order, 1000 newton, 15000 lbfgs)  tol (1e-6; 1e-8 newton, lbfgs)
  lr (0.1)  step ("fixed" or "eigen": lr divided by the largest |eigenvalue| of the
  Hessian, by power iteration on Hessian-vector products)  momentum (0.9)
  noise (0.2)  anneal (true: sgd noise falls to 0 at 3/4 of max_iter)  seed (0)
  memory (10, lbfgs)  c1 (1e-4)  c2 (0.9)  dual_lr (lr)  penalty (0: augmented
  Lagrangian term)  multiplier0 (0)  newton_solver ("auto", "dense", "cg")
  divergence_bound (1e100)  trajectory (false)

Output options:
  --json            one JSON document (docs/interface.md): {"status", "method", "point",
                    "objective", "iterations", "gradient_norm",
                    "constraint_violation", "stop_reason", ...}; with several starts
                    {"status", "method", "runs": [...], "best"}
  --plot FILE       SVG: for 2 variables the landscape (heat map, contours) with the
                    trajectories, runs grouped by the point they reach; otherwise the
                    objective against iteration; a PNG is written beside
                    FILE.svg (FILE.png), a FILE ending in .png gets the PNG only
  --loss-plot FILE  SVG (and PNG beside it): the objective against iteration
  --range x0,x1,y0,y1   the window of --plot (default: around the starts and ends)
  --trajectory      include each run's iterates in the JSON ("trajectory")
  -q, --quiet       print no report on stdout (plots are still written; --json still
                    prints its document); the exit status tells the outcome
  -h, --help        this help

Exit status: 0 converged (the best run); 1 well-formed but not converged (status
max_iter, diverged, stalled or unsupported); 2 bad input (malformed file, a start of
the wrong size, an unknown option; the message names the field).

Examples:
  lagrangian optimize rosenbrock.json --method lbfgs --json
  lagrangian optimize wells.json --method gd --option lr=0.5 --plot wells.svg
`;

/** The `optimize` command. */
export const optimize: Command = {
  name: 'optimize',
  summary: 'numeric minimisation from many starts on compiled symbolic gradients, with plots',
  help: HELP,
  async run(argv, io) {
    const { values, outputs, file } = readFileCommand(argv, 'a problem as JSON', {
      method: { type: 'string' },
      plot: { type: 'string' },
      'loss-plot': { type: 'string' },
      option: { type: 'string', multiple: true },
      trajectory: { type: 'boolean' },
      range: { type: 'string' },
      quiet: FILE_OUTPUT_OPTIONS.quiet,
    });
    const plotPath = stringValues(values['plot'])[0];
    const lossPath = stringValues(values['loss-plot'])[0];
    const range = values['range'] === undefined ? undefined : readRange(stringValues(values['range'])[0]!);
    const optionFlags = stringValues(values['option']);
    const methodFlag = stringValues(values['method'])[0];
    const [lagrange, room, expr] = await Promise.all([import('../../lagrange/index.js'), import('../../optimize/index.js'), import('../../expr/index.js')]);

    interface Job {
      problem: Problem;
      prepared: PreparedProblem;
      method: Method;
      starts: readonly (readonly number[])[];
      options: OptimizeOptions;
      wantTrajectory: boolean;
    }
    const parse = (source: string, fileName: string): Job => {
      let problem = lagrange.parseProblemText(source, fileName);
      if (problem.parameters.length > 0) {
        if (!problem.parameterValues) {
          throw new CliError(`${fileName}: the problem has parameters (${problem.parameters.join(', ')}); a numeric optimiser needs numbers for them: add "parameter_values"`);
        }
        problem = lagrange.withParameterValues(problem, new Map([...problem.parameterValues].map(([k, v]) => [k, expr.num(v)])));
      }
      const d = problem.variables.length;
      if (!problem.start) throw new CliError(`${fileName}: missing "start": give a starting point as a list of ${d} number${d === 1 ? '' : 's'} (${problem.variables.join(', ')}), e.g. "start": [${problem.variables.map((_, i) => i + 1).join(', ')}], or a list of such lists`);
      // The options and the method are about the file or the command line: their errors keep the label they give.
      const asGiven = <T>(read: () => T): T => {
        try {
          return read();
        } catch (err) {
          throw err instanceof InputError ? inputErrorToCli(err) : err;
        }
      };
      // Options from the file's "options" object, then from --option name=value (which win).
      const options = asGiven(() => room.readOptimizeOptions(optionEntries(room.fileOptionEntries(problem.options, `options of ${fileName}`), optionFlags)));
      const prepared = room.prepareProblem(problem);
      const method = asGiven(() => (methodFlag !== undefined ? room.readMethod(methodFlag, '--method') : problem.method !== undefined ? room.readMethod(problem.method, `method of ${fileName}`) : room.defaultMethod(prepared)));
      return { problem, prepared, method, starts: problem.start, options, wantTrajectory: Boolean(values['trajectory']) || options.trajectory === true };
    };
    const extra = [...(plotPath !== undefined ? [{ path: plotPath, option: '--plot' }] : []), ...(lossPath !== undefined ? [{ path: lossPath, option: '--loss-plot' }] : [])];
    let job: Job | undefined;
    return runFilePipeline(
      'optimize',
      file,
      outputs,
      {
        parse: (source, fileName) => (job = parse(source, fileName)),
        solve: (j) => {
          try {
            return room.optimizeProblem(j.prepared, j.method, j.starts, { ...j.options, trajectory: j.wantTrajectory || plotPath !== undefined || lossPath !== undefined });
          } catch (err) {
            if (err instanceof RangeError) throw new CliError(`${file.fileName}: ${err.message}`);
            throw err;
          }
        },
        json: (report) => reportJson(report, job!.wantTrajectory, job!.starts.length === 1),
        text: (report) => humanReport(report, job!.problem.sense, job!.problem.objectiveText, job!.starts.length),
        files: (report, j) => plotFiles(report, j, plotPath, lossPath, range),
        failure: (report) => {
          if (report.status === 'unsupported') return `unsupported: ${report.message}`;
          if (report.status !== 'converged') return `${report.status}: ${report.runs[Math.max(0, report.best)]?.reason ?? 'every run diverged'}`;
          return undefined;
        },
      },
      io,
      extra,
    );
  },
};

/** The plots asked for by --plot and --loss-plot (none when the method is unsupported). */
async function plotFiles(
  report: OptimizeReport,
  job: { problem: Problem; prepared: PreparedProblem; method: Method; starts: readonly (readonly number[])[] },
  plotPath: string | undefined,
  lossPath: string | undefined,
  range: readonly [number, number, number, number] | undefined,
): Promise<OutputFile[]> {
  if ((!plotPath && !lossPath) || report.status === 'unsupported') return [];
  const { problem, prepared, method, starts } = job;
  const plots = await import('./optimize-plot.js');
  const objectiveText = problem.objectiveText;
  const title = `${method} on ${problem.name ?? `${problem.sense} ${shorten(objectiveText, 48)}`}, ${starts.length} start${starts.length === 1 ? '' : 's'}`;
  const d = problem.variables.length;
  const files: OutputFile[] = [];
  if (plotPath) {
    if (d === 2) {
      const code = (await import('../../compile/index.js')).compile(problem.objective, problem.variables);
      const at = new Float64Array(2);
      const out = new Float64Array(1);
      const f = (x: number, y: number) => ((at[0] = x), (at[1] = y), code.evaluate(at, out)[0]!);
      files.push(
        ...plots.figureFiles(
          plotPath,
          '--plot',
          plots.landscapeFigure({
          f,
          runs: report.runs,
          dimension: 2,
          xLabel: problem.variables[0]!,
          yLabel: problem.variables[1]!,
          title,
          valueLabel: shorten(objectiveText, 40),
          ...(range ? { xRange: [range[0], range[1]] as const, yRange: [range[2], range[3]] as const } : {}),
          ...(method === 'projected' && prepared.projection.ok ? { feasible: prepared.projection.projection.parts } : {}),
          }),
        ),
      );
    } else files.push(...plots.figureFiles(plotPath, '--plot', plots.lossFigure({ runs: report.runs, title, yLabel: shorten(objectiveText, 40) })));
  }
  if (lossPath) {
    const radius = d === 2 && range ? { radius: 0.01 * Math.hypot(range[1] - range[0], range[3] - range[2]) } : {};
    files.push(...plots.figureFiles(lossPath, '--loss-plot', plots.lossFigure({ runs: report.runs, title, yLabel: shorten(objectiveText, 40), ...radius })));
  }
  return files;
}

/** The file's options, then the flags --option name=value, each split as it is read (so a malformed flag is an error in its turn, after the file's options). */
function* optionEntries(fromFile: readonly OptionEntry[], flags: readonly string[]): Generator<OptionEntry> {
  yield* fromFile;
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new CliError('write --option name=value, e.g. --option lr=0.05', EXIT.BAD_INPUT, { label: '--option', text: flag, position: 1 });
    yield { name: flag.slice(0, eq).trim(), text: flag.slice(eq + 1).trim(), where: '--option' };
  }
}

function readRange(text: string): [number, number, number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!) || !(parts[2]! < parts[3]!)) {
    throw new CliError('write --range x0,x1,y0,y1 with x0 < x1 and y0 < y1', EXIT.BAD_INPUT, { label: '--range', text, position: 1 });
  }
  return parts as [number, number, number, number];
}

function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** A double for JSON: null where it is not finite. */
function num(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function runJson(r: NamedRun, withTrajectory: boolean): Record<string, unknown> {
  const d = r.x.length;
  return {
    status: r.status,
    point: Object.fromEntries(Object.entries(r.point).map(([k, v]) => [k, num(v)])),
    objective: num(r.objective),
    iterations: r.iterations,
    gradient_norm: num(r.gradientNorm),
    constraint_violation: num(r.constraintViolation),
    stop_reason: r.reason,
    evaluations: r.evaluations,
    ...(r.multipliers ? { multipliers: Object.fromEntries(Object.entries(r.multipliers).map(([k, v]) => [k, num(v)])) } : {}),
    ...(withTrajectory && r.trajectory
      ? {
          trajectory: {
            points: Array.from({ length: r.trajectory.values.length }, (_, k) => Array.from(r.trajectory!.points.subarray(k * d, k * d + d), num)),
            objective: Array.from(r.trajectory.values, num),
          },
        }
      : {}),
  };
}

/** The JSON of INTERFACE.md: one start flat, several starts as runs + best. */
export function reportJson(report: OptimizeReport, withTrajectory: boolean, single: boolean): Record<string, unknown> {
  const head = { status: report.status, method: report.method };
  const extra = { methods: report.methods, ...(report.projection ? { projection: report.projection } : {}) };
  if (report.status === 'unsupported') return { ...head, message: report.message, ...extra };
  if (single) return { ...head, ...runJson(report.runs[0]!, withTrajectory), ...extra };
  return { ...head, runs: report.runs.map((r) => runJson(r, withTrajectory)), best: report.best, ...extra };
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e6 ? String(Number(v.toPrecision(8))) : v.toExponential(3);
}

function humanReport(report: OptimizeReport, sense: string, objective: string, nStarts: number): string {
  const lines: string[] = [];
  lines.push(`${sense} ${objective}`);
  lines.push(`method ${report.method}, ${nStarts} start${nStarts === 1 ? '' : 's'}${report.projection ? `; feasible set: ${report.projection}` : ''}`);
  if (report.status === 'unsupported') {
    lines.push('', `status: unsupported`, report.message ?? '');
    return `${lines.join('\n')}\n`;
  }
  const describe = (r: NamedRun) => Object.entries(r.point).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
  if (report.runs.length > 1) {
    const counts = new Map<string, number>();
    for (const r of report.runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    lines.push(`runs: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`, '');
    const rows = [['run', 'status', 'objective', 'iterations', '|grad|', 'violation', 'point']];
    const shown = report.runs.slice(0, 20);
    shown.forEach((r, i) => rows.push([String(i + 1) + (i === report.best ? '*' : ''), r.status, fmt(r.objective), String(r.iterations), fmt(r.gradientNorm), fmt(r.constraintViolation), shorten(describe(r), 60)]));
    const w = rows[0]!.map((_, j) => Math.max(...rows.map((row) => row[j]!.length)));
    for (const row of rows) lines.push('  ' + row.map((c, j) => (j === row.length - 1 ? c : c.padEnd(w[j]!))).join('  '));
    if (report.runs.length > shown.length) lines.push(`  ... ${report.runs.length - shown.length} more (use --json for all)`);
    lines.push('');
  }
  const best = report.runs[report.best];
  if (!best) {
    lines.push('status: diverged (every run)');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${report.runs.length > 1 ? `best run ${report.best + 1}` : 'result'}: ${best.status} (${best.reason})`);
  lines.push(`  point       ${describe(best)}`);
  lines.push(`  objective   ${fmt(best.objective)}`);
  if (best.multipliers) lines.push(`  multipliers ${Object.entries(best.multipliers).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ')}`);
  lines.push(`  iterations ${best.iterations}, evaluations ${best.evaluations}, stationarity ${fmt(best.gradientNorm)}, constraint violation ${fmt(best.constraintViolation)}`);
  return `${lines.join('\n')}\n`;
}
