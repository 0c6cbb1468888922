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
  const order: Expr[] = [];
  const seen = new Set<Expr>();
  // Iterative post-order: deep compositions must not overflow the JS stack.
  const stack: { node: Expr; next: number }[] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push({ node: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const kids = children(top.node);
      if (top.next < kids.length) {
        const kid = kids[top.next++]!;
        if (!seen.has(kid) && !skip?.(kid)) {
          seen.add(kid);
          stack.push({ node: kid, next: 0 });
        }
      } else {
        stack.pop();
        order.push(top.node);
      }
    }
  }
  return order;
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
