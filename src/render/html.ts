/**
 * The HTML renderer: a derivation as HTML. Mathematics is rendered here, ahead of the
 * reader, by KaTeX with throwOnError, so an invalid formula fails loudly instead of
 * reaching a reader. User text is escaped; figures are our own SVG, checked for anything
 * active before they are inlined. Platform-neutral (runs in a browser or a worker): the
 * self-contained page with KaTeX's fonts inlined, which reads the fonts from disk, is
 * `renderHtml` in html-page.ts.
 */
import katex from 'katex';
import type { Block, Cell, Derivation, EquationRow, MathItem, Prose, Step } from '../document/index.js';
import { escapeHtml, mathLatex, RELATION_LATEX, RenderError } from './math.js';

/** Options of the HTML renderers (`renderHtml`, `renderHtmlPage`, `renderHtmlBody`). */
export interface HtmlOptions {
  /** Page title (the `<title>` and the heading); defaults to the derivation's title. */
  readonly title?: string;
}

// Namespace declarations are identifiers, not requests, but they spell "http://"; HTML5 needs none of them inline.
const NAMESPACE_ATTRS = / xmlns(?::[a-z]+)?="http:\/\/www\.w3\.org\/[^"]*"/g;

/**
 * KaTeX HTML (with MathML for screen readers) of a LaTeX string. Throws a RenderError
 * naming the LaTeX if KaTeX rejects it. KaTeX's strict-mode warnings (LaTeX-incompatible
 * Unicode) are silenced here so they never reach a CLI user's terminal; the render tests
 * check our own LaTeX with strict: 'error' instead.
 */
export function renderLatexHtml(latex: string, display: boolean): string {
  try {
    return katex.renderToString(latex, { throwOnError: true, displayMode: display, strict: 'ignore' }).replace(NAMESPACE_ATTRS, '');
  } catch (e) {
    throw new RenderError(`KaTeX cannot render ${JSON.stringify(latex)}: ${(e as Error).message}`);
  }
}

/** KaTeX HTML of a math item, inline or display; for other rooms that put formulas into their own HTML. */
export function renderMathHtml(item: MathItem, display: boolean): string {
  return renderLatexHtml(mathLatex(item), display);
}

/**
 * The derivation as an HTML fragment, `<main>` with the title and the steps, for a page
 * that brings KaTeX's stylesheet itself (a browser app, the playground). Style it with
 * DERIVATION_CSS or your own.
 */
export function renderHtmlBody(d: Derivation, options: HtmlOptions = {}): string {
  const title = options.title ?? d.title;
  const steps = d.steps.map((s, i) => renderStep(s, i + 1)).join('\n');
  return `<main>
<h1>${escapeHtml(title)}</h1>
${steps}
</main>`;
}

