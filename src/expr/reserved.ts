/**
 * The names no user may declare: the constants and the function names of the language.
 * One owner, derived from the tables themselves (FUNCTION_NAMES, the key list the
 * FUNCTIONS table of functions.ts is checked against; sqrt; the synonyms; the matrix
 * functions), so a function added there is reserved on every route. Light imports only:
 * the input readers check names without loading the parser.
 */
import { MATRIX_FUNCTION_NAMES } from './matrix/shape.js';
import { FUNCTION_NAMES, type FunctionName } from './node-types.js';

/** Other spellings of built-in functions, read as the function they name (printed under that name). */
export const FUNCTION_SYNONYMS: Readonly<Record<string, FunctionName>> = { ln: 'log' };

/** The named constants (INTERFACE.md: `e` and `pi` are constants, not variable names). */
export const CONSTANT_NAMES: ReadonlySet<string> = new Set(['e', 'pi']);

/** Every name the scalar language calls: the built-ins, `sqrt` (a power, not a table entry) and the synonyms (`ln`). */
export const SCALAR_FUNCTION_NAMES: ReadonlySet<string> = new Set([...FUNCTION_NAMES, 'sqrt', ...Object.keys(FUNCTION_SYNONYMS)]);

/** The scalar names and the functions of the matrix language (`tr`, `det`, `norm`, ...). */
export const MATRIX_LANGUAGE_FUNCTION_NAMES: ReadonlySet<string> = new Set([...SCALAR_FUNCTION_NAMES, ...MATRIX_FUNCTION_NAMES]);

/**
 * What a reserved name is, for a message: a constant, a function (one of `functions`: the
 * scalar names unless a matrix route passes MATRIX_LANGUAGE_FUNCTION_NAMES), or undefined
 * for an ordinary name.
 */
export function reservedKind(name: string, functions: ReadonlySet<string> = SCALAR_FUNCTION_NAMES): 'constant' | 'function' | undefined {
  if (CONSTANT_NAMES.has(name)) return 'constant';
  return functions.has(name) ? 'function' : undefined;
}
