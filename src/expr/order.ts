/**
 * The canonical order of child nodes: a total order on structure alone.
 */
import { children, type Call, type Expr, type ExprKind, type Num, type Sym } from './node-types.js';

const KIND_RANK: Record<ExprKind, number> = { num: 0, const: 1, sym: 2, call: 3, pow: 4, mul: 5, add: 6 };

/**
 * Total order used for canonical child order. It depends only on structure (names,
 * values and structural hashes), never on the order in which nodes were created, so
 * canonical forms and printed output are the same in every run. Ties on the hash fall
 * back to a structural comparison.
 */
export function compareNodes(a: Expr, b: Expr): number {
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
      return compareChildren(children(a), children(b)) || (a.kind === 'call' ? (a.fn < (b as Call).fn ? -1 : 1) : 0);
  }
}

function compareChildren(xs: readonly Expr[], ys: readonly Expr[]): number {
  if (xs.length !== ys.length) return xs.length - ys.length;
  for (let i = 0; i < xs.length; i++) {
    const c = compareNodes(xs[i]!, ys[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
