/**
 * `lagrangian adjoint FILE [--json] [--html out.html] [--latex]`: a program as equality
 * constraints, its Lagrangian, the forward, adjoint and gradient conditions, the
 * back-substitution, and (with "at" in the file) the values of the compiled passes and
 * a central-difference check.
 */
import type { Command } from '../command.js';
import { parseCommandArgs, stringValues } from '../args.js';
import { readSourceFile, writeOutputFile } from '../source-file.js';
import { CliError, EXIT } from '../errors.js';

const HELP = `Usage: lagrangian adjoint FILE [--json] [--html out.html] [--latex]

Reads a program (JSON; FILE may be - for stdin), writes it as equality constraints
z_i = f_i(parents) with one Lagrange multiplier each,
  L = output - sum_i lambda_i (z_i - f_i),
and derives the forward pass (dL/dlambda_i = 0), the adjoint equations (dL/dz_j = 0:
lambda_j = sum over children i of lambda_i df_i/dz_j, lambda_output = 1), the gradient
(dL/dx), and solves the adjoints by back-substitution in reverse topological order.

Program file:
  {"inputs": ["x"],
   "program": ["a = exp(x)", "b = a^2", "c = a + b", "d = exp(c)", "e = sin(c)", "f = d + e"],
   "output": "f",
   "at": {"x": 0.3}}
  "at" (optional) gives the inputs' values: the compiled forward and backward passes are
  run there and the gradient is checked against central differences.
  Each variable is assigned once. A variable may appear on its own right-hand side or
  in a cycle (z = 0.5*cos(z) + x): it is then defined implicitly, the forward pass
  solves for it by Newton's method (optional "start": {"z": 1} gives the first guess,
  default 0) and its adjoints come from (I - dF/dz)^T lambda = b. A program may use e
  or pi as variable names (then exp(1) stands for Euler's number).

Options:
  --json           one JSON document: {"status", "lagrangian": {"text", "latex"},
                   "adjoints": {"lambda_f": {"text", "latex", "value"?}, ...},
                   "gradient": {"x": {"text", "latex", "value"?}}, ...} (INTERFACE.md)
  --html FILE      also write the derivation as a self-contained HTML page
  --latex          print the derivation as LaTeX instead of text
  -h, --help       this help

Exit status: 0 ok; 1 no answer (Newton did not converge on a cycle, I - dF/dz singular,
a value not finite at the point: the JSON "status" says which; or the gradient check
failed: "gradcheck": {"ok": false}); 2 bad input (malformed file, undefined variable,
output never assigned, a variable assigned twice, a non-scalar output; the message
names the program line).

Examples:
  lagrangian adjoint program.json
  lagrangian adjoint program.json --json
  echo '{"inputs":["x"],"program":["z = 0.5*cos(z) + x","f = z^2"],"output":"f","at":{"x":1}}' | lagrangian adjoint -
`;

/** The `adjoint` command. */
export const adjoint: Command = {
  name: 'adjoint',
  summary: 'adjoints of a program by Lagrange multipliers (backpropagation), with cyclic programs',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      html: { type: 'string' },
      latex: { type: 'boolean' },
    });
    const { file, source } = readSourceFile(positionals, 'a program as JSON');
    const htmlPath = stringValues(values['html'])[0];
    if ((await import('../../adjoint/matrix/declarations.js')).isShapedProgramText(source)) {
      return (await import('./adjoint-matrix.js')).runMatrixAdjoint(source, file, { json: !!values['json'], latex: !!values['latex'], ...(htmlPath ? { html: htmlPath } : {}) }, io);
    }
    const room = await import('../../adjoint/index.js'); // render modules load below, only the one the output needs (KaTeX only for --html)
    let analysis;
    try {
      analysis = room.analyzeProgram(source);
    } catch (err) {
      if (err instanceof room.ProgramError) {
        if (err.line === undefined) throw new CliError(err.reason, EXIT.BAD_INPUT, { label: 'the program file', text: file });
        throw new CliError(err.reason, EXIT.BAD_INPUT, { label: `program line ${err.line}`, text: err.lineText ?? '', position: err.position });
      }
      throw err;
    }
    const derivation = room.adjointDerivation(analysis);
    if (htmlPath) writeOutputFile(htmlPath, (await import('../../render/html.js')).renderHtml(derivation));
    if (values['json']) io.out(`${JSON.stringify(room.adjointJson(analysis), null, 2)}\n`);
    else io.out(values['latex'] ? (await import('../../render/latex.js')).renderLatex(derivation) : (await import('../../render/text.js')).renderText(derivation));

    if (analysis.status !== 'ok') {
      io.err(`lagrangian adjoint: ${analysis.message ?? analysis.status}\n`);
      return EXIT.NO_ANSWER;
    }
    if (analysis.check && !analysis.check.ok) {
      io.err(`lagrangian adjoint: the gradient check failed (largest relative error ${analysis.check.maxRelError.toExponential(2)})\n`);
      return EXIT.NO_ANSWER;
    }
    return EXIT.OK;
  },
};
