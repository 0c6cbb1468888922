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
import { allocationOrder, keyOrder } from './allocation-order.js';
import { setTextChunks, textChunks, textSort } from './text-sort.js';

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
  /** Entries sorted by the integer sort of packed keys (`keyOrder`: one typed-array sort, or radix passes). */
  moves?: number;
}

/**
 * The terms of a sum in display order (`displayTerms` in print.ts), `textOf` printing the
 * text that breaks the last ties. A large sum's order is kept and returned as it is: read it only.
 */
export function orderTerms(terms: readonly Expr[], textOf: (e: Expr) => string, stats?: SortStats): readonly Expr[] {
  const cached = stats === undefined && terms.length >= LARGE_SUM ? orderCache.get(terms) : undefined;
  if (cached) return cached;
  const { ordered, visit, texts } = sortTerms(terms, textOf, stats);
  if (coefficientValue(ordered[0]!).isNegative) {
    const i = ordered.findIndex((t) => !coefficientValue(t).isNegative);
    if (i > 0) {
      ordered.unshift(...ordered.splice(i, 1));
      texts?.unshift(...texts.splice(i, 1));
      // Positions before i moved one place on; i is now first.
      for (let q = 0; q < visit.length; q++) {
        const p = visit[q]!;
        visit[q] = p < i ? p + 1 : p === i ? 0 : p;
      }
    }
  }
  if (terms.length >= LARGE_SUM) {
    orderCache.set(terms, ordered);
    visitCache.set(ordered, visit);
    if (texts) textCache.set(ordered, texts);
  }
  return ordered;
}

// Keyed by a large sum's cached display order (kept as long as the sum is).
const visitCache = new WeakMap<readonly Expr[], Int32Array>();
// The same, until the text printer takes them once.
const textCache = new WeakMap<readonly Expr[], (string | undefined)[]>();

/**
 * The texts the sort made of a large sum's terms without their coefficients (`textOf` of
 * `orderTerms`), by position in its display order (undefined where none was needed),
 * handed out once: the text printer reuses those of products without a coefficient.
 */
export function takeSortTexts(ordered: readonly Expr[]): readonly (string | undefined)[] | undefined {
  const texts = textCache.get(ordered);
  textCache.delete(ordered);
  return texts;
}

/**
 * The positions in a large sum's display order (`orderTerms`' array) listed in the
 * allocation order of their terms: the printers visit the terms this way and put each
 * term's text at its position (the output in display order, the memory read nearly in
 * sequence). Made with the order, from the sort's own arrays (no term touched again).
 */
export function visitOrder(ordered: readonly Expr[]): Int32Array {
  let visit = visitCache.get(ordered);
  if (visit === undefined) visitCache.set(ordered, (visit = allocationOrder(ordered)));
  return visit;
}

/**
 * Terms sorted into display order (numbers last, in their order), with the display
 * positions listed in the terms' allocation order (`visitOrder`). Each term's leading part of the order is
 * one integer (`packedKey`) in a typed array, and the sort permutes term indices by it
 * (a sort of 10^6 terms touches no term object); only where two packed keys are equal,
 * or a term has none, does it compare full keys (`compareTermKeys`), made for those terms
 * when first needed. Ties between equal keys keep the terms' order: a stable sort.
 */
