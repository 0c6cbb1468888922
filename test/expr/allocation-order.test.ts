/**
 * `keyOrder` (one 64-bit typed-array sort of key and index) and `radixOrder` (its fallback)
 * are stable sorts of indices by non-negative integer keys, checked against
 * the stable `Array.prototype.sort` on random keys of every width up to 2^53 (both digit
 * widths, digits across the two 32-bit halves, many equal keys); `allocationOrder`
 * lists nodes by id.
 */
import { describe, expect, it } from 'vitest';
import { allocationOrder, keyOrder, radixOrder } from '../../src/expr/allocation-order.js';
import { sym } from '../../src/expr/index.js';

function reference(keys: Float64Array): number[] {
  return Array.from(keys.keys()).sort((i, j) => keys[i]! - keys[j]!);
}

describe('keyOrder and radixOrder', () => {
  it('orders as a stable comparison sort does, for keys of 1 to 53 bits and short and long lists', () => {
    let seed = 99;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 0) / 2 ** 32;
    for (const n of [0, 1, 2, 300, 70_000]) {
      for (const bits of [1, 5, 11, 16, 22, 31, 32, 33, 40, 47, 53]) {
        const keys = new Float64Array(n);
        // Few distinct values among many (equal keys keep their order) and wide offsets.
        for (let k = 0; k < n; k++) keys[k] = 7 + Math.floor(rand() * rand() * 2 ** bits);
        const expected = reference(keys);
        expect(Array.from(radixOrder(keys))).toEqual(expected);
        expect(Array.from(keyOrder(keys))).toEqual(expected);
      }
    }
  });

  it('allocationOrder lists nodes by id, a node listed twice in list order', () => {
    const a = sym('alloc_a');
    const b = sym('alloc_b');
    const c = sym('alloc_c');
    expect(Array.from(allocationOrder([c, a, b, a]))).toEqual([1, 3, 2, 0]);
  });
});
