/**
 * The optimisers of the numeric room, each over an `Objective` (value and gradient,
 * optionally batched, Hessian, Hessian-vector products) and many starting points, plus
 * their building blocks: strong Wolfe line search, projections, power iteration,
 * conjugate gradient, shifted Cholesky, and a NumPy-compatible seeded generator.
 */
export type { Objective, ConstraintFunctions, Method, RunStatus, RunResult, Trajectory, OptimizeOptions, BatchResult } from './types.js';
export { METHODS } from './types.js';
export { minimize, METHOD_NEEDS } from './minimize.js';
export { gradientDescent } from './gd.js';
export { momentumDescent } from './momentum.js';
export { stochasticDescent, noiseLevel } from './sgd.js';
export { projectedDescent } from './projected.js';
export { primalDual } from './primal-dual.js';
export { newton, DENSE_NEWTON_LIMIT } from './newton.js';
export { lbfgs, type LineSearchRecord } from './lbfgs.js';
export { wolfeLineSearch, type LinePoint, type LineSearchOptions, type LineSearchResult } from './linesearch.js';
export { makeProjection, simplexThreshold, ProjectionError, type Projection, type ProjectionPart } from './projections.js';
export { Mt19937 } from './random.js';
export { constraintViolation, bestRun } from './common.js';
export { MIN_CURVATURE } from './lockstep.js';
