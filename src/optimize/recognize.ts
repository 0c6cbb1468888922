/**
 * Reads the feasible set of projected gradient descent off the constraints: each
 * constraint is classified by its exact derivatives (no sampling) as a bound on one
 * variable, an affine (hyper)plane or half-space, or a sphere or ball (a quadratic
 * whose Hessian is a positive multiple of the identity on its variables); bounds ≥ l
 * on every variable of a plane Σx = s make a simplex. The parts must sit on disjoint
 * variables, so the set is their product and its projection is the projection of each
 * part. Anything else is reported with the constraint it is about.
 */
import { derivative } from '../diff/index.js';
import { dependsOn, isNumber, substitute, sym, ZERO, type Expr } from '../expr/index.js';
import { makeProjection, type Projection, type ProjectionPart } from '../numeric/index.js';

/** A constraint as the optimiser sees it: h(x) = 0 or g(x) ≤ 0, with the text the user wrote. */
export interface ConstraintInput {
  readonly kind: 'equality' | 'inequality';
  /** h (equality) or g (inequality, g ≤ 0). */
  readonly fn: Expr;
  readonly text: string;
}

/** The projection, or why there is none. */
export type Recognition = { readonly ok: true; readonly projection: Projection } | { readonly ok: false; readonly reason: string };

type Shape =
  | { readonly kind: 'bound'; readonly coord: number; readonly lower: number; readonly upper: number }
  | { readonly kind: 'plane'; readonly eq: boolean; readonly coords: number[]; readonly normal: number[]; readonly offset: number }
  | { readonly kind: 'round'; readonly eq: boolean; readonly coords: number[]; readonly center: number[]; readonly radius: number };

