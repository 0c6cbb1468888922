/**
 * `lagrangian/core` (src/core.ts) bundles for a browser: no file reachable from it by
 * static or dynamic imports imports a `node:` module, a Node built-in by its bare name
 * (fs, path, zlib, ...), or a package other than the browser-safe ones listed here.
 * The main entry src/index.ts does reach Node (the offline page reads KaTeX's fonts),
 * which checks that the walk sees what it should.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutComments } from '../../scripts/check-imports.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Packages that run in a browser and a worker as they are. */
const BROWSER_PACKAGES = ['katex'];

// import x from '…', import '…', export … from '…', import('…'), import type … from '…'
const SPECIFIER = /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?\(?\s*['"]([^'"]+)['"]/gm;

/** Every package (non-relative) import reachable from `entry`, with the file that makes it; `files` collects the files reached. */
export function packageImports(entry: string, files = new Set<string>()): { file: string; specifier: string }[] {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  const out: { file: string; specifier: string }[] = [];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    files.add(file);
    for (const m of withoutComments(readFileSync(file, 'utf8')).matchAll(SPECIFIER)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else out.push({ file: relative(SRC, file), specifier: spec });
    }
  }
  return out;
}

/** The imports of a browser bundle that cannot be: Node built-ins and packages not known to run in a browser. */
function notForBrowser(entry: string): string[] {
  const builtins = new Set(builtinModules);
  return packageImports(entry)
    .filter(({ specifier }) => {
      const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      return specifier.startsWith('node:') || builtins.has(pkg) || !BROWSER_PACKAGES.includes(pkg);
    })
    .map(({ file, specifier }) => `${file} imports ${specifier}`)
    .sort();
}

describe('the import graph of lagrangian/core', () => {
  it('reaches no Node module and no package outside the browser-safe list', () => {
    expect(notForBrowser(join(SRC, 'core.ts'))).toEqual([]);
  });

  it("uses no Node global: Buffer, process.x, require, __dirname, __filename", () => {
    const files = new Set<string>();
    packageImports(join(SRC, 'core.ts'), files);
    expect(files.size).toBeGreaterThan(200);
    const NODE_GLOBAL = /\bBuffer\b|\bprocess\.|\brequire\s*\(|\b__dirname\b|\b__filename\b/;
    const found = [...files].filter((f) => NODE_GLOBAL.test(withoutComments(readFileSync(f, 'utf8')))).map((f) => relative(SRC, f));
    expect(found).toEqual([]);
  });

  it('reaches the library: katex from the HTML renderer, and many files', () => {
    expect(packageImports(join(SRC, 'core.ts')).map((i) => `${i.file} imports ${i.specifier}`)).toContain('render/html.ts imports katex');
  });

  it('sees the Node imports of the main entry (the walk is not blind)', () => {
    const found = notForBrowser(join(SRC, 'index.ts'));
    expect(found).toContain('render/katex-assets.ts imports node:fs');
    expect(found).toContain('render/plot/raster.ts imports node:module');
  });
});
