import { describe, expect, it } from 'vitest';
import { Rational, gcd, lcm } from '../../src/expr/index.js';
import { integerRoot } from '../../src/expr/rational.js';

const r = (n: bigint | number, d: bigint | number = 1n) => Rational.of(n, d);

describe('Rational', () => {
  it('normalises sign and lowest terms', () => {
    const a = r(6, -4);
    expect(a.num).toBe(-3n);
    expect(a.den).toBe(2n);
    expect(r(0, -5).equals(Rational.ZERO)).toBe(true);
    expect(() => r(1, 0)).toThrow(RangeError);
  });

  it('parses decimals exactly', () => {
    expect(Rational.parseDecimal('0.1')!.equals(r(1, 10))).toBe(true);
    expect(Rational.parseDecimal('1.5e-3')!.equals(r(3, 2000))).toBe(true);
    expect(Rational.parseDecimal('2.50')!.equals(r(5, 2))).toBe(true);
    expect(Rational.parseDecimal('.5')!.equals(r(1, 2))).toBe(true);
    expect(Rational.parseDecimal('5.')!.equals(r(5))).toBe(true);
    expect(Rational.parseDecimal('-12E2')!.equals(r(-1200))).toBe(true);
    expect(Rational.parseDecimal('1e400')!.num).toBe(10n ** 400n);
    expect(Rational.parseDecimal('123456789012345678901234567890')!.num).toBe(123456789012345678901234567890n);
    for (const bad of ['', '.', 'e5', '1e', '1.2.3', 'x', '0x10', '1e9999999']) expect(Rational.parseDecimal(bad)).toBeUndefined();
  });

  it('converts doubles through their shortest decimal text', () => {
    expect(Rational.fromNumber(0.1).equals(r(1, 10))).toBe(true);
    expect(Rational.fromNumber(-2.5).equals(r(-5, 2))).toBe(true);
    expect(Rational.fromNumber(1e-7).equals(r(1, 10_000_000))).toBe(true);
    expect(() => Rational.fromNumber(NaN)).toThrow(RangeError);
    expect(() => Rational.fromNumber(Infinity)).toThrow(RangeError);
  });

  it('does arithmetic exactly', () => {
    expect(r(1, 3).add(r(1, 6)).equals(r(1, 2))).toBe(true);
    expect(r(1, 3).sub(r(1, 2)).equals(r(-1, 6))).toBe(true);
    expect(r(2, 3).mul(r(9, 4)).equals(r(3, 2))).toBe(true);
    expect(r(2, 3).div(r(4, 9)).equals(r(3, 2))).toBe(true);
    expect(r(2, 3).powInt(-3n).equals(r(27, 8))).toBe(true);
    expect(r(-3, 4).abs().equals(r(3, 4))).toBe(true);
    expect(r(1, 3).compare(r(1, 2))).toBe(-1);
    expect(r(-1, 3).compare(r(-1, 2))).toBe(1);
    expect(() => Rational.ZERO.inv()).toThrow(RangeError);
  });

  it('converts huge ratios to the nearest double', () => {
    const big = 10n ** 400n;
    expect(r(big + 1n, big).toNumber()).toBe(1);
    expect(r(big, 3n * big).toNumber()).toBeCloseTo(1 / 3, 15);
    expect(r(1n, big).toNumber()).toBe(0); // 1e-400 underflows, as it must
    expect(r(2n * 10n ** 300n, 10n ** 300n + 1n).toNumber()).toBeCloseTo(2, 14);
    expect(r(-(10n ** 30n), 7n).toNumber() / (-1e30 / 7)).toBeCloseTo(1, 14);
    expect(r(2n ** 60n + 1n, 2n ** 61n).toNumber()).toBe(0.5);
  });

  it('takes exact roots and only exact roots', () => {
    expect(r(27, 8).root(3n)!.equals(r(3, 2))).toBe(true);
    expect(r(-27).root(3n)!.equals(r(-3))).toBe(true);
    expect(r(-4).root(2n)).toBeUndefined();
    expect(r(8).root(2n)).toBeUndefined();
    expect(r(1, 4).root(2n)!.equals(r(1, 2))).toBe(true);
    expect(integerRoot(10n ** 60n, 3n)).toBe(10n ** 20n);
    expect(integerRoot(10n ** 60n + 1n, 3n)).toBeUndefined();
    expect(integerRoot(2n, 1_000_000_000n)).toBeUndefined(); // huge index answers at once
    expect(integerRoot(1n, 7n)).toBe(1n);
    expect(integerRoot(0n, 7n)).toBe(0n);
  });

  it('prints text that parses back', () => {
    expect(r(-3, 4).toString()).toBe('-3/4');
    expect(r(5).toString()).toBe('5');
  });

  // The one bigint gcd (solve, maxent and lagrange had copies that differed on signs and zeros).
  it('gcd is of the absolute values, with 0 as its identity, so a fold over a list may start at 0', () => {
    expect(gcd(12n, 18n)).toBe(6n);
    expect(gcd(-12n, 18n)).toBe(6n);
    expect(gcd(12n, -18n)).toBe(6n);
    expect(gcd(0n, -5n)).toBe(5n);
    expect(gcd(0n, 0n)).toBe(0n);
    // gcd(0, 6, 0, -4) = 2: a zero entry anywhere in the list changes nothing.
    expect([0n, 6n, 0n, -4n].reduce(gcd, 0n)).toBe(2n);
    expect(lcm(4n, 6n)).toBe(12n);
    expect([2n, 3n, 4n].reduce(lcm, 1n)).toBe(12n);
  });
});

describe('Rational.toNumber at the edges of the double range', () => {
  it('keeps tiny values instead of flushing them to zero', () => {
    expect(Rational.of(1n, 10n ** 300n).toNumber()).toBeCloseTo(1e-300, 310);
    expect(Rational.of(1n, 10n ** 300n).toNumber() / 1e-300).toBeCloseTo(1, 12);
    expect(Rational.of(-3n, 10n ** 320n).toNumber() / -3e-320).toBeCloseTo(1, 2);
  });
});
