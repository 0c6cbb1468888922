/**
 * Largest decimal exponent a literal may carry (`1e1000000`): 10^1000000 is a
 * 3.3-million-bit integer, still exact but already costly to print (about a second).
 */
export const MAX_DECIMAL_EXPONENT = 1_000_000;

/**
 * Exact rational numbers on bigint. Immutable; always normalised so that
 * gcd(num, den) = 1 and den > 0, which makes `equals` a field comparison and
 * lets the interning table key numbers by their text.
 */
export class Rational {
  private constructor(
    /** Numerator, carrying the sign. */
    readonly num: bigint,
    /** Denominator, always positive. */
    readonly den: bigint,
  ) {}

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);
  static readonly MINUS_ONE = new Rational(-1n, 1n);

  /** Builds num/den in lowest terms; throws RangeError on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return new Rational(n / g, d / g);
  }

  /**
   * Parses a decimal literal exactly: "0.1" is 1/10, "1.5e-3" is 3/2000, "1e-200000" is
   * 1/10^200000. Returns undefined when the text is not a plain decimal number or its
   * exponent exceeds MAX_DECIMAL_EXPONENT in size.
   */
  static parseDecimal(text: string): Rational | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
    const sign = m[1] === '-' ? -1n : 1n;
    const intPart = m[2] || '0';
    const fracPart = m[3] ?? '';
    const exp = m[4] ? Number(m[4]) : 0;
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_DECIMAL_EXPONENT) return undefined;
    let num = BigInt(intPart + fracPart) * sign;
    let den = 10n ** BigInt(fracPart.length);
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
    return Rational.of(num, den);
  }

  /** The exact rational value of a finite double (every double is a dyadic rational). */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    if (Number.isInteger(x)) return Rational.of(BigInt(x));
    // Shortest round-trip decimal text: 0.1 becomes 1/10, as a user would mean it.
    const parsed = Rational.parseDecimal(String(x));
    if (parsed) return parsed;
    throw new RangeError(`cannot convert ${x}`);
  }

  get isZero(): boolean {
    return this.num === 0n;
  }
  get isOne(): boolean {
    return this.num === 1n && this.den === 1n;
  }
  get isInteger(): boolean {
    return this.den === 1n;
  }
  get isNegative(): boolean {
    return this.num < 0n;
  }
  get sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }
  inv(): Rational {
    return Rational.of(this.den, this.num);
  }
  /** this^k for an integer k (negative k inverts). */
  powInt(k: bigint): Rational {
    if (k < 0n) return this.inv().powInt(-k);
    return Rational.of(this.num ** k, this.den ** k);
  }
  equals(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  compare(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  /** Nearest double; exact for values a double can hold. */
  toNumber(): number {
    const n = this.num;
    const d = this.den;
    if (d === 1n) return Number(n);
    const nf = Number(n);
    const df = Number(d);
    if (Number.isFinite(nf) && Number.isFinite(df) && Math.abs(nf) < 2 ** 53 && df < 2 ** 53) return nf / df;
    // Scale so the quotient keeps 64 significant bits before converting.
    const shift = BigInt(Math.max(0, bitLength(d) - bitLength(n < 0n ? -n : n) + 64));
    const q = (n << shift) / d;
    // Scale down in steps: 2 ** shift alone overflows to Infinity past 2^1023 (values below ~1e-288).
    let x = Number(q);
    let s = Number(shift);
    for (; s > 1000; s -= 1000) x *= 2 ** -1000;
    return x * 2 ** -s;
  }
  /** Exact k-th root when it is rational, else undefined. */
  root(k: bigint): Rational | undefined {
    if (this.num < 0n) {
      if (k % 2n === 0n) return undefined;
      const r = this.neg().root(k);
      return r?.neg();
    }
    const a = integerRoot(this.num, k);
    const b = integerRoot(this.den, k);
    if (a === undefined || b === undefined) return undefined;
    return Rational.of(a, b);
  }
  /** Text that the parser reads back as the same number: `3`, `-1/2`. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

/**
 * Greatest common divisor of |a| and |b|, never negative: the one bigint gcd of the
 * package. gcd(0, x) = |x| for every x (so gcd(0, 0) = 0), which lets a gcd of a list
 * start from 0.
 */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Least common multiple of positive bigints (denominators). */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Exact integer k-th root of n >= 0, or undefined when n is not a perfect k-th power. */
export function integerRoot(n: bigint, k: bigint): bigint | undefined {
  if (n < 2n) return n;
  // A k-th power of an integer >= 2 has more than k bits; this also keeps huge k cheap.
  if (BigInt(bitLength(n)) <= k) return undefined;
  // Newton's method on integers, started above the root.
  const kn = Number(k);
  let x = 1n << BigInt(Math.ceil(bitLength(n) / kn) + 1);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) break;
    x = y;
  }
  return x ** k === n ? x : undefined;
}
