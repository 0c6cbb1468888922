/**
 * The project's one small seeded generator, so that every sampled check, numeric start
 * and random test program is reproducible without global state. (The optimisers'
 * NumPy-compatible Mersenne Twister lives in optimize/random.ts: it exists to reproduce
 * seed 004's notebook streams exactly, a different job.)
 */

/** mulberry32: a fast, well-mixed 32-bit generator; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
