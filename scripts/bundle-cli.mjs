/**
 * Bundles the `lagrangian` binary into dist/bin/ (run by `npm run build`, after tsc).
 *
 * Why: start-up. Unbundled, `diff` loads about 96 of our modules through Node's ESM
 * loader, which costs more than our code does (docs/benchmarks.md, "Start-up"). The
 * bundle is one entry file plus shared chunks that the commands load lazily (esbuild's
 * code splitting keeps each command's dynamic import), so a command still loads only
 * its own code. Packages stay external (KaTeX, resvg, mathjs load from node_modules,
 * and only where a command needs them). The timeout worker is a second entry, beside
 * the chunks, so `new URL('./timeout-worker.js', import.meta.url)` finds it; every
 * output sits two levels under the package root, as `../../package.json` expects.
 * The library (dist/index.js, dist/core.js) stays tsc's output, module per module.
 */
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

await build({
  entryPoints: ['src/cli.ts', 'src/cli/timeout-worker.ts'],
  outdir: 'dist/bin',
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
chmodSync('dist/bin/cli.js', 0o755);
