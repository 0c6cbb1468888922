/**
 * The two fast paths of parsing a long flat sum (issue 10) against the general paths they
 * bypass, by node identity (nodes are interned, so `toBe` is structural equality):
 * - `readFlatSum` (parse.ts), which builds the IR of a flat sum of products without a
 *   syntax tree, against `syntaxToExpr(parseSyntax(text))`, the converter of every other
 *   text, on seeded random flat sums; texts outside its grammar must go to the general path
 *   (it returns undefined) and keep the general path's result or error;
 * - the plain-product path of `mulAll` (distinct names, calls and sums, no number or
 *   power), against the general pass, which a leading factor 1 forces.
 */
import { describe, expect, it } from 'vitest';
import { ONE, ParseError, add, addAll, num, call, canonicalOperandCount, mul, mulAll, parse, parseSyntax, pow, sym, syntaxToExpr, type Expr } from '../../src/expr/index.js';
import { readFlatSum } from '../../src/expr/parse.js';

function seeded(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
}

const NAMES = ['x', 'y', 'z', 'x1', 'y_2', 'alpha', 'pi', 'e', 'w10'];
const NUMBERS = ['0', '1', '2', '3', '12', '0.5', '2.25', '007', '1.0'];

/** A random flat sum: terms of 1-4 factors (names, numbers, one power of two of them, prefix signs). */
function flatSum(rand: (n: number) => number, terms: number): string {
  const space = (): string => [' ', '', '', '  ', '\n', '\t'][rand(6)]!;
  const sign = (): string => (rand(5) === 0 ? ['-', '+', '--', '- -', '-+'][rand(5)]! + space() : '');
  const atom = (): string => sign() + (rand(3) === 0 ? NUMBERS[rand(NUMBERS.length)]! : NAMES[rand(NAMES.length)]!);
  const factor = (): string => (rand(4) === 0 ? `${atom()}${space()}^${space()}${atom()}` : atom());
  const parts: string[] = [space()];
  for (let t = 0; t < terms; t++) {
    if (t > 0) parts.push(space(), rand(3) === 0 ? '-' : '+', space());
    const k = 1 + rand(4);
    for (let f = 0; f < k; f++) parts.push(f > 0 ? `${space()}*${space()}` : '', factor());
  }
  parts.push(space());
  return parts.join('');
}

function general(text: string): Expr {
  return syntaxToExpr(parseSyntax(text), text);
}

/** The result or the error message of a parse. */
function outcome(run: () => Expr): Expr | string {
  try {
    return run();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return (err as ParseError).message;
  }
}

describe('readFlatSum (the flat fast path of parse)', () => {
  it('builds the node of the general path on 3,000 random flat sums', () => {
    const rand = seeded(20261205);
    let read = 0;
    for (let k = 0; k < 3000; k++) {
      const text = flatSum(rand, 1 + rand(k < 2900 ? 12 : 300));
      const fast = readFlatSum(text);
      const expected = outcome(() => general(text));
      if (typeof expected === 'string') {
        // 0^-1 (a power of a zero to a negative number): the general path reports it
        expect(expected, text).toMatch(/^division by zero at char/);
        expect(fast, text).toBeUndefined();
        continue;
      }
      read++;
      expect(fast, text).toBe(expected);
      expect(parse(text)).toBe(fast);
    }
    expect(read).toBeGreaterThan(2500);
  });

  it('leaves everything else to the general path, which keeps its result or its error', () => {
    const rand = seeded(99);
    // Each is outside the flat grammar or an error; inserted at a random place between terms.
    const breakers = ['(x + 1)', 'x/2', '1/2x', 'x y', '2x', 'x 2', 'sin', 'sin(x)', 'ln', 'sqrt', '1e3', '.5', '1.', 'x^2^3', 'x^-2^3',
      'x**2', 'a.b', 'x.*y', '0x1F', 'x,', 'x = 1', 'λ', '#', '* x', 'x\u00a0+ y', '0^-1', 'x*0^-2', '-----x', 'x^-----2'];
    for (let k = 0; k < 600; k++) {
      const head = flatSum(rand, 1 + rand(5));
      const breaker = breakers[k % breakers.length]!;
      const text = rand(2) === 0 ? `${breaker} + ${head}` : `${head} + ${breaker}`;
      expect(readFlatSum(text), text).toBeUndefined();
      expect(outcome(() => parse(text)), text).toEqual(outcome(() => general(text)));
    }
    expect(readFlatSum('   ')).toBeUndefined();
    expect(() => parse('x + 0^-1')).toThrow('division by zero at char 6');
  });

  it('tells apart two names with the same 32-bit hash (FNV-1a: kisao and kvw7mg, k9ci2th and kia44ov)', () => {
    const text = 'kisao*kvw7mg + kvw7mg + 2*kisao - kvw7mg*y';
    expect(readFlatSum(text)).toBe(general(text));
    expect(readFlatSum(text)).toBe(add(mul(sym('kisao'), sym('kvw7mg')), sym('kvw7mg'), mul(num(2), sym('kisao')), mul(num(-1), sym('kvw7mg'), sym('y'))));
    const same = 'k9ci2th*y + kia44ov + k9ci2th - kia44ov^2'; // and the same length
    expect(readFlatSum(same)).toBe(add(mul(sym('k9ci2th'), sym('y')), sym('kia44ov'), sym('k9ci2th'), mul(num(-1), pow(sym('kia44ov'), num(2)))));
  });

  it('reads names that are properties of Object.prototype as names', () => {
    const text = 'constructor*toString + hasOwnProperty - valueOf^2';
    expect(readFlatSum(text)).toBeDefined();
    expect(readFlatSum(text)).toBe(general(text));
    expect(readFlatSum('__proto__ + x')).toBeUndefined(); // not a name: the general path says so
  });

  it('checks names against knownNames like the general path (an unknown name goes to it for the error)', () => {
    expect(readFlatSum('x*y + 2*x', { knownNames: ['x', 'y'] })).toBe(add(mul(sym('x'), sym('y')), mul(num(2), sym('x'))));
    expect(readFlatSum('x*yy', { knownNames: ['x', 'y'] })).toBeUndefined();
    expect(() => parse('x*yy', { knownNames: ['x', 'y'] })).toThrow('unknown name "yy" (declared: x, y) at char 3');
    expect(readFlatSum('pi*e', { knownNames: [] })).toBeDefined();
  });
});

