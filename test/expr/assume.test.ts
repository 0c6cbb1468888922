import { describe, expect, it } from 'vitest';
import {
  SIGN_ANY,
  Assumptions,
  SIGN_NEG,
  SIGN_POS,
  ParseError,
  SIGN_ZERO,
  isNegative,
  isNonnegative,
  isNonpositive,
  isNonzero,
  isPositive,
  parse,
} from '../../src/expr/index.js';

function parseError(run: () => unknown): ParseError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('no error');
}

describe('Assumptions.parse', () => {
  it('reads the forms of problem files', () => {
    const a = Assumptions.parse(['a > 0', 'sigma > 0', 'x >= 0', 'n != 0', 'b < 0', 'c <= 0', '0 < d', 'k ≥ 0', 'm ≠ 0', 'r >= 2', 's > 1.5', 't < -3']);
    expect(Object.fromEntries(a.facts())).toEqual({
      a: 'positive',
      sigma: 'positive',
      x: 'nonnegative',
      n: 'nonzero',
      b: 'negative',
      c: 'nonpositive',
      d: 'positive',
      k: 'nonnegative',
      m: 'nonzero',
      r: 'positive',
      s: 'positive',
      t: 'negative',
    });
  });

  it('combines facts about one symbol', () => {
    expect(Assumptions.parse(['x >= 0', 'x != 0']).facts()).toEqual([['x', 'positive']]);
    expect(Assumptions.parse('x > 0').with('y', 'negative').signOfSymbol('y')).toBe(SIGN_NEG);
    expect(Assumptions.NONE.signOfSymbol('q')).toBe(SIGN_ANY);
  });

  it('rejects anything else with a ParseError naming text and position', () => {
    const cases: [string, number, RegExp][] = [
      ['a', 1, /no relation/],
      ['a = 0', 3, /no relation/],
      ['a > b', 1, /one side must be a name/],
      ['0 < 1', 5, /one side must be a name/],
      ['2*a > 0', 1, /not a name/],
      ['pi > 0', 1, /constant or function/],
      ['exp > 0', 1, /constant or function/],
      ['a < 2', 3, /says nothing about the sign/],
      ['a > -1', 3, /says nothing about the sign/],
      ['a != 3', 3, /says nothing about the sign/],
      ['', 1, /no relation/],
    ];
    for (const [text, position, reason] of cases) {
      const err = parseError(() => Assumptions.parse(text));
      expect(err.text).toBe(text);
      expect(err.position).toBe(position);
      expect(err.reason).toMatch(reason);
    }
    expect(parseError(() => Assumptions.parse(['a > 0', 'a < 0'])).reason).toMatch(/contradicts/);
    expect(parseError(() => Assumptions.parse(['q > 0'], { knownNames: ['a', 'b'] })).reason).toBe('unknown name "q" (declared: a, b)');
  });
});

describe('sign inference', () => {
  const A = Assumptions.parse(['a > 0', 'b > 0', 'n != 0', 'u >= 0', 'v < 0']);
  const pos = (t: string) => isPositive(parse(t), A);
  const nonneg = (t: string) => isNonnegative(parse(t), A);

  it('proves positivity', () => {
    for (const t of ['3', 'pi', 'e', 'a', 'exp(x)', 'cosh(x)', 'x^2 + 1', 'a + b', 'a*b', 'a/b', 'sqrt(a)', 'a^x', 'exp(x) + a*x^2',
      'abs(n)', 'n^2', 'x^-2', 'v^2', '-v', 'v*v', 'sinh(a)', 'tanh(b)', 'sqrt(2) - 1', 'sin(1)', 'log(2)', 'pi - 3', '1/(1 + exp(-x))', 'a^(1/3)', 'u + 1']) {
      expect(pos(t), t).toBe(true);
    }
  });

  it('proves nonnegativity, nonzero and negativity', () => {
    for (const t of ['x^2', 'abs(x)', 'u', 'sqrt(x)', 'u*a', 'x^4 + u', 'x^(2/3)']) expect(nonneg(t), t).toBe(true);
    for (const t of ['x^2', 'abs(x)', 'u', 'sqrt(x)']) expect(pos(t), t).toBe(false);
    for (const t of ['n', 'n^3', 'a*n', 'v', 'exp(x)']) expect(isNonzero(parse(t), A), t).toBe(true);
    for (const t of ['v', '-a', 'v*a', 'v^3', 'v - a', '1 - sqrt(2)', 'log(1/2)', '-exp(x)']) expect(isNegative(parse(t), A), t).toBe(true);
    for (const t of ['-u', '-x^2', 'v*u']) expect(isNonpositive(parse(t), A), t).toBe(true);
  });

  it('does not claim what it cannot prove', () => {
    for (const t of ['x', 'x + a', 'a - b', 'sin(x)', 'log(a)', 'n', 'x^3', 'x^(1/3)', 'tan(a)', 'a*x', 'cos(x) + 1', 'sin(10^20)']) {
      expect(pos(t), t).toBe(false);
    }
    expect(isNonzero(parse('u'), A)).toBe(false);
    expect(isNonzero(parse('a - b'), A)).toBe(false);
    expect(A.sign(parse('x'))).toBe(SIGN_NEG | SIGN_ZERO | SIGN_POS);
    expect(A.sign(parse('a'))).toBe(SIGN_POS);
  });
});
