/**
 * The maxent room: maximum-entropy densities from moment constraints. The Lagrangian
 * and its functional derivative, closed-form exponential families with named integral
 * rules, the gamma family, the convex dual solved by Newton's method with quadrature,
 * discrete (Gibbs) problems, the derivation document and the JSON of INTERFACE.md.
 */
export { readMaxentProblem, parseMaxentText, MaxentInputError, type MaxentProblem, type MaxentSupport, type MomentConstraint } from './problem.js';
export { solveMaxent, gammaShape, MOMENT_TOL, type MaxentOptions } from './solve.js';
export { buildLagrangian, solveForLogDensity, momentMultiplierName, type MaxentLagrangian } from './lagrangian.js';
export { decompose, polynomialDegree, polynomialCoefficients, describeBasis, type BasisFunction, type Statistics } from './statistics.js';
export { closedForm, type ClosedForm, type FamilyName, type PositivityCondition, type FamilyParameter, type IntervalSupport } from './families.js';
export { INTEGRAL_RULES, type IntegralRule } from './rules.js';
export { solveDual, startingPoint, evaluateMoments, type DualProblem, type DualDomain, type DualSolution, type DualOptions, type StatisticsFn, type MomentEvaluation } from './dual.js';
export { maxentDerivation } from './derivation.js';
export { maxentJson, MAXENT_CONVENTION, type Json } from './json.js';
export type { MaxentResult, MaxentStatus, MultiplierValue, MomentCheck, StatedCondition, FamilyParameterValue, NumericDetails, MaxentMethod } from './result.js';
