/**
 * Bounded memory (issue 10, item 3): one process parses, differentiates, prints and
 * compiles 10^5 distinct expressions, keeping nothing, and its heap after a full
 * collection stays flat. With the strong interning table of old, the heap grew by
 * about 14 KB per expression (164 MB after 10^4, 436 MB after 3*10^4).
 */
import { describe, expect, it } from 'vitest';
import { jsonLinesOf } from '../support/child-json.js';

interface Checkpoint {
  expressions: number;
  heapUsed: number;
  tableEntries: number;
  sink: boolean;
}

function churn(args: number[]): Promise<Checkpoint[]> {
  return jsonLinesOf<Checkpoint>('test/support/heap-churn.ts', args);
}

describe('memory of a long-running process', () => {
  // One retry: on a machine loaded by other jobs a settled heap was once measured at twice
  // its size (30 -> 66 MB, unreproducible in 4 reruns at 14-17 MB); a real leak fails twice.
  it('stays flat over 10^5 distinct expressions parsed, differentiated, printed and compiled', { retry: 1, timeout: 1_800_000 }, async () => {
    const [small, large] = await churn([10_000, 100_000]);
    expect(small!.sink && large!.sink).toBe(true);
    // Ten times the expressions; the heap after collection may not grow by half.
    expect(large!.heapUsed).toBeLessThan(1.5 * small!.heapUsed);
    // The strong table held about 28 nodes per expression; the weak one only the live ones.
    expect(large!.tableEntries).toBeLessThan(1000);
  });
});
