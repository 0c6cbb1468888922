/**
 * Euclidean projections onto the feasible sets projected gradient descent understands:
 * a sphere ‖x_S − c‖ = r, a ball ‖x_S − c‖ ≤ r, a box l ≤ x ≤ u, a simplex
 * {x_S ≥ l, Σ x_S = s}, a hyperplane a·x_S = b and a half-space a·x_S ≤ b. A feasible
 * set is a product of such parts over disjoint sets of coordinates, so its projection
 * is the projection of each part on its own coordinates.
 */

/** One factor of a product feasible set, on the coordinates `coords` (0-based). */
export type ProjectionPart =
  | { readonly kind: 'sphere' | 'ball'; readonly coords: readonly number[]; readonly center: readonly number[]; readonly radius: number }
  | { readonly kind: 'box'; readonly coords: readonly number[]; readonly lower: readonly number[]; readonly upper: readonly number[] }
  | { readonly kind: 'simplex'; readonly coords: readonly number[]; readonly lower: readonly number[]; readonly total: number }
  | { readonly kind: 'hyperplane' | 'halfspace'; readonly coords: readonly number[]; readonly normal: readonly number[]; readonly offset: number };

/** A projection onto a product set. */
export interface Projection {
  readonly parts: readonly ProjectionPart[];
  /** Projects the point (its first `dimension` entries) in place. */
  project(x: Float64Array): void;
  /** The set in words, e.g. "sphere |(x, y)| = 1 × box 0 <= z <= 2". */
  readonly description: string;
}

/** Raised for a part that describes an empty or ill-formed set. */
export class ProjectionError extends Error {
  override name = 'ProjectionError';
}

/** Builds the projection onto the product of the parts; their coordinate sets must be disjoint. */
export function makeProjection(parts: readonly ProjectionPart[], dimension: number, names?: readonly string[]): Projection {
  const owner = new Map<number, number>();
  parts.forEach((p, k) => {
    validate(p);
    for (const c of p.coords) {
      if (!Number.isInteger(c) || c < 0 || c >= dimension) throw new ProjectionError(`coordinate ${c} is outside 0..${dimension - 1}`);
      if (owner.has(c)) throw new ProjectionError(`coordinate ${c} belongs to two parts of the feasible set (${owner.get(c)} and ${k})`);
      owner.set(c, k);
    }
  });
  const projectors = parts.map(projector);
  const name = (c: number) => names?.[c] ?? `x${c + 1}`;
  return {
    parts,
    project(x: Float64Array): void {
      for (const p of projectors) p(x);
    },
    description: parts.map((p) => describe(p, name)).join(' × ') || 'R^n',
  };
}

function validate(p: ProjectionPart): void {
  const n = p.coords.length;
  if (n === 0) throw new ProjectionError(`a ${p.kind} needs at least one coordinate`);
  switch (p.kind) {
    case 'sphere':
    case 'ball':
      if (p.center.length !== n) throw new ProjectionError(`the ${p.kind}'s centre has ${p.center.length} entries for ${n} coordinates`);
      if (!(p.radius >= 0) || !Number.isFinite(p.radius)) throw new ProjectionError(`the ${p.kind}'s radius must be a finite number >= 0, got ${p.radius}`);
      return;
    case 'box':
      if (p.lower.length !== n || p.upper.length !== n) throw new ProjectionError('the box needs one lower and one upper bound per coordinate');
      p.lower.forEach((l, i) => {
        if (!(l <= p.upper[i]!)) throw new ProjectionError(`the box is empty: lower bound ${l} > upper bound ${p.upper[i]} on coordinate ${p.coords[i]}`);
      });
      return;
    case 'simplex': {
      if (p.lower.length !== n) throw new ProjectionError('the simplex needs one lower bound per coordinate');
      const room = p.total - p.lower.reduce((a, b) => a + b, 0);
      if (!(room >= 0)) throw new ProjectionError(`the simplex is empty: the lower bounds sum to more than the total ${p.total}`);
      return;
    }
    case 'hyperplane':
    case 'halfspace':
      if (p.normal.length !== n) throw new ProjectionError(`the ${p.kind}'s normal has ${p.normal.length} entries for ${n} coordinates`);
      if (!p.normal.some((a) => a !== 0)) throw new ProjectionError(`the ${p.kind}'s normal is zero`);
      return;
  }
}

