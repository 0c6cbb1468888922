/**
 * Reduced Gröbner bases in lex order by Buchberger's algorithm with the Gebauer–Möller
 * criteria (which subsume Buchberger's first and second criteria), fraction-free over a
 * gcd domain D: D = Z gives bases over Q; D = Z[params] gives bases over Q(params)
 * (every element kept primitive, i.e. its content in D divided out).
 *
 * Over Q(params) the basis is generic: it is the basis for all parameter values at which
 * none of the leading coefficients met along the way vanishes. The caller reports the
 * final leading coefficients as the generic conditions.
 */
import { zAdd, zConst, zConstValue, zDivExact, zGcd, zIsConst, zIsZero, zMul, zNeg, zSub, type ZPoly } from './mpoly.js';
import { BudgetExceeded, type WorkCounter } from '../budget.js';

/** A gcd domain for the coefficients. */
export interface Domain<C> {
  readonly zero: C;
  readonly one: C;
  isZero(a: C): boolean;
  add(a: C, b: C): C;
  sub(a: C, b: C): C;
  mul(a: C, b: C): C;
  neg(a: C): C;
  /** Normalised gcd (sign/unit chosen canonically). */
  gcd(a: C, b: C): C;
  /** a / b, known to be exact. */
  divExact(a: C, b: C): C;
  /** Is a a unit (±1)? */
  isUnit(a: C): boolean;
  /** Sign of the canonical leading part (used to normalise signs). */
  sign(a: C): number;
  /**
   * The cost of arithmetic with a, in units of a small number (64-bit words of an
   * integer, terms of a polynomial); the work budget weighs term operations by it.
   */
  size(a: C): number;
  /** A field: every nonzero element is a unit, and primitive means monic. */
  readonly field?: boolean;
}

/** Integers. */
export const ZZ: Domain<bigint> = {
  zero: 0n,
  one: 1n,
  isZero: (a) => a === 0n,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  neg: (a) => -a,
  gcd: (a, b) => {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
  },
  divExact: (a, b) => a / b,
  isUnit: (a) => a === 1n || a === -1n,
  sign: (a) => (a > 0n ? 1 : a < 0n ? -1 : 0),
  size: (a) => 1 + (a.toString(16).length >> 4),
};

/** Integer polynomials in n parameters. */
export function polyDomain(n: number): Domain<ZPoly> {
  return {
    zero: zConst(n, 0n),
    one: zConst(n, 1n),
    isZero: zIsZero,
    add: zAdd,
    sub: zSub,
    mul: zMul,
    neg: zNeg,
    gcd: zGcd,
    divExact: (a, b) => {
      const q = zDivExact(a, b);
      if (q === undefined) throw new Error('inexact division in the coefficient domain');
      return q;
    },
    isUnit: (a) => zIsConst(a) && (zConstValue(a) === 1n || zConstValue(a) === -1n),
    sign: (a) => (a.terms.length === 0 ? 0 : a.terms[0]!.c > 0n ? 1 : -1),
    size: (a) => Math.max(1, a.terms.length),
  };
}

/** A term c * x^e in the unknowns. */
export interface GTerm<C> {
  readonly e: readonly number[];
  readonly c: C;
}
/** A polynomial in the unknowns, terms in descending lex order. */
export type GPoly<C> = readonly GTerm<C>[];

/** Raised when the basis computation exceeds its size budget (its work budget raises BudgetExceeded, the base class). */
export class GroebnerBudgetError extends BudgetExceeded {
  override name = 'GroebnerBudgetError';
}

/** A monomial order: positive when a > b. */
export type MonomialOrder = (a: readonly number[], b: readonly number[]) => number;

/** Lexicographic order, variable 0 highest. */
export const lexCmp: MonomialOrder = (a, b) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

/** Graded reverse lexicographic order (total degree, then the smallest last exponent wins). */
export const grevlexCmp: MonomialOrder = (a, b) => {
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    da += a[i]!;
    db += b[i]!;
  }
  if (da !== db) return da - db;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
};
const divides = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => x <= b[i]!);
const lcmExp = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => Math.max(x, b[i]!));
const coprime = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => x === 0 || b[i] === 0);
const expEq = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => x === b[i]);
const deg = (e: readonly number[]): number => e.reduce((s, x) => s + x, 0);

