/**
 * The display order of the terms of a sum (shared by the text and LaTeX printers): numbers
 * last, higher degree first, monomials in symbols before other terms of the same degree
 * and in lexicographic order among themselves, then by the kind of term and its printed
 * text (`displayCompare` in print.ts states the order pairwise; this is its sort). The
 * printer that makes the text of the last tie-break is passed in.
 */
import { mul, type Expr, type Num, type Sym } from './nodes.js';
import { Rational } from './rational.js';
import { NodeMemo } from './memo.js';
import { topologicalOrder } from './traverse.js';
import { monomialStart, packedKey, PACK_NO_RANK } from './display-key.js';
import { allocationOrder, radixOrder } from './allocation-order.js';

const degreeCache = new NodeMemo<number>();

/** Total polynomial degree of a term in its symbols (non-polynomial parts count 0). */
export function displayDegree(e: Expr): number {
  const cached = degreeCache.get(e);
  if (cached !== undefined) return cached;
  const local = new Map<Expr, number>();
  const of = (n: Expr): number => local.get(n)!;
  // A known node's degree is copied into the walk's own map when the walk meets it: the
  // memo may retire it before its parent reads it (the walk's writes turn generations
  // over), which made the parent's degree NaN and the display order inconsistent.
  const known = (n: Expr): boolean => {
    const d = degreeCache.get(n);
    if (d === undefined) return false;
    local.set(n, d);
    return true;
  };
  for (const node of topologicalOrder([e], known)) {
    let d = 0;
    switch (node.kind) {
      case 'sym':
        d = 1;
        break;
      case 'mul':
        for (const f of node.factors) d += of(f);
        break;
      case 'pow':
        d = node.exp.kind === 'num' ? of(node.base) * node.exp.value.toNumber() : 0;
        break;
      case 'add':
        d = -Infinity;
        for (const t of node.terms) d = Math.max(d, of(t));
        break;
      default:
        d = 0;
    }
    local.set(node, d);
    degreeCache.set(node, d);
  }
  return local.get(e)!;
}

/** The rank of a kind in the display order (after degree and monomial order). */
export const DISPLAY_RANK: Record<Expr['kind'], number> = { num: 0, const: 1, sym: 2, pow: 3, mul: 3, call: 4, add: 5 };

/** The term without its numeric coefficient. */
export function stripCoefficient(e: Expr): Expr {
  if (e.kind === 'mul' && e.factors[0]!.kind === 'num') {
    const rest = e.factors.slice(1);
    return rest.length === 1 ? rest[0]! : mul(...rest);
  }
  return e;
}

/** The numeric coefficient of a term (`coefficientOf` without the factors). */
export function coefficientValue(t: Expr): Rational {
  if (t.kind === 'num') return t.value;
  return t.kind === 'mul' && t.factors[0]!.kind === 'num' ? t.factors[0].value : Rational.ONE;
}

/**
 * Sums with at least this many terms keep their display order (the text and LaTeX
 * printers both ask for it), and `toText` / `toLatex` print them term by term without a
 * memo entry per term.
 */
export const LARGE_SUM = 256;
// Keyed by the (frozen) terms array of a sum node: few entries, each a large sum.
const orderCache = new WeakMap<readonly Expr[], readonly Expr[]>();

/**
 * The sort key of one term in `displayTerms`: `DisplayKey` with symbol names replaced by
 * their rank among the sum's names, so a comparison is a few number comparisons; the
 * printed text (the last tie-break, only between terms that are not monomials) is made
 * once per term, when first needed.
 */
interface TermKey {
  readonly t: Expr;
  readonly degree: number;
  /** Flat (rank, exponent) pairs of a monomial, by rank; null for anything else. */
  readonly monomial: number[] | null;
  readonly rank: number;
  /** The term without its coefficient; made with the text, for terms that are not monomials. */
  stripped: Expr | undefined;
  text: string | undefined;
}

/** Counts the comparisons of a `displayTerms` sort (a work measure for tests). */
export interface SortStats {
  comparisons: number;
  /** Elements placed by the radix passes over packed keys (linear work, no comparison). */
  moves?: number;
}

