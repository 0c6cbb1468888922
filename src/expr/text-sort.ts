/**
 * A stable sort of entries by their texts (string order, ties in index order) for the
 * display order of large sums (`sortTerms` in display-order.ts): a most-significant-first
 * radix sort over chunks of characters, each pass one `keyOrder`, where a comparison sort
 * of 10^6 texts costs 2·10^7 string comparisons.
 */
import { keyOrder } from './allocation-order.js';

// Ranges shorter than this are sorted by comparing texts; longer ones by `keyOrder` on chunks.
const TEXT_SORT_SMALL = 48;
// Characters per chunk: base 129 (0 past the end, ASCII code + 1), 6 digits in 43 bits,
// which leave `keyOrder` room for the index of a million entries in its 64-bit sort.
const CHUNK = 6;

/** The CHUNK characters of `t` from `offset` as one integer (base 129: 0 past the end, ASCII code + 1); -1 if one is not ASCII. */
function chunkKey(t: string, offset: number): number {
  let key = 0;
  for (let c = offset; c < offset + CHUNK; c++) {
    const code = c < t.length ? t.charCodeAt(c) + 1 : 0;
    if (code > 128) return -1;
    key = key * 129 + code;
  }
  return key;
}

// Chunks made with the texts (in allocation order, as the texts are read): the sort's
// first passes and comparisons read typed arrays, not strings scattered over the heap.
const PRE_CHUNKS = 3;

/** Room for the first chunks of the texts of n entries (`setTextChunks`). */
export function textChunks(n: number): Float64Array[] {
  return Array.from({ length: PRE_CHUNKS }, () => new Float64Array(n));
}

/** Writes the first chunks of `t`, the text of entry k. */
export function setTextChunks(chunks: readonly Float64Array[], k: number, t: string): void {
  for (let c = 0; c < PRE_CHUNKS; c++) chunks[c]![k] = chunkKey(t, c * CHUNK);
}

/**
 * `order[p..q)` (term indices, ascending) sorted by `texts[k]` in string (UTF-16 code
 * unit) order, equal texts in index order: a most-significant-first radix sort, the
 * stable `keyOrder` on the next CHUNK characters of each range of equal prefixes (a work
 * list of ranges, no recursion), comparisons for short ranges and for texts with a code
 * unit past 127. `chunks[c][k]`: `chunkKey` of `texts[k]` at c·CHUNK, for c < PRE_CHUNKS.
 */
export function textSort(
  order: Int32Array,
  p: number,
  q: number,
  texts: readonly string[],
  chunks: readonly Float64Array[],
  stats?: { comparisons: number; moves?: number },
): void {
  let from = 0; // the chunk the ranges being compared may first differ in
  const compare = (i: number, j: number): number => {
    if (stats) stats.comparisons++;
    for (let c = from; c < PRE_CHUNKS; c++) {
      const a = chunks[c]![i]!;
      const b = chunks[c]![j]!;
      if (a < 0 || b < 0) break;
      if (a !== b) return a - b;
      // Equal chunks that reach past the end of the texts: equal texts.
      if (texts[i]!.length <= (c + 1) * CHUNK) return i - j;
    }
    const a = texts[i]!;
    const b = texts[j]!;
    return a < b ? -1 : a > b ? 1 : i - j;
  };
  const work = [p, q, 0];
  while (work.length > 0) {
    const offset = work.pop()!;
    const end = work.pop()!;
    const start = work.pop()!;
    const range = order.subarray(start, end);
    from = offset / CHUNK;
    if (end - start < TEXT_SORT_SMALL) {
      range.sort(compare);
      continue;
    }
    const keys = new Float64Array(end - start);
    let wide = false;
    const pre = from < PRE_CHUNKS ? chunks[from]! : undefined;
    for (let r = 0; r < range.length && !wide; r++) {
      const key = pre ? pre[range[r]!]! : chunkKey(texts[range[r]!]!, offset);
      if (key < 0) wide = true;
      keys[r] = key;
    }
    if (wide) {
      range.sort(compare);
      continue;
    }
    const moves = { moves: 0 };
    const byChunk = keyOrder(keys, moves);
    if (stats) stats.moves = (stats.moves ?? 0) + moves.moves;
    const sorted = new Int32Array(byChunk.length);
    for (let r = 0; r < byChunk.length; r++) sorted[r] = range[byChunk[r]!]!;
    range.set(sorted);
    for (let a = 0; a < byChunk.length; ) {
      let b = a + 1;
      while (b < byChunk.length && keys[byChunk[b]!] === keys[byChunk[a]!]) b++;
      // Equal chunks that reach past the end of the texts: equal texts, already in index order.
      if (b - a > 1 && texts[sorted[a]!]!.length > offset + CHUNK) work.push(start + a, start + b, offset + CHUNK);
      a = b;
    }
  }
}
