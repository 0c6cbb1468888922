/**
 * The matrix route of `lagrangian maxent`: a file whose variable is a vector (or whose
 * parameters are shaped) is derived in matrix notation by src/maxent/matrix, through
 * the same file pipeline as the scalar route.
 */
import type { JsonRoute } from '../file-command.js';

type MatrixRoom = typeof import('../../maxent/matrix/index.js');
type Problem = ReturnType<MatrixRoom['readMatrixMaxent']>;
type Solved = { result: ReturnType<MatrixRoom['solveMatrixMaxent']>; outcome: ReturnType<MatrixRoom['checkMaxentInstance']> };

/** The steps of the matrix route, for `routeByJson`: it takes a file that declares a vector variable or a shaped parameter. */
export async function matrixMaxentRoute(): Promise<JsonRoute<Problem, Solved>> {
  const room = await import('../../maxent/matrix/index.js');
  const check = (s: Solved) => (s.outcome && 'check' in s.outcome ? s.outcome.check : undefined);
  const infeasible = (s: Solved) => (s.outcome && 'infeasible' in s.outcome ? s.outcome.infeasible : undefined);
  return {
    takes: room.isShapedMaxent,
    parse: room.readMatrixMaxent,
    // checkMaxentInstance throws InputError for parameter values that do not fit their declarations
    solve: (problem) => {
      const result = room.solveMatrixMaxent(problem);
      return { result, outcome: room.checkMaxentInstance(result) };
    },
    derive: (s) => room.matrixMaxentDerivation(s.result, check(s), infeasible(s)),
    json: (s) => room.matrixMaxentJson(s.result, check(s), infeasible(s)),
    failure: (s) => {
      if (s.result.status !== 'optimal') return `${s.result.status}: ${s.result.message ?? 'no answer'}`;
      const why = infeasible(s);
      if (why) return `infeasible: ${why}`;
      const c = check(s);
      if (c && !c.passed) return `the instance check failed: ${[...c.identity, ...(c.quadrature ?? []), ...c.monte_carlo, ...(c.scalar_path ?? [])].filter((f) => !f.ok).map((f) => f.what).join('; ')}`;
      return undefined;
    },
  };
}
