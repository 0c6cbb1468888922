/**
 * Factorisation of square-free integer polynomials over Q by recombining numerically
 * computed complex roots (Aberth–Ehrlich); each candidate factor is checked by exact
 * division, so a wrong recombination is never returned.
 */
import { uDivExact, uPrimitive, uTrim, type UPoly } from './upoly.js';

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** A complex number. */
export interface Complex {
  re: number;
  im: number;
}

/** All complex roots of p (double precision), by the Aberth–Ehrlich iteration. */
export function complexRoots(p: UPoly): Complex[] {
  return complexRootsOfDoubles(p.map((c) => Number(c)));
}

/** All complex roots of a polynomial with double coefficients (low → high, nonzero leading coefficient). */
export function complexRootsOfDoubles(coeffs: readonly number[]): Complex[] {
  const n = coeffs.length - 1;
  if (n < 1) return [];
  const scale = coeffs[n]!;
  const a = coeffs.map((c) => c / scale);
  if (!a.every(Number.isFinite)) return [];
  // Initial points on a circle of the Cauchy-type radius.
  let radius = 0;
  for (let i = 0; i < n; i++) radius = Math.max(radius, Math.abs(a[i]!) ** (1 / (n - i)));
  radius = Math.max(radius, 1e-3);
  const z: Complex[] = [];
  for (let k = 0; k < n; k++) {
    const th = (2 * Math.PI * k) / n + 0.4;
    z.push({ re: radius * Math.cos(th), im: radius * Math.sin(th) });
  }
  const evalPD = (x: Complex): [Complex, Complex] => {
    let pr = 1;
    let pi = 0;
    let dr = 0;
    let di = 0;
    for (let i = n - 1; i >= 0; i--) {
      // d = d*x + p ; p = p*x + a_i
      const ndr = dr * x.re - di * x.im + pr;
      const ndi = dr * x.im + di * x.re + pi;
      dr = ndr;
      di = ndi;
      const npr = pr * x.re - pi * x.im + a[i]!;
      const npi = pr * x.im + pi * x.re;
      pr = npr;
      pi = npi;
    }
    return [
      { re: pr, im: pi },
      { re: dr, im: di },
    ];
  };
  for (let iter = 0; iter < 500; iter++) {
    let maxStep = 0;
    for (let k = 0; k < n; k++) {
      const [pv, dv] = evalPD(z[k]!);
      // ratio = p/p'
      const den = dv.re * dv.re + dv.im * dv.im;
      if (den === 0) continue;
      const rr = (pv.re * dv.re + pv.im * dv.im) / den;
      const ri = (pv.im * dv.re - pv.re * dv.im) / den;
      // sum 1/(z_k - z_j)
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const dx = z[k]!.re - z[j]!.re;
        const dy = z[k]!.im - z[j]!.im;
        const m = dx * dx + dy * dy;
        if (m === 0) continue;
        sr += dx / m;
        si += -dy / m;
      }
      // w = ratio / (1 - ratio * s)
      const tr = 1 - (rr * sr - ri * si);
      const ti = -(rr * si + ri * sr);
      const tm = tr * tr + ti * ti;
      if (tm === 0) continue;
      const wr = (rr * tr + ri * ti) / tm;
      const wi = (ri * tr - rr * ti) / tm;
      z[k] = { re: z[k]!.re - wr, im: z[k]!.im - wi };
      maxStep = Math.max(maxStep, Math.hypot(wr, wi) / (1 + Math.hypot(z[k]!.re, z[k]!.im)));
    }
    if (maxStep < 1e-15) break;
  }
  return z;
}

/**
 * Factors a square-free primitive polynomial without rational roots into factors that
 * are irreducible as far as recombination of its numerical roots can tell (every factor
 * returned divides exactly; a factor we fail to split is still a correct factor, only
 * possibly reducible). Degree and coefficient size are bounded so the search stays cheap.
 */
export function factorSquareFree(p: UPoly): UPoly[] {
  const n = p.length - 1;
  if (n <= 3) return [p]; // no rational roots and degree <= 3: irreducible
  const bits = Math.max(...p.map((c) => abs(c).toString(2).length));
  if (n > 12 || bits > 40) return [p];
  const roots = complexRoots(p);
  if (roots.length !== n) return [p];
  // Conjugation classes: a real root alone, a complex root with its conjugate.
  const classes: Complex[][] = [];
  const used = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (used[i]) continue;
    used[i] = true;
    const r = roots[i]!;
    if (Math.abs(r.im) <= 1e-8 * (1 + Math.abs(r.re))) {
      classes.push([{ re: r.re, im: 0 }]);
      continue;
    }
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = Math.hypot(roots[j]!.re - r.re, roots[j]!.im + r.im);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (best < 0) return [p];
    used[best] = true;
    classes.push([r, { re: r.re, im: -r.im }]);
  }
  const lc = Number(p[n]!);
  const m = classes.length;
  if (m > 14) return [p];
  for (let mask = 1; mask < (1 << m) - 1; mask++) {
    const chosen: Complex[] = [];
    for (let i = 0; i < m; i++) if (mask & (1 << i)) chosen.push(...classes[i]!);
    const k = chosen.length;
    if (k < 2 || k > n / 2) continue;
    // lc * prod (x - r): real coefficients up to rounding.
    let re = [lc];
    let im = [0];
    for (const r of chosen) {
      const nr = new Array<number>(re.length + 1).fill(0);
      const ni = new Array<number>(re.length + 1).fill(0);
      for (let i = 0; i < re.length; i++) {
        nr[i + 1]! += re[i]!;
        ni[i + 1]! += im[i]!;
        nr[i]! -= re[i]! * r.re - im[i]! * r.im;
        ni[i]! -= re[i]! * r.im + im[i]! * r.re;
      }
      re = nr;
      im = ni;
    }
    const cand: bigint[] = [];
    let ok = true;
    for (let i = 0; i < re.length; i++) {
      const v = re[i]!;
      const rounded = Math.round(v);
      if (!Number.isSafeInteger(rounded) || Math.abs(v - rounded) > 1e-6 * (1 + Math.abs(v))) {
        ok = false;
        break;
      }
      cand.push(BigInt(rounded));
    }
    if (!ok) continue;
    const f = uPrimitive(uTrim(cand));
    if (f.length - 1 !== k) continue;
    const q = uDivExact(p, f);
    if (q === undefined) continue;
    return [...factorSquareFree(f), ...factorSquareFree(uPrimitive(q))];
  }
  return [p];
}
