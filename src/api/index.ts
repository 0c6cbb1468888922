/**
 * The api room: conveniences over the rooms below for library users coming from SymPy
 * or CasADi: `lambdify` (named or positional inputs), `defineProblem` (a typed problem
 * for editors), `optimumOf` (the optimum as plain objects). Adds nothing the rooms
 * below cannot do; it only shapes their results.
 */
export { lambdify, type LambdifiedScalar, type LambdifiedVector } from './lambdify.js';
export { defineProblem, type ProblemInput } from './problem.js';
export { optimumOf, optimumPoints, type OptimumPoint } from './optimum.js';
