/**
 * The lagrange room: the problem model of `solve`, the Lagrangian and KKT conditions,
 * active-set enumeration, classification of critical points, the global decision and
 * the sensitivities; plus the JSON of INTERFACE.md and the derivation document built
 * from a result.
 */
export {
  parseProblem,
  parseProblemText,
  withParameterValues,
  ProblemError,
  type Problem,
  type ProblemFile,
  type Constraint,
  type Assumption,
  type AssumptionOp,
  type Sense,
} from './problem.js';
export { lagrangian, kktConditions, stationarity, multiplierNames, multiplierSign, type Condition, type ConditionKind } from './lagrangian.js';
export { problemContext } from './parameters.js';
export { enumerateKkt, activeSets, enumerationWork, type EnumerationResult, type EnumerateOptions, type EnumerationWork } from './activeset.js';
export { classifyPoint, secondOrderData, type SecondOrderData, type SecondOrderResult } from './classify.js';
export { proveCompact, proveConvex, proveInfeasible, affineForm, fourierMotzkinInfeasible, recessionConeTrivial } from './geometry.js';
export { solveProblem, decisionForNonsmooth, type SolveProblemOptions, type SolveProblemResult } from './solve-problem.js';
export { sensitivities } from './sensitivity.js';
export { solveResultJson, type SolveJson } from './json.js';
export { solveDerivation } from './document.js';
export type {
  Classification,
  Evidence,
  KktPoint,
  SolvedPoint,
  Residuals,
  SolveStatus,
  SolveProgress,
  Certificate,
  Sensitivity,
  ActiveSetRecord,
} from './types.js';
