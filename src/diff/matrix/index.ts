/**
 * Matrix calculus in matrix notation: gradients (reverse mode), Jacobians (forward
 * mode), Hessians and Hessian-vector products of matrix expressions.
 */
export { mgradient, mvjp } from './gradient.js';
export { mjacobian, mhessian, mhessianVectorProduct } from './jacobian.js';
export { entrywiseDerivative, inner, type MatrixVariable } from './local.js';
