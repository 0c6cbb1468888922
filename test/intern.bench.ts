/**
 * Cost of weak interning per node (issue 10, item 3): building distinct nodes through
 * the smart constructors (table miss: WeakRef, finaliser registration) and building
 * them again (table hit), against a baseline in the same run: a strong Map keyed by
 * strings, the interning scheme the weak table replaced, building the same shapes.
 * Ratios are in docs/benchmarks.md ("interning").
 */
import { bench, describe } from 'vitest';
import { add, num, sym } from '../src/expr/index.js';

const N = 10_000;
let round = 0;

/** The strong-table interning of old, reduced to what one node costs: a key string, a lookup, a frozen object. */
const strong = new Map<string, object>();
let strongId = 0;
function strongIntern(key: string, make: () => object): object {
  const found = strong.get(key);
  if (found) return found;
  const node = Object.freeze({ ...make(), id: strongId++ });
  strong.set(key, node);
  return node;
}
function strongSum(name: string, i: number): object {
  const s = strongIntern(`s:${name}`, () => ({ kind: 'sym', name })) as { id: number };
  const n = strongIntern(`n:${i}`, () => ({ kind: 'num', value: i })) as { id: number };
  return strongIntern(`+:${n.id},${s.id}`, () => ({ kind: 'add', terms: Object.freeze([n, s]) }));
}

describe(`${N} distinct sums v_i + i (three nodes each), built once`, () => {
  bench('weak table (smart constructors)', () => {
    const r = round++;
    for (let i = 0; i < N; i++) add(sym(`w${r}_${i}`), num(i));
  });
  bench('baseline: strong string-keyed table', () => {
    const r = round++;
    for (let i = 0; i < N; i++) strongSum(`w${r}_${i}`, i);
    strong.clear();
  });
});

describe(`${N} sums built again (table hits)`, () => {
  const names = Array.from({ length: N }, (_, i) => `h${i}`);
  const kept = names.map((n, i) => add(sym(n), num(i)));
  bench('weak table (smart constructors)', () => {
    for (let i = 0; i < N; i++) add(sym(names[i]!), num(i));
    if (kept.length !== N) throw new Error('unreachable');
  });
  bench('baseline: strong string-keyed table', () => {
    for (let i = 0; i < N; i++) strongSum(names[i]!, i);
  });
});
