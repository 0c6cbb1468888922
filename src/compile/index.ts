/**
 * The compile room: expressions to fast numeric closures over Float64Arrays, through a
 * topologically ordered instruction list (each shared node computed once). Generated
 * source is built only from the generator's own vocabulary; user text never reaches it.
 */
export { compile, compileLowered, lowerForLayout, AUTO_LOOP_INSTRUCTIONS, MIN_LOOP_RUN, DEFAULT_MAX_CHUNK, DEFAULT_MAX_CHUNK_CHARS, type CompiledFunction, type CompiledInfo, type CompileOptions, type Variable } from './compile.js';
export { compileGradient, compileHessian, compileHvp, type CompiledGradient, type CompiledHessian, type CompiledHvp } from './derived.js';
export { evaluate, evaluateAll, nodeValue, UnboundSymbolError, type Environment } from './interpret.js';
export { lower, FreeSymbolError, MAX_MULTIPLIED_POWER } from './lower.js';
export type { Program, ScalarProgram, Instr, ScalarInstr, Loop, BodyStep, Index, Operand, Product, Term } from './program.js';
export { reroll, type RerollOptions } from './reroll.js';
export { schedule, splitLongSums, MAX_SUM_TERMS } from './schedule.js';
export { checkGeneratedSource } from './emit.js';
export { printProduct, printRhs, type RhsSyntax } from './emit-code.js';
export { pointArray, type PointInput } from './named.js';
export { readVariableList, readVariableLists, readPointText, readConstantValue, requireValues, type Coordinate } from './point-text.js';
export { relaxedSimd } from './wasm/encoder.js';