describe('mulAll on plain factors', () => {
  it('makes the node and counts the operands of the general pass', () => {
    const rand = seeded(7);
    const pool: Expr[] = [sym('a'), sym('b'), sym('c'), sym('d'), call('sin', sym('a')), add(sym('a'), ONE), add(sym('b'), sym('c')), call('exp', sym('b'))];
    for (let k = 0; k < 2000; k++) {
      const factors: Expr[] = [];
      const n = 1 + rand(6);
      for (let i = 0; i < n; i++) {
        const r = rand(10);
        // mostly plain factors, sometimes a product of two (flattened), rarely a power (not plain)
        factors.push(r < 8 ? pool[rand(pool.length)]! : r === 8 ? mul(pool[rand(4)]!, pool[4 + rand(4)]!) : pow(pool[rand(4)]!, sym('k')));
      }
      const before = canonicalOperandCount();
      const got = mulAll(factors);
      const counted = canonicalOperandCount() - before;
      const start = canonicalOperandCount();
      const expected = mulAll([ONE, ...factors]); // the general pass: a number is never plain
      expect(got).toBe(expected);
      expect(counted).toBe(canonicalOperandCount() - start - 1);
    }
  });
});

describe('addAll collecting like terms', () => {
  it('gives each term the sum of its coefficients (counted by hand), repeated terms without a number included', () => {
    const rand = seeded(11);
    const monomials: Expr[] = [sym('a'), sym('b'), mul(sym('a'), sym('b')), call('sin', sym('a')), pow(sym('b'), num(2))];
    for (let k = 0; k < 300; k++) {
      const xs: Expr[] = [];
      const expected = new Map<Expr, number>();
      for (let i = 0, n = 1 + rand(40); i < n; i++) {
        const m = monomials[rand(monomials.length)]!;
        const c = rand(4) === 0 ? rand(7) - 3 : 1; // mostly no number: the counted case
        xs.push(c === 1 ? m : mul(num(c), m));
        expected.set(m, (expected.get(m) ?? 0) + c);
      }
      const want = [...expected].filter(([, c]) => c !== 0).map(([m, c]) => (c === 1 ? m : mul(num(c), m)));
      const sum = addAll(xs);
      if (want.length === 0) expect(sum).toBe(num(0));
      else if (want.length === 1) expect(sum).toBe(want[0]);
      else {
        expect(sum.kind).toBe('add');
        const terms = (sum as { terms: readonly Expr[] }).terms;
        expect(new Set(terms)).toEqual(new Set(want));
        expect(terms.length).toBe(want.length);
      }
    }
  });
});