/** One complete HTML page of a derivation, with `katexCss` (KaTeX's stylesheet, its fonts inlined or linked) in its head. */
export function renderHtmlPage(d: Derivation, katexCss: string, options: HtmlOptions = {}): string {
  const title = options.title ?? d.title;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lagrangian">
<title>${escapeHtml(title)}</title>
<style>${katexCss}</style>
<style>${DERIVATION_CSS}</style>
</head>
<body>
${renderHtmlBody(d, options)}
</body>
</html>
`;
}

function renderStep(step: Step, n: number): string {
  const blocks = step.blocks.map((b, i) => {
    try {
      return renderBlock(b);
    } catch (e) {
      if (e instanceof RenderError) throw new RenderError(`step ${n} ("${step.title}"), block ${i + 1}: ${e.message}`);
      throw e;
    }
  });
  return `<section class="step" id="step-${n}">
<h2><span class="step-no">${n}</span><span>${step.heading ? proseHtml(step.heading) : escapeHtml(step.title)}</span></h2>
${blocks.join('\n')}
</section>`;
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'text':
      return block.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => `<p>${escapeHtml(p)}</p>`)
        .join('\n');
    case 'prose':
      return `<p>${proseHtml(block.parts)}</p>`;
    case 'math':
      return `<div class="math">${renderMathHtml(block.item, true)}</div>`;
    case 'equations':
      return equationsHtml(block.rows);
    case 'table':
      return tableHtml(block.header, block.rows);
    case 'figure':
      return `<figure>${safeSvg(block.svg)}<figcaption>${escapeHtml(block.caption)}</figcaption></figure>`;
  }
}

/** Prose with its mathematics typeset inline by KaTeX; words escaped. */
function proseHtml(p: string | Prose): string {
  return typeof p === 'string' ? escapeHtml(p) : p.map((x) => (typeof x === 'string' ? escapeHtml(x) : renderMathHtml(x, false))).join('');
}

/**
 * An aligned system as a three-column table (lhs | relation rhs | note): the columns
 * align on the relation like `align*`, while notes stay page text that wraps and greys.
 */
function equationsHtml(rows: readonly EquationRow[]): string {
  const trs = rows.map((r) => {
    const lhs = renderLatexHtml(`\\displaystyle ${mathLatex(r.lhs)}`, false);
    const rhs = renderLatexHtml(`\\displaystyle {}${RELATION_LATEX[r.relation]} ${mathLatex(r.rhs)}`, false);
    const note = r.note !== undefined && r.note.length > 0 ? `<td class="note">${proseHtml(r.note)}</td>` : '<td class="note"></td>';
    return `<tr><td class="lhs">${lhs}</td><td class="rhs">${rhs}</td>${note}</tr>`;
  });
  return `<div class="eqs"><table>\n${trs.join('\n')}\n</table></div>`;
}

function tableHtml(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const cell = (c: Cell) => (typeof c === 'string' || Array.isArray(c) ? proseHtml(c as string | Prose) : renderMathHtml(c as MathItem, false));
  const head = header.map((h) => `<th>${cell(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="data"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

// Anything that could run code or fetch: scripts, event handlers, foreign HTML, external references.
const UNSAFE_SVG = /<script|<foreignObject|<iframe|<!ENTITY|@import|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*["']?\s*(?!data:|#)[a-z]+:|url\(\s*["']?(?!data:|#)[a-z]+:/i;

/** Checks a figure's SVG and prepares it for inlining; throws a RenderError if it is not a plain, inert picture. */
function safeSvg(svg: string): string {
  const body = svg.trim().replace(/^<\?xml[^>]*\?>\s*/, '');
  if (!/^<svg[\s>]/.test(body) || !body.endsWith('</svg>')) throw new RenderError('a figure is not an <svg> element');
  const bad = UNSAFE_SVG.exec(body.replace(NAMESPACE_ATTRS, ''));
  if (bad) throw new RenderError(`a figure contains active or external content (${JSON.stringify(bad[0])})`);
  return body.replace(NAMESPACE_ATTRS, '');
}

/** The stylesheet of the derivation pages (besides KaTeX's). */
export const DERIVATION_CSS = `
:root { color-scheme: light; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fcfcfa; color: #1d1f23;
  font-family: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
  font-size: 18px; line-height: 1.6; }
main { max-width: 52rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.25; font-weight: 600; margin: 0 0 2rem; padding-bottom: .6rem; border-bottom: 1px solid #dedcd5; }
.step { margin: 0 0 2.4rem; }
.step h2 { display: flex; align-items: baseline; gap: .7rem; font-size: 1.3rem; line-height: 1.3; font-weight: 600; margin: 0 0 .9rem; }
.step-no { flex: none; display: inline-block; min-width: 1.8rem; padding: .1rem .35rem; border-radius: 1rem; background: #2d4a73; color: #fff;
  font: 600 .9rem/1.6rem system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; text-align: center; }
p { margin: .6rem 0; }
/* Prose and headings may hold long inline formulas: on a narrow screen they scroll sideways in their own block, never past the page's edge. */
p, .step h2 > span:last-child { max-width: 100%; overflow-x: auto; overflow-y: hidden; }
.step h2 > span:last-child { min-width: 0; }
.katex { font-size: 1.08em; }
.math { margin: 1rem 0; }
.katex-display { margin: .6rem 0; overflow-x: auto; overflow-y: hidden; padding: .2rem 0; }
.eqs { overflow-x: auto; overflow-y: hidden; margin: 1rem 0; padding: .15rem 0; }
.eqs table { border-collapse: collapse; margin: 0 auto; }
.eqs td { padding: .35rem 0; vertical-align: baseline; white-space: nowrap; }
.eqs td.lhs { text-align: right; padding-right: .15em; }
.eqs td.rhs { text-align: left; }
.eqs td.note { color: #6b6f76; font-size: .88em; font-style: italic; padding-left: 2.5em; white-space: normal; min-width: 8em; }
.data { overflow-x: auto; overflow-y: hidden; margin: 1.2rem 0; }
.data table { border-collapse: collapse; margin: 0 auto; font-size: .95rem; font-variant-numeric: tabular-nums; }
.data th, .data td { padding: .4rem .9rem; text-align: left; border-bottom: 1px solid #e4e2db; }
.data thead th { border-bottom: 2px solid #3a3d42; font-weight: 600; }
.data tbody tr:nth-child(even) { background: #f4f3ef; }
figure { margin: 1.6rem 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #55595f; font-size: .92rem; margin-top: .5rem; }
@media print { body { background: #fff; font-size: 11pt; } main { max-width: none; padding: 0; } .step { break-inside: avoid; } }
`;
