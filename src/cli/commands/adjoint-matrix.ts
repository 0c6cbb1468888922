/**
 * The matrix route of `lagrangian adjoint`: a program file whose inputs are declared
 * with shapes (INTERFACE.md, "Vectors and matrices") is derived in matrix notation by
 * src/adjoint/matrix. adjoint.ts calls in here, so its scalar path is untouched.
 */
import type { CliIO } from '../command.js';
import { writeOutputFile } from '../source-file.js';
import { CliError, EXIT } from '../errors.js';

/** Runs the matrix route on the file's text; returns the exit status. */
export async function runMatrixAdjoint(source: string, file: string, options: { json: boolean; latex: boolean; html?: string }, io: CliIO): Promise<number> {
  const room = await import('../../adjoint/matrix/index.js');
  const { ProgramError } = await import('../../adjoint/program.js');
  let analysis;
  try {
    analysis = room.analyzeMatrixProgram(source);
  } catch (err) {
    if (err instanceof ProgramError) {
      if (err.line === undefined) throw new CliError(err.reason, EXIT.BAD_INPUT, { label: 'the program file', text: file });
      throw new CliError(err.reason, EXIT.BAD_INPUT, { label: `program line ${err.line}`, text: err.lineText ?? '', position: err.position });
    }
    throw err;
  }
  const derivation = (await import('./adjoint-matrix-derivation.js')).matrixAdjointDerivation(analysis);
  if (options.html) writeOutputFile(options.html, (await import('../../render/html.js')).renderHtml(derivation));
  if (options.json) io.out(`${JSON.stringify(room.matrixAdjointJson(analysis), null, 2)}\n`);
  else io.out(options.latex ? (await import('../../render/latex.js')).renderLatex(derivation) : (await import('../../render/text.js')).renderText(derivation));
  if (analysis.status !== 'ok') {
    io.err(`lagrangian adjoint: ${analysis.message ?? analysis.status}\n`);
    return EXIT.NO_ANSWER;
  }
  if (analysis.check && !analysis.check.ok) {
    io.err(`lagrangian adjoint: the gradient check failed (largest relative error ${analysis.check.maxRelError.toExponential(2)})\n`);
    return EXIT.NO_ANSWER;
  }
  if (analysis.instanceCheck && !analysis.instanceCheck.ok) {
    io.err(`lagrangian adjoint: the scalarised program through the scalar route disagrees (largest error ${analysis.instanceCheck.maxAbsError.toExponential(2)})\n`);
    return EXIT.NO_ANSWER;
  }
  return EXIT.OK;
}
