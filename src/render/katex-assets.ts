/**
 * KaTeX's stylesheet with its fonts inlined, so an HTML page renders offline and makes
 * no request at all. The fonts are read from the installed katex package at render
 * time (woff2 only: every browser that runs KaTeX reads woff2) and the result is cached
 * for the life of the process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RenderError } from './math.js';

let cachedCss: string | undefined;

/** Directory of the installed katex distribution (the package's exports hide its CSS, so go via its main file). */
function katexDist(): string {
  const main = createRequire(import.meta.url).resolve('katex');
  return path.dirname(main);
}

/**
 * katex.min.css with each `@font-face` source replaced by a base64 woff2 `data:` URL.
 * Throws a RenderError if the stylesheet still refers to a file afterwards (a KaTeX
 * release that changed its CSS layout), rather than emit a page that fetches fonts.
 */
export function katexCssInlined(): string {
  if (cachedCss !== undefined) return cachedCss;
  const dist = katexDist();
  const css = readFileSync(path.join(dist, 'katex.min.css'), 'utf8');
  const fonts = new Map<string, string>();
  const inlined = css.replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const m = /url\(["']?fonts\/([A-Za-z0-9_-]+)\.woff2["']?\)/.exec(sources);
    if (!m) return whole;
    const name = m[1]!;
    let data = fonts.get(name);
    if (data === undefined) {
      data = readFileSync(path.join(dist, 'fonts', `${name}.woff2`)).toString('base64');
      fonts.set(name, data);
    }
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  const leftover = /url\((?!data:)[^)]*\)/.exec(inlined);
  if (leftover) throw new RenderError(`KaTeX stylesheet still refers to an external file after inlining: ${leftover[0]}`);
  cachedCss = inlined;
  return inlined;
}
