/**
 * Special functions needed to evaluate closed-form normalisers of maximum-entropy
 * families in double precision: erf/erfc (truncated normal), log Γ, digamma and
 * trigamma (gamma family). Accuracy near 1e-15 relative on the ranges used, checked
 * against mpmath values in test/maxent/special.test.ts. Numeric only: none of these is
 * an IR function, so generated code never calls them.
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

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in its accurate range: Γ(x)Γ(1−x) = π/sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x) = d/dx log Γ(x) for x > 0 (upward recurrence, then the asymptotic series). */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  let y = x;
  while (y < 12) {
    acc -= 1 / y;
    y += 1;
  }
  const r = 1 / (y * y);
  const series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
  return acc + Math.log(y) - 0.5 / y - series;
}

/** ψ'(x), the trigamma function, for x > 0. */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  let y = x;
  while (y < 12) {
    acc += 1 / (y * y);
    y += 1;
  }
  const r = 1 / (y * y);
  // 1/y + 1/(2y²) + Σ B_{2k}/y^{2k+1}
  const series = (1 / y) * (1 + 0.5 / y + r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730 - r * (7 / 6))))))));
  return acc + series;
}
