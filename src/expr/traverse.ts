/**
 * Generic walks over the DAG. Each visits every distinct node once (memoised by node
 * identity), so their cost is linear in the DAG size, not in the size of the printed tree.
 */
import { NodeMemo } from './memo.js';
import { children, rebuild, sym, type Expr, type Sym } from './nodes.js';

/**
 * Nodes reachable from the roots, children before parents (a topological order).
 * Nodes for which `skip` holds are neither listed nor descended into (memo tables use
 * it to stop at nodes they already know, keeping repeated bottom-up calls linear).
 */
export function topologicalOrder(roots: readonly Expr[], skip?: (node: Expr) => boolean): Expr[] {
  return postOrder(roots, children, skip);
}

/**
 * The post-order walk behind `topologicalOrder`, for any DAG given by its `kids`
 * function (the matrix IR uses it too). Each node is listed once, children first.
 */
export function postOrder<N>(roots: readonly N[], kids: (node: N) => readonly N[], skip?: (node: N) => boolean): N[] {
  const order: N[] = [];
  const seen = new Set<N>();
  // Iterative post-order (deep compositions must not overflow the JS stack), the stack
  // as parallel arrays: no object per node, each node's children asked for once.
  const nodes: N[] = [];
  const lists: (readonly N[])[] = [];
  const next: number[] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    nodes.push(root);
    lists.push(kids(root));
    next.push(0);
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const below = lists[top]!;
      const i = next[top]!;
      if (i < below.length) {
        next[top] = i + 1;
        const kid = below[i]!;
        if (seen.has(kid) || (skip !== undefined && skip(kid))) continue;
        seen.add(kid);
        const grand = kids(kid);
        // A leaf is listed at once, without a stack frame.
        if (grand.length === 0) order.push(kid);
        else {
          nodes.push(kid);
          lists.push(grand);
          next.push(0);
        }
      } else {
        order.push(nodes.pop()!);
        lists.pop();
        next.pop();
      }
    }
  }
  return order;
}

/**
 * A function computed bottom-up over the DAG and memoised by node for the life of the
 * process (the printers use it). `compute(node)` may call the returned function on the
 * node's children: they are always known by then, so each call is one iterative walk
 * over the nodes not yet known (no recursion on depth). The walk and the computation
 * are one pass, and one map (node to value) serves as both the walk's visited set and
 * its results: a node is computed, and entered, when the walk leaves it. A node still
 * on the stack needs no mark, since meeting it again as a child would take a cycle,
 * and interned nodes (immutable, children made first) cannot form one.
 */
export function memoizedBottomUp<V>(compute: (node: Expr) => V): (e: Expr) => V {
  const cache = new NodeMemo<V>();
  // Results of the walk under way, read before the memo (which may retire entries mid-walk).
  let walk: Map<Expr, V> | undefined;
  return (e) => {
    const known = walk?.get(e) ?? cache.get(e);
    if (known !== undefined) return known;
    const outer = walk;
    const local = (walk ??= new Map());
    try {
      const nodes: Expr[] = [e];
      const lists: (readonly Expr[])[] = [children(e)];
      const next: number[] = [0];
      while (nodes.length > 0) {
        const top = nodes.length - 1;
        const below = lists[top]!;
        const i = next[top]!;
        if (i < below.length) {
          next[top] = i + 1;
          const kid = below[i]!;
          if (local.has(kid)) continue;
          const memo = cache.get(kid);
          if (memo !== undefined) {
            local.set(kid, memo);
            continue;
          }
          nodes.push(kid);
          lists.push(children(kid));
          next.push(0);
        } else {
          const node = nodes.pop()!;
          lists.pop();
          next.pop();
          const v = compute(node);
          local.set(node, v);
          cache.set(node, v);
        }
      }
      return local.get(e)!;
    } finally {
      walk = outer;
    }
  };
}

/** Number of distinct nodes in the DAG under the roots. */
export function nodeCount(...roots: Expr[]): number {
  return topologicalOrder(roots).length;
}

/**
 * Rebuilds the DAG bottom-up, replacing each node by `visit(node, rebuiltChildren)`.
 * `visit` may return undefined to keep the default rebuild through the smart constructors.
 */
export function transform(roots: readonly Expr[], visit: (node: Expr, rebuilt: Expr) => Expr | undefined): Expr[] {
  const done = new Map<Expr, Expr>();
  for (const node of topologicalOrder(roots)) {
    const kids = children(node);
    let changed = false;
    const newKids = kids.map((k) => {
      const r = done.get(k)!;
      if (r !== k) changed = true;
      return r;
    });
    const rebuilt = changed ? rebuild(node, newKids) : node;
    done.set(node, visit(node, rebuilt) ?? rebuilt);
  }
  return roots.map((r) => done.get(r)!);
}

/** A substitution: symbols (or any nodes) to their replacements. */
export type Substitution = ReadonlyMap<Expr, Expr> | Record<string, Expr>;

/** Replaces nodes (usually symbols) everywhere in e, re-canonicalising on the way up. */
export function substitute(e: Expr, mapping: Substitution): Expr {
  return substituteAll([e], mapping)[0]!;
}

/** `substitute` over several roots sharing one memo table. */
export function substituteAll(roots: readonly Expr[], mapping: Substitution): Expr[] {
  const map: ReadonlyMap<Expr, Expr> =
    mapping instanceof Map ? mapping : new Map(Object.entries(mapping).map(([k, v]) => [sym(k), v] as [Expr, Expr]));
  if (map.size === 0) return [...roots];
  return transform(roots, (node) => map.get(node));
}

const freeCache = new NodeMemo<ReadonlySet<string>>();

/** Names of the symbols an expression depends on. */
export function freeSymbols(e: Expr): ReadonlySet<string> {
  const cached = freeCache.get(e);
  if (cached) return cached;
  // Results of this walk, kept locally: the memo may retire entries while we write.
  const local = new Map<Expr, ReadonlySet<string>>();
  const of = (n: Expr): ReadonlySet<string> => local.get(n) ?? freeCache.get(n)!;
  for (const node of topologicalOrder([e], (n) => freeCache.has(n))) {
    let set: ReadonlySet<string>;
    if (node.kind === 'sym') set = new Set([node.name]);
    else {
      const kids = children(node);
      if (kids.length === 0) set = EMPTY;
      else if (kids.length === 1) set = of(kids[0]!);
      else {
        let largest = of(kids[0]!);
        for (const k of kids) if (of(k).size > largest.size) largest = of(k);
        // A parent whose symbols are all in one child shares that child's set.
        let s: Set<string> | undefined;
        for (const k of kids) {
          const ks = of(k);
          if (ks === largest) continue;
          for (const n of ks) {
            if (largest.has(n) || s?.has(n)) continue;
            s ??= new Set(largest);
            s.add(n);
          }
        }
        set = s ?? largest;
      }
    }
    local.set(node, set);
    freeCache.set(node, set);
  }
  return local.get(e)!;
}
const EMPTY: ReadonlySet<string> = new Set();

/** Does e depend on the symbol? */
export function dependsOn(e: Expr, s: Sym | string): boolean {
  return freeSymbols(e).has(typeof s === 'string' ? s : s.name);
}
