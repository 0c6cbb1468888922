/**
 * Positions of a list of nodes in allocation order (and the stable integer sort behind it), for loops whose result does not
 * depend on the order of their visits. Node ids count up as nodes are made, and nodes
 * made one after the other sit side by side in memory, so a loop over the 10^6 terms of
 * a sum in id order reads memory nearly sequentially, where the sum's own (canonical,
 * hash) order is a random permutation of it: about 25 against 250 ns per term
 * (docs/benchmarks.md, "Why a node costs that much"). Sorting the work, not the output.
 */
import type { Expr } from './node-types.js';


/**
 * The indices 0..n-1 of `nodes`, ordered by the nodes' ids (ties, a node listed twice, in
 * list order), reading each node once.
 */
export function allocationOrder(nodes: readonly Expr[]): Int32Array {
  const ids = new Float64Array(nodes.length);
  for (let k = 0; k < nodes.length; k++) ids[k] = nodes[k]!.id;
  return keyOrder(ids);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The indices 0..n-1 ordered by `keys` (non-negative integers below 2^53), equal keys in
 * index order (a stable sort). When a key's offset from the smallest and the index fit in
 * 64 bits together, each entry is that pair as one unsigned 64-bit integer and the typed
 * array's own numeric sort does the work (about 60 ms for 10^6 entries, where a radix
 * sort's scattered writes took several times that in a large heap); otherwise `radixOrder`.
 * `stats.moves` counts the entries sorted (n per sort, or per radix pass): a work measure for tests.
 */
export function keyOrder(keys: Float64Array, stats?: { moves: number }): Int32Array {
  const n = keys.length;
  const [min, max] = range(keys);
  const indexBits = Math.max(1, Math.ceil(Math.log2(n)));
  const rangeBits = max > min ? Math.floor(Math.log2(max - min)) + 1 : 0;
  if (!LITTLE_ENDIAN || n < 2 || indexBits > 31 || rangeBits + indexBits > 64) return radixOrder(keys, stats);
  const buffer = new ArrayBuffer(8 * n);
  const words = new Uint32Array(buffer);
  for (let k = 0; k < n; k++) {
    // (offset << indexBits) | k as two 32-bit words, low word first.
    const offset = keys[k]! - min;
    const lo = offset % 0x100000000;
    const hi = Math.floor(offset / 0x100000000);
    words[2 * k] = ((lo << indexBits) | k) >>> 0;
    words[2 * k + 1] = ((hi << indexBits) | (lo >>> (32 - indexBits))) >>> 0;
  }
  new BigUint64Array(buffer).sort();
  const order = new Int32Array(n);
  const mask = 2 ** indexBits - 1;
  for (let p = 0; p < n; p++) order[p] = words[2 * p]! & mask;
  if (stats) stats.moves += n;
  return order;
}

/**
 * `keyOrder` as an LSD radix sort over the keys' offsets from the
 * smallest, 11 or (for 2^16 keys and more) 16 bits at a time: a few linear passes over
 * typed arrays, no comparison.
 * `stats.moves` counts the elements placed, pass by pass (a work measure for tests).
 */
export function radixOrder(keys: Float64Array, stats?: { moves: number }): Int32Array {
  const n = keys.length;
  const [min, max] = range(keys);
  let order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  if (n < 2 || max === min) return order;
  // The offsets as two 32-bit halves, permuted along with the order so that each pass
  // reads them sequentially.
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const x = keys[k]! - min;
    lo[k] = x % 0x100000000;
    hi[k] = Math.floor(x / 0x100000000);
  }
  let order2 = new Int32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  // Wider digits for long lists: fewer passes, and the counts stay small beside the keys.
  const DIGIT_BITS = n >= 1 << 16 ? 16 : 11;
  const BUCKETS = 1 << DIGIT_BITS;
  const count = new Int32Array(BUCKETS + 1);
  const mask = BUCKETS - 1;
  for (let bit = 0; bit < 53 && Math.floor((max - min) / 2 ** bit) > 0; bit += DIGIT_BITS) {
    // This pass's digit of entry k: (lo, hi) >> bit, low DIGIT_BITS bits.
    const loShift = Math.min(bit, 31);
    const hiShift = bit >= 32 ? bit - 32 : 0;
    const hiUp = bit >= 32 ? 0 : 32 - bit; // hi's bits reach the digit when the digit straddles the halves
    const useLo = bit < 32;
    const straddles = useLo && bit + DIGIT_BITS > 32;
    const l = lo;
    const h = hi;
    const digits = new Uint16Array(n);
    for (let k = 0; k < n; k++) {
      const d = useLo ? (straddles ? (l[k]! >>> loShift) | (h[k]! << hiUp) : l[k]! >>> loShift) : h[k]! >>> hiShift;
      digits[k] = d & mask;
    }
    count.fill(0);
    for (let k = 0; k < n; k++) count[digits[k]! + 1]!++;
    for (let b = 0; b < BUCKETS; b++) count[b + 1]! += count[b]!;
    for (let k = 0; k < n; k++) {
      const at = count[digits[k]!]!++;
      order2[at] = order[k]!;
      lo2[at] = l[k]!;
      hi2[at] = h[k]!;
    }
    [order, order2, lo, lo2, hi, hi2] = [order2, order, lo2, lo, hi2, hi];
    if (stats) stats.moves += n;
  }
  return order;
}

/** The smallest and largest key. */
function range(keys: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < keys.length; k++) {
    const x = keys[k]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return [min, max];
}
