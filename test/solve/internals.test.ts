/**
 * The algebra under the solver: integer polynomials (gcd, exact square roots), root
 * isolation, factorisation, Gröbner bases (a textbook basis; FGLM agrees with lex
 * Buchberger), rational functions, exact signs in quadratic towers.
 */
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/expr/index.js';
import { zAdd, zConst, zEquals, zFromTerms, zGcd, zMul, zPow, zSub, zVar, type ZPoly } from '../../src/solve/poly/mpoly.js';
import { zSqrt } from '../../src/solve/poly/zsqrt.js';
import { factorSquareFree } from '../../src/solve/poly/factor.js';
import { isolateRealRoots, rationalRoots, refineRoot, uSquareFree } from '../../src/solve/poly/upoly.js';
import { groebner, grevlexCmp, lexCmp, ZZ, type GPoly } from '../../src/solve/poly/groebner.js';
import { fglm } from '../../src/solve/poly/fglm.js';
import { rf, rfEquals, rfPoly } from '../../src/solve/poly/ratfunc.js';
import { extension, Q } from '../../src/solve/poly/fields.js';

const n3 = 3;
const X = zVar(n3, 0);
const Y = zVar(n3, 1);
const Z = zVar(n3, 2);
const c = (k: bigint): ZPoly => zConst(n3, k);

describe('integer polynomials', () => {
  it('gcd((x+y)(x-y)(2z+1), 3(x+y)^2(2z+1)) = (x+y)(2z+1)', () => {
    const a = zMul(zMul(zAdd(X, Y), zSub(X, Y)), zAdd(zMul(c(2n), Z), c(1n)));
    const b = zMul(c(3n), zMul(zPow(zAdd(X, Y), 2), zAdd(zMul(c(2n), Z), c(1n))));
    expect(zEquals(zGcd(a, b), zMul(zAdd(X, Y), zAdd(zMul(c(2n), Z), c(1n))))).toBe(true);
  });
  it('coprime polynomials have gcd 1', () => {
    expect(zEquals(zGcd(zAdd(X, c(1n)), zAdd(zMul(X, Y), c(3n))), c(1n))).toBe(true);
  });
  it('exact square roots', () => {
    const s = zSub(zAdd(zPow(X, 2), zMul(c(2n), zMul(X, Y))), c(3n));
    expect(zEquals(zSqrt(zMul(s, s))!, s)).toBe(true);
    expect(zSqrt(zAdd(zMul(s, s), c(1n)))).toBeUndefined();
    expect(zSqrt(zAdd(zPow(X, 2), zPow(Y, 2)))).toBeUndefined();
  });
  it('rational functions cancel common factors', () => {
    const num = zSub(zPow(X, 2), zPow(Y, 2));
    const r = rf(num, zSub(X, Y));
    expect(rfEquals(r, rfPoly(zAdd(X, Y)))).toBe(true);
  });
});

