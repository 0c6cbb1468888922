/**
 * Elementary functions on two doubles at once (f64x2), emitted inline into a kernel: the
 * exponential and the natural logarithm. WebAssembly has no vector exp or log, and
 * calling `Math.exp` per lane costs a call out of the module per double, so kernels
 * carry their own. Both are accurate to about one unit in the last place over the whole
 * double range, including subnormal results and arguments, ±0, ±∞ and NaN
 * (test/compile/wasm-math.test.ts checks them against `Math.exp` and `Math.log`).
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
