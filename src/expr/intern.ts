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

/** Candidates with one shallow hash in the old table: one ref, or a list on collision. */
type Bucket<R> = R | R[];

/**
 * The nursery: an open-addressing table (linear probing) of nodes, their keys in a
 * parallel Int32Array. A lookup that misses ends on the slot where the new node goes, so
 * a construction costs one probe sequence, where a Map took a get and a set; a long
 * synchronous run (10^6 nodes) touches one contiguous key array instead of the Map's
 * entry chains. `undefined` is a free slot, `null` a node already moved to the old table.
 */
let slotKeys = new Int32Array(0);
let slots: (Expr | null | undefined)[] = [];
let slotBits = 0;
/** Slots holding a node or `null`: what makes probe sequences long. */
let slotsUsed = 0;
/** Where the next chunk of the nursery's move to the old table starts. */
let flushCursor = 0;
const NURSERY_MIN_BITS = 10;
resetNursery(NURSERY_MIN_BITS);

// Keys are signed 32-bit integers (`shallowKey`, a leaf's hash).
const old = new Map<number, Bucket<WeakRef<Expr>>>();
let nextId = 0;
let constructions = 0;
let nurseryEntries = 0;
/** Refs in the old table, dead ones included until their finaliser has run. */
let oldEntries = 0;
let flushPending = false;

function resetNursery(bits: number): void {
  slotBits = bits;
  slotKeys = new Int32Array(1 << bits);
  slots = new Array<Expr | null | undefined>(1 << bits).fill(undefined);
  slotsUsed = 0;
  flushCursor = 0;
}

/** First slot of a key's probe sequence: the key's top bits after a multiplicative mix. */
function home(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - slotBits);
}

/** Rebuilds the nursery with room for its nodes at most half full, dropping the moved ones. */
function growNursery(): void {
  const keys = slotKeys;
  const nodes = slots;
  let bits = NURSERY_MIN_BITS;
  while (1 << (bits - 2) < nurseryEntries + 1) bits++;
  resetNursery(bits);
  const mask = (1 << bits) - 1;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n === undefined || n === null) continue;
    let j = home(keys[i]!);
    while (slots[j] !== undefined) j = (j + 1) & mask;
    slots[j] = n;
    slotKeys[j] = keys[i]!;
    slotsUsed++;
  }
}

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
  const mask = (1 << slotBits) - 1;
  let i = home(key);
  let free = -1; // the first moved-out slot on the way, reused for a new node
  for (;;) {
    const n = slots[i];
    if (n === undefined) break;
    if (n === null) {
      if (free < 0) free = i;
    } else if (slotKeys[i] === key && same(n)) return n as T;
    i = (i + 1) & mask;
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
  if (free >= 0) i = free;
  else slotsUsed++;
  slots[i] = node;
  slotKeys[i] = key;
  nurseryEntries++;
  if (2 * slotsUsed > mask + 1) growNursery();
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

/**
 * Moves (a chunk of) the nursery into the old table as WeakRefs, each registered for
 * finalisation. The chunk is a range of slots from `flushCursor`; nodes made meanwhile in
 * slots already passed are met on the next round. An empty nursery shrinks back.
 */
function flushNursery(): void {
  flushPending = false;
  let moved = 0;
  const size = slots.length;
  for (let scanned = 0; scanned < size && moved < FLUSH_CHUNK && nurseryEntries - moved > 0; scanned++) {
    if (flushCursor >= size) flushCursor = 0;
    const i = flushCursor++;
    const n = slots[i];
    if (n === undefined || n === null) continue;
    slots[i] = null;
    moved++;
    const key = slotKeys[i]!;
    const ref = new WeakRef(n);
    registry.register(n, key);
    const bucket = old.get(key);
    if (bucket === undefined) {
      old.set(key, ref);
    } else {
      // Collision with older nodes: drop their dead refs while the bucket is at hand.
      const kept = (Array.isArray(bucket) ? bucket : [bucket]).filter((r) => r.deref() !== undefined);
      oldEntries -= (Array.isArray(bucket) ? bucket.length : 1) - kept.length;
      kept.push(ref);
      old.set(key, kept.length === 1 ? kept[0]! : kept);
    }
    oldEntries++;
  }
  nurseryEntries -= moved;
  if (nurseryEntries === 0) resetNursery(NURSERY_MIN_BITS);
  else scheduleFlush();
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

/*
 * Structural hashes are 32 bits stored as signed integers: a uint32 ≥ 2^31 is not a small
 * integer, so a `hash` field holding one makes the engine box the field of every node of
 * that shape (a heap number per node for the garbage collector). Their order is the
 * unsigned one (`unsignedHash`); combining them is the same either way (`^` and
 * `Math.imul` read 32 bits).
 */

/** FNV-1a hash of a string (structural hashes of leaves). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
/** `hashCombine` of the children's structural hashes, without an array of them. */
export function hashChildren(seed: number, kids: readonly Expr[]): number {
  let h = seed | 0;
  for (let i = 0; i < kids.length; i++) h = (Math.imul(h ^ kids[i]!.hash, 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h;
}
/** Combines hashes in order (structural hashes of compound nodes). */
export function hashCombine(seed: number, parts: readonly number[]): number {
  let h = seed | 0;
  for (const p of parts) h = (Math.imul(h ^ p, 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h;
}
/** A structural hash as the uint32 whose order is the canonical order's. */
export function unsignedHash(hash: number): number {
  return hash >>> 0;
}