/**
 * The terms of a sum in display order (`displayTerms` in print.ts), `textOf` printing the
 * text that breaks the last ties. A large sum's order is kept and returned as it is: read it only.
 */
export function orderTerms(terms: readonly Expr[], textOf: (e: Expr) => string, stats?: SortStats): readonly Expr[] {
  const cached = stats === undefined && terms.length >= LARGE_SUM ? orderCache.get(terms) : undefined;
  if (cached) return cached;
  const numbers: Expr[] = [];
  const others: Expr[] = [];
  for (const t of terms) (t.kind === 'num' ? numbers : others).push(t);
  const ordered = sortTerms(others, textOf, stats);
  for (const t of numbers) ordered.push(t);
  if (coefficientValue(ordered[0]!).isNegative) {
    const i = ordered.findIndex((t) => !coefficientValue(t).isNegative);
    if (i > 0) ordered.unshift(...ordered.splice(i, 1));
  }
  if (terms.length >= LARGE_SUM) orderCache.set(terms, ordered);
  return ordered;
}

/**
 * Terms (no numbers) sorted into display order. Each term's leading part of the order is
 * one integer (`packedKey`) in a typed array, and the sort permutes term indices by it
 * (a sort of 10^6 terms touches no term object); only where two packed keys are equal,
 * or a term has none, does it compare full keys (`compareTermKeys`), made for those terms
 * when first needed. Ties between equal keys keep the terms' order: a stable sort.
 */
function sortTerms(terms: readonly Expr[], textOf: (e: Expr) => string, stats?: SortStats): Expr[] {
  const n = terms.length;
  // A monomial's key comes from its factors alone (no stripped node, no degree walk);
  // its names are ranked once, in string order, so monomials compare as numbers.
  // Both passes over the terms visit them in allocation order; their results are by index.
  const byId = allocationOrder(terms);
  const starts = new Int32Array(n);
  const names = new Set<string>();
  for (let q = 0; q < n; q++) {
    const k = byId[q]!;
    const t = terms[k]!;
    const start = (starts[k] = monomialStart(t));
    if (start < 0) continue;
    if (t.kind !== 'mul') names.add(symbolName(t));
    else for (let i = start; i < t.factors.length; i++) names.add(symbolName(t.factors[i]!));
  }
  const rankOf = new Map([...names].sort().map((name, i) => [name, i]));
  const packable = names.size < PACK_NO_RANK;
  const packed = new Float64Array(n);
  const keys: (TermKey | undefined)[] = new Array<TermKey | undefined>(n).fill(undefined);
  const pairs: number[] = [];
  for (let q = 0; q < n; q++) {
    const k = byId[q]!;
    const t = terms[k]!;
    const start = starts[k]!;
    if (start < 0) {
      const key = otherTermKey(t);
      keys[k] = key;
      packed[k] = packedKey(key.degree, null, key.rank);
      continue;
    }
    const degree = monomialPairs(t, start, rankOf, pairs);
    packed[k] = packable ? packedKey(degree, pairs, monomialRank(t, start)) : -1;
  }
  const keyOf = (k: number): TermKey => {
    let key = keys[k];
    if (key === undefined) {
      const t = terms[k]!;
      const monomial: number[] = [];
      keys[k] = key = { t, degree: monomialPairs(t, starts[k]!, rankOf, monomial), monomial, rank: monomialRank(t, starts[k]!), stripped: undefined, text: undefined };
    }
    return key;
  };
  const full = (i: number, j: number): number => {
    if (stats) stats.comparisons++;
    return compareTermKeys(keyOf(i), keyOf(j), textOf) || i - j;
  };
  let order: Int32Array;
  if (packed.every((x) => x >= 0)) {
    // Radix-sorted by packed key; runs of equal keys are then sorted by the full order.
    const moves = { moves: 0 };
    order = radixOrder(packed, moves);
    if (stats) stats.moves = (stats.moves ?? 0) + moves.moves;
    for (let p = 0; p < n; ) {
      let q = p + 1;
      while (q < n && packed[order[q]!] === packed[order[p]!]) q++;
      if (q - p > 1) order.subarray(p, q).sort(full);
      p = q;
    }
  } else {
    order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((i, j) => {
      const pi = packed[i]!;
      const pj = packed[j]!;
      if (pi !== pj && pi >= 0 && pj >= 0) {
        if (stats) stats.comparisons++;
        return pi - pj;
      }
      return full(i, j);
    });
  }
  const out = new Array<Expr>(n);
  for (let p = 0; p < n; p++) out[p] = terms[order[p]!]!;
  return out;
}

