/**
 * The render room: derivation documents to terminal text, LaTeX and a self-contained
 * HTML page (KaTeX, fonts inlined), and SVG plots. It prints; it computes nothing.
 */
export * from './core.js';
export { renderHtml } from './html-page.js';