/** Recognises the feasible set of the constraints over `variables` as a product of projectable parts. */
export function recognizeProjection(constraints: readonly ConstraintInput[], variables: readonly string[]): Recognition {
  const shapes: { shape: Shape; text: string }[] = [];
  for (const c of constraints) {
    const r = classify(c, variables);
    if (typeof r === 'string') return { ok: false, reason: `"${c.text}" ${r}` };
    shapes.push({ shape: r, text: c.text });
  }
  const n = variables.length;
  const lower = new Array<number>(n).fill(-Infinity);
  const upper = new Array<number>(n).fill(Infinity);
  const boundText = new Map<number, string>();
  const others: { shape: Exclude<Shape, { kind: 'bound' }>; text: string }[] = [];
  for (const { shape, text } of shapes) {
    if (shape.kind === 'bound') {
      lower[shape.coord] = Math.max(lower[shape.coord]!, shape.lower);
      upper[shape.coord] = Math.min(upper[shape.coord]!, shape.upper);
      if (!boundText.has(shape.coord)) boundText.set(shape.coord, text);
      if (lower[shape.coord]! > upper[shape.coord]!) return { ok: false, reason: `the bounds on ${variables[shape.coord]} contradict each other (${lower[shape.coord]} > ${upper[shape.coord]}): the feasible set is empty` };
    } else others.push({ shape, text });
  }

  const parts: ProjectionPart[] = [];
  const owner = new Map<number, string>();
  const claimedBounds = new Set<number>();
  const claim = (coords: readonly number[], text: string): string | undefined => {
    for (const c of coords) {
      const prev = owner.get(c);
      if (prev !== undefined) return `"${text}" and "${prev}" both involve ${variables[c]}; projected gradient descent needs the constraints on disjoint variables (bounds aside)`;
      if (boundText.has(c) && !claimedBounds.has(c)) return `"${text}" and the bound "${boundText.get(c)}" both involve ${variables[c]}; there is no simple projection onto their intersection`;
    }
    for (const c of coords) owner.set(c, text);
    return undefined;
  };
  for (const { shape, text } of others) {
    if (shape.kind === 'plane' && shape.eq && isSimplex(shape, lower, upper)) {
      const a = shape.normal[0]!;
      shape.coords.forEach((c) => claimedBounds.add(c));
      const conflict = claim(shape.coords, text);
      if (conflict) return { ok: false, reason: conflict };
      parts.push({ kind: 'simplex', coords: shape.coords, lower: shape.coords.map((c) => lower[c]!), total: shape.offset / a });
      continue;
    }
    const conflict = claim(shape.coords, text);
    if (conflict) return { ok: false, reason: conflict };
    if (shape.kind === 'plane') parts.push({ kind: shape.eq ? 'hyperplane' : 'halfspace', coords: shape.coords, normal: shape.normal, offset: shape.offset });
    else parts.push({ kind: shape.eq ? 'sphere' : 'ball', coords: shape.coords, center: shape.center, radius: shape.radius });
  }
  const boxCoords = [...boundText.keys()].filter((c) => !claimedBounds.has(c)).sort((a, b) => a - b);
  if (boxCoords.length > 0) parts.push({ kind: 'box', coords: boxCoords, lower: boxCoords.map((c) => lower[c]!), upper: boxCoords.map((c) => upper[c]!) });
  try {
    return { ok: true, projection: makeProjection(parts, n, variables) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** Σ a·x_i = b with one coefficient a on every variable, each bounded below only. */
function isSimplex(p: { coords: number[]; normal: number[]; offset: number }, lower: readonly number[], upper: readonly number[]): boolean {
  const a = p.normal[0]!;
  return p.coords.length >= 2 && p.normal.every((v) => v === a) && p.coords.every((c) => Number.isFinite(lower[c]!) && upper[c] === Infinity);
}

/** The shape of one constraint, or why it has none of the projectable shapes. */
function classify(c: ConstraintInput, variables: readonly string[]): Shape | string {
  const eq = c.kind === 'equality';
  const vars = variables.map((v) => sym(v));
  const involved = vars.map((v, i) => (dependsOn(c.fn, v) ? i : -1)).filter((i) => i >= 0);
  const first = involved.map((i) => derivative(c.fn, vars[i]!));
  const atZero = numberAtOrigin(c.fn, variables);
  if (atZero === undefined) return 'is not defined at the origin, so it is not affine or quadratic';
  // Affine: every first partial is a number.
  if (first.every((e) => isNumber(e))) {
    const normal = first.map((e) => (e as { value: { toNumber(): number } }).value.toNumber());
    const offset = -atZero;
    if (involved.length === 1) {
      const a = normal[0]!;
      const v = offset / a;
      if (eq) return { kind: 'bound', coord: involved[0]!, lower: v, upper: v };
      return a > 0 ? { kind: 'bound', coord: involved[0]!, lower: -Infinity, upper: v } : { kind: 'bound', coord: involved[0]!, lower: v, upper: Infinity };
    }
    return { kind: 'plane', eq, coords: involved, normal, offset };
  }
  // Quadratic with Hessian 2k·I on its variables (a sphere or ball, possibly scaled and shifted).
  const second: number[][] = [];
  for (let a = 0; a < involved.length; a++) {
    second.push([]);
    for (let b = 0; b < involved.length; b++) {
      const e = derivative(first[a]!, vars[involved[b]!]!);
      if (!isNumber(e)) return 'is neither affine nor a sphere or ball (its second derivatives are not constant)';
      second[a]!.push(e.value.toNumber());
    }
  }
  if (second.some((row, a) => row.some((v, b) => a !== b && v !== 0))) return 'is a quadratic with cross terms, not a sphere or ball';
  const diagonal = second.map((row, a) => row[a]!);
  if (diagonal.some((v) => v === 0)) return 'mixes linear and quadratic variables; it is not a sphere or ball';
  if (diagonal.some((v) => v !== diagonal[0])) return 'is an ellipsoid (unequal coefficients of the squares), not a sphere or ball';
  const k: number = diagonal[0]! / 2;
  const scale = k;
  // fn = k(|x − m|² − r²): ∂fn/∂x_i(0) = −2k m_i, fn(0) = k(|m|² − r²).
  const center = first.map((e) => -numberAtOrigin(e, variables)! / (2 * scale) + 0); // + 0 turns −0 into 0
  const r2 = center.reduce((s, m) => s + m * m, 0) - atZero / scale;
  if (!eq && scale < 0) return 'keeps the point outside a ball, which is not a convex set (no projection onto it)';
  if (r2 < 0) return 'describes an empty set (a negative squared radius)';
  return { kind: 'round', eq, coords: involved, center, radius: Math.sqrt(r2) };
}

/** The value of an expression at the origin when it folds to a number there. */
function numberAtOrigin(e: Expr, variables: readonly string[]): number | undefined {
  try {
    const at = substitute(e, Object.fromEntries(variables.map((v) => [v, ZERO])));
    return isNumber(at) ? at.value.toNumber() : undefined;
  } catch {
    return undefined;
  }
}
