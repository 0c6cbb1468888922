/**
 * Generic walks over the DAG. Each visits every distinct node once (memoised by node
 * identity), so their cost is linear in the DAG size, not in the size of the printed tree.
 */
import { IdSet, IdTable } from './id-table.js';
import { GENERATION, NodeMemo } from './memo.js';
import { children, rebuild, sym, type Expr, type Sym } from './nodes.js';

/**
 * Nodes reachable from the roots, children before parents (a topological order).
 * Nodes for which `skip` holds are neither listed nor descended into (memo tables use
 * it to stop at nodes they already know, keeping repeated bottom-up calls linear).
 */
export function topologicalOrder(roots: readonly Expr[], skip?: (node: Expr) => boolean): Expr[] {
  return postOrder(roots, children, skip);
}

let walked = 0;
/**
 * Nodes that the generic walks (`topologicalOrder`/`postOrder`, `bottomUp`) have listed
 * or computed so far: deterministic, a work measure for passes over the DAG. A pass per
 * variable over a shared DAG shows here, where the constructors' counters
 * (`canonicalOperandCount`, `constructionCount`) see nothing when it builds no node.
 */
export function walkedNodeCount(): number {
  return walked;
}

/** How far ahead a walk reads in a long child list (a power of 2; see `touchAhead`). */
const AHEAD = 32;
/** Where `touchAhead` leaves what it read, so that the reads are not optimised away. */
let touched = 0;

/**
 * Reads the next AHEAD children of a long child list, and with `deep` (Expr nodes) their
 * own first children, in one loop of independent reads, just before a walk visits them.
 * The terms of a long sum sit in canonical (hash) order, scattered over memory, and a
 * walk's loop, which does a little bookkeeping per node, meets their cache misses one at
 * a time; a tight loop lets the processor overlap them, and the walk then finds the
 * nodes in cache (a walk over the 10^6 terms of a sum: 0.85 s to 0.45 s).
 */
function touchAhead<N extends { readonly id: number }>(list: readonly N[], from: number, deep: boolean): void {
  const end = Math.min(list.length, from + AHEAD);
  let sum = 0;
  for (let j = from; j < end; j++) {
    const node = list[j]!;
    sum += node.id;
    if (!deep) continue;
    const kids = children(node as unknown as Expr);
    if (kids.length > 0) sum += kids[0]!.id;
  }
  touched = sum;
}

/**
 * The post-order walk behind `topologicalOrder`, for any DAG given by its `kids`
 * function (the matrix IR uses it too). Each node is listed once, children first.
 */
