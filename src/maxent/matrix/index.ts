/**
 * maxent with a vector variable (INTERFACE.md, "Vectors and matrices"): the shaped
 * reader, the multivariate normal in closed form for every n, the instance check
 * (Gaussian integral identities, quadrature, importance sampling, the scalar route), the
 * JSON and the derivation document in matrix notation.
 */
export { readMatrixMaxent, isShapedMaxent, type MatrixMaxentProblem, type MatrixMoment, type GaussianMoments } from './problem.js';
export { solveMatrixMaxent, normalDensity, multiplierSymbols, type MatrixMaxentResult, type MatrixMultiplier } from './solve.js';
export { checkMaxentInstance, maxentInstance, type MaxentInstanceCheck, type InstanceFigure, type InstanceOutcome } from './instance.js';
export { matrixMaxentJson, MATRIX_MAXENT_CONVENTION } from './json.js';
export { matrixMaxentDerivation, matrixConstraintPrinted, matrixLagrangianPrinted, exponentPrinted } from './document.js';
