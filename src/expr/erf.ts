/**
 * The error function in double precision, for the IR function `erf` (its value in the
 * rules table and in generated code) and for the numeric room's closed forms.
 * Relative accuracy near 1e-15 (checked against tabulated values in test/expr/functions.test.ts).
 * Written with loops and Math only, so the code generator can embed its source as a
 * helper of its own vocabulary.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x) = 2/√π ∫_0^x e^{−t²} dt. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Math.sign(x);
  const ax = Math.abs(x);
  if (ax < 2) return Math.sign(x) * erfSeries(ax);
  return Math.sign(x) * (1 - erfcContinuedFraction(ax));
}

/** erfc(x) = 1 − erf(x), accurate in relative terms for large positive x too. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x < 2) return 1 - erf(x);
  return erfcContinuedFraction(x);
}

/**
 * erf by the series with positive terms only (no cancellation):
 * erf(x) = 2/√π · e^{−x²} · Σ_n (2x²)^n · x / (1·3·5···(2n+1)).
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfc(x) for x ≥ 2 by the continued fraction
 * erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated by
 * the modified Lentz method.
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

