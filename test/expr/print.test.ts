import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PI, Rational, num, parse, pow, sym, toText, mul, add, sqrt, type Expr } from '../../src/expr/index.js';
import { exprArbitrary } from '../support/arbitrary.js';

describe('toText examples', () => {
  const cases: [string, string][] = [
    ['x^2 + 2*x + 1', 'x^2 + 2*x + 1'],
    ['1 + 2*x + x^2', 'x^2 + 2*x + 1'],
    ['(x+y)^3', '(x + y)^3'],
    ['y^3 + 3*x*y^2 + 3*x^2*y + x^3', 'x^3 + 3*x^2*y + 3*x*y^2 + y^3'],
    ['-mu + x', 'x - mu'],
    ['-1/(2*sigma^2)', '-1/(2*sigma^2)'],
    ['exp(-(x - mu)^2/(2*sigma^2))', 'exp(-(x - mu)^2/(2*sigma^2))'],
    ['1/sqrt(2*pi*sigma^2)', '1/sqrt(2*pi*sigma^2)'],
    ['x/2', 'x/2'],
    ['3*x/2', '3*x/2'],
    ['1/(x+1)', '1/(x + 1)'],
    ['1/(x+1)^2', '1/(x + 1)^2'],
    ['x^(3/2)', 'x^(3/2)'],
    ['x^(-3/2)', '1/x^(3/2)'],
    ['sqrt(8)', '2*sqrt(2)'],
    ['2^x', '2^x'],
    ['2^(-x)', '2^(-x)'],
    ['(1/2)^x', '(1/2)^x'],
    ['(-2)^x', '(-2)^x'],
    ['x^y^z', 'x^y^z'],
    ['(x^y)^z', '(x^y)^z'],
    ['e', 'e'],
    ['e^x', 'exp(x)'],
    ['pi*x*2', '2*pi*x'],
    ['sin(x)^2 + cos(x)^2', 'cos(x)^2 + sin(x)^2'],
    ['-x', '-x'],
    ['-(x+y)', '-x - y'],
    ['-x*y + 1', '1 - x*y'],
    ['lambda_0*x + lambda_1*y', 'lambda_0*x + lambda_1*y'],
    ['z*y^2*x', 'x*y^2*z'],
    ['abs(x) + sign(x)', 'abs(x) + sign(x)'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => {
      const e = parse(input);
      expect(toText(e)).toBe(expected);
      expect(parse(toText(e))).toBe(e);
    });
  }

  it('never writes a coefficient next to a sum, where the parser would distribute it', () => {
    const x = sym('x');
    const y = sym('y');
    const cases: [Expr, string][] = [
      [mul(num(2), add(x, num(1)), add(y, num(1))), '2*((x + 1)*(y + 1))'],
      [mul(num(-1), add(x, num(1)), add(y, num(1))), '-((x + 1)*(y + 1))'],
      [mul(num(Rational.of(1, 2)), sqrt(num(14)), pow(add(PI, num(-1)), num(-1))), '1/2*(sqrt(14)/(pi - 1))'],
      [mul(num(3), add(x, num(1)), pow(y, num(-1))), '3*((x + 1)/y)'],
      [mul(num(3), x, add(y, num(1))), '3*x*(y + 1)'],
    ];
    for (const [e, text] of cases) {
      expect(toText(e)).toBe(text);
      expect(parse(text)).toBe(e);
    }
    // The parser itself distributes left to right: 2*(x+1) is built first.
    expect(parse('2*(x+1)*(y+1)')).toBe(mul(add(mul(num(2), x), num(2)), add(y, num(1))));
  });

  it('prints nodes that the parser never builds', () => {
    expect(toText(pow(num(Rational.of(1, 2)), sym('x')))).toBe('(1/2)^x');
    expect(toText(num(Rational.of(-3, 4)))).toBe('-3/4');
    expect(toText(pow(num(2), num(1000000000)))).toBe('2^1000000000');
    expect(toText(mul(PI, sqrt(num(2)), sym('x')))).toBe('sqrt(2)*pi*x');
    expect(toText(add(sym('constructor'), sym('toString')))).toBe('constructor + toString');
  });
});

describe('round trip: parse(toText(e)) === e', () => {
  it('holds for random expressions over x, y, z of depth up to 6', () => {
    let checked = 0;
    fc.assert(
      fc.property(exprArbitrary({ vars: ['x', 'y', 'z'], maxDepth: 6 }), (e: Expr) => {
        const text = toText(e);
        expect(parse(text)).toBe(e);
        checked++;
      }),
      { seed: 424242, numRuns: 1000 },
    );
    expect(checked).toBeGreaterThanOrEqual(1000);
  });

  it('holds for names that look like mathjs keywords', () => {
    const names = ['in', 'to', 'mod', 'Infinity', 'NaN', 'true', 'constructor', 'lambda_12', 'x_i_j'];
    fc.assert(
      fc.property(exprArbitrary({ vars: names, maxDepth: 4 }), (e: Expr) => {
        expect(parse(toText(e))).toBe(e);
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});
