/**
 * Views of a DAG that stay linear in its size, for printing: the common-subexpression
 * form (`cse` of INTERFACE.md) and the size of the tree a printer would write.
 */
import { children, rebuild, sym, type Expr, type Sym } from './nodes.js';
import { IdTable } from './id-table.js';
import { toText } from './print.js';
import { bottomUp, freeSymbols, topologicalOrder } from './traverse.js';

/** One named shared subexpression: `name = text`, using only inputs and earlier names. */
export interface CseBinding {
  readonly name: string;
  readonly text: string;
}

/** An expression with its shared subexpressions named (`{"bindings", "text"}` in JSON). */
export interface CseForm {
  readonly bindings: readonly CseBinding[];
  readonly text: string;
}

/**
 * The common-subexpression form of e: every compound node used more than once in the
 * DAG becomes a binding `tK = ...`, written in terms of the inputs and earlier bindings,
 * and the expression is written in terms of them. Each node is printed once, with its
 * bound children as names, so the total text is linear in the DAG (a tree print of the
 * same DAG can be exponential). Names are `t1, t2, ...`, or with a prefix lengthened
 * by `_` until no input of e starts with it followed by digits, so they never clash.
 * Substituting the bindings back, last to first, gives e's value (the text of each
 * part is re-canonicalised around the names, so not always e's exact node).
 */
export function toCse(e: Expr): CseForm {
  const order = topologicalOrder([e]);
  const uses = new Map<Expr, number>();
  for (const node of order) for (const k of children(node)) uses.set(k, (uses.get(k) ?? 0) + 1);
  const prefix = bindingPrefix(freeSymbols(e));
  const bindings: CseBinding[] = [];
  // Each node in terms of the names of its bound descendants.
  const view = new Map<Expr, Expr>();
  for (const node of order) {
    const kids = children(node);
    const written = kids.length === 0 ? node : rebuild(node, kids.map((k) => view.get(k)!));
    if (node !== e && kids.length > 0 && (uses.get(node) ?? 0) > 1) {
      const name: Sym = sym(`${prefix}${bindings.length + 1}`);
      bindings.push({ name: name.name, text: toText(written) });
      view.set(node, name);
    } else view.set(node, written);
  }
  return { bindings, text: toText(view.get(e)!) };
}

function bindingPrefix(inputs: ReadonlySet<string>): string {
  let prefix = 't';
  const clashes = (p: string): boolean => [...inputs].some((n) => n.startsWith(p) && /^[0-9]+$/.test(n.slice(p.length)));
  while (clashes(prefix)) prefix += '_';
  return prefix;
}

/**
 * Number of nodes of the tree a printer writes for each root (each shared node counted
 * once per use), over the DAG under all the roots in one walk. Computed in doubles: an
 * exponential tree gives a huge number (or Infinity), never an exponential walk.
 */
export function treeSizes(roots: readonly Expr[]): number[] {
  const size = treeSizer();
  return roots.map(size);
}

/**
 * `treeSizes` one root at a time, remembering every node's size across calls: n
 * expressions that share one large subexpression (each derivative of exp(x1 + ... + xn))
 * cost one walk of it, not n.
 */
export function treeSizer(): (e: Expr) => number {
  const size = new IdTable<number>();
  const count = (node: Expr): number => {
    let s = 1;
    for (const k of children(node)) s += size.get(k.id)!;
    return s;
  };
  return (e) => size.get(e.id) ?? bottomUp(e, size, count);
}
