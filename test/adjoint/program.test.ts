import { describe, expect, it } from 'vitest';
import { parseInProgram, parseProgram, ProgramError, programGraph } from '../../src/adjoint/index.js';
import { E, exp, parse, sin, sym, add, mul, num } from '../../src/expr/index.js';

const SEED = {
  inputs: ['x'],
  program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'],
  output: 'f',
  at: { x: 0.3 },
};

/** The ProgramError a spec raises (fails the test when it parses). */
function errorOf(spec: unknown): ProgramError {
  try {
    parseProgram(spec);
  } catch (err) {
    expect(err).toBeInstanceOf(ProgramError);
    return err as ProgramError;
  }
  throw new Error('expected a ProgramError');
}

describe('parseProgram', () => {
  it('reads seed 001, where e is a variable, not the constant', () => {
    const p = parseProgram(SEED);
    expect(p.inputs).toEqual(['x']);
    expect(p.output).toBe('f');
    expect(p.at).toEqual({ x: 0.3 });
    const byName = new Map(p.assignments.map((a) => [a.name, a.rhs]));
    expect(byName.get('a')).toBe(exp(sym('x')));
    expect(byName.get('e')).toBe(sin(sym('c')));
    expect(byName.get('f')).toBe(add(sym('d'), sym('e')));
    expect(byName.get('f')).not.toBe(add(sym('d'), E));
    expect(p.assignments.map((a) => a.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts the JSON text itself and a newline-separated program string (lines numbered as written)', () => {
    const p = parseProgram(JSON.stringify({ ...SEED, program: SEED.program.join('\n') }));
    expect(p.assignments).toHaveLength(6);
    const err = errorOf({ inputs: ['x'], program: 'a = exp(x)\n\nb = a + q', output: 'b' });
    expect(err.line).toBe(3);
  });

  it('reads 2e as 2 times the variable e and 1e3 as a thousand when e is a variable', () => {
    const p = parseProgram({ inputs: ['e'], program: ['a = 2e + 1e3'], output: 'a' });
    expect(p.assignments[0]!.rhs).toBe(add(mul(num(2), sym('e')), num(1000)));
  });

  it('keeps e the constant in programs that do not name a variable e', () => {
    const p = parseProgram({ inputs: ['x'], program: ['a = e*x'], output: 'a' });
    expect(p.assignments[0]!.rhs).toBe(mul(E, sym('x')));
  });

  it('orders an acyclic program topologically even when lines come out of order', () => {
    const p = parseProgram({ inputs: ['x'], program: ['f = b + 1', 'b = a^2', 'a = exp(x)'], output: 'f' });
    const g = programGraph(p);
    expect(g.order.map((a) => a.name)).toEqual(['a', 'b', 'f']);
    expect(g.blocks.every((b) => !b.cyclic)).toBe(true);
  });

  it('finds the strongly connected components of cyclic programs', () => {
    const p = parseProgram({
      inputs: ['x'],
      program: ['a = exp(x)', 'z = 0.5*cos(z) + a', 'u = v/2 + z', 'v = sin(w) + 1', 'w = u/3', 'f = w + z + a'],
      output: 'f',
    });
    const g = programGraph(p);
    const blocks = g.blocks.map((b) => ({ names: b.members.map((m) => m.name), cyclic: b.cyclic }));
    expect(blocks).toEqual([
      { names: ['a'], cyclic: false },
      { names: ['z'], cyclic: true },
      { names: ['u', 'v', 'w'], cyclic: true },
      { names: ['f'], cyclic: false },
    ]);
    expect(g.children.get('z')).toEqual(['z', 'u', 'f']);
  });
});

describe('bad programs name the offending line', () => {
  it('an undefined variable: line number, text and position', () => {
    const err = errorOf({ inputs: ['x'], program: ['a = exp(x)', 'b = a + q'], output: 'b' });
    expect(err.line).toBe(2);
    expect(err.lineText).toBe('b = a + q');
    expect(err.position).toBe(9);
    expect(err.message).toContain('program line 2 ("b = a + q")');
    expect(err.message).toContain('undefined variable "q"');
  });

  it('an output that is never assigned', () => {
    const err = errorOf({ inputs: ['x'], program: ['a = exp(x)'], output: 'g' });
    expect(err.message).toBe('the output "g" is never assigned in the program');
  });

  it('an output that is an input', () => {
    expect(errorOf({ inputs: ['x'], program: ['a = exp(x)'], output: 'x' }).message).toContain('is an input');
  });

  it('two assignments to one variable, with the first line named and the rule for cycles', () => {
    const err = errorOf({ inputs: ['x'], program: ['a = exp(x)', 'b = a', 'a = a + 1'], output: 'a' });
    expect(err.line).toBe(3);
    expect(err.lineText).toBe('a = a + 1');
    expect(err.reason).toContain('"a" is assigned twice (first on line 1)');
    expect(err.reason).toContain('z = 0.5*cos(z) + x');
  });

  it('a non-scalar output', () => {
    expect(errorOf({ inputs: ['x'], program: ['a = exp(x)', 'b = x'], output: ['a', 'b'] }).message).toContain('one scalar variable');
    expect(errorOf({ inputs: ['x'], program: ['a = exp(x)'], output: 'a + 1' }).message).toContain('not a variable name');
  });

  it('syntax errors inside a line point into the line', () => {
    const err = errorOf({ inputs: ['x'], program: ['a = exp(x'], output: 'a' });
    expect(err.line).toBe(1);
    expect(err.position).toBe(10);
    expect(errorOf({ inputs: ['x'], program: ['a == x'], output: 'a' }).position).toBe(3);
    expect(errorOf({ inputs: ['x'], program: ['a + 1'], output: 'a' }).reason).toContain('name = expression');
    expect(errorOf({ inputs: ['x'], program: ['a = x = 1'], output: 'a' }).reason).toContain('exactly one "="');
    expect(errorOf({ inputs: ['x'], program: ['2a = x'], output: 'a' }).reason).toContain('not a valid variable name');
  });

  it('assigning an input, a function name or a multiplier name', () => {
    expect(errorOf({ inputs: ['x'], program: ['x = 2'], output: 'x' }).reason).toContain('"x" is an input');
    expect(errorOf({ inputs: ['x'], program: ['sin = x'], output: 'sin' }).reason).toContain('function name');
    expect(errorOf({ inputs: ['x'], program: ['lambda_a = x'], output: 'lambda_a' }).reason).toContain('reserved');
  });

  it('malformed files', () => {
    expect(errorOf('{"inputs": [').message).toContain('not valid JSON');
    expect(errorOf([1, 2]).message).toContain('JSON object');
    expect(errorOf({ inputs: 'x', program: ['a = x'], output: 'a' }).message).toContain('"inputs" must be a list');
    expect(errorOf({ inputs: ['x', 'x'], program: ['a = x'], output: 'a' }).message).toContain('listed twice');
    expect(errorOf({ inputs: ['x'], program: [], output: 'a' }).message).toContain('non-empty list');
    expect(errorOf({ inputs: ['x'], program: ['a = x'], ouput: 'a' }).message).toContain('unknown field "ouput"');
    expect(errorOf({ inputs: ['x'], program: ['a = x'], output: 'a', at: { y: 1 } }).message).toContain('"y", which is not an input');
    expect(errorOf({ inputs: ['x', 'y'], program: ['a = x'], output: 'a', at: { x: 1 } }).message).toContain('no value for "y"');
    expect(errorOf({ inputs: ['x'], program: ['a = x'], output: 'a', at: { x: 'one' } }).message).toContain('finite number');
  });

  it('Euler\'s number in a program that names a variable e', () => {
    const err = errorOf({ inputs: ['x'], program: ['e = x', 'f = e*exp(1)'], output: 'f' });
    expect(err.line).toBe(2);
    expect(err.reason).toContain('Euler');
  });
});

describe('parseInProgram', () => {
  it('maps error positions back to the text as written when names are renamed', () => {
    try {
      parseInProgram('e + e + q', new Set(['e']));
      throw new Error('expected a parse error');
    } catch (err) {
      expect((err as { position?: number }).position).toBe(9);
      expect((err as Error).message).not.toContain('Variable');
    }
  });

  it('parses like parse when no constant is shadowed', () => {
    expect(parseInProgram('x^2 + e', new Set(['x']))).toBe(parse('x^2 + e'));
  });
});
