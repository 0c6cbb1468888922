/**
 * The adjoint room: programs as equality constraints, their Lagrangian, the forward,
 * adjoint and gradient conditions, back-substitution, compiled forward and backward
 * passes (with Newton solves and linear adjoint solves for cyclic programs), layered
 * networks as programs, and the derivation document and JSON of `lagrangian adjoint`.
 */
export {
  parseProgram,
  parseInProgram,
  programSpec,
  multiplierName,
  MULTIPLIER_PREFIX,
  ProgramError,
  type AdjointProgram,
  type ProgramSpec,
  type Assignment,
} from './program.js';
export { programGraph, type ProgramGraph, type ProgramBlock } from './graph.js';
export { adjointSystem, type AdjointSystem, type AdjointEquation, type LocalPartial } from './system.js';
export { backSubstitute, cycleSystem, BACKSUB_NODE_BUDGET, type BackSubstitution, type CycleSystem } from './backsub.js';
export { compileProgram, ConvergenceError, SingularCycleError, type CompiledProgram, type PassOptions } from './passes.js';
export { checkProgramGradient, gradientCheckFailure, type ProgramGradcheck, type ProgramGradcheckComponent } from './check.js';
export { analyzeProgram, treeSize, type AdjointAnalysis, type AdjointOptions, type AdjointStatus, type AdjointValues } from './analysis.js';
export { adjointDerivation, type DerivationOptions } from './derivation.js';
export { adjointJson } from './json.js';
export { lagrangianMath } from './display.js';
export { layeredNetworkProgram, networkNames, MAX_NETWORK_WIDTH, type Activation, type NetworkShape, type NetworkNames } from './network.js';
export { randomProgram, seededRandom, type RandomProgramOptions } from './random.js';
