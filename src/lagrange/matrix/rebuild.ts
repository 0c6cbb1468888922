/**
 * Substitution in matrix expressions: leaves (declared vectors and matrices, scalar
 * symbols) replaced by expressions, the tree rebuilt through the canonical constructors
 * so that `F*inv(F)` collapses and scalar factors collect. Iterative over the nodes in
 * topological order.
 */
import { add, mul, pow, call, substitute as ssubstitute, freeSymbols, type Expr } from '../../expr/index.js';
import { madd, mmul, mtranspose, minv, mhadamard, mpow, mmap, msum, mnorm, mtr, mdet, mlogdet, mdiag, mscalar, mtopologicalOrder, mchildren, type MExpr } from '../../expr/matrix/index.js';

/** A scalar expression with some symbols standing for matrix expressions, as a matrix expression. */
function scalarWith(e: Expr, byName: ReadonlyMap<string, MExpr>): MExpr {
  const names = freeSymbols(e);
  const hit = [...names].filter((n) => byName.has(n));
  if (hit.length === 0) return mscalar(e);
  if (hit.every((n) => byName.get(n)!.kind === 'scalar')) {
    const subst: Record<string, Expr> = {};
    for (const n of hit) subst[n] = (byName.get(n) as { expr: Expr }).expr;
    return mscalar(ssubstitute(e, subst));
  }
  switch (e.kind) {
    case 'sym':
      return byName.get(e.name)!;
    case 'add':
      return madd(...e.terms.map((t) => scalarWith(t, byName)));
    case 'mul':
      return mmul(...e.factors.map((t) => scalarWith(t, byName)));
    case 'pow':
      return mpow(scalarWith(e.base, byName), scalarWith(e.exp, byName));
    case 'call':
      return mmap(e.fn, scalarWith(e.arg, byName));
    default:
      return mscalar(e);
  }
}
void add; void mul; void pow; void call;

/** Rebuilds `e` with the leaves in `map` replaced (a scalar symbol is keyed by its scalar node). */
export function rebuildWith(e: MExpr, map: ReadonlyMap<MExpr, MExpr>): MExpr {
  const byName = new Map<string, MExpr>();
  for (const [k, v] of map) if (k.kind === 'scalar' && k.expr.kind === 'sym') byName.set(k.expr.name, v);
  const done = new Map<MExpr, MExpr>();
  for (const node of mtopologicalOrder([e])) {
    const hit = map.get(node);
    if (hit) {
      done.set(node, hit);
      continue;
    }
    const kids = mchildren(node).map((c) => done.get(c)!);
    done.set(node, rebuildNode(node, kids, byName));
  }
  return done.get(e)!;
}

function rebuildNode(node: MExpr, kids: MExpr[], byName: ReadonlyMap<string, MExpr>): MExpr {
  if (kids.length > 0 && kids.every((k, i) => k === mchildren(node)[i])) return node;
  switch (node.kind) {
    case 'scalar':
      return byName.size ? scalarWith(node.expr, byName) : node;
    case 'var':
    case 'eye':
    case 'ones':
    case 'zero':
      return node;
    case 'add':
      return madd(...kids);
    case 'mul':
      return mmul(...kids);
    case 'hadamard':
      return mhadamard(...kids);
    case 'pow':
      return mpow(kids[0]!, kids[1]!);
    case 'transpose':
      return mtranspose(kids[0]!);
    case 'inv':
      return minv(kids[0]!);
    case 'map':
      return mmap(node.fn, kids[0]!);
    case 'sum':
      return msum(kids[0]!);
    case 'norm':
      return mnorm(kids[0]!);
    case 'tr':
      return mtr(kids[0]!);
    case 'det':
      return mdet(kids[0]!);
    case 'logdet':
      return mlogdet(kids[0]!);
    case 'diag':
      return mdiag(kids[0]!);
  }
}
