import { describe, expect, it } from 'vitest';
import {
  E,
  PI,
  ParseError,
  Rational,
  add,
  call,
  exp,
  mul,
  neg,
  num,
  parse,
  parseRelation,
  pow,
  sin,
  sqrt,
  sym,
} from '../../src/expr/index.js';

const x = sym('x');
const y = sym('y');

/** The ParseError thrown for the text (fails the test when none is thrown). */
function parseError(text: string, run: (t: string) => unknown = (t) => parse(t)): ParseError {
  try {
    run(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('syntax of INTERFACE.md', () => {
  it('binds ^ tighter than unary minus and right-associatively', () => {
    expect(parse('-x^2')).toBe(neg(pow(x, num(2))));
    expect(parse('2^3^2')).toBe(num(512));
    expect(parse('-2^2')).toBe(num(-4));
    expect(parse('(-2)^2')).toBe(num(4));
    expect(parse('x^-1')).toBe(pow(x, num(-1)));
    expect(parse('2*x^2 + 3*x - 1/2')).toBe(add(mul(num(2), pow(x, num(2))), mul(num(3), x), num(Rational.of(-1, 2))));
    expect(parse('1 - x - y')).toBe(add(num(1), neg(x), neg(y)));
    expect(parse('x/y/2')).toBe(mul(num(Rational.of(1, 2)), x, pow(y, num(-1))));
  });

  it('reads implicit multiplication of a number and a name', () => {
    expect(parse('2x')).toBe(mul(num(2), x));
    expect(parse('3 x y')).toBe(mul(num(3), x, y));
    expect(parse('2(x+1)')).toBe(add(mul(num(2), x), num(2)));
    expect(parse('(x+1)(x-1)')).toBe(mul(add(x, num(1)), add(x, num(-1))));
    expect(parse('1/2x')).toBe(mul(num(Rational.of(1, 2)), x)); // mathjs: implicit multiplication binds tighter
  });

  it('reads e and pi as constants and decimals exactly', () => {
    expect(parse('e')).toBe(E);
    expect(parse('e^x')).toBe(exp(x));
    expect(parse('pi')).toBe(PI);
    expect(parse('0.1')).toBe(num(Rational.of(1, 10)));
    expect(parse('1.5e-3')).toBe(num(Rational.of(3, 2000)));
    expect(parse('2.5E2')).toBe(num(250));
    expect(parse('1e400')).toBe(num(10n ** 400n));
    expect(parse('1e-400')).toBe(num(Rational.of(1n, 10n ** 400n)));
    expect(parse('12345678901234567890123')).toBe(num(12345678901234567890123n));
  });

  it('knows every function of the syntax', () => {
    for (const f of ['exp', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'abs'] as const) {
      expect(parse(`${f}(x + y)`)).toBe(call(f, add(x, y)));
    }
    expect(parse('sqrt(x)')).toBe(sqrt(x));
    expect(parse('sign(x)')).toBe(call('sign', x)); // printed for derivatives of abs, so it must parse back
  });

  it('treats every other legal name as an ordinary name', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'lambda_0', 'sigma', 'mu', 'Sigma', 'x_1', 'E', 'i', 'PI', 'Infinity', 'NaN', 'true', 'null', 'undefined', 'mod', 'in', 'to', 'and', 'or', 'not', 'xor', 'end']) {
      expect(parse(name)).toBe(sym(name));
    }
    expect(parse('constructor + toString*2')).toBe(add(sym('constructor'), mul(num(2), sym('toString'))));
    expect(parse('in + to*mod')).toBe(add(sym('in'), mul(sym('to'), sym('mod'))));
    expect(parse('sin(in)^2')).toBe(pow(sin(sym('in')), num(2)));
    expect(parse('lambda_0*x + mu*sigma')).toBe(add(mul(sym('lambda_0'), x), mul(sym('mu'), sym('sigma'))));
  });

  it('rejects __proto__: names start with a letter', () => {
    const err = parseError('__proto__ + 1');
    expect(err.position).toBe(1);
    expect(err.reason).toMatch(/not a valid name/);
  });

  it('checks names against knownNames', () => {
    expect(parse('x + y', { knownNames: ['x', 'y'] })).toBe(add(x, y));
    const err = parseError('x + yy', (t) => parse(t, { knownNames: new Set(['x', 'y']) }));
    expect(err.reason).toBe('unknown name "yy" (declared: x, y)');
    expect(err.position).toBe(5);
  });
});

