/**
 * The numeric NLP room: a primal-dual interior-point method with a filter line search
 * (IPOPT's algorithm) on compiled exact derivatives, and a seeded multistart around it.
 */
export { buildModel, type NlpInput, type NlpModel, type InequalityRole } from './model.js';
export { interiorPoint, type IpmOptions, type IpmResult, type IpmStatus } from './ipm.js';
export { solveNlp, userMultipliers, type NlpOptions, type NlpResult, type LocalSolution } from './multistart.js';
