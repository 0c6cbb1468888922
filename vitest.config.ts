import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Relaxed SIMD (fused multiply-add) on Node 20 as in the CLI; benches use it too.
    setupFiles: ['test/support/relaxed-simd.ts', 'test/support/node-threads.ts'],
  },
  bench: {
    include: ['test/**/*.bench.ts'],
  },
});
