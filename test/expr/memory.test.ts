/**
 * Bounded memory (issue 10, item 3): one process parses, differentiates, prints and
 * compiles 10^5 distinct expressions, keeping nothing, and its heap after a full
 * collection stays flat. With the strong interning table of old, the heap grew by
 * about 14 KB per expression (164 MB after 10^4, 436 MB after 3*10^4).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Checkpoint {
  expressions: number;
  heapUsed: number;
  tableEntries: number;
  sink: boolean;
}

function churn(checkpoints: number[]): Promise<Checkpoint[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'test/support/heap-churn.ts'), ...checkpoints.map(String)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`heap-churn exited with ${code}: ${err.slice(-2000)}`));
      else resolve(out.trim().split('\n').map((l) => JSON.parse(l) as Checkpoint));
    });
  });
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
