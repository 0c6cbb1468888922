/**
 * The matrix route of `lagrangian adjoint`: a program file whose inputs are declared
 * with shapes (INTERFACE.md, "Vectors and matrices") is derived in matrix notation by
 * src/adjoint/matrix. The steps for the one file pipeline of the file-driven commands.
 */
import type { FilePipeline } from '../file-command.js';

type MatrixRoom = typeof import('../../adjoint/matrix/index.js');
type Analysis = ReturnType<MatrixRoom['analyzeMatrixProgram']>;

/** The steps of the matrix route, for `runFilePipeline`. */
export async function matrixAdjointPipeline(): Promise<FilePipeline<string, Analysis>> {
  const room = await import('../../adjoint/matrix/index.js');
  return {
    // The program reader throws ProgramError (an InputError) naming the line; the pipeline reports it.
    parse: (source) => source,
    solve: (source) => room.analyzeMatrixProgram(source),
    derive: room.matrixAdjointDerivation,
    json: room.matrixAdjointJson,
    failure: (analysis) => {
      if (analysis.status !== 'ok') return analysis.message ?? analysis.status;
      const failed = room.gradientCheckFailure(analysis.check);
      if (failed !== undefined) return failed;
      if (analysis.instanceCheck && !analysis.instanceCheck.ok) return `the scalarised program through the scalar route disagrees (largest error ${analysis.instanceCheck.maxAbsError.toExponential(2)})`;
      return undefined;
    },
  };
}