/** Options of the basis computation. */
export interface GroebnerOptions {
  /** Counts the term operations; the computation gives up (BudgetExceeded) past its limit. */
  readonly work?: WorkCounter;
  /** Give up when the basis grows beyond this many elements. */
  readonly maxBasis?: number;
  /** Monomial order (default lex); the input's terms are re-sorted by it. */
  readonly order?: MonomialOrder;
  /** Called with every non-unit content divided out (over Z[params]: the generic caveats). */
  readonly onContent?: (c: unknown) => void;
}

/** Buchberger's algorithm over a gcd domain, lex order; returns the reduced basis, sorted by leading monomial (descending). */
export function groebner<C>(D: Domain<C>, input: readonly GPoly<C>[], opts: GroebnerOptions = {}): GPoly<C>[] {
  const cmpOrder = opts.order ?? lexCmp;
  const ops = polyOps(D, cmpOrder, opts.onContent as ((c: C) => void) | undefined);
  const work = opts.work;
  const maxBasis = opts.maxBasis ?? 400;
  const G: GPoly<C>[] = [];
  const active: boolean[] = [];
  let B: [number, number][] = [];
  const lm = (i: number): readonly number[] => G[i]![0]!.e;

  const update = (h: GPoly<C>): void => {
    const hi = G.length;
    G.push(h);
    active.push(true);
    const lh = h[0]!.e;
    // Gebauer–Möller: new pairs (h, g) filtered by the chain criterion and coprimality.
    let C: number[] = [];
    for (let i = 0; i < hi; i++) if (active[i]) C.push(i);
    const Dset: number[] = [];
    const lcmWith = (i: number): number[] => lcmExp(lh, lm(i));
    while (C.length > 0) {
      const i = C.shift()!;
      const L = lcmWith(i);
      const keep =
        coprime(lh, lm(i)) ||
        (!C.some((j) => divides(lcmWith(j), L)) && !Dset.some((j) => divides(lcmWith(j), L)));
      if (keep) Dset.push(i);
    }
    const E: [number, number][] = [];
    for (const i of Dset) if (!coprime(lh, lm(i))) E.push([i, hi]);
    // Keep old pairs unless lm(h) divides their lcm strictly (both other lcms differ).
    B = B.filter(([i, j]) => {
      const L = lcmExp(lm(i), lm(j));
      if (!divides(lh, L)) return true;
      return expEq(lcmWith(i), L) || expEq(lcmWith(j), L);
    });
    // Deduplicate new pairs with equal lcm (keep one).
    const seen = new Set<string>();
    for (const p of E) {
      const k = lcmExp(lm(p[0]), lh).join(',');
      if (seen.has(k)) continue;
      seen.add(k);
      B.push(p);
    }
    for (let i = 0; i < hi; i++) if (active[i] && divides(lh, lm(i))) active[i] = false;
  };

  const reducers = (): GPoly<C>[] => G.filter((_, i) => active[i]);

  // Seed with the input, each reduced by what is already there.
  const seeds = input.filter((p) => p.length > 0).map((p) => ops.primitive([...p].sort((a, b) => cmpOrder(b.e, a.e))));
  seeds.sort((a, b) => cmpOrder(a[0]!.e, b[0]!.e));
  for (const f of seeds) {
    const h = ops.reduce(f, reducers(), work);
    if (h.length === 0) continue;
    const hp = ops.primitive(h);
    if (hp[0]!.e.every((x) => x === 0)) return [[{ e: hp[0]!.e, c: D.one }]]; // the unit ideal
    update(hp);
  }
  while (B.length > 0) {
    if (G.length > maxBasis) throw new GroebnerBudgetError('Gröbner basis: too many elements');
    // Normal selection strategy: the pair with the smallest lcm (total degree, then lex).
    let best = 0;
    let bestL = lcmExp(lm(B[0]![0]), lm(B[0]![1]));
    for (let k = 1; k < B.length; k++) {
      const L = lcmExp(lm(B[k]![0]), lm(B[k]![1]));
      const c = deg(L) - deg(bestL) || cmpOrder(L, bestL);
      if (c < 0) {
        best = k;
        bestL = L;
      }
    }
    const [i, j] = B.splice(best, 1)[0]!;
    const s = ops.spoly(G[i]!, G[j]!);
    work?.charge(G[i]!.length + G[j]!.length);
    const h = ops.reduce(s, reducers(), work);
    if (h.length > 0) {
      const hp = ops.primitive(h);
      if (hp[0]!.e.every((x) => x === 0)) return [[{ e: hp[0]!.e, c: D.one }]]; // the unit ideal
      update(hp);
    }
  }
  // Reduced basis: minimal leading monomials, then tails reduced by the others.
  let basis = reducers();
  basis = basis.filter((g, idx) => !basis.some((h, jdx) => jdx !== idx && divides(h[0]!.e, g[0]!.e) && (!expEq(h[0]!.e, g[0]!.e) || jdx < idx)));
  const reduced = basis.map((g, idx) => ops.primitive(ops.reduce(g, basis.filter((_, j) => j !== idx), work)));
  reduced.sort((a, b) => cmpOrder(b[0]!.e, a[0]!.e));
  return reduced;
}

