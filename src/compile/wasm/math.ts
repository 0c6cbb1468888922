/**
 * Elementary functions on two doubles at once (f64x2), emitted inline into a kernel: the
 * exponential, the natural logarithm, tanh, sin and cos. WebAssembly has no vector
 * versions, and calling `Math.exp` per lane costs a call out of the module per double,
 * so kernels carry their own. Measured against `Math` (test/compile/wasm-math.test.ts,
 * seeded arguments over the whole range, ±0, ±∞, NaN and subnormals): exp within 2 ulp,
 * log within 1; tanh within 2 (within 1.4 of the exact value, where V8's `Math.tanh` is
 * up to 2 ulp off itself); sin and cos within 1 up to |x| ≈ 8.2e5, and beyond that the
 * module's imported `Math.sin`/`Math.cos` lane by lane (SCALAR_IMPORTS).
 *
 * Each `emit*` reads its argument from a v128 local and leaves the result on the stack.
 * Polynomials use Estrin's scheme: the dependency chain is a few multiplies deep
 * instead of one per coefficient, which is what keeps a loop of them from waiting on
 * latency.
 */
import { Body, Simd, ValType } from './encoder.js';

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
/** 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer held in the low mantissa bits. */
const ROUND_MAGIC = 6755399441055744;
/** Bit pattern of ROUND_MAGIC. */
const ROUND_MAGIC_BITS = 0x4338000000000000n;
/**
 * Arguments are clamped to [EXP_LOW, EXP_HIGH], just outside the range where the
 * exponential is finite and nonzero (−745.13 … 709.78): there the scaling below rounds
 * to +0 (k = −1076: p·2⁻¹⁰⁷⁶ < 2⁻¹⁰⁷⁵) or overflows to +∞ (k = 1024: p ≥ 1), so −∞, +∞
 * and everything beyond come out right without a select.
 */
const EXP_LOW = -746;
const EXP_HIGH = 710;

/** Horner-free evaluation of Σ c_i r^i (Estrin): pairs, then pairs of pairs. `r` is a v128 local. */
function estrin(b: Body, r: number, coefficients: readonly number[]): void {
  // Powers r^2, r^4, r^8 ... as locals.
  const powers: number[] = [];
  let levels = 0;
  while ((1 << (levels + 1)) < coefficients.length) levels++;
  let previous = r;
  for (let level = 0; level < levels; level++) {
    const p = b.local(ValType.v128);
    b.get(previous).get(previous).simd(Simd.f64x2Mul).set(p);
    powers.push(p);
    previous = p;
  }
  // Level 0 terms: c_{2i} + c_{2i+1} r, kept as locals.
  let terms: number[] = [];
  for (let i = 0; i < coefficients.length; i += 2) {
    const t = b.local(ValType.v128);
    if (i + 1 < coefficients.length) b.get(r).f64x2(coefficients[i + 1]!).simd(Simd.f64x2Mul).f64x2(coefficients[i]!).simd(Simd.f64x2Add);
    else b.f64x2(coefficients[i]!);
    b.set(t);
    terms.push(t);
  }
  for (let level = 0; terms.length > 1; level++) {
    const next: number[] = [];
    for (let i = 0; i < terms.length; i += 2) {
      if (i + 1 >= terms.length) { next.push(terms[i]!); continue; }
      const t = b.local(ValType.v128);
      b.get(terms[i + 1]!).get(powers[level]!).simd(Simd.f64x2Mul).get(terms[i]!).simd(Simd.f64x2Add).set(t);
      next.push(t);
    }
    terms = next;
  }
  b.get(terms[0]!);
}

/** 2^k for integral doubles k in [-1022, 1023], as a v128 on the stack (`k` is a v128 local). */
function powerOfTwo(b: Body, k: number): void {
  // k + 1.5·2^52 holds k in its low bits; (bits + 1023) << 52 is 2^k's bit pattern.
  b.get(k).f64x2(ROUND_MAGIC).simd(Simd.f64x2Add).i64x2(1023).simd(Simd.i64x2Add).i32(52).simd(Simd.i64x2Shl);
}

