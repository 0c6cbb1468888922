/**
 * The reserved names (expr/reserved.ts) and each route that refuses them, with its exact
 * words. The expected names are INTERFACE.md's lists, typed here by hand: the scalar
 * functions, asin..erf, `ln`, the constants `e` `pi`, and the matrix functions.
 */
import { describe, expect, it } from 'vitest';
import { CONSTANT_NAMES, MATRIX_LANGUAGE_FUNCTION_NAMES, reservedKind, SCALAR_FUNCTION_NAMES } from '../../src/expr/index.js';
import { parseProblem } from '../../src/lagrange/index.js';
import { readVariableList } from '../../src/compile/index.js';
import { InputError, readDeclarationList } from '../../src/input/index.js';
import { parseProgram } from '../../src/adjoint/index.js';
import { parseMatrixProgram } from '../../src/adjoint/matrix/index.js';
import { parseMaxentText } from '../../src/maxent/index.js';

// INTERFACE.md, "Expression syntax" and "Functions, in addition"; `sign` is read by the parser too.
const SCALAR = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'abs', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'erf', 'ln', 'sign'];
// INTERFACE.md, "Vectors and matrices".
const MATRIX = ['sum', 'norm', 'tr', 'det', 'logdet', 'inv', 'diag', 'eye', 'ones'];

/** The reason of the InputError (or subclass) that `f` throws. */
function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.reason;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('the reserved names', () => {
  it('are the constants, the scalar functions and, for the matrix language, its functions too', () => {
    expect([...CONSTANT_NAMES].sort()).toEqual(['e', 'pi']);
    expect([...SCALAR_FUNCTION_NAMES].sort()).toEqual([...SCALAR].sort());
    expect([...MATRIX_LANGUAGE_FUNCTION_NAMES].sort()).toEqual([...SCALAR, ...MATRIX].sort());
    expect(reservedKind('pi')).toBe('constant');
    expect(reservedKind('ln')).toBe('function');
    expect(reservedKind('tr')).toBeUndefined(); // an ordinary name of the scalar language
    expect(reservedKind('tr', MATRIX_LANGUAGE_FUNCTION_NAMES)).toBe('function');
    expect(reservedKind('constructor', MATRIX_LANGUAGE_FUNCTION_NAMES)).toBeUndefined();
  });
});

describe('each route refuses them in its own words', () => {
  it('solve (a problem file)', () => {
    expect(reasonOf(() => parseProblem({ variables: ['x', 'ln'], minimize: 'x' }))).toBe('"ln" is a function, not a name');
    expect(reasonOf(() => parseProblem({ variables: ['x'], parameters: ['e'], minimize: 'x' }))).toBe('"e" is a constant, not a name');
  });

  it('--wrt and --at (point text)', () => {
    expect(reasonOf(() => readVariableList('x, ln', '--wrt'))).toBe('"ln" is a function, not a variable');
    expect(reasonOf(() => readVariableList('e', '--wrt'))).toBe('"e" is a constant, not a variable');
  });

  it('shaped declarations (matrix solve, maxent, adjoint inputs, --shape)', () => {
    expect(reasonOf(() => readDeclarationList([{ name: 'logdet', shape: ['n', 'n'] }], 'variables', true))).toBe('"logdet" is a function, not a name');
    expect(reasonOf(() => readDeclarationList(['ln'], 'variables', true))).toBe('"ln" is a function, not a name');
  });

  it('adjoint, scalar program: function names only (INTERFACE.md\'s own example assigns e)', () => {
    expect(reasonOf(() => parseProgram({ inputs: ['x'], program: ['ln = x'], output: 'ln' }))).toBe('"ln" is a function name and cannot be assigned');
    expect(reasonOf(() => parseProgram({ inputs: ['x', 'erf'], program: ['a = x'], output: 'a' }))).toBe('"erf" is a function name and cannot be an input');
    // tr is no function of the scalar language.
    expect(parseProgram({ inputs: ['x'], program: ['tr = 2*x', 'e = tr^2'], output: 'e' }).output).toBe('e');
  });

  it('adjoint, matrix program: the matrix functions too', () => {
    const inputs = [{ name: 'x', shape: ['n'] }];
    expect(reasonOf(() => parseMatrixProgram({ inputs, program: ['det = sum(x)', 'loss = det^2'], output: 'loss' }))).toBe('"det" is a function name and cannot be assigned');
  });

  it('maxent (a scalar problem file): the variable and the density\'s name', () => {
    const file = (fields: Record<string, unknown>): string => JSON.stringify({ variable: 'x', support: ['0', '1'], moments: [], ...fields });
    expect(reasonOf(() => parseMaxentText(file({ variable: 'exp' })))).toBe('"exp" is a function, not a name');
    expect(reasonOf(() => parseMaxentText(file({ variable: 'pi' })))).toBe('"pi" is a constant, not a name');
    expect(reasonOf(() => parseMaxentText(file({ function: 'ln' })))).toBe('"ln" is a function, not a name');
  });
});
