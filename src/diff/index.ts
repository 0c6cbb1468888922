/** The differentiation room: one table of rules, forward and reverse mode over the DAG. */
export {
  derivative,
  nthDerivative,
  gradient,
  jacobian,
  hessian,
  hessianVectorProduct,
  localPartials,
  reverseSweep,
} from './derivative.js';
