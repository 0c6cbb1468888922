/**
 * The numeric room: gradcheck, finite differences, optimisers, quadrature, special
 * functions, small dense linear algebra. Doubles only; no symbolic work.
 */
export { integrate, integrateVector, KRONROD_NODES, type VectorIntegrand, type QuadratureOptions, type QuadratureResult } from './quadrature.js';
export { erf, erfc, logGamma, digamma, trigamma } from './special.js';
export * from '../linalg/index.js';
export * from './optimizers/index.js';
export {
  gradcheck,
  directionalCheck,
  hessianCheck,
  randomUnitVector,
  type GradcheckTarget,
  type ClosureTarget,
  type ExprTarget,
  type ClaimedGradientTarget,
  type HessianTarget,
  type HessianEntry,
  type HessianCheckResult,
  type GradcheckOptions,
  type GradcheckComponent,
  type CheckedValue,
  type GradcheckResult,
  type DirectionalOptions,
  type DirectionalResult,
} from './gradcheck.js';
export {
  numericGradient,
  numericJacobian,
  partialDifference,
  stepFor,
  MACHINE_EPSILON,
  CENTRAL_STEP,
  RICHARDSON_STEP,
  DEFAULT_ATOL,
  DEFAULT_RTOL,
  NOISE_ULPS,
  type ScalarFunction,
  type VectorFunction,
  type DifferenceOptions,
} from './differences.js';
export { seededRandom } from './random.js';
export { findNonsmooth, type Nonsmooth } from './smoothness.js';