describe('univariate integer polynomials', () => {
  const fromRoots = (roots: bigint[]): bigint[] => {
    let p = [1n];
    for (const r of roots) {
      const q = new Array<bigint>(p.length + 1).fill(0n);
      p.forEach((a, i) => {
        q[i + 1]! += a;
        q[i]! -= r * a;
      });
      p = q;
    }
    return p;
  };
  it('isolates the 10 roots of (x-1)...(x-10) (Wilkinson-like), each in its own interval', () => {
    const p = fromRoots([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
    const ivs = isolateRealRoots(p);
    expect(ivs).toHaveLength(10);
    ivs.forEach((iv, i) => {
      const k = Rational.of(BigInt(i + 1));
      expect(iv.lo.compare(k) <= 0 && iv.hi.compare(k) >= 0).toBe(true);
    });
    expect(rationalRoots(p).map(String).sort((a, b) => Number(a) - Number(b))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });
  it('refines sqrt(2) to the nearest double', () => {
    const p = [-2n, 0n, 1n];
    const ivs = isolateRealRoots(p);
    expect(ivs).toHaveLength(2);
    expect(refineRoot(p, ivs[1]!)).toBe(Math.SQRT2);
    expect(refineRoot(p, ivs[0]!)).toBe(-Math.SQRT2);
  });
  it('keeps a root at 0: x^3 - x = (x + 1) x (x - 1) has the exact root 0 between the other two', () => {
    const ivs = isolateRealRoots([0n, -1n, 0n, 1n]);
    expect(ivs).toHaveLength(3);
    expect(ivs[1]!.lo.isZero && ivs[1]!.hi.isZero).toBe(true);
    expect(refineRoot([0n, -1n, 0n, 1n], ivs[0]!)).toBe(-1);
    expect(refineRoot([0n, -1n, 0n, 1n], ivs[2]!)).toBe(1);
    // Only the root at 0 (x^2 + x = x (x + 1) has 0 as its larger root).
    const two = isolateRealRoots([0n, 1n, 1n]);
    expect(two).toHaveLength(2);
    expect(two[1]!.lo.isZero && two[1]!.hi.isZero).toBe(true);
    expect(isolateRealRoots([0n, 1n])).toEqual([{ lo: Rational.ZERO, hi: Rational.ZERO }]);
  });
  it('separates close roots: x^2 - 2.0000001x + 1.0000001 = (x - 1)(x - 1.0000001)', () => {
    const p = [10000001n, -20000001n, 10000000n];
    const ivs = isolateRealRoots(p);
    expect(ivs).toHaveLength(2);
  });
  it('square-free part removes repeated factors', () => {
    // (x - 1)^2 (x + 2)^3 -> (x - 1)(x + 2) = x^2 + x - 2
    expect(uSquareFree(fromRoots([1n, 1n, -2n, -2n, -2n]))).toEqual([-2n, 1n, 1n]);
  });
  it('factors (x^2 - 2)(x^2 - 3) and (x^3 - 3x + 1)(x^2 + 1) into their irreducible factors', () => {
    const f1 = factorSquareFree([6n, 0n, -5n, 0n, 1n]).map((f) => f.join(',')).sort();
    expect(f1).toEqual(['-2,0,1', '-3,0,1']);
    // (x^3 - 3x + 1)(x^2 + 1) = x^5 - 2x^3 + x^2 - 3x + 1
    const f2 = factorSquareFree([1n, -3n, 1n, -2n, 0n, 1n]).map((f) => f.join(',')).sort();
    expect(f2).toEqual(['1,-3,0,1', '1,0,1']);
  });
});

describe('Gröbner bases', () => {
  const poly = (terms: [number[], bigint][]): GPoly<bigint> => terms.map(([e, k]) => ({ e, c: k }));
  // Cox, Little, O'Shea, Ideals, Varieties and Algorithms, §3.1 / §2.8 exercise:
  // x^2 + y + z - 1, x + y^2 + z - 1, x + y + z^2 - 1 in lex x > y > z has the basis
  // x + y + z^2 - 1, y^2 - y - z^2 + z, 2yz^2 + z^4 - z^2, z^6 - 4z^4 + 4z^3 - z^2.
  const F = [
    poly([[[2, 0, 0], 1n], [[0, 1, 0], 1n], [[0, 0, 1], 1n], [[0, 0, 0], -1n]]),
    poly([[[1, 0, 0], 1n], [[0, 2, 0], 1n], [[0, 0, 1], 1n], [[0, 0, 0], -1n]]),
    poly([[[1, 0, 0], 1n], [[0, 1, 0], 1n], [[0, 0, 2], 1n], [[0, 0, 0], -1n]]),
  ];
  const book = [
    poly([[[1, 0, 0], 1n], [[0, 1, 0], 1n], [[0, 0, 2], 1n], [[0, 0, 0], -1n]]),
    poly([[[0, 2, 0], 1n], [[0, 1, 0], -1n], [[0, 0, 2], -1n], [[0, 0, 1], 1n]]),
    poly([[[0, 1, 2], 2n], [[0, 0, 4], 1n], [[0, 0, 2], -1n]]),
    poly([[[0, 0, 6], 1n], [[0, 0, 4], -4n], [[0, 0, 3], 4n], [[0, 0, 2], -1n]]),
  ];
  const text = (G: GPoly<bigint>[]): string[] => G.map((g) => g.map((t) => `${t.c}*${t.e.join('.')}`).join(' ')).sort();
  it('lex Buchberger reproduces the textbook basis', () => {
    expect(text(groebner(ZZ, F))).toEqual(text(book));
  });
  it('FGLM from grevlex gives the same lex basis', () => {
    const G = groebner(ZZ, F, { order: grevlexCmp });
    expect(text(fglm(G, 3))).toEqual(text(book));
  });
  it('FGLM agrees with lex Buchberger on a KKT system', () => {
    // y + 2lx, x + 2ly, x^2 + y^2 - 4 in (x, y, l)
    const K = [
      poly([[[0, 1, 0], 1n], [[1, 0, 1], 2n]]),
      poly([[[1, 0, 0], 1n], [[0, 1, 1], 2n]]),
      poly([[[2, 0, 0], 1n], [[0, 2, 0], 1n], [[0, 0, 0], -4n]]),
    ];
    const viaFglm = fglm(groebner(ZZ, K, { order: grevlexCmp }), 3);
    expect(text(viaFglm)).toEqual(text(groebner(ZZ, K, { order: lexCmp })));
  });
  it('detects the unit ideal', () => {
    const G = groebner(ZZ, [poly([[[1, 1], 1n], [[0, 0], -1n]]), poly([[[1, 0], 1n]])]);
    expect(G).toHaveLength(1);
    expect(G[0]![0]!.e).toEqual([0, 0]);
  });
});

describe('exact signs in Q(sqrt 2)', () => {
  const K = extension(Q, { modulus: [Rational.of(-2n), Rational.ZERO, Rational.ONE], expr: undefined, approx: Math.SQRT2, sqrtOf: Rational.of(2n), label: 'sqrt(2)' });
  const el = (a: number, b: number): Rational[] => [Rational.of(BigInt(a)), Rational.of(BigInt(b))];
  it('decides signs of nearly cancelling elements exactly', () => {
    // 1393^2 = 1940449 < 2 * 985^2 = 1940450, so 1393 - 985 sqrt(2) ≈ -3.6e-4 < 0;
    // 577^2 = 332929 > 2 * 408^2 = 332928, so 577 - 408 sqrt(2) ≈ 8.7e-4 > 0.
    expect(K.sign(el(1393, -985))).toBe(-1);
    expect(K.sign(el(-1393, 985))).toBe(1);
    expect(K.sign(el(577, -408))).toBe(1);
  });
  it('inverts: (1 + sqrt 2)^-1 = sqrt 2 - 1', () => {
    const inv = K.div(K.one, el(1, 1)) as Rational[];
    expect(inv.map(String)).toEqual(['-1', '1']);
  });
  it('finds square roots inside the field: sqrt(3 + 2 sqrt 2) = 1 + sqrt 2', () => {
    const r = K.sqrt(el(3, 2)) as Rational[];
    expect(K.isZero(K.sub(K.mul(r, r), el(3, 2)))).toBe(true);
  });
});

describe('random systems with known rational solutions', () => {
  it('(x - a)(x - b) = 0, y = c x + d, z = x y + e: all solutions found exactly', async () => {
    const { solve, valuesOf, expectSameTuples } = await import('./helpers.js');
    let seed = 42;
    const rnd = (): number => {
      seed = (seed * 48271) % 2147483647;
      return (seed % 13) - 6;
    };
    for (let trial = 0; trial < 12; trial++) {
      const [a, b, cc, d, e] = [rnd(), rnd(), rnd(), rnd(), rnd()];
      const r = solve([`(x - (${a}))*(x - (${b}))`, `y - (${cc})*x - (${d})`, `z - x*y - (${e})`], ['x', 'y', 'z']);
      const xs = a === b ? [a] : [a, b];
      const expected = xs.map((x) => [x, cc * x + d, x * (cc * x + d) + e]);
      expect(r.completeness).toBe('complete');
      expectSameTuples(r.solutions.map((s) => valuesOf(s, ['x', 'y', 'z'])), expected, 0);
    }
  });
});

void zFromTerms;
