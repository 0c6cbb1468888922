/**
 * Sufficient statistics: each moment function f_k(x) is split into a constant plus a
 * combination of basis functions of x,
 *     f_k(x) = c_k0 + Σ_j C_kj g_j(x),
 * where the g_j are powers x^d (polynomial parts, coefficients found by differentiation
 * at 0, so `(x - mu)^2` needs no expansion) and any other x-dependent factor kept whole
 * (`abs(x - mu)`, `log(x)`). The exponent of the maximum-entropy density is then
 * Σ_k λ_k f_k = const + Σ_j θ_j g_j with θ = Cᵀλ, which is what identifies the family.
 */
import { derivative } from '../diff/index.js';
import {
  add,
  call,
  dependsOn,
  mul,
  neg,
  num,
  pow,
  substitute,
  sym,
  toText,
  ZERO,
  type Expr,
} from '../expr/index.js';

/** One basis function of x. */
export type BasisFunction =
  /** x^degree, degree ≥ 1. */
  | { readonly kind: 'power'; readonly degree: number; readonly expr: Expr }
  /** |x − center|, center free of x. */
  | { readonly kind: 'abs'; readonly center: Expr; readonly expr: Expr }
  /** log(x). */
  | { readonly kind: 'log'; readonly expr: Expr }
  /** Any other x-dependent expression. */
  | { readonly kind: 'other'; readonly expr: Expr };

/** The decomposition of the moment functions over a common basis. */
export interface Statistics {
  /** The basis functions g_j, powers first by degree, then the others in order of appearance. */
  readonly basis: readonly BasisFunction[];
  /** constants[k] = c_k0. */
  readonly constants: readonly Expr[];
  /** coefficients[k][j] = C_kj. */
  readonly coefficients: readonly (readonly Expr[])[];
}

/** Largest polynomial degree handled by differentiation (beyond it a term is kept whole). */
const MAX_DEGREE = 16;

/** Structural polynomial degree of e in x, or undefined when e is not a polynomial in x. */
export function polynomialDegree(e: Expr, x: string): number | undefined {
  if (!dependsOn(e, x)) return 0;
  switch (e.kind) {
    case 'sym':
      return 1;
    case 'add': {
      let d = 0;
      for (const t of e.terms) {
        const dt = polynomialDegree(t, x);
        if (dt === undefined) return undefined;
        d = Math.max(d, dt);
      }
      return d;
    }
    case 'mul': {
      let d = 0;
      for (const f of e.factors) {
        const df = polynomialDegree(f, x);
        if (df === undefined) return undefined;
        d += df;
      }
      return d;
    }
    case 'pow': {
      if (dependsOn(e.exp, x) || e.exp.kind !== 'num') return undefined;
      const k = e.exp.value;
      if (!k.isInteger || k.isNegative) return undefined;
      const db = polynomialDegree(e.base, x);
      return db === undefined ? undefined : db * Number(k.num);
    }
    default:
      return undefined;
  }
}

/** Coefficients a_0..a_d of a polynomial of degree ≤ d in x: a_j = f^(j)(0)/j!. */
export function polynomialCoefficients(e: Expr, x: string, d: number): Expr[] {
  const out: Expr[] = [];
  let dj = e;
  let factorial = 1n;
  const atZero = { [x]: ZERO };
  for (let j = 0; j <= d; j++) {
    if (j > 0) {
      dj = derivative(dj, x);
      factorial *= BigInt(j);
    }
    out.push(mul(pow(num(factorial), num(-1)), substitute(dj, atZero)));
  }
  return out;
}

/** The additive terms of e. */
function termsOf(e: Expr): readonly Expr[] {
  return e.kind === 'add' ? e.terms : [e];
}

/** Splits a term into its x-free coefficient and its x-dependent part. */
function splitTerm(t: Expr, x: string): [Expr, Expr] {
  if (t.kind !== 'mul') return [num(1), t];
  const free: Expr[] = [];
  const dep: Expr[] = [];
  for (const f of t.factors) (dependsOn(f, x) ? dep : free).push(f);
  return [mul(...free), mul(...dep)];
}

/** Classifies a non-polynomial x-dependent part as a basis function (normalising |c − x| to |x − c|). */
function classify(part: Expr, x: string): BasisFunction {
  if (part.kind === 'call' && part.fn === 'abs') {
    const u = part.arg;
    const d = polynomialDegree(u, x);
    if (d === 1) {
      const [c0, c1] = polynomialCoefficients(u, x, 1) as [Expr, Expr];
      // |c1 x + c0| = |c1|·|x + c0/c1|: only c1 = ±1 is kept as a pure location form.
      if (c1 === num(1)) return { kind: 'abs', center: neg(c0), expr: part };
      if (c1 === num(-1)) return { kind: 'abs', center: c0, expr: call('abs', add(sym(x), neg(c0))) };
    }
  }
  if (part.kind === 'call' && part.fn === 'log' && part.arg === sym(x)) return { kind: 'log', expr: part };
  return { kind: 'other', expr: part };
}

/** Decomposes the moment functions over a common basis of functions of x. */
export function decompose(fs: readonly Expr[], x: string): Statistics {
  const basis: BasisFunction[] = [];
  const index = new Map<Expr, number>();
  const rows: Map<number, Expr[]>[] = [];
  const constants: Expr[] = [];
  const slot = (b: BasisFunction): number => {
    let i = index.get(b.expr);
    if (i === undefined) {
      i = basis.length;
      basis.push(b);
      index.set(b.expr, i);
    }
    return i;
  };
  for (const f of fs) {
    const row = new Map<number, Expr[]>();
    const consts: Expr[] = [];
    const put = (j: number, c: Expr): void => {
      const list = row.get(j);
      if (list) list.push(c);
      else row.set(j, [c]);
    };
    for (const t of termsOf(f)) {
      if (!dependsOn(t, x)) {
        consts.push(t);
        continue;
      }
      const deg = polynomialDegree(t, x);
      if (deg !== undefined && deg <= MAX_DEGREE) {
        const cs = polynomialCoefficients(t, x, deg);
        consts.push(cs[0]!);
        for (let d = 1; d <= deg; d++) {
          if (cs[d] === ZERO) continue;
          put(slot({ kind: 'power', degree: d, expr: d === 1 ? sym(x) : pow(sym(x), num(d)) }), cs[d]!);
        }
        continue;
      }
      const [coef, part] = splitTerm(t, x);
      const b = classify(part, x);
      put(slot(b), coef);
    }
    rows.push(row);
    constants.push(add(...consts));
  }
  // Order: powers by degree, then the rest in order of appearance.
  const order = basis.map((_, i) => i);
  order.sort((i, j) => rank(basis[i]!) - rank(basis[j]!) || i - j);
  const sortedBasis = order.map((i) => basis[i]!);
  const coefficients = rows.map((row) =>
    order.map((i) => {
      const list = row.get(i);
      return list ? add(...list) : ZERO;
    }),
  );
  // Drop basis functions whose coefficients all cancelled (e.g. x - x).
  const keep = sortedBasis.map((_, j) => coefficients.some((r) => r[j] !== ZERO));
  return {
    basis: sortedBasis.filter((_, j) => keep[j]),
    constants,
    coefficients: coefficients.map((r) => r.filter((_, j) => keep[j])),
  };
}

function rank(b: BasisFunction): number {
  return b.kind === 'power' ? b.degree : 1000;
}

/** A short description of a basis function for messages (`x^2`, `abs(x - mu)`). */
export function describeBasis(b: BasisFunction): string {
  return toText(b.expr);
}
