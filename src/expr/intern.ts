/**
 * The interning table behind the smart constructors of `nodes.ts`.
 *
 * Weak hash-consing (SymbolicUtils.jl's `WeakValueDict` cache), in two tables:
 * - the nursery holds the nodes made since the last turn of the event loop strongly;
 * - the old table holds every earlier node through a WeakRef, so a node nobody
 *   references can be collected.
 * The nursery costs no liveness: `new WeakRef(node)` keeps its node alive until the
 * current job ends anyway (ECMAScript's KeepDuringJob), so weak entries made one by one
 * would free nothing sooner. It saves a WeakRef per node in long synchronous work (the
 * CLI on a 10^6-term objective never turns the loop before it exits). An unref'd
 * timer moves the nursery into the old table after the job, a chunk per turn of the
 * loop, so a long-running process keeps a flat heap and one about to exit does not
 * pay for the move.
 * A FinalizationRegistry drops a collected node's entry from the old table. (Sweeping
 * dead refs when the table had doubled instead left up to twice the nodes allocated
 * between two full collections in the table: 20-40 MB after 10^5 expressions of
 * test/support/heap-churn.ts, against 14 MB with the registry.)
 *
 * A live node is the only node of its structure, so `===` stays structural equality for
 * every node a caller can hold. The tables are keyed by a shallow hash of the node's
 * kind, leaf data and child ids; a lookup compares candidates shallowly (same kind,
 * same children by identity), which is exact because the children are themselves
 * interned. Ids come from a counter and are never reused, so an id-keyed memo can miss
 * but never lie.
 */
import type { Expr } from './node-types.js';

/** Candidates with one shallow hash: one node (or ref), or a list on collision. */
type Bucket<R> = R | R[];
// Keys are signed 32-bit integers (`shallowKey`, `leafKey`).
const nursery = new Map<number, Bucket<Expr>>();
const old = new Map<number, Bucket<WeakRef<Expr>>>();
let nextId = 0;
let constructions = 0;
let nurseryEntries = 0;
/** Refs in the old table, dead ones included until their finaliser has run. */
let oldEntries = 0;
let flushPending = false;

/** Cleans the bucket of a collected node: drops every ref whose node is gone. */
const registry = new FinalizationRegistry<number>((key) => {
  const bucket = old.get(key);
  if (bucket === undefined) return;
  if (!Array.isArray(bucket)) {
    if (bucket.deref() === undefined) {
      old.delete(key);
      oldEntries--;
    }
    return;
  }
  const kept = bucket.filter((r) => r.deref() !== undefined);
  oldEntries -= bucket.length - kept.length;
  if (kept.length === 0) old.delete(key);
  else old.set(key, kept.length === 1 ? kept[0]! : kept);
});

/** Returns the live node that `same` recognises under `key`, or makes, registers and returns a new one. */
export function intern<T extends Expr>(key: number, same: (n: Expr) => boolean, make: (id: number) => T): T {
  constructions++;
  const young = nursery.get(key);
  if (young !== undefined) {
    if (!Array.isArray(young)) {
      if (same(young)) return young as T;
    } else {
      for (const n of young) if (same(n)) return n as T;
    }
  }
  const bucket = old.get(key);
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
  if (young === undefined) nursery.set(key, node);
  else if (Array.isArray(young)) young.push(node);
  else nursery.set(key, [young, node]);
  nurseryEntries++;
  if (!flushPending) scheduleFlush();
  return node;
}

function scheduleFlush(): void {
  flushPending = true;
  // Timers are the host's (browsers, workers and Node have them; a bare ECMAScript
  // context does not): there, a promise job moves the nursery once the current job ends.
  const timers = globalThis as { setTimeout?: (fn: () => void, ms: number) => { unref?: () => void } };
  if (typeof timers.setTimeout !== 'function') {
    void Promise.resolve().then(flushNursery);
    return;
  }
  const timer = timers.setTimeout(flushNursery, 0);
  // A process that has nothing else to do exits without moving the nursery.
  timer.unref?.();
}

/** Nursery entries moved per timer tick: a process that exits soon after pays for one chunk at most. */
const FLUSH_CHUNK = 1 << 14;

/** Moves (a chunk of) the nursery into the old table as WeakRefs, each registered for finalisation. */
function flushNursery(): void {
  flushPending = false;
  let moved = 0;
  for (const [key, young] of nursery) {
    if (moved >= FLUSH_CHUNK) break;
    nursery.delete(key);
    const refs = Array.isArray(young) ? young.map((n) => new WeakRef(n)) : [new WeakRef(young)];
    for (const n of Array.isArray(young) ? young : [young]) registry.register(n, key);
    moved += refs.length;
    const bucket = old.get(key);
    if (bucket === undefined) {
      old.set(key, refs.length === 1 ? refs[0]! : refs);
    } else {
      // Collision with older nodes: drop their dead refs while the bucket is at hand.
      const kept = (Array.isArray(bucket) ? bucket : [bucket]).filter((r) => r.deref() !== undefined);
      oldEntries -= (Array.isArray(bucket) ? bucket.length : 1) - kept.length;
      kept.push(...refs);
      old.set(key, kept.length === 1 ? kept[0]! : kept);
    }
    oldEntries += refs.length;
  }
  nurseryEntries -= moved;
  if (nursery.size > 0) scheduleFlush();
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

/** Number of entries in the interning table: live nodes, the nursery's, and dead ones not yet finalised. */
export function liveNodeCount(): number {
  return oldEntries + nurseryEntries;
}

/**
 * Shallow hash of a compound node: its kind seed and its children's ids. A signed 32-bit
 * integer, so that the tables' keys are small integers (a uint32 ≥ 2^31 would be a boxed
 * double, allocated for each lookup and hashed as a double by the Map).
 */
export function shallowKey(seed: number, kids: readonly Expr[]): number {
  let h = seed | 0;
  for (let i = 0; i < kids.length; i++) h = (Math.imul(h ^ kids[i]!.id, 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h;
}

/** Are two child lists the same nodes in the same order? */
export function sameChildren(a: readonly Expr[], b: readonly Expr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The table key of a leaf with structural hash `hash` (a uint32): the same bits as a signed integer. */
export function leafKey(hash: number): number {
  return hash | 0;
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