/** Taylor coefficients 1/i! of the exponential, i = 0…13: on |r| ≤ ln2/2 the tail is below 4e-18. */
const EXP_COEFFICIENTS = Array.from({ length: 14 }, (_, i) => {
  let f = 1;
  for (let j = 2; j <= i; j++) f *= j;
  return 1 / f;
});

/**
 * exp of the v128 local `x`, left on the stack. `stage`, when given, is called with the
 * local of the reduced argument before the polynomial: the batch kernel stores it there,
 * so that the polynomial's constants, loaded from memory, are not all loaded at once.
 */
export function emitExp(b: Body, x: number, stage: (value: number) => void = () => {}): void {
  const v = ValType.v128;
  const xc = b.local(v), k = b.local(v), r = b.local(v), k1 = b.local(v), k2 = b.local(v);
  // Clamp so that k stays in [−1076, 1024]. pmax(x, lo) is x < lo ? lo : x, so NaN stays
  // NaN; pmin/pmax are one instruction each where min/max are eight (IEEE NaN and ±0 rules).
  b.get(x).f64x2(EXP_LOW).simd(Simd.f64x2Pmax).f64x2(EXP_HIGH).simd(Simd.f64x2Pmin).set(xc);
  // k = round(x / ln2); r = x − k·ln2 in two parts (Cody and Waite).
  b.get(xc).f64x2(INV_LN2).simd(Simd.f64x2Mul).simd(Simd.f64x2Nearest).set(k);
  b.get(xc).get(k).f64x2(LN2_HI).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub)
    .get(k).f64x2(LN2_LO).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(r);
  // 2^k as 2^k1 · 2^k2 so that k down to −1076 (subnormal results) and up to 1024 stay representable.
  b.get(k).f64x2(0.5).simd(Simd.f64x2Mul).simd(Simd.f64x2Floor).set(k1);
  b.get(k).get(k1).simd(Simd.f64x2Sub).set(k2);
  stage(r);
  estrin(b, r, EXP_COEFFICIENTS);
  powerOfTwo(b, k1);
  b.simd(Simd.f64x2Mul);
  powerOfTwo(b, k2);
  b.simd(Simd.f64x2Mul);
}

/** Replaces the lanes of the v128 on the stack where the mask `mask` pushes is set by `value`. */
function replaceWhere(b: Body, value: number, mask: () => void): void {
  const t = b.local(ValType.v128);
  // bitselect(v1, v2, c) = v1 where c, v2 elsewhere.
  b.set(t).f64x2(value).get(t);
  mask();
  b.simd(Simd.bitselect);
}

// fdlibm's e_log.c coefficients (Lg1…Lg7): log(1+f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2+f).
const LG = [
  6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
  1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01,
];
const SQRT2 = Math.SQRT2;

