/**
 * The optimize room: symbolic optimisation problems made numeric. Compiles an objective
 * with its gradient (batched), Hessian and Hessian-vector products and the constraints
 * with theirs; reads a projection off the constraints; runs the numeric room's methods
 * on a `solve` problem from many starts and names the results; builds seed 004's
 * Gaussian-well landscape and the Rosenbrock function; and computes hypergradients of
 * bilevel problems through the implicit function theorem (seed 003).
 * Sits beside lagrange/maxent/adjoint: imports compile, numeric, diff and expr only.
 */
export { compileObjective, compileConstraints, type CompiledObjective } from './objective.js';
export { recognizeProjection, type ConstraintInput, type Recognition } from './recognize.js';
export {
  prepareProblem,
  optimizeProblem,
  unsupportedReason,
  OptimizeInputError,
  type OptimizationProblem,
  type PreparedProblem,
  type NamedRun,
  type OptimizeReport,
} from './problem.js';
export {
  gaussianWells,
  randomWellLandscape,
  notebookLandscape,
  notebookStarts,
  wellVariables,
  wellValue,
  wellGradient,
  wellHessian,
  rosenbrock,
  type WellLandscape,
} from './landscape.js';
export {
  deriveHypergradient,
  compileBilevel,
  finiteDifferenceHypergradient,
  hyperDescent,
  HypergradientError,
  type BilevelProblem,
  type HypergradientDerivation,
  type HypergradientResult,
  type InnerSolution,
  type CompiledBilevel,
  type HyperStep,
} from './hypergradient.js';
export { readOptimizeOptions, fileOptionEntries, readMethod, defaultMethod, OptionError, type OptionEntry } from './options.js';
export { deriveMatrixHypergradient, type MatrixInnerProblem, type MatrixHypergradientDerivation } from './matrix-hypergradient.js';
