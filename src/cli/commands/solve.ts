/**
 * `lagrangian solve FILE [--json] [--html out.html] [--latex out.tex]`: the Lagrangian
 * and KKT conditions of a constrained problem, every KKT point (exact where possible),
 * each verified and classified, the global optimum or the reason there is none, and
 * the sensitivities of the optimal value.
 */
import type { Command } from '../command.js';
import { FILE_OUTPUT_HELP, FILE_OUTPUT_OPTIONS, readFileCommand, routeByJson, runFilePipeline } from '../file-command.js';
import { progressDisplay, progressMode } from '../progress.js';

/** The options of solve: the file outputs and the progress display. */
const SOLVE_OPTIONS = { ...FILE_OUTPUT_OPTIONS, progress: { type: 'boolean' }, 'no-progress': { type: 'boolean' } } as const;

const HELP = `Usage: lagrangian solve FILE [--json] [--html out.html] [--latex out.tex [--standalone]] [--quiet] [--progress | --no-progress]

Reads an optimisation problem (JSON; FILE may be - for stdin), builds its Lagrangian
and KKT conditions, solves them (every active set of the inequalities; exactly where a
closed form exists, numerically otherwise), verifies each point by substitution,
classifies it by second-order conditions, and decides the global optimum.

Problem file:
  {"variables": ["x", "y"],
   "parameters": ["a"],              optional
   "assume": ["a > 0"],              optional, about parameters
   "minimize": "x^2 + y^2",          or "maximize"
   "subject_to": ["x + y = a", "x >= 0", "x^2 + y^2 <= 4"],
   "parameter_values": {"a": 1},     optional: numbers for numeric checks
                                     (sensitivities by finite differences, decisions
                                     that depend on the parameters)
   "name": "...", "description": "..."}  optional: a title for pages, free text
Unknown fields are refused (a misspelt "subject_to" must not drop constraints).

Convention (stated in the output): h_i = lhs - rhs for "=", g_j = lhs - rhs for "<="
and rhs - lhs for ">=", so g_j <= 0; minimise: L = f + sum lambda_i h_i + sum mu_j g_j;
maximise: L = f - sum lambda_i h_i - sum mu_j g_j; always mu_j >= 0.

Options:
  --json           one JSON document: {"status", "lagrangian", "multipliers",
                   "conditions", "solutions": [{"point", "multipliers", "objective",
                   "classification", "exact", ...}], "optimum", ...} (docs/interface.md)
${FILE_OUTPUT_HELP}
  --progress       show progress on stderr even when it is not a terminal (one line
                   per step: "solve: 3/16 active sets, 1 KKT point"); by default a
                   line is redrawn on stderr only when it is a terminal (not with --quiet)
  --no-progress    no progress display
  -h, --help       this help

Exit status: 0 optimal; 1 well-formed but no optimum (status infeasible, unbounded,
unattained or no_optimum_found, with the reason); 2 bad input (malformed file,
unknown name, a constraint without a relation; the message names the field).

Examples:
  lagrangian solve problem.json
  lagrangian solve problem.json --json
  echo '{"variables":["x","y"],"minimize":"x*y","subject_to":["x^2+y^2=4"]}' | lagrangian solve - --html out.html
`;

/** The `solve` command. */
export const solve: Command = {
  name: 'solve',
  summary: 'Lagrangian, KKT conditions and verified optimum of a constrained problem',
  help: HELP,
  async run(argv, io) {
    const { values, outputs, file } = readFileCommand(argv, 'a problem as JSON', SOLVE_OPTIONS);
    const mode = progressMode({ forced: values['progress'] === true, disabled: values['no-progress'] === true, quiet: outputs.quiet, stderrIsTerminal: io.stderrIsTerminal === true });
    const display = progressDisplay(mode, 'solve', io.err);
    // Shaped declarations take the matrix-form route; the file's JSON is read once, for both.
    const [room, matrix] = await Promise.all([import('../../lagrange/index.js'), import('./solve-matrix.js')]);
    return runFilePipeline(
      'solve',
      file,
      outputs,
      routeByJson(
        {
          parse: (data) => room.parseProblem(data),
          solve: (problem) => {
            try {
              return room.solveProblem(problem, { onProgress: display.update });
            } finally {
              display.end();
            }
          },
          derive: room.solveDerivation,
          json: room.solveResultJson,
          failure: (result) => (result.status === 'optimal' ? undefined : `${result.status}: ${result.reason}`),
        },
        await matrix.matrixRoute(),
      ),
      io,
    );
  },
};