/** The key of a term that is not a monomial in symbols. */
function otherTermKey(t: Expr): TermKey {
  const stripped = stripCoefficient(t);
  const s = stripped.kind === 'pow' ? stripped.base : stripped;
  return { t, degree: displayDegree(t), monomial: null, rank: DISPLAY_RANK[s.kind], stripped, text: undefined };
}

/** The DISPLAY_RANK of a monomial (`monomialStart(t)` = start ≥ 0): a symbol or its power, or a product. */
function monomialRank(t: Expr, start: number): number {
  return t.kind !== 'mul' || t.factors.length - start === 1 ? DISPLAY_RANK.sym : DISPLAY_RANK.mul;
}

/** A monomial's (rank, exponent) pairs, by rank, written into `out`; returns its degree. */
function monomialPairs(t: Expr, start: number, rankOf: ReadonlyMap<string, number>, out: number[]): number {
  out.length = 0;
  const all = t.kind === 'mul' ? t.factors : [t];
  let degree = 0; // summed in factor order, as displayDegree does (fractional exponents round alike)
  for (let i = start; i < all.length; i++) {
    const f = all[i]!;
    const e = f.kind === 'pow' ? (f.exp as Num).value.toNumber() : 1;
    degree += e;
    // Insert (rank, exponent) in rank order: a handful of factors.
    const r = rankOf.get(symbolName(f))!;
    let j = out.length;
    out.push(r, e);
    while (j > 0 && out[j - 2]! > r) {
      out[j] = out[j - 2]!;
      out[j + 1] = out[j - 1]!;
      out[j - 2] = r;
      out[j - 1] = e;
      j -= 2;
    }
  }
  return degree;
}

/** The name of a symbol or of the base of a power of a symbol. */
export function symbolName(f: Expr): string {
  return f.kind === 'pow' ? (f.base as Sym).name : (f as Sym).name;
}

/** `compareKeys` on term keys (the same order). */
function compareTermKeys(ka: TermKey, kb: TermKey, textOf: (e: Expr) => string): number {
  if (ka.degree !== kb.degree) return kb.degree - ka.degree;
  const ma = ka.monomial;
  const mb = kb.monomial;
  if ((ma === null) !== (mb === null)) return ma === null ? 1 : -1;
  if (ma && mb) {
    const c = compareRankedMonomials(ma, mb);
    if (c !== 0) return c;
  }
  if (ka.rank !== kb.rank) return ka.rank - kb.rank;
  const ta = (ka.text ??= textOf((ka.stripped ??= stripCoefficient(ka.t))));
  const tb = (kb.text ??= textOf((kb.stripped ??= stripCoefficient(kb.t))));
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** `compareMonomials` over (rank, exponent) pairs. */
function compareRankedMonomials(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // A name missing on one side has exponent 0 there.
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) return -a[i + 1]!;
    if (i >= a.length || b[j]! < a[i]!) return b[j + 1]!;
    const d = b[j + 1]! - a[i + 1]!;
    if (d !== 0) return d;
    i += 2;
    j += 2;
  }
  return 0;
}

/**
 * The factors of a monomial term (`monomialStart(t)` = start ≥ 0) in display order
 * (`displayFactorCompare`: symbols by name; a product has each symbol once), written into
 * `out`, which is returned.
 */
export function monomialDisplayFactors(t: Expr, start: number, out: Expr[]): Expr[] {
  out.length = 0;
  if (t.kind !== 'mul') {
    out.push(t);
    return out;
  }
  const fs = t.factors;
  for (let i = start; i < fs.length; i++) {
    // Insertion by name: a handful of factors.
    const f = fs[i]!;
    const name = symbolName(f);
    let j = out.length;
    out.push(f);
    while (j > 0 && symbolName(out[j - 1]!) > name) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = f;
  }
  return out;
}

