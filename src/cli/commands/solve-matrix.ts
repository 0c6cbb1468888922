/**
 * The matrix-form route of `solve`: taken when any declaration of the problem file is
 * shaped (`{"name", "shape", "properties"}`). Reads, solves, checks the instance, and
 * writes the JSON, text, HTML or LaTeX like the scalar route.
 */
import type { CliIO } from '../command.js';
import { writeOutputFile } from '../source-file.js';
import { CliError, EXIT } from '../errors.js';

/** The parsed problem file when it declares a vector or matrix, else undefined (the scalar route). */
export async function shapedProblem(source: string): Promise<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    return undefined; // the scalar reader reports malformed JSON with its position
  }
  const room = await import('../../lagrange/matrix/index.js');
  return room.hasShapedDeclarations(parsed) ? parsed : undefined;
}

/** Runs the matrix route; returns the exit status. */
export async function runMatrixSolve(file: unknown, fileName: string, out: { json: boolean; html?: string; latex?: string }, io: CliIO): Promise<number> {
  const room = await import('../../lagrange/matrix/index.js');
  let problem;
  try {
    problem = room.readMatrixProblem(file);
  } catch (err) {
    if (err instanceof room.MatrixProblemError) {
      const label = `${err.field} of ${fileName}`;
      if (err.text === undefined) throw new CliError(`${label}: ${err.reason}`, EXIT.BAD_INPUT);
      throw new CliError(err.reason, EXIT.BAD_INPUT, { label, text: err.text, ...(err.position !== undefined ? { position: err.position } : {}) });
    }
    throw err;
  }
  const result = room.solveMatrixProblem(problem);
  let check;
  try {
    check = room.checkInstance(result);
  } catch (err) {
    if (err instanceof Error && /InstanceError|UnboundSymbolError/.test(err.name)) throw new CliError(`parameter_values of ${fileName}: ${err.message}`, EXIT.BAD_INPUT);
    throw err;
  }
  const derivation = room.matrixSolveDerivation(result, check);
  if (out.html) writeOutputFile(out.html, (await import('../../render/html.js')).renderHtml(derivation));
  if (out.latex) writeOutputFile(out.latex, (await import('../../render/latex.js')).renderLatex(derivation));
  if (out.json) io.out(`${JSON.stringify(room.matrixSolveJson(result, check), null, 2)}\n`);
  else {
    const text = (await import('../../render/text.js')).renderText(derivation);
    io.out(text.endsWith('\n') ? text : `${text}\n`);
  }
  if (result.status !== 'optimal') {
    io.err(`lagrangian solve: ${result.status}: ${result.reason}\n`);
    return EXIT.NO_ANSWER;
  }
  return EXIT.OK;
}