function projector(p: ProjectionPart): (x: Float64Array) => void {
  const S = p.coords;
  switch (p.kind) {
    case 'sphere':
    case 'ball':
      return (x) => {
        let r2 = 0;
        for (let i = 0; i < S.length; i++) {
          const d = x[S[i]!]! - p.center[i]!;
          r2 += d * d;
        }
        const r = Math.sqrt(r2);
        if (p.kind === 'ball' && r <= p.radius) return;
        if (r === 0) {
          // Every point of the sphere is nearest to its centre: take the first axis direction.
          S.forEach((c, i) => (x[c] = p.center[i]! + (i === 0 ? p.radius : 0)));
          return;
        }
        const f = p.radius / r;
        S.forEach((c, i) => (x[c] = p.center[i]! + f * (x[c]! - p.center[i]!)));
      };
    case 'box':
      return (x) => {
        S.forEach((c, i) => (x[c] = Math.min(p.upper[i]!, Math.max(p.lower[i]!, x[c]!))));
      };
    case 'simplex': {
      const y = new Float64Array(S.length);
      const u = new Float64Array(S.length);
      const room = p.total - p.lower.reduce((a, b) => a + b, 0);
      return (x) => {
        S.forEach((c, i) => (y[i] = x[c]! - p.lower[i]!));
        const theta = simplexThreshold(y, room, u);
        S.forEach((c, i) => (x[c] = p.lower[i]! + Math.max(0, y[i]! - theta)));
      };
    }
    case 'hyperplane':
    case 'halfspace': {
      const aa = p.normal.reduce((s, a) => s + a * a, 0);
      return (x) => {
        let ax = 0;
        S.forEach((c, i) => (ax += p.normal[i]! * x[c]!));
        const excess = ax - p.offset;
        if (p.kind === 'halfspace' && excess <= 0) return;
        const t = excess / aa;
        S.forEach((c, i) => (x[c] = x[c]! - t * p.normal[i]!));
      };
    }
  }
}

/**
 * The threshold θ of the projection onto {y ≥ 0, Σ y = s}: the projection is
 * max(y − θ, 0). Sort-based (Held, Wolfe and Crowder 1974; Duchi et al. 2008), O(n log n).
 */
export function simplexThreshold(y: Float64Array, s: number, scratch = new Float64Array(y.length)): number {
  const n = y.length;
  scratch.set(y);
  scratch.sort();
  let cumulative = 0;
  // With s > 0 the loop below always sets θ (j = 1 qualifies); s = 0 leaves this, which maps y to 0.
  let theta = scratch[n - 1]! - s;
  // Walk from the largest entry down; the last j with u_j > (Σ_{i<=j} u_i − s)/j fixes θ.
  for (let j = 1; j <= n; j++) {
    const uj = scratch[n - j]!;
    cumulative += uj;
    const t = (cumulative - s) / j;
    if (uj - t > 0) theta = t;
  }
  return theta;
}

function describe(p: ProjectionPart, name: (c: number) => string): string {
  const vec = (cs: readonly number[]) => (cs.length === 1 ? name(cs[0]!) : `(${cs.map(name).join(', ')})`);
  const num = (v: number) => String(Number(v.toPrecision(6)));
  switch (p.kind) {
    case 'sphere':
    case 'ball': {
      const centered = p.center.every((c) => c === 0) ? vec(p.coords) : `${vec(p.coords)} - (${p.center.map(num).join(', ')})`;
      return `${p.kind} |${centered}| ${p.kind === 'sphere' ? '=' : '<='} ${num(p.radius)}`;
    }
    case 'box':
      return `box ${p.coords.map((c, i) => boundText(name(c), p.lower[i]!, p.upper[i]!, num)).join(', ')}`;
    case 'simplex':
      return `simplex ${p.coords.map(name).join(' + ')} = ${num(p.total)}, ${p.coords.map((c, i) => `${name(c)} >= ${num(p.lower[i]!)}`).join(', ')}`;
    case 'hyperplane':
    case 'halfspace':
      return `${p.kind} ${linearText(p.coords, p.normal, name, num)} ${p.kind === 'hyperplane' ? '=' : '<='} ${num(p.offset)}`;
  }
}

/** a·x as people write it: x - 2*y, not 1*x + -2*y. */
function linearText(coords: readonly number[], a: readonly number[], name: (c: number) => string, num: (v: number) => string): string {
  return coords
    .map((c, i) => {
      const v = a[i]!;
      const mag = Math.abs(v) === 1 ? name(c) : `${num(Math.abs(v))}*${name(c)}`;
      return i === 0 ? (v < 0 ? `-${mag}` : mag) : v < 0 ? ` - ${mag}` : ` + ${mag}`;
    })
    .join('');
}

function boundText(n: string, lo: number, hi: number, num: (v: number) => string): string {
  if (lo === hi) return `${n} = ${num(lo)}`;
  if (lo === -Infinity) return `${n} <= ${num(hi)}`;
  if (hi === Infinity) return `${n} >= ${num(lo)}`;
  return `${num(lo)} <= ${n} <= ${num(hi)}`;
}
