/**
 * Exact integer powers and roots for canonical construction: pulling perfect powers out
 * of radicands (`sqrt(8)` is `2*sqrt(2)`) and refusing folds that would exhaust memory.
 */
import { integerRoot, type Rational } from './rational.js';

/** Primes below 1000, for the trial division of radicands. */
const SMALL_PRIMES: readonly bigint[] = (() => {
  const out: bigint[] = [];
  for (let n = 2; n < 1000; n++) {
    if (out.every((p) => n % Number(p) !== 0)) out.push(BigInt(n));
  }
  return out;
})();

/**
 * Writes n > 0 as c^q * d, moving into c every q-th power of a prime below 1000 that
 * divides n, and the part left by trial division when it is itself a perfect q-th power.
 * Other large prime powers stay in d: the form is canonical (a function of n and q
 * alone) but not always the fully reduced radical for huge radicands.
 */
export function extractPower(n: bigint, q: bigint): [bigint, bigint] {
  if (BigInt(n.toString(2).length) <= q) return [1n, n]; // 2^q > n: no q-th power divides n
  let c = 1n;
  let smooth = 1n; // the q-th-power-free part made of small primes
  let rough = n; // what trial division leaves
  for (const p of SMALL_PRIMES) {
    if (p ** q > rough) break;
    let k = 0n;
    while (rough % p === 0n) {
      rough /= p;
      k++;
    }
    const whole = k / q;
    c *= p ** whole;
    smooth *= p ** (k - whole * q);
  }
  // The rough part may itself be a perfect q-th power of a large prime (or product).
  const r = integerRoot(rough, q);
  if (r !== undefined && rough > 1n) return [c * r, smooth];
  return [c, smooth * rough];
}

/**
 * Folding b^k exactly is refused beyond this many bits (about 30,000 decimal digits):
 * `2^1000000000` stays a power instead of exhausting memory.
 */
export const MAX_FOLD_BITS = 100_000;

/** Whether b^k is too large to fold exactly (see MAX_FOLD_BITS). */
export function foldTooBig(b: Rational, k: bigint): boolean {
  if (b.isZero || b.abs().isOne) return false;
  const bits = Math.max(b.num < 0n ? (-b.num).toString(2).length : b.num.toString(2).length, b.den.toString(2).length);
  const kk = k < 0n ? -k : k;
  return kk > BigInt(MAX_FOLD_BITS) || bits * Number(kk) > MAX_FOLD_BITS;
}

/** Integer division rounding toward negative infinity. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
