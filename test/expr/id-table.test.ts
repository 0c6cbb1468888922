/**
 * The id-indexed set and table behind the walks (src/expr/id-table.ts), against the
 * built-in Set and Map on seeded random sequences of ids: dense runs, ids in the 10^8s
 * and beyond 2^32 (a long-running process), old small ids met by a walk over new ones,
 * and negative ids (hand-made test nodes). And the walks that use them, against
 * reference implementations written here over Set and Map, on random DAGs and on a
 * 10^6-node chain.
 */
import { describe, expect, it } from 'vitest';
import { IdSet, IdTable } from '../../src/expr/id-table.js';
import { memoizedBottomUp } from '../../src/expr/traverse.js';
import { addAll, children, cos, mul, num, pow, sin, sym, topologicalOrder, treeSizes, type Expr } from '../../src/expr/index.js';
import { derivative, gradient } from '../../src/diff/index.js';
import { rng } from '../support/expr-eval.js';

/** An id drawn from a mix that exercises the window, its growth both ways, and the hash table. */
function idSource(seed: number): () => number {
  const r = rng(seed);
  let cursor = 1e8;
  return () => {
    const u = r();
    if (u < 0.45) return (cursor -= Math.floor(r() * 3)); // a walk going down from a new root
    if (u < 0.7) return 1e8 + Math.floor(r() * 5000); // around the root, both sides
    if (u < 0.8) return Math.floor(r() * 200); // old nodes (symbols made at start)
    if (u < 0.9) return Math.floor(r() * 2 ** 42); // anywhere, beyond 2^32
    if (u < 0.95) return -1 - Math.floor(r() * 20); // hand-made nodes
    return 2e8 + Math.floor(r() * 300000); // a second cluster, far above
  };
}

describe('IdSet', () => {
  it('answers as a Set<number> over 200,000 random adds, deletes and lookups', () => {
    for (const seed of [1, 2, 3]) {
      const next = idSource(seed);
      const r = rng(seed + 100);
      const mine = new IdSet();
      const ref = new Set<number>();
      const wrong: string[] = [];
      const met: number[] = [];
      for (let step = 0; step < 200_000; step++) {
        const u = r();
        const id = u < 0.3 && met.length > 0 ? met[Math.floor(r() * met.length)]! : next();
        met.push(id);
        if (u < 0.85) {
          if (mine.add(id) !== !ref.has(id)) wrong.push(`add ${id}`);
          ref.add(id);
        } else if (u < 0.9) {
          mine.delete(id);
          ref.delete(id);
        } else if (mine.has(id) !== ref.has(id)) wrong.push(`has ${id}`);
      }
      expect(mine.size).toBe(ref.size);
      for (const id of met) if (mine.has(id) !== ref.has(id)) wrong.push(`has ${id} at the end`);
      for (let id = 1e8 - 2000; id < 1e8 + 2000; id++) if (mine.has(id) !== ref.has(id)) wrong.push(`has ${id} near the root`);
      expect(wrong).toEqual([]);
    }
  });

  it('keeps a small walk small among ids in the 10^8s: an old id does not stretch the window', () => {
    const set = new IdSet();
    // A walk from a new root down to its children, which include old symbols.
    for (let id = 400_004_999; id >= 400_000_000; id--) set.add(id);
    set.add(3);
    set.add(17);
    expect(set.size).toBe(5002);
    expect(set.has(3) && set.has(17) && set.has(400_004_999) && set.has(400_000_000)).toBe(true);
    expect(set.has(4) || set.has(400_005_000) || set.has(399_999_999)).toBe(false);
    // About the 5,000 ids of the walk (doubling growth), not 4·10^8 bits.
    expect(set.span).toBeLessThanOrEqual(16_384);
  });

  it('makes no window for a walk of a few nodes (a typed array per small walk cost seconds of GC)', () => {
    const set = new IdSet();
    const table = new IdTable<number>();
    for (let k = 0; k < 20; k++) {
      set.add(400_000_000 + k);
      table.set(400_000_000 + k, k);
    }
    expect(set.span).toBe(0);
    expect(table.span).toBe(0);
    expect(table.get(400_000_007)).toBe(7);
    expect(set.has(400_000_019) && !set.has(400_000_020)).toBe(true);
    // Past a few dozen members the window takes over, holding the earlier ones too.
    for (let k = 20; k < 200; k++) {
      set.add(400_000_000 + k);
      table.set(400_000_000 + k, k);
    }
    expect(set.span).toBeGreaterThan(0);
    expect(table.span).toBeGreaterThan(0);
    for (let k = 0; k < 200; k++) expect(set.has(400_000_000 + k) && table.get(400_000_000 + k) === k).toBe(true);
  });

  it('covers a dense run of 10^6 ids with one window of about their span', () => {
    const set = new IdSet();
    for (let id = 2_000_000; id >= 1_000_000; id--) set.add(id);
    expect(set.size).toBe(1_000_001);
    // Doubling growth: at most twice the span needed.
    expect(set.span).toBeLessThanOrEqual(2_000_064);
    expect(set.has(999_999) || set.has(2_000_001)).toBe(false);
  });
});