describe('errors name the text and the position', () => {
  const cases: [string, number | undefined, RegExp][] = [
    ['x + * y', 5, /value expected/i],
    ['sin(', 5, /unexpected end/i],
    ['foo(x)', 1, /unknown function "foo".*foo\*\(\.\.\.\)/],
    ['x(y+1)', 1, /unknown function "x".*write x\*\(\.\.\.\)/],
    ['[1,2]', 1, /matrices/],
    ['x!', 2, /factorial/],
    ['x > 1', 3, /relation/],
    ['x = 1', 3, /relation/],
    ['x # comment', 3, /#/],
    ["x'", 2, /transpose \('\) needs a vector or matrix/], // was "unexpected character": ' is now syntax (matrix transpose)
    ['x; y', 2, /unexpected character/],
    ['λ + 1', 1, /spell greek letters out/],
    ['0x1F', 1, /hexadecimal/],
    ['sin(x, y)', 1, /one argument/],
    ['exp', 1, /is a function/],
    ['a.b', 1, /property access/],
    ['x + ', 5, /unexpected end/i], // one past the end
    ['(x + 1', 7, /parenthesis/i],
  ];
  for (const [text, position, reason] of cases) {
    it(JSON.stringify(text), () => {
      const err = parseError(text);
      expect(err.text).toBe(text);
      expect(err.position).toBe(position);
      expect(err.reason).toMatch(reason);
      expect(err.message).toContain(text);
      expect(err.stack).toBeDefined();
    });
  }

  it('rejects empty text', () => {
    for (const t of ['', '   ']) {
      const err = parseError(t);
      expect(err.reason).toBe('empty expression');
    }
  });

  it('rejects a division by the number zero at parse time', () => {
    const err = parseError('x/0');
    expect(err.reason).toMatch(/division by zero/);
    expect(parseError('log(0)').reason).toMatch(/log\(0\)/);
  });
});

describe('parseRelation', () => {
  it('reads =, <= and >= and their variants', () => {
    expect(parseRelation('x + y = 1')).toEqual({ lhs: add(x, y), op: '=', rhs: num(1) });
    expect(parseRelation('x^2 <= 4')).toEqual({ lhs: pow(x, num(2)), op: '<=', rhs: num(4) });
    expect(parseRelation('x >= 0')).toEqual({ lhs: x, op: '>=', rhs: num(0) });
    expect(parseRelation('x == 1').op).toBe('=');
    expect(parseRelation('x ≤ 1').op).toBe('<=');
    expect(parseRelation('x ≥ 1').op).toBe('>=');
  });

  it('rejects strict, missing and repeated relations with positions', () => {
    expect(parseError('x > 1', parseRelation).position).toBe(3);
    expect(parseError('x > 1', parseRelation).reason).toMatch(/strict/);
    expect(parseError('x + 1', parseRelation).reason).toMatch(/needs a relation/);
    expect(parseError('0 <= x <= 1', parseRelation).position).toBe(8);
    expect(parseError(' = 1', parseRelation).position).toBe(1);
    const inner = parseError('x + * y = 1', parseRelation);
    expect(inner.position).toBe(5);
    const right = parseError('x = y + * 2', parseRelation);
    expect(right.position).toBe(9); // positions count from the start of the whole text
    expect(right.text).toBe('x = y + * 2');
  });
});
