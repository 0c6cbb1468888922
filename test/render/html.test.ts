import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sym, toLatex } from '../../src/index.js';
import { renderHtml, renderMathHtml, RenderError, type Derivation } from '../../src/render/index.js';
import { HOSTILE, hostileDoc, L, lagrangeSample } from './fixtures.js';

const page = renderHtml(lagrangeSample());

function fontFiles(): string[] {
  const dist = path.dirname(createRequire(import.meta.url).resolve('katex'));
  return readdirSync(path.join(dist, 'fonts')).filter((f) => f.endsWith('.woff2'));
}

describe('renderHtml', () => {
  it('is one complete page with the derivation title and numbered steps', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Minimise x^2 + y^2 subject to x + y = 1</title>');
    for (let n = 1; n <= 5; n++) expect(page).toContain(`<span class="step-no">${n}</span>`);
    expect(renderHtml(lagrangeSample(), { title: 'Other' })).toContain('<title>Other</title>');
  });

  it('makes no external request: no http(s) anywhere, no script, no link, no import', () => {
    expect(page).not.toMatch(/https?:/);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link/i);
    expect(page).not.toMatch(/@import/);
    expect(page).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}\//i); // protocol-relative URLs
    // Every url(...) in the CSS is a data: URL.
    const urls = [...page.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith('data:') || u.startsWith('#')).toBe(true);
  });

  it('inlines every KaTeX woff2 font as base64', () => {
    const faces = [...page.matchAll(/@font-face\{[^}]*\}/g)].map((m) => m[0]);
    expect(faces.length).toBe(fontFiles().length);
    for (const f of faces) expect(f).toMatch(/src:url\(data:font\/woff2;base64,[A-Za-z0-9+/]{1000,}={0,2}\) format\("woff2"\)/);
    expect(page).not.toContain('url(fonts/');
  });

  it('contains the mathematics rendered by KaTeX, with the TeX kept for copying', () => {
    const katexSpans = page.match(/<span class="katex">/g) ?? [];
    // 2 + 5 + 4 equation rows (lhs and rhs each), 1 display formula, 4 math table cells
    expect(katexSpans.length).toBe(2 * (2 + 5 + 4) + 1 + 4);
    expect(page).toContain('<span class="katex-display">');
    expect(page).toContain('<annotation encoding="application/x-tex">\\displaystyle {}= 2x - \\lambda</annotation>');
    expect(page).toContain('<td class="note">stationarity in x</td>');
  });

  it('inlines figures as SVG without namespace URLs, with captions', () => {
    expect(page.match(/<figure><svg /g)).toHaveLength(3);
    expect(page).toContain('<figcaption>The landscape of f with its contours;');
    expect(page).toContain('href="data:image/png;base64,');
  });

  it('escapes user text everywhere', () => {
    const html = renderHtml(hostileDoc());
    expect(html).not.toMatch(/<script/i);
    const escaped = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<p>${escaped}</p>`);
    expect(html).toContain(`<td class="note">${escaped}</td>`);
    expect(html).toContain(`<th>${escaped}</th>`);
    expect(html).toContain(`<figcaption>${escaped}</figcaption>`);
  });

  it('refuses a figure that could run code or fetch something', () => {
    const withSvg = (svg: string): Derivation => ({ title: 't', steps: [{ title: 's', blocks: [{ kind: 'figure', svg, caption: 'c' }] }] });
    for (const svg of [
      '<svg><script>alert(1)</script></svg>',
      '<svg><circle onclick="alert(1)" r="1"/></svg>',
      '<svg><image href="https://example.com/a.png"/></svg>',
      '<svg><a href="javascript:alert(1)">x</a></svg>',
      '<svg><style>@import "x.css";</style></svg>',
      '<svg><rect fill="url(http://x/y#z)"/></svg>',
      '<div>not svg</div>',
    ]) {
      expect(() => renderHtml(withSvg(svg)), svg).toThrow(RenderError);
    }
    expect(renderHtml(withSvg('<svg><rect fill="url(#g)"/><image href="data:image/png;base64,AA=="/></svg>'))).toContain('<figure><svg>');
  });

  it('names the step and the LaTeX when a formula does not render', () => {
    const bad: Derivation = {
      title: 't',
      steps: [{ title: 'ok', blocks: [] }, { title: 'Broken', blocks: [{ kind: 'math', item: { text: 'x', latex: '\\frac{x' } }] }],
    };
    expect(() => renderHtml(bad)).toThrow(RenderError);
    expect(() => renderHtml(bad)).toThrow(/step 2 \("Broken"\), block 1: KaTeX cannot render "\\\\frac\{x"/);
  });
});

describe('renderMathHtml', () => {
  it('renders expressions inline and in display mode', () => {
    const inline = renderMathHtml(L, false);
    expect(inline.startsWith('<span class="katex">')).toBe(true);
    expect(inline).toContain(`<annotation encoding="application/x-tex">${toLatex(L).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</annotation>`);
    expect(renderMathHtml(sym('x'), true).startsWith('<span class="katex-display">')).toBe(true);
    expect(renderMathHtml({ text: 'sqrt(x)', latex: '\\sqrt{x}' }, false)).not.toMatch(/https?:/);
  });
});
