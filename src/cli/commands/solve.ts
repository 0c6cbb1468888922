/**
 * `lagrangian solve FILE [--json] [--html out.html] [--latex out.tex]`: the Lagrangian
 * and KKT conditions of a constrained problem, every KKT point (exact where possible),
 * each verified and classified, the global optimum or the reason there is none, and
 * the sensitivities of the optimal value.
 */
import type { Command } from '../command.js';
import { parseCommandArgs, stringValues } from '../args.js';
import { readSourceFile, writeOutputFile } from '../source-file.js';
import { CliError, EXIT } from '../errors.js';

const HELP = `Usage: lagrangian solve FILE [--json] [--html out.html] [--latex out.tex]

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
   "parameter_values": {"a": 1}}     optional: numbers for numeric checks
                                     (sensitivities by finite differences, decisions
                                     that depend on the parameters)

Convention (stated in the output): h_i = lhs - rhs for "=", g_j = lhs - rhs for "<="
and rhs - lhs for ">=", so g_j <= 0; minimise: L = f + sum lambda_i h_i + sum mu_j g_j;
maximise: L = f - sum lambda_i h_i - sum mu_j g_j; always mu_j >= 0.

Options:
  --json           one JSON document: {"status", "lagrangian", "multipliers",
                   "conditions", "solutions": [{"point", "multipliers", "objective",
                   "classification", "exact", ...}], "optimum", ...} (INTERFACE.md)
  --html FILE      also write the derivation as a self-contained HTML page (offline)
  --latex FILE     also write the derivation as a LaTeX document
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
    const { values, positionals } = parseCommandArgs(argv, {
      html: { type: 'string' },
      latex: { type: 'string' },
    });
    const { fileName, source } = readSourceFile(positionals, 'a problem as JSON');
    const htmlPath = stringValues(values['html'])[0];
    const latexPath = stringValues(values['latex'])[0];
    const matrix = await import('./solve-matrix.js'); // shaped declarations take the matrix-form route
    const shaped = await matrix.shapedProblem(source);
    if (shaped !== undefined) return matrix.runMatrixSolve(shaped, fileName, { json: Boolean(values['json']), ...(htmlPath ? { html: htmlPath } : {}), ...(latexPath ? { latex: latexPath } : {}) }, io);
    const room = await import('../../lagrange/index.js'); // render modules load below, only the one the output needs (KaTeX only for --html)
    let problem;
    try {
      problem = room.parseProblemText(source, fileName);
    } catch (err) {
      if (err instanceof room.ProblemError) {
        const label = err.field === fileName ? fileName : `${err.field} of ${fileName}`;
        if (err.text === undefined) throw new CliError(`${label}: ${err.reason}`, EXIT.BAD_INPUT);
        throw new CliError(err.reason, EXIT.BAD_INPUT, { label, text: err.text, position: err.position });
      }
      throw err;
    }
    const result = room.solveProblem(problem);
    const derivation = room.solveDerivation(result);
    if (htmlPath) writeOutputFile(htmlPath, (await import('../../render/html.js')).renderHtml(derivation));
    if (latexPath) writeOutputFile(latexPath, (await import('../../render/latex.js')).renderLatex(derivation));
    if (values['json']) io.out(`${JSON.stringify(room.solveResultJson(result), null, 2)}\n`);
    else {
      const text = (await import('../../render/text.js')).renderText(derivation);
      io.out(text.endsWith('\n') ? text : `${text}\n`);
    }
    if (result.status !== 'optimal') {
      io.err(`lagrangian solve: ${result.status}: ${result.reason}\n`);
      return EXIT.NO_ANSWER;
    }
    return EXIT.OK;
  },
};
