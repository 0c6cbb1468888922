/**
 * `solve` with vector and matrix variables, in matrix form: shaped declarations, the
 * matrix Lagrangian, closed forms by class, numeric instances and their checks, the
 * JSON output and the derivation document.
 */
export { readMatrixProblem, hasShapedDeclarations, MatrixProblemError, type MatrixProblem, type MatrixConstraint } from './declarations.js';
export { solveMatrixProblem, matrixLagrangian, provablyPsd, invert, substituteLeaf, type MatrixSolveResult, type MatrixSolution, type MatrixRow } from './solve.js';
export { checkInstance, problemInstance, scalarisedProblemFile, type InstanceCheck } from './instance.js';
export { linearParts, mentionsLeaf, ScalarBridge, type LinearParts } from './linear.js';
export { matrixSolveJson, type MathJson } from './json.js';
export { matrixSolveDerivation } from './document.js';
