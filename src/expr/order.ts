/**
 * The canonical order of child nodes: a total order on structure alone.
 */
import { children, type Call, type Expr, type ExprKind, type Num, type Sym } from './node-types.js';
import { unsignedHash } from './intern.js';

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
      if (a.hash !== b.hash) return unsignedHash(a.hash) < unsignedHash(b.hash) ? -1 : 1;
      return undefined;
  }
}

/** Above this many children, `sortCanonical` sorts by keys in typed arrays first. */
const KEYED_SORT_MIN = 64;

/**
 * Sorts children into canonical order (`compareNodes`), in place. A long list (a sum of
 * 10^6 terms) is sorted by two numbers per child, its kind rank and, for compound nodes,
 * its hash (what `compareNodes` looks at first), with a radix sort over typed arrays (three
 * linear passes: the hash's low and high 16 bits, then the rank; no comparator call, and
 * no node touched after the keys are read); only runs of equal keys (leaves, hash ties)
 * go to `compareNodes`. The order is the same.
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
  let keys = new Uint32Array(n);
  let order = new Int32Array(n);
  const ranks = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const leaf = x.kind === 'num' || x.kind === 'sym' || x.kind === 'const';
    ranks[i] = KIND_RANK[x.kind];
    keys[i] = leaf ? 0 : unsignedHash(x.hash);
    order[i] = i;
  }
  // Least significant digit first; each pass is stable, so the last one (the rank) leads.
  const counts = new Int32Array(1 << 16);
  let spareKeys = new Uint32Array(n);
  let spareOrder = new Int32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * 16; // pass 2 reads the rank instead
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[pass < 2 ? (keys[k]! >>> shift) & 0xffff : ranks[order[k]!]!]!++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const to = counts[pass < 2 ? (keys[k]! >>> shift) & 0xffff : ranks[order[k]!]!]!++;
      spareKeys[to] = keys[k]!;
      spareOrder[to] = order[k]!;
    }
    const swapKeys = keys;
    keys = spareKeys;
    spareKeys = swapKeys;
    const swapOrder = order;
    order = spareOrder;
    spareOrder = swapOrder;
  }
  const copy = xs.slice();
  // Positions in [runStart, k) share a rank and a key: their order is compareNodes's.
  let runStart = 0;
  for (let k = 0; k < n; k++) {
    xs[k] = copy[order[k]!]!;
    if (k > 0 && (keys[k] !== keys[k - 1] || ranks[order[k]!] !== ranks[order[k - 1]!])) {
      if (k - runStart > 1) sortRun(xs, runStart, k);
      runStart = k;
    }
  }
  if (n - runStart > 1) sortRun(xs, runStart, n);
}

function sortRun(xs: Expr[], from: number, to: number): void {
  const run = xs.slice(from, to).sort(compareNodes);
  for (let k = from; k < to; k++) xs[k] = run[k - from]!;
}