export function postOrder<N extends { readonly id: number }>(roots: readonly N[], kids: (node: N) => readonly N[], skip?: (node: N) => boolean): N[] {
  const order: N[] = [];
  // Visited by id, not by identity: a bit per id instead of a hash-table entry per node.
  const seen = new IdSet();
  // Iterative post-order (deep compositions must not overflow the JS stack), the stack
  // as parallel arrays: no object per node, each node's children asked for once.
  const nodes: N[] = [];
  const lists: (readonly N[])[] = [];
  const next: number[] = [];
  for (const root of roots) {
    if (!seen.add(root.id)) continue;
    nodes.push(root);
    lists.push(kids(root));
    next.push(0);
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const below = lists[top]!;
      const i = next[top]!;
      if (i < below.length) {
        if ((i & (AHEAD - 1)) === 0 && below.length > AHEAD) touchAhead(below, i, (kids as unknown) === children);
        next[top] = i + 1;
        const kid = below[i]!;
        if (seen.has(kid.id) || (skip !== undefined && skip(kid))) continue;
        seen.add(kid.id);
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
  walked += order.length;
  return order;
}

/**
 * A function computed bottom-up over the DAG and memoised by node for the life of the
 * process (the printers use it). `compute(node)` may call the returned function on the
 * node's children: they are always known by then, so each call is one iterative walk
 * over the nodes not yet known (no recursion on depth). The walk and the computation
 * are one pass (`bottomUp`), and one table (node id to value) serves as both the walk's
 * visited set and its results.
 */
/** Nodes of a walk written to the memo of `memoizedBottomUp`: all it can keep. */
const TAIL = 2 * GENERATION;

export function memoizedBottomUp<V>(compute: (node: Expr) => V): (e: Expr) => V {
  const cache = new NodeMemo<V>();
  // Results of the walk under way, read before the memo (which may retire entries mid-walk).
  let walk: IdTable<V> | undefined;
  const known = (node: Expr): V | undefined => cache.get(node);
  return (e) => {
    const v = walk?.get(e.id) ?? cache.get(e);
    if (v !== undefined) return v;
    const outer = walk;
    const local = (walk ??= new IdTable());
    // The memo keeps the last one to two generations of writes, so of a long walk only
    // the nodes computed last are written, at its end: the same entries survive, without
    // a weak-table write per node (most of the cost of a bare walk). `last` is a ring of
    // the last TAIL nodes computed.
    const last: Expr[] = [];
    let computed = 0;
    try {
      return bottomUp(e, local, (node) => ((last[computed++ % TAIL] = node), compute(node)), known);
    } finally {
      walk = outer;
      for (let i = Math.max(0, computed - TAIL); i < computed; i++) {
        const node = last[i % TAIL]!;
        const value = local.get(node.id);
        if (value !== undefined) cache.set(node, value);
      }
    }
  };
}

/**
 * The walk of `memoizedBottomUp` (and of `treeSizes` and the gradient's sweep): computes,
 * children first, the value of every node under e that `local` does not hold, enters
 * it in `local`, and returns e's value. `compute` reads its children's values from
 * `local`. A child for which `known` gives a value is entered with it and not walked
 * (a memo, or a value decided without looking below). A node is computed, and entered,
 * when the walk leaves it; a node still on the stack needs no mark, since meeting it
 * again as a child would take a cycle, and interned nodes (immutable, children made
 * first) cannot form one.
 */
export function bottomUp<V>(e: Expr, local: IdTable<V>, compute: (node: Expr) => V, known?: (node: Expr) => V | undefined): V {
  const nodes: Expr[] = [e];
  const lists: (readonly Expr[])[] = [children(e)];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const below = lists[top]!;
    const i = next[top]!;
    if (i < below.length) {
      if ((i & (AHEAD - 1)) === 0 && below.length > AHEAD) touchAhead(below, i, true);
      next[top] = i + 1;
      const kid = below[i]!;
      if (local.has(kid.id)) continue;
      const v = known?.(kid);
      if (v !== undefined) {
        local.set(kid.id, v);
        continue;
      }
      const grand = children(kid);
      // A leaf is computed at once, without a stack frame.
      if (grand.length === 0) {
        walked++;
        local.set(kid.id, compute(kid));
      } else {
        nodes.push(kid);
        lists.push(grand);
        next.push(0);
      }
    } else {
      const node = nodes.pop()!;
      lists.pop();
      next.pop();
      walked++;
      local.set(node.id, compute(node));
    }
  }
  return local.get(e.id)!;
}

/** Number of distinct nodes in the DAG under the roots. */
export function nodeCount(...roots: Expr[]): number {
  return topologicalOrder(roots).length;
}

/**
 * Rebuilds the DAG bottom-up, replacing each node by `visit(node, rebuiltChildren)`.
 * `visit` may return undefined to keep the default rebuild through the smart constructors.
 * `done` (node to its replacement) may be kept across calls with the same `visit`, which
 * must then depend on the node alone: nodes already in it are not walked again.
 */
export function transform(
  roots: readonly Expr[],
  visit: (node: Expr, rebuilt: Expr) => Expr | undefined,
  done: Map<Expr, Expr> = new Map<Expr, Expr>(),
): Expr[] {
  const fresh = done.size === 0 ? roots : roots.filter((r) => !done.has(r));
  for (const node of topologicalOrder(fresh, done.size === 0 ? undefined : (k) => done.has(k))) {
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

/** Names of the symbols an expression depends on. */
export function freeSymbols(e: Expr): ReadonlySet<string> {
  return freeOf(e);
}

const freeOf: (e: Expr) => ReadonlySet<string> = memoizedBottomUp((node): ReadonlySet<string> => {
  if (node.kind === 'sym') return new Set([node.name]);
  const kids = children(node);
  if (kids.length === 0) return EMPTY;
  if (kids.length === 1) return freeOf(kids[0]!);
  let largest = freeOf(kids[0]!);
  for (const k of kids) if (freeOf(k).size > largest.size) largest = freeOf(k);
  // A parent whose symbols are all in one child shares that child's set.
  let s: Set<string> | undefined;
  for (const k of kids) {
    const ks = freeOf(k);
    if (ks === largest) continue;
    for (const n of ks) {
      if (largest.has(n) || s?.has(n)) continue;
      s ??= new Set(largest);
      s.add(n);
    }
  }
  return s ?? largest;
});
const EMPTY: ReadonlySet<string> = new Set();

/** Does e depend on the symbol? */
export function dependsOn(e: Expr, s: Sym | string): boolean {
  return freeSymbols(e).has(typeof s === 'string' ? s : s.name);
}
