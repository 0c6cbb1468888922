/**
 * Numbers for matrix expressions: the reference evaluator of instances and the compiled
 * loop nests.
 */
export { evaluateMatrix, evaluateMatrices, toDense, fromDense, resolveDim, resolveShape, InstanceError, type Dense, type Instance, type MatrixValue } from './evaluate.js';
export { compileMatrix, type CompiledMatrix, type MatrixPlanInfo, type MatrixPlanOptions } from './plan.js';
export { compileValueAndGradient, inputsOf } from './derived.js';
