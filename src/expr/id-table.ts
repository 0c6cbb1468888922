/**
 * Sets and tables keyed by node id, for the visited sets and result tables of one walk.
 *
 * A `Set<Expr>` or `Map<Expr, V>` costs a random access into a hash table per node on
 * top of touching the node (0.5-1 µs per node on a 10^6-node DAG, docs/benchmarks.md).
 * Node ids come from a counter and are never reused, so a walk can index a window of a
 * typed array by `id - lo` instead (a bitset, or indices into a packed array of values).
 * The window covers only the ids the walk has met, grown on demand (geometrically, so
 * growing is amortised O(1)), so a small walk in a long-running process (ids in the
 * 10^8s) stays small. An id whose inclusion would make the window sparse (more than
 * SET_DENSITY or TABLE_DENSITY slots per member, past MIN_SPAN) goes to a small hash
 * table instead: an old symbol met by a walk over new
 * nodes, or the scattered nodes of a small walk. When the window later grows over such
 * ids they move into it, so an id lives in exactly one of the two places.
 *
 * Ids need only be unique integers (the matrix IR's have their own counter);
 * density (children made just before their parents) is what makes the window pay.
 */

/**
 * Members held in the hash table before a window is made: most walks are small (the
 * text of one term of a sum, a node's free symbols), and for them zeroed typed arrays
 * cost more than they save (10^6 such walks: a typed array or two each, seconds of GC).
 */
const SMALL = 32;
/** Span a window may have however few members it holds. */
const MIN_SPAN = 1024;
/** Span of a window when it is first made. */
const FIRST_SPAN = 64;
/** Window slots allowed per member before an id goes to the hash table: bits of a set, 4-byte slots of a table. */
const SET_DENSITY = 64;
const TABLE_DENSITY = 16;

/**
 * The window [lo, hi) to grow to so that it covers id, or undefined when the smallest
 * such window would have more than `density` slots per member (past MIN_SPAN): then id
 * goes to the hash table. The window at least doubles, in the direction of id, so a
 * walk grows it O(log span) times; it may thus reach twice the density limit.
 */
function grownWindow(lo: number, hi: number, id: number, members: number, density: number, align: number): [number, number] | undefined {
  // (A negative id, which only a hand-made node in a test has, stays in the hash table.)
  if (id < 0) return undefined;
  if (hi <= lo) {
    // First member: a small window just below id (walks go from roots to their children).
    const top = id + 1;
    const bottom = Math.max(0, top - FIRST_SPAN);
    return [bottom - (bottom % align), top];
  }
  const limit = density * (members + 1) + MIN_SPAN;
  const span = hi - lo;
  if (id < lo) {
    if (hi - id > limit) return undefined;
    const bottom = Math.max(0, Math.min(id, lo - span));
    return [bottom - (bottom % align), hi];
  }
  if (id + 1 - lo > limit) return undefined;
  return [lo, Math.max(id + 1, hi + span)];
}

/** A set of node ids (see the module comment). */
export class IdSet {
  /** Bit (id - lo) of the window, 32 ids per word; lo is a multiple of 32. */
  private bits = new Uint32Array(0);
  private lo = 0;
  private hi = 0;
  private far: Set<number> | undefined;
  private count = 0;

  /** Number of ids in the set. */
  get size(): number {
    return this.count;
  }

  /** Ids the window covers (its memory is a bit each): what the density rule bounds. */
  get span(): number {
    return this.hi - this.lo;
  }

  /** Is id in the set? */
  has(id: number): boolean {
    const i = id - this.lo;
    if (i >= 0 && id < this.hi) return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
    return this.far !== undefined && this.far.has(id);
  }

  /** Adds id; returns false when it was already there (one lookup for "visit once"). */
  add(id: number): boolean {
    let i = id - this.lo;
    if (i < 0 || id >= this.hi) {
      if (this.far?.has(id)) return false;
      if (!this.grow(id)) {
        (this.far ??= new Set()).add(id);
        this.count++;
        return true;
      }
      i = id - this.lo;
    }
    const w = i >>> 5;
    const b = 1 << (i & 31);
    const word = this.bits[w]!;
    if ((word & b) !== 0) return false;
    this.bits[w] = word | b;
    this.count++;
    return true;
  }