/** Natural log of the v128 local `x`, left on the stack. */
export function emitLog(b: Body, x: number): void {
  const v = ValType.v128;
  const xs = b.local(v), e = b.local(v), m = b.local(v), f = b.local(v), s = b.local(v), z = b.local(v), w = b.local(v), hfsq = b.local(v), big = b.local(v), tiny = b.local(v);
  // Subnormal x: scale by 2^54 first and take 54 off the exponent.
  b.get(x).f64x2(2.2250738585072014e-308).simd(Simd.f64x2Lt).set(tiny);
  b.get(x).f64x2(18014398509481984).simd(Simd.f64x2Mul).get(x).get(tiny).simd(Simd.bitselect).set(xs);
  // Exponent as a double: (bits >> 52) − 1023 (− 54 when scaled).
  b.get(xs).i32(52).simd(Simd.i64x2ShrU).i64x2(ROUND_MAGIC_BITS).simd(Simd.i64x2Add).f64x2(ROUND_MAGIC + 1023).simd(Simd.f64x2Sub)
    .f64x2(54).f64x2(0).get(tiny).simd(Simd.bitselect).simd(Simd.f64x2Sub).set(e);
  // Mantissa m in [1, 2), then in [√2/2, √2).
  b.get(xs).i64x2(0x000fffffffffffffn).simd(Simd.and).i64x2(0x3ff0000000000000n).simd(Simd.or).set(m);
  b.get(m).f64x2(SQRT2).simd(Simd.f64x2Gt).set(big);
  b.get(m).f64x2(0.5).simd(Simd.f64x2Mul).get(m).get(big).simd(Simd.bitselect).set(m);
  b.get(e).f64x2(1).simd(Simd.f64x2Add).get(e).get(big).simd(Simd.bitselect).set(e);
  b.get(m).f64x2(1).simd(Simd.f64x2Sub).set(f);
  b.get(f).get(f).f64x2(2).simd(Simd.f64x2Add).simd(Simd.f64x2Div).set(s);
  b.get(s).get(s).simd(Simd.f64x2Mul).set(z);
  b.get(z).get(z).simd(Simd.f64x2Mul).set(w);
  b.f64x2(0.5).get(f).simd(Simd.f64x2Mul).get(f).simd(Simd.f64x2Mul).set(hfsq);
  // R = z·(Lg1 + w(Lg3 + w(Lg5 + w·Lg7))) + w·(Lg2 + w(Lg4 + w·Lg6)), evaluated as two short chains.
  const odd = b.local(v), even = b.local(v);
  b.get(w).f64x2(LG[6]!).simd(Simd.f64x2Mul).f64x2(LG[4]!).simd(Simd.f64x2Add).get(w).simd(Simd.f64x2Mul).f64x2(LG[2]!).simd(Simd.f64x2Add)
    .get(w).simd(Simd.f64x2Mul).f64x2(LG[0]!).simd(Simd.f64x2Add).get(z).simd(Simd.f64x2Mul).set(odd);
  b.get(w).f64x2(LG[5]!).simd(Simd.f64x2Mul).f64x2(LG[3]!).simd(Simd.f64x2Add).get(w).simd(Simd.f64x2Mul).f64x2(LG[1]!).simd(Simd.f64x2Add)
    .get(w).simd(Simd.f64x2Mul).set(even);
  // log x = e·ln2_hi − ((hfsq − (s·(hfsq + R) + e·ln2_lo)) − f)
  b.get(e).f64x2(LN2_HI).simd(Simd.f64x2Mul)
    .get(hfsq)
    .get(s).get(hfsq).get(odd).get(even).simd(Simd.f64x2Add).simd(Simd.f64x2Add).simd(Simd.f64x2Mul)
    .get(e).f64x2(LN2_LO).simd(Simd.f64x2Mul).simd(Simd.f64x2Add)
    .simd(Simd.f64x2Sub).get(f).simd(Simd.f64x2Sub)
    .simd(Simd.f64x2Sub);
  // Specials: +∞ → +∞, 0 → −∞, negative → NaN, NaN → NaN.
  replaceWhere(b, Infinity, () => b.get(x).f64x2(Infinity).simd(Simd.f64x2Eq));
  replaceWhere(b, -Infinity, () => b.get(x).f64x2(0).simd(Simd.f64x2Eq));
  replaceWhere(b, NaN, () => b.get(x).f64x2(0).simd(Simd.f64x2Lt));
  replaceWhere(b, NaN, () => b.get(x).get(x).simd(Simd.f64x2Ne));
}

const SIGN_BIT = -0x8000000000000000n;

// Cephes tanh.c (S. L. Moshier; Go's math.Tanh uses the same): on |x| < 0.625,
// tanh x = x + x·z·P(z)/Q(z), z = x², Q monic.
const TANH_P = [-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3];
const TANH_Q = [1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3];

/**
 * tanh of the v128 local `x`, left on the stack: on |x| computed as Cephes does (below
 * 0.625 the rational above, which keeps full relative accuracy down to the subnormals;
 * above, 1 − 2/(e^{2|x|} + 1), which is exactly 1 from |x| ≈ 19 on, +∞ and beyond the
 * exponential's range included), then x's sign put back, so ±0 stay ±0.
 */
