/**
 * The canonical order of child nodes: a total order on structure alone.
 */
import { children, type Call, type Expr, type ExprKind, type Num, type Sym } from './node-types.js';

const KIND_RANK: Record<ExprKind, number> = { num: 0, const: 1, sym: 2, call: 3, pow: 4, mul: 5, add: 6 };

/**
 * Total order used for canonical child order. It depends only on structure (names,
 * values and structural hashes), never on the order in which nodes were created, so
 * canonical forms and printed output are the same in every run. Ties on the hash fall
 * back to a structural comparison of the children, pair by pair from an explicit stack
 * (a chain of ties as deep as the input must not recurse).
 */
export function compareNodes(a: Expr, b: Expr): number {
  const head = compareShallow(a, b);
  if (head !== undefined) return head;
  // Pending pairs, compared in order (the stack is popped from its end); after a tied
  // pair's children, its function names decide.
  type Pending = { readonly a: Expr; readonly b: Expr } | { readonly fnA: string; readonly fnB: string };
  const stack: Pending[] = [];
  const pushChildren = (x: Expr, y: Expr): number => {
    const xs = children(x);
    const ys = children(y);
    if (xs.length !== ys.length) return xs.length - ys.length;
    if (x.kind === 'call') stack.push({ fnA: x.fn, fnB: (y as Call).fn });
    for (let i = xs.length - 1; i >= 0; i--) stack.push({ a: xs[i]!, b: ys[i]! });
    return 0;
  };
  let c = pushChildren(a, b);
  while (c === 0 && stack.length > 0) {
    const p = stack.pop()!;
    if ('fnA' in p) {
      if (p.fnA !== p.fnB) c = p.fnA < p.fnB ? -1 : 1;
      continue;
    }
    const shallow = compareShallow(p.a, p.b);
    c = shallow ?? pushChildren(p.a, p.b);
  }
  return c;
}

/** The order decided without looking at children; undefined on a tie of compound nodes' hashes. */
function compareShallow(a: Expr, b: Expr): number | undefined {
  if (a === b) return 0;
  const ra = KIND_RANK[a.kind];
  const rb = KIND_RANK[b.kind];
  if (ra !== rb) return ra - rb;
  switch (a.kind) {
    case 'num':
      return a.value.compare((b as Num).value);
    case 'sym':
    case 'const':
      return a.name < (b as Sym).name ? -1 : 1;
    default:
      if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
      return undefined;
  }
}

/** Above this many children, `sortCanonical` sorts by keys in a typed array first. */
const KEYED_SORT_MIN = 64;
const HASH_RANGE = 2 ** 32;
/** Bits of an index packed under a 32-bit hash into one double (32 + 21 = 53, a double's mantissa). */
const INDEX_BITS = 21;
const INDEX_RANGE = 2 ** INDEX_BITS;

/**
 * Sorts children into canonical order (`compareNodes`), in place. A long list (a sum of
 * 10^6 terms) is sorted by one number per child, its kind rank and, for compound nodes,
 * its hash (what `compareNodes` looks at first): the children are bucketed by kind rank,
 * and each bucket's hashes, with the child's index packed under them, are sorted as plain
 * doubles by the engine's native typed-array sort (no comparator call per comparison,
 * and no node touched); only runs of equal keys (leaves, hash ties) go to `compareNodes`.
 * The order is the same.
 */
export function sortCanonical(xs: Expr[]): void {
  const n = xs.length;
  if (n < KEYED_SORT_MIN) {
    if (n === 2) {
      if (compareNodes(xs[0]!, xs[1]!) > 0) xs.reverse();
      return;
    }
    xs.sort(compareNodes);
    return;
  }
  if (n > INDEX_RANGE) {
    sortByKeyThenCompare(xs);
    return;
  }
  const ranks = new Uint8Array(n);
  const starts = new Int32Array(8);
  for (let i = 0; i < n; i++) {
    const r = KIND_RANK[xs[i]!.kind];
    ranks[i] = r;
    starts[r + 1]!++;
  }
  for (let r = 0; r < 7; r++) starts[r + 1]! += starts[r]!;
  const packed = new Float64Array(n);
  const fill = starts.slice();
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const leaf = x.kind === 'num' || x.kind === 'sym' || x.kind === 'const';
    packed[fill[ranks[i]!]!++] = (leaf ? 0 : x.hash) * INDEX_RANGE + i;
  }
  const copy = xs.slice();
  for (let r = 0; r < 7; r++) {
    const from = starts[r]!;
    const to = starts[r + 1]!;
    if (to - from > 1) packed.subarray(from, to).sort();
  }
  // Positions k in [runStart, k) share a rank and a hash: their order is compareNodes's.
  let runStart = 0;
  let runKey = -1;
  let runRank = -1;
  let rank = 0;
  for (let k = 0; k < n; k++) {
    while (k >= starts[rank + 1]!) rank++;
    const p = packed[k]!;
    const key = Math.floor(p / INDEX_RANGE);
    xs[k] = copy[p - key * INDEX_RANGE]!;
    if (key !== runKey || rank !== runRank) {
      if (k - runStart > 1) sortRun(xs, runStart, k);
      runStart = k;
      runKey = key;
      runRank = rank;
    }
  }
  if (n - runStart > 1) sortRun(xs, runStart, n);
}

function sortRun(xs: Expr[], from: number, to: number): void {
  const run = xs.slice(from, to).sort(compareNodes);
  for (let k = from; k < to; k++) xs[k] = run[k - from]!;
}

/** The comparator sort over kind-and-hash keys, for lists too long to pack an index under a hash. */
function sortByKeyThenCompare(xs: Expr[]): void {
  const n = xs.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const leaf = x.kind === 'num' || x.kind === 'sym' || x.kind === 'const';
    keys[i] = KIND_RANK[x.kind] * HASH_RANGE + (leaf ? 0 : x.hash);
  }
  const index = Array.from({ length: n }, (_, i) => i);
  const copy = xs.slice();
  index.sort((i, j) => keys[i]! - keys[j]! || compareNodes(copy[i]!, copy[j]!));
  for (let k = 0; k < n; k++) xs[k] = copy[index[k]!]!;
}
