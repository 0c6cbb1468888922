/**
 * Builds the browser side of the library with esbuild (platform browser, so a `node:`
 * import anywhere in the graph fails the build):
 *
 * - docs/playground/lagrangian.js: `lagrangian/core` as one ESM bundle, for pages and
 *   apps that import the library (not used by the playground itself; git-ignored);
 * - docs/playground/worker.js: the playground's worker (docs/playground/src/worker.ts)
 *   as a classic script that defines one function, `lagrangianWorker`, whose source
 *   text the page turns into a Blob worker (Chromium starts no worker, classic or
 *   module, from a file:// URL, and a file:// page can fetch nothing);
 * - docs/playground/katex/: KaTeX's stylesheet and its woff2 fonts from node_modules,
 *   so the page renders mathematics offline.
 *
 * Run: `npm run build:playground` (or `npx tsx scripts/build-playground.ts [OUT_DIR]`).
 * The page itself (index.html, playground.js, playground.css) is written by hand.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the playground lives. */
export const PLAYGROUND = join(ROOT, 'docs', 'playground');

/** Sizes of what was written, in bytes. */
export interface PlaygroundBuild {
  readonly library: number;
  readonly worker: number;
  readonly katex: number;
}

/** Builds the bundles and copies KaTeX's assets into `outDir` (default docs/playground). */
export async function buildPlayground(outDir = PLAYGROUND): Promise<PlaygroundBuild> {
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, platform: 'browser', target: 'es2022', minify: true, legalComments: 'none', write: false, logLevel: 'silent' } as const;
  const [library, worker] = await Promise.all([
    build({ ...common, entryPoints: [join(ROOT, 'src', 'core.ts')], format: 'esm' }),
    build({ ...common, entryPoints: [join(PLAYGROUND, 'src', 'worker.ts')], format: 'iife' }),
  ]);
  const libraryText = library.outputFiles[0]!.text;
  // A named function holding the IIFE: the page starts a worker from `(${lagrangianWorker})()`.
  const workerText = `/* Built by scripts/build-playground.ts from docs/playground/src/worker.ts; do not edit. */\nfunction lagrangianWorker() {\n${worker.outputFiles[0]!.text}}\n`;
  writeFileSync(join(outDir, 'lagrangian.js'), `/* lagrangian/core for browsers: built by scripts/build-playground.ts; do not edit. */\n${libraryText}`);
  writeFileSync(join(outDir, 'worker.js'), workerText);
  return { library: libraryText.length, worker: workerText.length, katex: copyKatex(join(outDir, 'katex')) };
}

/** katex.min.css with its fonts as woff2 only (every browser that runs KaTeX reads woff2), and those fonts; returns the bytes copied. */
function copyKatex(dir: string): number {
  const dist = dirname(createRequire(import.meta.url).resolve('katex'));
  mkdirSync(join(dir, 'fonts'), { recursive: true });
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8').replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const m = /url\(["']?(fonts\/[A-Za-z0-9_-]+\.woff2)["']?\)/.exec(sources);
    return m ? `src:url(${m[1]}) format("woff2")` : whole;
  });
  writeFileSync(join(dir, 'katex.min.css'), css);
  let bytes = css.length;
  for (const f of readdirSync(join(dist, 'fonts')).filter((n) => n.endsWith('.woff2'))) {
    copyFileSync(join(dist, 'fonts', f), join(dir, 'fonts', f));
    bytes += readFileSync(join(dist, 'fonts', f)).length;
  }
  return bytes;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ? resolve(process.argv[2]) : PLAYGROUND;
  const sizes = await buildPlayground(out);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`playground built in ${out}: worker.js ${kb(sizes.worker)}, lagrangian.js ${kb(sizes.library)}, katex/ ${kb(sizes.katex)}`);
}