export function emitTanh(b: Body, x: number): void {
  const v = ValType.v128;
  const a = b.local(v), z = b.local(v), small = b.local(v), two = b.local(v);
  b.get(x).simd(Simd.f64x2Abs).set(a);
  b.get(a).get(a).simd(Simd.f64x2Mul).set(z);
  // a + ((a·z)·P(z)) / Q(z), P and Q by Horner (three terms each).
  b.get(a)
    .get(a).get(z).simd(Simd.f64x2Mul)
    .get(z).f64x2(TANH_P[0]!).simd(Simd.f64x2Mul).f64x2(TANH_P[1]!).simd(Simd.f64x2Add).get(z).simd(Simd.f64x2Mul).f64x2(TANH_P[2]!).simd(Simd.f64x2Add)
    .simd(Simd.f64x2Mul)
    .get(z).f64x2(TANH_Q[0]!).simd(Simd.f64x2Add).get(z).simd(Simd.f64x2Mul).f64x2(TANH_Q[1]!).simd(Simd.f64x2Add).get(z).simd(Simd.f64x2Mul).f64x2(TANH_Q[2]!).simd(Simd.f64x2Add)
    .simd(Simd.f64x2Div)
    .simd(Simd.f64x2Add).set(small);
  b.get(a).get(a).simd(Simd.f64x2Add).set(two);
  b.f64x2(1).f64x2(2);
  emitExp(b, two);
  b.f64x2(1).simd(Simd.f64x2Add).simd(Simd.f64x2Div).simd(Simd.f64x2Sub);
  // small where |x| < 0.625 (NaN takes the exponential's NaN), then the sign of x.
  const large = b.local(v);
  b.set(large).get(small).get(large).get(a).f64x2(0.625).simd(Simd.f64x2Lt).simd(Simd.bitselect)
    .get(x).i64x2(SIGN_BIT).simd(Simd.and).simd(Simd.or);
}

// fdlibm e_rem_pio2.c (medium size): π/2 in three 33-bit parts and their tails, so that
// n·PIO2_i is exact for n < 2^20.
const INV_PIO2 = 6.36619772367581382433e-01;
const PIO2_1 = 1.57079632673412561417e+00;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/**
 * Largest |x| reduced here: fdlibm's bound for the three-part reduction (|x| ≲ 2^19·π/2).
 * Lanes beyond it (±∞ too) take the imported scalar `Math.sin`/`Math.cos`.
 */
export const TRIG_REDUCTION_LIMIT = 2 ** 19 * (Math.PI / 2);
// FreeBSD msun k_sin.c and k_cos.c (fdlibm's kernels, k_cos as rewritten by Bruce Evans
// without branches): |error| < 2^-58 on [−π/4, π/4].
const S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04;
const S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05;
const C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

/**
 * The functions a module imports (first, so as function indices 0 and 1) for the lanes
 * of sin and cos beyond TRIG_REDUCTION_LIMIT: `env.sin` and `env.cos`, bound to
 * `Math.sin` and `Math.cos` (`SCALAR_FUNCTIONS`; a worker thread binds the same names).
 */
export const SCALAR_IMPORTS = [
  { name: 'sin', params: [ValType.f64], results: [ValType.f64] },
  { name: 'cos', params: [ValType.f64], results: [ValType.f64] },
] as const;
export const SCALAR_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = { sin: Math.sin, cos: Math.cos };

/**
 * sin (`cosine` false) or cos of the v128 local `x`, left on the stack, as fdlibm's sin
 * and cos: |x| = n·π/2 + (y0 + y1) with fdlibm's three-round Cody–Waite reduction (all
 * three rounds always: no branch per lane), the kernels on y0 + y1, both kernels
 * computed, the quadrant n mod 4 choosing one and its sign. `scalar` is the function
 * index of the imported `Math.sin` (`Math.cos`) called for lanes beyond the reduction's
 * range (a branch taken only when such a lane occurs).
 */
