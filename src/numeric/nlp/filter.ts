/**
 * The filter of the line search (Fletcher & Leyffer; Wächter & Biegler 2006, §2.3): pairs
 * (θ, φ) of constraint violation and barrier value that a trial point must improve on in
 * at least one of the two, with a margin. Also the fraction-to-boundary rule.
 */

/** Margins of the filter envelope (Wächter & Biegler, γ_θ and γ_φ). */
const GAMMA_THETA = 1e-5;
const GAMMA_PHI = 1e-8;

/** A set of forbidden (θ, φ) corners plus the upper limit θ_max on the violation. */
export class Filter {
  private entries: { theta: number; phi: number }[] = [];
  constructor(private readonly thetaMax: number) {}

  /** Forget every entry (the barrier parameter changed). */
  reset(): void {
    this.entries = [];
  }

  /** Adds the envelope corner of an accepted point: ((1 − γ_θ)θ, φ − γ_φ θ). */
  add(theta: number, phi: number): void {
    const t = (1 - GAMMA_THETA) * theta;
    const p = phi - GAMMA_PHI * theta;
    // Entries dominated by the new one are dropped, so the list stays short.
    this.entries = this.entries.filter((e) => !(e.theta >= t && e.phi >= p));
    this.entries.push({ theta: t, phi: p });
  }

  /** Is (θ, φ) outside every forbidden region, with θ below θ_max? */
  acceptable(theta: number, phi: number): boolean {
    if (!(theta < this.thetaMax)) return false;
    for (const e of this.entries) if (theta >= e.theta && phi >= e.phi) return false;
    return true;
  }
}

/**
 * The largest α ∈ (0, 1] with v + α·d ≥ (1 − τ)(v − l) above l and likewise below u.
 * Without bounds (multipliers), the bound is 0 below.
 */
export function fractionToBoundary(v: Float64Array, d: Float64Array, lo: Float64Array | undefined, up: Float64Array | undefined, tau: number): number {
  let alpha = 1;
  for (let i = 0; i < v.length; i++) {
    const di = d[i]!;
    const l = lo ? lo[i]! : 0;
    const u = up ? up[i]! : Infinity;
    if (di < 0 && Number.isFinite(l)) {
      const gap = v[i]! - l;
      if (gap > 0 || !lo) alpha = Math.min(alpha, (-tau * gap) / di);
    } else if (di > 0 && Number.isFinite(u)) {
      alpha = Math.min(alpha, (tau * (u - v[i]!)) / di);
    }
  }
  return Math.max(0, alpha);
}
