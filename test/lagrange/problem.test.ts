/**
 * The problem model: validation with precise errors, constraint normalisation
 * (h = lhs - rhs, g <= 0), the Lagrangian's sign convention and the KKT conditions.
 */
import { describe, expect, it } from 'vitest';
import { parse, toText } from '../../src/expr/index.js';
import { kktConditions, lagrangian, parseProblem, parseProblemText, ProblemError, withParameterValues } from '../../src/lagrange/index.js';
import { num } from '../../src/expr/index.js';

function errorOf(f: () => unknown): ProblemError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('expected a ProblemError');
}

describe('parseProblem', () => {
  it('normalises constraints: h = lhs - rhs, g = lhs - rhs for <=, rhs - lhs for >=, numbered per kind', () => {
    const p = parseProblem({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1', 'x >= 2', 'y <= 3', 'x*y = 4'] });
    expect(p.equalities.map((c) => [c.multiplier, toText(c.fn)])).toEqual([
      ['lambda_1', 'x + y - 1'],
      ['lambda_2', 'x*y - 4'],
    ]);
    expect(p.inequalities.map((c) => [c.multiplier, toText(c.fn)])).toEqual([
      ['mu_1', '2 - x'],
      ['mu_2', 'y - 3'],
    ]);
    expect(p.constraints.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('builds L = f + sum lambda h + sum mu g for minimise, f - ... for maximise', () => {
    const min = parseProblem({ variables: ['x'], minimize: 'x^2', subject_to: ['x = 1', 'x >= 0'] });
    expect(lagrangian(min)).toBe(parse('x^2 + lambda_1*(x - 1) + mu_1*(-x)'));
    const max = parseProblem({ variables: ['x'], maximize: 'x^2', subject_to: ['x = 1', 'x >= 0'] });
    expect(lagrangian(max)).toBe(parse('x^2 - lambda_1*(x - 1) - mu_1*(-x)'));
  });

  it('lists stationarity, primal, dual and complementary conditions in that order', () => {
    const p = parseProblem({ variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x + y = 1', 'x <= 3'] });
    const c = kktConditions(p);
    expect(c.map((k) => k.kind)).toEqual(['stationarity', 'stationarity', 'primal', 'primal', 'dual', 'complementary']);
    expect(toText(c[0]!.lhs)).toBe('lambda_1 + mu_1 + y');
    expect(c[3]!.op).toBe('<=');
    expect(toText(c[5]!.lhs)).toBe('mu_1*(x - 3)');
  });

  it('accepts parameters, assumptions and parameter_values, and substitutes them', () => {
    const p = parseProblem({
      variables: ['x'],
      parameters: ['a'],
      assume: ['a > 0'],
      minimize: '(x - a)^2',
      subject_to: ['x <= 2*a'],
      parameter_values: { a: 2 },
    });
    expect(p.assumptions[0]!.op).toBe('>');
    expect(p.parameterValues?.get('a')).toBe(2);
    const q = withParameterValues(p, new Map([['a', num(2)]]));
    expect(q.parameters).toEqual([]);
    expect(toText(q.objective)).toBe(toText(parse('(x - 2)^2')));
    expect(toText(q.inequalities[0]!.fn)).toBe('x - 4');
  });

  it('names the unknown name, the field and the position', () => {
    const e = errorOf(() => parseProblem({ variables: ['x', 'y'], minimize: 'x^2 + z', subject_to: [] }));
    expect(e.field).toBe('minimize');
    expect(e.reason).toMatch(/unknown name "z"/);
    expect(e.position).toBe(7);
    const c = errorOf(() => parseProblem({ variables: ['x'], minimize: 'x', subject_to: ['x >= 0', 'x + q <= 1'] }));
    expect(c.field).toBe('subject_to[1]');
    expect(c.reason).toMatch(/unknown name "q"/);
    expect(c.position).toBe(5);
  });

  it('rejects a constraint with no relation, or with two', () => {
    const e = errorOf(() => parseProblem({ variables: ['x'], minimize: 'x', subject_to: ['x + 1'] }));
    expect(e.field).toBe('subject_to[0]');
    expect(e.reason).toMatch(/needs a relation/);
    expect(errorOf(() => parseProblem({ variables: ['x'], minimize: 'x', subject_to: ['0 <= x <= 1'] })).reason).toMatch(/exactly one relation/);
    expect(errorOf(() => parseProblem({ variables: ['x'], minimize: 'x', subject_to: ['x < 1'] })).reason).toMatch(/strict inequality/);
  });

  it('rejects both minimize and maximize, neither, and a constraint without variables', () => {
    expect(errorOf(() => parseProblem({ variables: ['x'], minimize: 'x', maximize: 'x' })).reason).toMatch(/not both/);
    expect(errorOf(() => parseProblem({ variables: ['x'] })).reason).toMatch(/missing objective/);
    expect(errorOf(() => parseProblem({ variables: ['x'], parameters: ['a'], minimize: 'x', subject_to: ['a >= 0'] })).reason).toMatch(/assume/);
  });

  it('rejects names that clash with multipliers, reserved names and duplicates', () => {
    const e = errorOf(() => parseProblem({ variables: ['x', 'lambda_1'], minimize: 'x', subject_to: ['x + lambda_1 = 1'] }));
    expect(e.reason).toMatch(/"lambda_1" is the multiplier of constraint 1/);
    // lambda_2 does not clash when there is only one equality.
    expect(parseProblem({ variables: ['x', 'lambda_2'], minimize: 'x', subject_to: ['x + lambda_2 = 1'] }).variables).toEqual(['x', 'lambda_2']);
    expect(errorOf(() => parseProblem({ variables: ['x', 'pi'], minimize: 'x' })).reason).toMatch(/constant/);
    expect(errorOf(() => parseProblem({ variables: ['x', 'x'], minimize: 'x' })).reason).toMatch(/listed twice/);
    expect(errorOf(() => parseProblem({ variables: ['x'], parameters: ['x'], minimize: 'x' })).reason).toMatch(/both a variable and a parameter/);
  });

  it('checks assumptions and parameter_values', () => {
    expect(errorOf(() => parseProblem({ variables: ['x'], parameters: ['a'], assume: ['x > 0'], minimize: 'x' })).reason).toMatch(/"x" is a variable/);
    expect(errorOf(() => parseProblem({ variables: ['x'], parameters: ['a'], assume: ['a'], minimize: 'x' })).reason).toMatch(/needs a relation/);
    // A syntax error in the right side points into the whole entry: the stray * of "a >= 1 + *b" is its 10th character.
    const side = errorOf(() => parseProblem({ variables: ['x'], parameters: ['a', 'b'], assume: ['a >= 1 + *b'], minimize: 'x' }));
    expect([side.field, side.text, side.position]).toEqual(['assume[0]', 'a >= 1 + *b', 10]);
    expect(errorOf(() => parseProblem({ variables: ['x'], parameters: ['a'], minimize: 'a*x', parameter_values: { b: 1 } })).reason).toMatch(/"b" is not a parameter/);
    expect(errorOf(() => parseProblem({ variables: ['x'], parameters: ['a'], minimize: 'a*x', parameter_values: {} })).reason).toMatch(/no value for the parameter "a"/);
  });

  it('reports JSON syntax errors with line and column', () => {
    const e = errorOf(() => parseProblemText('{\n  "variables": ["x"],\n  "minimize": "x",,\n}', 'p.json'));
    expect(e.field).toBe('p.json');
    expect(e.reason).toMatch(/not valid JSON \(line 3, column \d+\)/);
    expect(errorOf(() => parseProblemText('[1, 2]')).reason).toMatch(/JSON object/);
  });
});