export function emitSinCos(b: Body, x: number, cosine: boolean, scalar: number): void {
  const v = ValType.v128;
  const [a, fn, r, t, w, y0, y1, z, zz] = Array.from({ length: 9 }, () => b.local(v));
  b.get(x).simd(Simd.f64x2Abs).set(a);
  b.get(a).f64x2(INV_PIO2).simd(Simd.f64x2Mul).simd(Simd.f64x2Nearest).set(fn);
  // r = a − n·PIO2_1 is exact (Sterbenz); rounds 2 and 3 keep the rounding error of each subtraction in w.
  b.get(a).get(fn).f64x2(PIO2_1).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(r);
  for (const [part, tail] of [[PIO2_2, PIO2_2T], [PIO2_3, PIO2_3T]] as const) {
    b.get(r).set(t);
    b.get(fn).f64x2(part).simd(Simd.f64x2Mul).set(w);
    b.get(t).get(w).simd(Simd.f64x2Sub).set(r);
    b.get(fn).f64x2(tail).simd(Simd.f64x2Mul).get(t).get(r).simd(Simd.f64x2Sub).get(w).simd(Simd.f64x2Sub).simd(Simd.f64x2Sub).set(w);
  }
  b.get(r).get(w).simd(Simd.f64x2Sub).set(y0);
  b.get(r).get(y0).simd(Simd.f64x2Sub).get(w).simd(Simd.f64x2Sub).set(y1);
  b.get(y0).get(y0).simd(Simd.f64x2Mul).set(z);
  b.get(z).get(z).simd(Simd.f64x2Mul).set(zz);
  const mul = Simd.f64x2Mul, add = Simd.f64x2Add, sub = Simd.f64x2Sub;
  // sin(y0 + y1) = y0 − ((z·(y1/2 − v·r) − y1) − v·S1), v = z·y0, r = S2 + z(S3 + z·S4) + z·zz(S5 + z·S6).
  const sr = b.local(v), vv = b.local(v), s = b.local(v);
  b.get(z).f64x2(S4).simd(mul).f64x2(S3).simd(add).get(z).simd(mul).f64x2(S2).simd(add)
    .get(z).get(zz).simd(mul).get(z).f64x2(S6).simd(mul).f64x2(S5).simd(add).simd(mul).simd(add).set(sr);
  b.get(z).get(y0).simd(mul).set(vv);
  b.get(y0)
    .get(z).f64x2(0.5).get(y1).simd(mul).get(vv).get(sr).simd(mul).simd(sub).simd(mul).get(y1).simd(sub)
    .get(vv).f64x2(S1).simd(mul).simd(sub)
    .simd(sub).set(s);
  // cos(y0 + y1) = h + (((1 − h) − z/2) + (z·r − y0·y1)), h = 1 − z/2, r = z(C1 + z(C2 + z·C3)) + zz²(C4 + z(C5 + z·C6)).
  const cr = b.local(v), hz = b.local(v), h = b.local(v), c = b.local(v);
  b.get(z).get(z).f64x2(C3).simd(mul).f64x2(C2).simd(add).get(z).simd(mul).f64x2(C1).simd(add).simd(mul)
    .get(zz).get(zz).simd(mul).get(z).f64x2(C6).simd(mul).f64x2(C5).simd(add).get(z).simd(mul).f64x2(C4).simd(add).simd(mul)
    .simd(add).set(cr);
  b.f64x2(0.5).get(z).simd(mul).set(hz);
  b.f64x2(1).get(hz).simd(sub).set(h);
  b.get(h).f64x2(1).get(h).simd(sub).get(hz).simd(sub).get(z).get(cr).simd(mul).get(y0).get(y1).simd(mul).simd(sub).simd(add).simd(add).set(c);
  // n's low bits (n < 2^20 here): odd n swaps the kernels; bit 1 (of n + 1 for cos) negates.
  const n = b.local(v), result = b.local(v);
  b.get(fn).f64x2(ROUND_MAGIC).simd(add).set(n);
  b.get(cosine ? s : c).get(cosine ? c : s).get(n).i32(63).simd(Simd.i64x2Shl).i32(63).simd(Simd.i64x2ShrS).simd(Simd.bitselect);
  b.get(n);
  if (cosine) b.i64x2(1).simd(Simd.i64x2Add);
  b.i32(62).simd(Simd.i64x2Shl);
  if (!cosine) b.get(x).simd(Simd.xor);
  b.i64x2(SIGN_BIT).simd(Simd.and).simd(Simd.xor).set(result);
  // Lanes beyond the reduction's range (and ±∞): the scalar function, lane by lane.
  const far = b.local(v);
  b.get(a).f64x2(TRIG_REDUCTION_LIMIT).simd(Simd.f64x2Gt).tee(far).simd(Simd.anyTrue).if()
    .get(x).f64x2ExtractLane(0).call(scalar).simd(Simd.f64x2Splat).get(x).f64x2ExtractLane(1).call(scalar).f64x2ReplaceLane(1)
    .get(result).get(far).simd(Simd.bitselect).set(result)
    .end();
  b.get(result);
}
