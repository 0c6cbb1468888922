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
      ['a > 2*b', 1, /one side must be a name/],
      ['a < a', 3, /relates a to itself/],
      ['0 < 1', 5, /one side must be a name/],
      ['2*a > 0', 1, /not a name/],
      ['pi > 0', 1, /^"pi" is a constant, not a name one can assume about$/],
      ['exp > 0', 1, /^"exp" is a function, not a name one can assume about$/],
      ['ln > 0', 1, /^"ln" is a function, not a name one can assume about$/],
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

  it('settles signs at 10^4 levels of nesting without recursing on depth', () => {
    // cos iterated from 1 converges to the Dottie number 0.739085..., so after 10^4 steps
    // the value minus 0.7 is positive and minus 0.8 negative (each level's sign is asked).
    const D = 10_000;
    const dottie = 'cos('.repeat(D) + '1' + ')'.repeat(D);
    expect(pos(`${dottie} - 0.7`)).toBe(true);
    expect(isNegative(parse(`${dottie} - 0.8`), A)).toBe(true);
    // exp of anything is positive, however deep, and a deep chain of symbols stays unknown.
    expect(pos('exp('.repeat(D) + 'x' + ')'.repeat(D))).toBe(true);
    expect(pos('sin('.repeat(D) + 'a' + ')'.repeat(D))).toBe(false);
  });
});

describe('relations between parameters', () => {
  it('reads a < b and lambda_1 >= mu, and uses them in sign inference', () => {
    const A = Assumptions.parse(['a < b', 'lambda_1 >= mu']);
    expect(A.facts()).toEqual([]);
    expect(isPositive(parse('b - a'), A)).toBe(true);
    expect(isNegative(parse('a - b'), A)).toBe(true);
    expect(isPositive(parse('1/(b - a)'), A)).toBe(true);
    expect(isPositive(parse('(b - a)^3 + exp(a)'), A)).toBe(true);
    expect(isNonnegative(parse('lambda_1 - mu'), A)).toBe(true);
    expect(isPositive(parse('lambda_1 - mu'), A)).toBe(false);
    expect(isNonpositive(parse('mu - lambda_1'), A)).toBe(true);
    // Nothing about the parameters' own signs.
    expect(A.signOfSymbol('a')).toBe(SIGN_ANY);
    expect(isPositive(parse('b'), A)).toBe(false);
  });

  it('is constructible from texts, sign facts and relations, and keeps every fact', () => {
    expect(new Assumptions(['x > 0']).signOfSymbol('x')).toBe(SIGN_POS);
    const A = new Assumptions(['x > 0', ['y', 'negative'], 'a < b', { lhs: parse('c'), op: '<=', rhs: parse('0') }, { lhs: parse('k - 2'), op: '>', rhs: parse('0') }]);
    expect(Object.fromEntries(A.facts())).toEqual({ x: 'positive', y: 'negative', c: 'nonpositive', k: 'positive' });
    // k - 2 > 0 implies k > 0 and says more: it is kept as a relation too.
    expect(A.relations().map((r) => [r.difference, r.op])).toEqual([[parse('b - a'), '>'], [parse('k - 2'), '>']]);
    expect(Assumptions.parse('r >= 2').relations().map((r) => [r.difference, r.op])).toEqual([[parse('r - 2'), '>=']]);
    // The round trip through facts() and relations() keeps everything (a negative stays negative).
    const B = new Assumptions([...A.facts(), ...A.relations()]);
    expect(B.signOfSymbol('y')).toBe(SIGN_NEG);
    expect(B.facts()).toEqual(A.facts());
    expect(isPositive(parse('b - a'), B)).toBe(true);
    // with() keeps the relations too.
    expect(isPositive(parse('b - a'), A.with('z', 'positive'))).toBe(true);
    expect(isNegative(parse('a - b'), Assumptions.NONE.with({ lhs: parse('a'), op: '<', rhs: parse('b') }))).toBe(true);
  });

  it('rejects contradictions and unknown names', () => {
    expect(() => new Assumptions(['x > 0', 'x < 0'])).toThrow(RangeError);
    expect(parseError(() => Assumptions.parse(['a < b'], { knownNames: ['a'] })).reason).toBe('unknown name "b" (declared: a)');
    expect(parseError(() => Assumptions.parse(['a < pi'])).reason).toBe('"pi" is a constant, not a name one can assume about');
  });
});
