/**
 * `lagrangian adjoint FILE [--json] [--html out.html] [--latex out.tex]`: a program as equality
 * constraints, its Lagrangian, the forward, adjoint and gradient conditions, the
 * back-substitution, and (with "at" in the file) the values of the compiled passes and
 * a central-difference check.
 */
import type { Command } from '../command.js';
import { FILE_OUTPUT_HELP, readFileCommand, runFilePipeline } from '../file-command.js';

const HELP = `Usage: lagrangian adjoint FILE [--json] [--html out.html] [--latex out.tex [--standalone]] [--quiet]

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
   "at": {"x": 0.3},
   "name": "...", "description": "..."}   optional: a title for pages, free text
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
                   "gradient": {"x": {"text", "latex", "value"?}}, ...} (docs/interface.md)
${FILE_OUTPUT_HELP}
  --latex          (no FILE) the old spelling of --latex -, kept for scripts
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
    const { outputs, file } = readFileCommand(latexSwitchAlias(argv), 'a program as JSON');
    if ((await import('../../adjoint/matrix/declarations.js')).isShapedProgramText(file.source)) {
      // Inputs declared with shapes: the matrix route, through the same pipeline.
      return runFilePipeline('adjoint', file, outputs, await (await import('./adjoint-matrix.js')).matrixAdjointPipeline(), io);
    }
    const room = await import('../../adjoint/index.js');
    return runFilePipeline(
      'adjoint',
      file,
      outputs,
      {
        parse: (source) => room.parseProgram(source),
        solve: room.analyzeProgram,
        derive: room.adjointDerivation,
        json: room.adjointJson,
        failure: (analysis) => {
          if (analysis.status !== 'ok') return analysis.message ?? analysis.status;
          return room.gradientCheckFailure(analysis.check);
        },
      },
      io,
    );
  },
};

/**
 * The old spelling `--latex` as a switch ("print LaTeX instead of text"), kept for
 * scripts: a bare `--latex` (last, or followed by another option) means `--latex -`.
 */
function latexSwitchAlias(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    out.push(a);
    if (a === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    const next = argv[i + 1];
    if (a === '--latex' && (next === undefined || (next.startsWith('-') && next !== '-'))) out.push('-');
  }
  return out;
}
