/**
 * Special functions needed to evaluate closed-form normalisers of maximum-entropy
 * families in double precision: erf/erfc (truncated normal), log Γ, digamma and
 * trigamma (gamma family). Accuracy near 1e-15 relative on the ranges used, checked
 * against mpmath values in test/maxent/special.test.ts. erf is also an IR function, so
 * it lives in the expression room (`expr/erf.ts`) and is re-exported here.
 */

export { erf, erfc } from '../expr/erf.js';

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
