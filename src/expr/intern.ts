/**
 * The interning table behind the smart constructors of `nodes.ts`.
 *
 * Weak hash-consing (SymbolicUtils.jl's `WeakValueDict` cache): the table holds each
 * node through a WeakRef, so a node nobody references can be collected, and a
 * FinalizationRegistry drops its table entry afterwards. A live node is still the only
 * node of its structure, so `===` stays structural equality for every node a caller
 * can hold. The table is keyed by a shallow hash of the node's kind, leaf data and
 * child ids; a lookup compares candidates shallowly (same kind, same children by
 * identity), which is exact because the children are themselves interned. Ids come
 * from a counter and are never reused, so an id-keyed memo can miss but never lie.
 */
import type { Expr } from './node-types.js';

/** Candidates with one shallow hash: one WeakRef, or a list on collision. */
type Bucket = WeakRef<Expr> | WeakRef<Expr>[];
const table = new Map<number, Bucket>();
let nextId = 0;
let liveEntries = 0;
let constructions = 0;

/** Cleans the bucket of a collected node: drops every ref whose node is gone. */
const registry = new FinalizationRegistry<number>((key) => {
  const bucket = table.get(key);
  if (bucket === undefined) return;
  if (!Array.isArray(bucket)) {
    if (bucket.deref() === undefined) {
      table.delete(key);
      liveEntries--;
    }
    return;
  }
  const kept = bucket.filter((r) => r.deref() !== undefined);
  liveEntries -= bucket.length - kept.length;
  if (kept.length === 0) table.delete(key);
  else table.set(key, kept.length === 1 ? kept[0]! : kept);
});

/** Returns the live node that `same` recognises under `key`, or makes, registers and returns a new one. */
export function intern<T extends Expr>(key: number, same: (n: Expr) => boolean, make: (id: number) => T): T {
  constructions++;
  const bucket = table.get(key);
  if (bucket !== undefined) {
    if (!Array.isArray(bucket)) {
      const n = bucket.deref();
      if (n !== undefined && same(n)) return n as T;
    } else {
      for (const r of bucket) {
        const n = r.deref();
        if (n !== undefined && same(n)) return n as T;
      }
    }
  }
  const node = Object.freeze(make(nextId++)) as T;
  const ref = new WeakRef<Expr>(node);
  if (bucket === undefined) table.set(key, ref);
  else if (Array.isArray(bucket)) bucket.push(ref);
  else table.set(key, [bucket, ref]);
  liveEntries++;
  registry.register(node, key);
  return node;
}

/**
 * Number of nodes created so far in this process (the id counter). Monotone; a node
 * that was collected and is built again counts again, so it depends on garbage
 * collection when nodes die mid-computation: work budgets that must not depend on the
 * machine should count `constructionCount()` instead.
 */
export function internedCount(): number {
  return nextId;
}

/** Number of smart-constructor lookups so far (hits and misses): deterministic, a work measure. */
export function constructionCount(): number {
  return constructions;
}

/** Number of entries in the interning table (live nodes, plus dead ones not yet finalised). */
export function liveNodeCount(): number {
  return liveEntries;
}

/** Shallow hash of a compound node: its kind seed and its children's ids. */
export function shallowKey(seed: number, kids: readonly Expr[]): number {
  let h = seed >>> 0;
  for (const k of kids) h = (Math.imul(h ^ k.id, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
  return h;
}

/** Are two child lists the same nodes in the same order? */
export function sameChildren(a: readonly Expr[], b: readonly Expr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a hash of a string (structural hashes of leaves). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
/** Combines hashes in order (structural hashes of compound nodes). */
export function hashCombine(seed: number, parts: readonly number[]): number {
  let h = seed >>> 0;
  for (const p of parts) h = (Math.imul(h ^ p, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
  return h;
}