/** Polynomial operations over a domain, fraction-free. */
export function polyOps<C>(D: Domain<C>, order: MonomialOrder = lexCmp, onContent?: (c: C) => void) {
  const isOne = (c: C): boolean => D.isZero(D.sub(c, D.one));
  const scale = (p: GPoly<C>, c: C): GPoly<C> => (isOne(c) ? p : p.map((t) => ({ e: t.e, c: D.mul(t.c, c) })));
  const sub = (a: GPoly<C>, b: GPoly<C>): GPoly<C> => {
    const out: GTerm<C>[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const d = order(a[i]!.e, b[j]!.e);
      if (d > 0) out.push(a[i++]!);
      else if (d < 0) {
        const t = b[j++]!;
        out.push({ e: t.e, c: D.neg(t.c) });
      } else {
        const c = D.sub(a[i]!.c, b[j]!.c);
        if (!D.isZero(c)) out.push({ e: a[i]!.e, c });
        i++;
        j++;
      }
    }
    while (i < a.length) out.push(a[i++]!);
    while (j < b.length) {
      const t = b[j++]!;
      out.push({ e: t.e, c: D.neg(t.c) });
    }
    return out;
  };
  const mulMono = (p: GPoly<C>, e: readonly number[], c: C): GPoly<C> => p.map((t) => ({ e: t.e.map((x, i) => x + e[i]!), c: D.mul(t.c, c) }));
  const content = (p: GPoly<C>): C => {
    if (D.field) return p.length === 0 ? D.zero : p[0]!.c; // monic normalisation
    let g = D.zero;
    for (const t of p) {
      g = D.isZero(g) ? t.c : D.gcd(g, t.c);
      if (D.isUnit(g)) break;
    }
    return g;
  };
  const primitive = (p: GPoly<C>): GPoly<C> => {
    if (p.length === 0) return p;
    let g = content(p);
    if (D.sign(p[0]!.c) * D.sign(g) < 0) g = D.neg(g);
    if (isOne(g)) return p;
    if (onContent && !D.isUnit(g)) onContent(g);
    return p.map((t) => ({ e: t.e, c: D.divExact(t.c, g) }));
  };
  /** S-polynomial, fraction-free: (b/g) (L/m1) f - (a/g) (L/m2) h. */
  const spoly = (f: GPoly<C>, h: GPoly<C>): GPoly<C> => {
    const a = f[0]!.c;
    const b = h[0]!.c;
    const g = D.gcd(a, b);
    const L = lcmExp(f[0]!.e, h[0]!.e);
    const m1 = L.map((x, i) => x - f[0]!.e[i]!);
    const m2 = L.map((x, i) => x - h[0]!.e[i]!);
    return sub(mulMono(f, m1, D.divExact(b, g)), mulMono(h, m2, D.divExact(a, g)));
  };
  /**
   * Full reduction of p by the set G (every term, top first). The pending terms live in a
   * map keyed by monomial with a max-heap of monomials, so a reduction step costs O(|g|)
   * when no rescaling is needed (monic reducers over a field), instead of rebuilding p.
   * Over Z the step h <- a h - b x^m g multiplies what is pending and what is done by a;
   * the content is divided out now and then to keep the integers small.
   */
  const reduce = (p: GPoly<C>, G: readonly GPoly<C>[], work?: WorkCounter): GPoly<C> => {
    const pending = new Map<number | string, { e: readonly number[]; c: C }>();
    const heap: (readonly number[])[] = [];
    // Monomials packed into one number when every exponent fits (a string otherwise):
    // each monomial always gets the same key, and number keys hash much faster.
    const nv = p[0]?.e.length ?? 1;
    const bits = Math.max(1, Math.floor(52 / Math.max(1, nv)));
    const base = 2 ** bits;
    const keyOf = (e: readonly number[]): number | string => {
      let k = 0;
      for (let i = 0; i < e.length; i++) {
        const x = e[i]!;
        if (x >= base) return e.join(',');
        k = k * base + x;
      }
      return k;
    };
    const push = (e: readonly number[]): void => {
      heap.push(e);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (order(heap[parent]!, heap[i]!) >= 0) break;
        [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
        i = parent;
      }
    };
    const pop = (): readonly number[] | undefined => {
      if (heap.length === 0) return undefined;
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && order(heap[l]!, heap[m]!) > 0) m = l;
          if (r < heap.length && order(heap[r]!, heap[m]!) > 0) m = r;
          if (m === i) break;
          [heap[m], heap[i]] = [heap[i]!, heap[m]!];
          i = m;
        }
      }
      return top;
    };
    const addTerm = (e: readonly number[], c: C): void => {
      const k = keyOf(e);
      const cur = pending.get(k);
      if (cur) {
        const v = D.add(cur.c, c);
        if (D.isZero(v)) pending.delete(k);
        else cur.c = v;
      } else if (!D.isZero(c)) {
        pending.set(k, { e, c });
        push(e);
      }
    };
    for (const t of p) addTerm(t.e, t.c);
    let done: GTerm<C>[] = [];
    let steps = 0;
    for (;;) {
      const e = pop();
      if (!e) break;
      const k = keyOf(e);
      const t = pending.get(k);
      if (!t) continue; // cancelled, or a stale heap entry
      pending.delete(k);
      const g = G.find((q) => divides(q[0]!.e, e));
      if (!g) {
        done.push({ e, c: t.c });
        continue;
      }
      const lc = g[0]!.c;
      const gg = D.gcd(lc, t.c);
      const a = D.divExact(lc, gg);
      const b = D.divExact(t.c, gg);
      // Term operations, weighed by the size of the coefficients: fraction-free
      // reduction grows them (cyclic-5 swells to minutes with few terms).
      let ops = g.length;
      if (!isOne(a)) {
        done = done.map((d) => ({ e: d.e, c: D.mul(d.c, a) }));
        for (const v of pending.values()) v.c = D.mul(v.c, a);
        ops += done.length + pending.size;
      }
      // The gcds of a step cost about the square of the coefficients' size.
      const w = work ? D.size(t.c) + D.size(lc) : 1;
      ops *= w * w;
      const m = e.map((x, i) => x - g[0]!.e[i]!);
      for (let j = 1; j < g.length; j++) {
        const gt = g[j]!;
        addTerm(
          gt.e.map((x, i) => x + m[i]!),
          D.neg(D.mul(b, gt.c)),
        );
      }
      work?.charge(ops);
      if (++steps % 32 === 0) {
        if (!isOne(a)) {
          // Divide the content of everything (done and pending) out.
          let c = D.zero;
          for (const d of done) c = D.isZero(c) ? d.c : D.gcd(c, d.c);
          for (const v of pending.values()) c = D.isZero(c) ? v.c : D.gcd(c, v.c);
          work?.charge((done.length + pending.size) * w * w);
          if (!D.isZero(c) && !D.isUnit(c)) {
            if (onContent) onContent(c);
            done = done.map((d) => ({ e: d.e, c: D.divExact(d.c, c) }));
            for (const v of pending.values()) v.c = D.divExact(v.c, c);
          }
        }
      }
    }
    return done;
  };
  return { sub, scale, mulMono, content, primitive, spoly, reduce };
}
