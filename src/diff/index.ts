/** The differentiation room: one table of rules, forward and reverse mode over the DAG. */
export {
  derivative,
  nthDerivative,
  gradient,
  jacobian,
  hessian,
  hessianVectorProduct,
  localPartial,
  localPartials,
  reverseSweep,
} from './derivative.js';
export { displayGradient, displayHessian } from './display.js';
export {
  eulerLagrange,
  functionalDerivative,
  totalDerivative,
  unknownFunction,
  jetSymbol,
  jetSymbols,
  jetOrder,
  jetOrderOf,
  functionalLatex,
  jetLatex,
  MAX_JET_ORDER,
  type UnknownFunction,
  type Functional,
  type Support,
  type Bound,
} from './functional.js';