function sortTerms(
  terms: readonly Expr[],
  textOf: (e: Expr) => string,
  stats?: SortStats,
): { ordered: Expr[]; visit: Int32Array; texts: (string | undefined)[] | undefined } {
  const n = terms.length;
  // A monomial's key comes from its factors alone (no stripped node, no degree walk).
  // One pass over the terms, in allocation order, lists each monomial's factors as
  // indices into the sum's distinct factor nodes (a few thousand at most); the names are
  // then ranked once, in string order, and the keys made from typed arrays alone.
  const byId = allocationOrder(terms);
  const packed = new Float64Array(n);
  let keys: (TermKey | undefined)[] | undefined; // made when a comparison first needs a full key
  const first = new Int32Array(n); // where a monomial's factors start in `flat`; -1 for other terms
  const isNumber = new Uint8Array(n);
  const count = new Int32Array(n);
  let flat = new Int32Array(2 * n + 16);
  let used = 0;
  const factorIndex = new Map<Expr, number>();
  const factorName: string[] = [];
  const factorExp: number[] = [];
  for (let q = 0; q < n; q++) {
    const k = byId[q]!;
    const t = terms[k]!;
    if (t.kind === 'num') {
      isNumber[k] = 1;
      first[k] = -1;
      continue;
    }
    const start = monomialStart(t);
    if (start < 0) {
      // The full key (with the stripped term) is made only if a comparison needs it.
      packed[k] = packedKey(productDegree(t), null, strippedRank(t));
      first[k] = -1;
      continue;
    }
    const fs = t.kind === 'mul' ? t.factors : undefined;
    const m = fs === undefined ? 1 : fs.length - start;
    if (used + m > flat.length) {
      const grown = new Int32Array(2 * (used + m));
      grown.set(flat);
      flat = grown;
    }
    first[k] = used;
    count[k] = m;
    for (let i = 0; i < m; i++) {
      const f = fs === undefined ? t : fs[start + i]!;
      let x = factorIndex.get(f);
      if (x === undefined) {
        factorIndex.set(f, (x = factorName.length));
        factorName.push(symbolName(f));
        factorExp.push(f.kind === 'pow' ? (f.exp as Num).value.toNumber() : 1);
      }
      flat[used++] = x;
    }
  }
  const names = [...new Set(factorName)].sort();
  const rankOf = new Map(names.map((name, i) => [name, i]));
  const factorRank = Int32Array.from(factorName, (name) => rankOf.get(name)!);
  const packable = names.length < PACK_NO_RANK;
  /** A monomial's (rank, exponent) pairs, by rank, written into `out` (2 entries per factor); returns its degree. */
  const pairsOf = (k: number, out: number[] | Float64Array): number => {
    let degree = 0; // summed in factor order, as displayDegree does (fractional exponents round alike)
    let length = 0;
    for (let i = first[k]!, end = i + count[k]!; i < end; i++) {
      const x = flat[i]!;
      const r = factorRank[x]!;
      const e = factorExp[x]!;
      degree += e;
      // Insert (rank, exponent) in rank order: a handful of factors.
      let j = length;
      length += 2;
      while (j > 0 && out[j - 2]! > r) {
        out[j] = out[j - 2]!;
        out[j + 1] = out[j - 1]!;
        j -= 2;
      }
      out[j] = r;
      out[j + 1] = e;
    }
    return degree;
  };
  // A monomial of one factor ranks as a symbol, of more as a product.
  const rankOfMonomial = (k: number): number => (count[k] === 1 ? DISPLAY_RANK.sym : DISPLAY_RANK.mul);
  let most = 0;
  for (let k = 0; k < n; k++) most = Math.max(most, count[k]!);
  const pairs = new Float64Array(2 * most);
  let last = 0;
  for (let k = 0; k < n; k++) {
    if (first[k]! >= 0) packed[k] = packable ? packedKey(pairsOf(k, pairs), pairs, rankOfMonomial(k), 2 * count[k]!) : -1;
    if (packed[k]! >= last) last = packed[k]! + 1;
  }
  // Numbers go last: past every packed key.
  for (let k = 0; k < n; k++) if (isNumber[k]) packed[k] = last;
  const keyOf = (k: number): TermKey => {
    keys ??= new Array<TermKey | undefined>(n).fill(undefined);
    let key = keys[k];
    if (key === undefined && first[k]! < 0) keys[k] = key = otherTermKey(terms[k]!);
    if (key === undefined) {
      const monomial = new Array<number>(2 * count[k]!).fill(0);
      keys[k] = key = { t: terms[k]!, degree: pairsOf(k, monomial), monomial, rank: rankOfMonomial(k), stripped: undefined, text: undefined };
    }
    return key;
  };
  const full = (i: number, j: number): number => {
    if (stats) stats.comparisons++;
    if (isNumber[i] || isNumber[j]) return isNumber[i] && isNumber[j] ? i - j : isNumber[i] ? 1 : -1;
    return compareTermKeys(keyOf(i), keyOf(j), textOf) || i - j;
  };
  let order: Int32Array;
  let sortTexts: string[] | undefined;
  if (packed.every((x) => x >= 0)) {
    // Sorted by packed key; runs of equal keys are then sorted by the full order.
    const moves = { moves: 0 };
    order = keyOrder(packed, moves);
    if (stats) stats.moves = (stats.moves ?? 0) + moves.moves;
    // Runs of other terms (equal packed key: the same degree and kind) are in text order;
    // their texts are made first, in allocation order, and the runs sorted by them.
    const texts: string[] = new Array<string>(n);
    const needsText = new Uint8Array(n);
    const runs: number[] = [];
    for (let p = 0; p < n; ) {
      let q = p + 1;
      while (q < n && packed[order[q]!] === packed[order[p]!]) q++;
      if (q - p > 1) {
        if (first[order[p]!]! >= 0 || isNumber[order[p]!]) order.subarray(p, q).sort(full);
        else {
          runs.push(p, q);
          for (let r = p; r < q; r++) needsText[order[r]!] = 1;
        }
      }
      p = q;
    }
    if (runs.length > 0) {
      // The texts' first chunks are read as each text is made (it is still in the cache).
      const chunks = textChunks(n);
      for (let q = 0; q < n; q++) {
        const k = byId[q]!;
        if (needsText[k]) setTextChunks(chunks, k, (texts[k] = textOf(stripCoefficient(terms[k]!))));
      }
      for (let r = 0; r < runs.length; r += 2) textSort(order, runs[r]!, runs[r + 1]!, texts, chunks, stats);
      sortTexts = texts;
    }
  } else {
    order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((i, j) => {
      const pi = packed[i]!;
      const pj = packed[j]!;
      if (pi !== pj && pi >= 0 && pj >= 0 && !isNumber[i] && !isNumber[j]) {
        if (stats) stats.comparisons++;
        return pi - pj;
      }
      return full(i, j);
    });
  }
  const ordered = new Array<Expr>(n);
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    ordered[p] = terms[order[p]!]!;
    position[order[p]!] = p;
  }
  const visit = new Int32Array(n);
  for (let q = 0; q < n; q++) visit[q] = position[byId[q]!]!;
  let texts: (string | undefined)[] | undefined;
  if (sortTexts !== undefined) {
    texts = new Array<string | undefined>(n);
    for (let p = 0; p < n; p++) texts[p] = sortTexts[order[p]!];
  }
  return { ordered, visit, texts };
}

/** The key of a term that is not a monomial in symbols. */
function otherTermKey(t: Expr): TermKey {
  const stripped = stripCoefficient(t);
  const s = stripped.kind === 'pow' ? stripped.base : stripped;
  return { t, degree: productDegree(t), monomial: null, rank: DISPLAY_RANK[s.kind], stripped, text: undefined };
}

/** `DISPLAY_RANK` of a term without its coefficient (a power's by its base), without making that node. */
function strippedRank(t: Expr): number {
  if (t.kind !== 'mul') return DISPLAY_RANK[(t.kind === 'pow' ? t.base : t).kind];
  if (t.factors[0]!.kind !== 'num' || t.factors.length > 2) return DISPLAY_RANK.mul;
  const s = t.factors[1]!;
  return DISPLAY_RANK[(s.kind === 'pow' ? s.base : s).kind];
}

/** `displayDegree` of a term, a product's from its factors' (summed in the same order): no walk per term. */
function productDegree(t: Expr): number {
  if (t.kind !== 'mul') return displayDegree(t);
  let d = 0;
  for (const f of t.factors) d += f.kind === 'sym' ? 1 : f.kind === 'num' ? 0 : displayDegree(f);
  return d;
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

