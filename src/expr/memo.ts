/**
 * A process-lifetime memo table keyed by node, for caches that outlive one call
 * (printed text, free symbols, expansions).
 *
 * A plain WeakMap is not enough for a long-running process: V8 clears the entries of
 * collected keys but never shrinks the table, and its capacity follows the number of
 * entries made between two full collections, so under steady churn of short-lived
 * nodes it kept growing (about 100 bytes per parsed expression, measured by
 * test/support/heap-churn.ts). The memo therefore writes into a young WeakMap and, after
 * GENERATION writes, retires it: reads fall back to the previous table (and copy what
 * they find forward), and the table before that is dropped with its capacity.
 *
 * So an entry may be forgotten: the memo is a cache, never the only copy. A walk that
 * needs its children's results keeps them in a map local to the walk (see
 * `freeSymbols`), and a forgotten entry costs one recomputation.
 */
import type { Expr } from './nodes.js';

/** Writes per generation of the memo. */
export const GENERATION = 1 << 15;

/** A weak memo table from nodes to values, bounded under churn (see the module comment). */
export class NodeMemo<V> {
  private young = new WeakMap<Expr, V>();
  private old = new WeakMap<Expr, V>();
  private writes = 0;
  /**
   * The largest id written. Ids count up, so a node made after every node written has no
   * entry: a walk over new nodes (a text just parsed) reads no table to find that out.
   */
  private maxId = -Infinity;

  /** The value for e, if one was stored and e has not been retired twice since. */
  get(e: Expr): V | undefined {
    if (e.id > this.maxId) return undefined;
    const v = this.young.get(e);
    if (v !== undefined) return v;
    // (A stored undefined reads as missing: two lookups on a miss, not four.)
    const w = this.old.get(e);
    if (w !== undefined) this.set(e, w);
    return w;
  }

  /** Is a value stored for e? */
  has(e: Expr): boolean {
    return e.id <= this.maxId && (this.young.has(e) || this.old.has(e));
  }

  /** Stores the value for e. */
  set(e: Expr, v: V): void {
    if (++this.writes > GENERATION) {
      this.old = this.young;
      this.young = new WeakMap();
      this.writes = 1;
    }
    if (e.id > this.maxId) this.maxId = e.id;
    this.young.set(e, v);
  }
}
