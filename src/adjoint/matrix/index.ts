/**
 * The matrix route of the adjoint room: programs whose inputs are declared with shapes
 * (`z1 = tanh(W1*x + b1)`), derived in matrix notation (Lagrangian, adjoint equations as
 * vector-Jacobian products, gradients), compiled forward and backward passes, the
 * central-difference check, the JSON and the derivation document.
 */
export { isShapedProgram, isShapedProgramText } from './declarations.js';
export { parseMatrixProgram, type MatrixProgram, type MatrixAssignment } from './program.js';
export { deriveMatrixAdjoints, multiplierNode, type MatrixAdjoints, type AdjointForms } from './adjoints.js';
export { compileMatrixPasses, inputValues, checkMatrixGradient, entryNames, MAX_CHECKED_ENTRIES, type MatrixPasses, type NodeValue } from './numeric.js';
export { analyzeMatrixProgram, programLagrangian, printableMatrix, MATRIX_PRINT_LIMIT, type MatrixAdjointAnalysis, type MatrixAdjointValues } from './analysis.js';
export { matrixAdjointJson } from './json.js';
// The failed check's sentence is the scalar route's (one owner, ../check.ts).
export { gradientCheckFailure } from '../check.js';
export { scalarProgram } from './scalarised.js';
export { matrixAdjointDerivation } from './derivation.js';
