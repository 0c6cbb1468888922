/**
 * The self-contained derivation page of `--html`: KaTeX's stylesheet with its fonts
 * inlined (read from the installed katex package, so Node only), so the page works
 * offline and makes no request. The platform-neutral renderer is html.ts.
 */
import type { Derivation } from '../document/index.js';
import { renderHtmlPage, type HtmlOptions } from './html.js';
import { katexCssInlined } from './katex-assets.js';

/** Renders a derivation as one complete, offline HTML page. */
export function renderHtml(d: Derivation, options: HtmlOptions = {}): string {
  return renderHtmlPage(d, katexCssInlined(), options);
}
