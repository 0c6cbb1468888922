/**
 * The matrix-form route of `solve`: taken when any declaration of the problem file is
 * shaped (`{"name", "shape", "properties"}`). The same file pipeline as the scalar
 * route (strict reading, outputs written all or none, one exit rule); only the steps differ.
 */
import { CliError, EXIT } from '../errors.js';
import type { JsonRoute } from '../file-command.js';

type MatrixRoom = typeof import('../../lagrange/matrix/index.js');
type MatrixProblem = ReturnType<MatrixRoom['readMatrixProblem']>;
type MatrixSolved = { result: ReturnType<MatrixRoom['solveMatrixProblem']>; check: ReturnType<MatrixRoom['checkInstance']> };

/** The steps of the matrix route, for `routeByJson`: it takes a file that declares a vector or a matrix. */
export async function matrixRoute(): Promise<JsonRoute<MatrixProblem, MatrixSolved>> {
  const room = await import('../../lagrange/matrix/index.js');
  return {
    takes: room.hasShapedDeclarations,
    parse: room.readMatrixProblem,
    solve: (problem) => {
      const result = room.solveMatrixProblem(problem);
      try {
        return { result, check: room.checkInstance(result) };
      } catch (err) {
        if (err instanceof Error && /InstanceError|UnboundSymbolError/.test(err.name)) throw new CliError(`parameter_values: ${err.message}`, EXIT.BAD_INPUT);
        throw err;
      }
    },
    derive: ({ result, check }) => room.matrixSolveDerivation(result, check),
    json: ({ result, check }) => room.matrixSolveJson(result, check),
    failure: ({ result }) => (result.status === 'optimal' ? undefined : `${result.status}: ${result.reason}`),
  };
}