describe('IdTable', () => {
  it('answers as a Map<number, V> over 200,000 random sets, deletes and lookups', () => {
    for (const seed of [4, 5]) {
      const next = idSource(seed);
      const r = rng(seed + 100);
      const mine = new IdTable<number | boolean>();
      const ref = new Map<number, number | boolean>();
      const wrong: string[] = [];
      const met: number[] = [];
      for (let step = 0; step < 200_000; step++) {
        const u = r();
        const id = u < 0.3 && met.length > 0 ? met[Math.floor(r() * met.length)]! : next();
        met.push(id);
        // 0 and false are values, not "missing".
        const value = step % 7 === 0 ? false : step % 5 === 0 ? 0 : step;
        if (u < 0.8) {
          mine.set(id, value);
          ref.set(id, value);
        } else if (u < 0.88) {
          mine.delete(id);
          ref.delete(id);
        } else if (mine.get(id) !== ref.get(id) || mine.has(id) !== ref.has(id)) wrong.push(`get ${id}`);
      }
      expect(mine.size).toBe(ref.size);
      for (const id of met) if (mine.get(id) !== ref.get(id)) wrong.push(`get ${id} at the end`);
      expect(wrong).toEqual([]);
    }
  });

  it('keeps a small walk small among ids in the 10^8s', () => {
    const table = new IdTable<string>();
    for (let id = 300_005_000; id > 300_000_000; id--) table.set(id, `n${id}`);
    table.set(5, 'old');
    table.set(2 ** 40, 'far');
    expect(table.get(5)).toBe('old');
    expect(table.get(300_000_042)).toBe('n300000042');
    expect(table.get(2 ** 40)).toBe('far');
    expect(table.get(6)).toBeUndefined();
    expect(table.size).toBe(5002);
    expect(table.span).toBeLessThanOrEqual(16_384);
  });
});

/** Post-order with a Set, recursive: the reference (only for shallow DAGs). */
function referenceOrder(roots: readonly Expr[]): Expr[] {
  const seen = new Set<Expr>();
  const out: Expr[] = [];
  const visit = (n: Expr): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const k of children(n)) visit(k);
    out.push(n);
  };
  for (const r of roots) visit(r);
  return out;
}

/** The printed tree's node count, by recursion memoised in a Map (the reference; shallow DAGs only). */
function referenceTreeSize(e: Expr, memo = new Map<Expr, number>()): number {
  const known = memo.get(e);
  if (known !== undefined) return known;
  const size = 1 + children(e).reduce((s, k) => s + referenceTreeSize(k, memo), 0);
  memo.set(e, size);
  return size;
}

/** A random DAG over a pool of nodes: later nodes combine earlier ones, some sums wider than the walks' read-ahead. */
function randomDag(seed: number): Expr[] {
  const r = rng(seed);
  const pool: Expr[] = [sym('p'), sym('q'), sym('r'), num(3)];
  const pick = (): Expr => pool[Math.floor(r() * pool.length)]!;
  for (let i = 0; i < 300; i++) {
    const u = r();
    if (u < 0.3) pool.push(mul(pick(), pick()));
    else if (u < 0.45) pool.push(sin(pick()));
    else if (u < 0.55) pool.push(pow(pick(), num(2)));
    else if (u < 0.6) pool.push(cos(addAll(Array.from({ length: 40 + Math.floor(r() * 60) }, (_, j) => mul(sym(`w${j}`), pick())))));
    else pool.push(addAll([pick(), pick(), sym(`s${i}`)]));
  }
  return [pool[pool.length - 1]!, pool[pool.length - 7]!, pool[150]!];
}

describe('the walks over node ids', () => {
  it('list the same topological order as a Set-based recursive walk, and count the same tree sizes', () => {
    for (const seed of [11, 12, 13, 14]) {
      const roots = randomDag(seed);
      expect(topologicalOrder(roots)).toEqual(referenceOrder(roots));
      const sizes = treeSizes(roots);
      expect(sizes).toEqual(roots.map((root) => referenceTreeSize(root)));
    }
  });

  it('walk a 10^6-deep chain without recursion, computing each node once and keeping the last ones for later calls', () => {
    const depth = 1_000_000;
    let e: Expr = sym('chain_x');
    const levels: Expr[] = [];
    for (let i = 0; i < depth; i++) {
      e = sin(e);
      if (i % 1000 === 999) levels.push(e);
    }
    expect(topologicalOrder([e])).toHaveLength(depth + 1);
    expect(treeSizes([e])).toEqual([depth + 1]);
    let computed = 0;
    const height = memoizedBottomUp((n): number => {
      computed++;
      return n.kind === 'call' ? height(n.arg) + 1 : 0;
    });
    expect(height(e)).toBe(depth);
    expect(computed).toBe(depth + 1);
    // A node computed near the end of the walk is still known; one from its start may be
    // recomputed (the memo keeps its last generations), and gets the same value.
    computed = 0;
    expect(height(levels[levels.length - 2]!)).toBe(depth - 1000);
    expect(computed).toBe(0);
    expect(height(levels[0]!)).toBe(1000);
    expect(computed).toBeLessThanOrEqual(1001);
  });
});

describe('the gradient sweep and forward mode', () => {
  it('does not enter nodes made before every variable (they cannot contain one)', () => {
    // sin(z), hand-made so that reading its argument is counted; its id is below every real node's.
    let reads = 0;
    const z = sym('z');
    const probe = { kind: 'call', fn: 'sin', id: -3, hash: 0x5eed, get arg() {
      reads++;
      return z;
    } } as unknown as Expr;
    const y = sym('y');
    const v = sym('sweep_probe_v');
    const f = addAll([mul(y, probe), pow(v, num(2)), mul(v, y)]);
    reads = 0;
    const [dv, dy] = gradient(f, [v, y]);
    // By hand: d/dv = 2v + y, d/dy = sin(z) + v.
    expect(dv).toBe(addAll([mul(num(2), v), y]));
    expect(dy).toBe(addAll([probe, v]));
    // Forward mode too.
    expect(derivative(f, v)).toBe(dv);
    expect(reads).toBe(0);
  });
});
