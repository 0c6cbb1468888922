/**
 * `sortCanonical` (the keyed sort behind long sums and products, issue 10) puts children
 * in exactly the order of `compareNodes`, the definition of canonical order: leaves of
 * one kind (numbers, names) tie on the key and go to the full comparison, compound nodes
 * are ordered by kind and hash.
 */
import { describe, expect, it } from 'vitest';
import { call, compareNodes, mul, num, pow, sym, type Expr } from '../../src/expr/index.js';
import { sortCanonical } from '../../src/expr/order.js';

describe('sortCanonical', () => {
  it('orders 2,000 mixed children as compareNodes does, whatever the input order', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const xs: Expr[] = [];
    for (let i = 0; i < 2000; i++) {
      const a = sym(`v${rand(50)}`);
      const b = sym(`w${rand(50)}`);
      switch (rand(6)) {
        case 0: xs.push(num(rand(1000) - 500)); break;
        case 1: xs.push(a); break;
        case 2: xs.push(mul(a, b)); break;
        case 3: xs.push(pow(a, num(2 + rand(3)))); break;
        case 4: xs.push(call('sin', mul(a, b))); break;
        default: xs.push(mul(num(3), a, call('exp', b)));
      }
    }
    const unique = [...new Set(xs)];
    expect(unique.length).toBeGreaterThan(1000);
    const expected = unique.slice().sort(compareNodes);
    for (const start of [unique, unique.slice().reverse(), expected.slice().reverse()]) {
      const got = start.slice();
      sortCanonical(got);
      expect(got).toEqual(expected);
    }
  });

  it('orders a long list of one kind of leaf (one run of tied keys to the end) by name', () => {
    const names = Array.from({ length: 300 }, (_, i) => `v${(i * 7919) % 300}`);
    const got = names.map((n) => sym(n));
    sortCanonical(got);
    expect(got.map((s) => (s as { name: string }).name)).toEqual(names.slice().sort());
  });
});