  /** Removes id. */
  delete(id: number): void {
    const i = id - this.lo;
    if (i >= 0 && id < this.hi) {
      const w = i >>> 5;
      const b = 1 << (i & 31);
      if ((this.bits[w]! & b) === 0) return;
      this.bits[w]! &= ~b;
      this.count--;
    } else if (this.far?.delete(id)) this.count--;
  }

  /** Grows the window over id, if that keeps it dense enough. */
  private grow(id: number): boolean {
    if (this.count < SMALL) return false;
    const next = grownWindow(this.lo, this.hi, id, this.count, SET_DENSITY, 32);
    if (next === undefined) return false;
    const [lo, hi] = next;
    const bits = new Uint32Array((hi - lo + 31) >>> 5);
    // lo and the old lo are multiples of 32: the old words copy over whole.
    if (this.hi > this.lo) bits.set(this.bits, (this.lo - lo) >>> 5);
    this.bits = bits;
    this.lo = lo;
    this.hi = hi;
    if (this.far !== undefined) {
      for (const f of this.far) {
        if (f < lo || f >= hi) continue;
        this.far.delete(f);
        const i = f - lo;
        bits[i >>> 5] |= 1 << (i & 31);
      }
    }
    return true;
  }
}

/**
 * A table from node ids to values (see the module comment). Which ids have a value is an
 * `IdSet`, a bit each, small enough to stay in cache when the table is asked mostly about
 * ids it does not hold (a walk meeting new nodes). The window holds, per id, 1 + the index
 * of its value in a packed array: a typed array is allocated zeroed and copied whole when
 * it grows, where a plain array of 10^5 slots or more made by `new Array(n)` would be a
 * slow dictionary.
 */
export class IdTable<V> {
  private readonly members = new IdSet();
  private index = new Int32Array(0);
  private lo = 0;
  private hi = 0;
  private readonly values: V[] = [];
  private far: Map<number, V> | undefined;

  /** Number of ids with a value. */
  get size(): number {
    return this.members.size;
  }

  /** Ids the windows cover (4 bytes each, and a bit each for membership). */
  get span(): number {
    return Math.max(this.hi - this.lo, this.members.span);
  }

  /** The value of id, or undefined. */
  get(id: number): V | undefined {
    if (!this.members.has(id)) return undefined;
    const i = id - this.lo;
    if (i >= 0 && id < this.hi) return this.values[this.index[i]! - 1];
    return this.far!.get(id);
  }

  /** Does id have a value? */
  has(id: number): boolean {
    return this.members.has(id);
  }

  /** Removes the value of id (its slot is emptied, so the value can be collected). */
  delete(id: number): void {
    if (!this.members.has(id)) return;
    this.members.delete(id);
    const i = id - this.lo;
    if (i >= 0 && id < this.hi) {
      this.values[this.index[i]! - 1] = undefined as V;
      this.index[i] = 0;
    } else this.far!.delete(id);
  }

  /** Sets the value of id. */
  set(id: number, v: V): void {
    const added = this.members.add(id);
    let i = id - this.lo;
    if (i < 0 || id >= this.hi) {
      if (!added || !this.grow(id)) {
        // Held already (outside the window, so in the map), or too far to widen the window.
        (this.far ??= new Map()).set(id, v);
        return;
      }
      i = id - this.lo;
    }
    if (added) this.index[i] = this.values.push(v);
    else this.values[this.index[i]! - 1] = v;
  }

  /** Grows the window over id, if that keeps it dense enough. */
  private grow(id: number): boolean {
    if (this.members.size <= SMALL) return false;
    const next = grownWindow(this.lo, this.hi, id, this.members.size, TABLE_DENSITY, 1);
    if (next === undefined) return false;
    const [lo, hi] = next;
    const index = new Int32Array(hi - lo);
    if (this.hi > this.lo) index.set(this.index, this.lo - lo);
    this.index = index;
    this.lo = lo;
    this.hi = hi;
    if (this.far !== undefined) {
      for (const [f, v] of this.far) {
        if (f < lo || f >= hi) continue;
        this.far.delete(f);
        index[f - lo] = this.values.push(v);
      }
    }
    return true;
  }
}
