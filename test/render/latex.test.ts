import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { num, sym } from '../../src/index.js';
import { escapeLatexText, RELATION_LATEX, renderLatex, type Derivation, type EquationRelation } from '../../src/render/index.js';
import { HOSTILE, hostileDoc, lagrangeSample } from './fixtures.js';

/** Renders with KaTeX the way the HTML page does, and also strictly (LaTeX-compatible input only). */
function render(tex: string, displayMode: boolean): string {
  katex.renderToString(tex, { throwOnError: true, displayMode, strict: 'error' });
  return katex.renderToString(tex, { throwOnError: true, displayMode, output: 'mathml' });
}

/** What a reader sees of `\text{escaped}`: the characters KaTeX typesets, in order. */
function typesetText(escaped: string): string {
  const mathml = render(`\\text{${escaped}}`, false).replace(/<annotation[\s\S]*<\/annotation>/, '');
  return [...mathml.matchAll(/<m(?:text|i|o|n)[^>]*>([^<]*)<\/m(?:text|i|o|n)>/g)]
    .map((m) => m[1]!)
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ');
}

interface Pieces {
  aligns: string[];
  displays: string[];
  inlines: string[];
  /** Escaped prose: section titles, paragraphs, captions, table text cells. */
  prose: string[];
}

const STRUCTURE = /^\\(?:section|begin|end|usepackage|documentclass|title|date|maketitle|IfFileExists)\b/;

/** Splits a LaTeX document into its math (align* bodies, \[ \] bodies, $ $ spans) and its prose. */
function pieces(doc: string): Pieces {
  const aligns = [...doc.matchAll(/\\begin\{align\*\}\n([\s\S]*?)\n\\end\{align\*\}/g)].map((m) => m[1]!);
  const displays = [...doc.matchAll(/\\\[\n([\s\S]*?)\n\\\]/g)].map((m) => m[1]!);
  const rest = doc.replace(/\\begin\{align\*\}[\s\S]*?\\end\{align\*\}/g, '').replace(/\\\[[\s\S]*?\\\]/g, '');
  const inlines = [...rest.matchAll(/(?<!\\)\$(.+?)(?<!\\)\$/g)].map((m) => m[1]!);
  const prose = [
    ...[...rest.matchAll(/\\(?:section|caption|title)\{(.*)\}$/gm)].map((m) => m[1]!),
    ...rest.split('\n').filter((l) => l !== '' && !STRUCTURE.test(l) && !l.startsWith('%') && !l.startsWith('  ')),
    ...[...rest.matchAll(/^ {2}(.*) \\\\$/gm)].flatMap((m) => m[1]!.split(' & ')),
  ];
  return { aligns, displays, inlines, prose };
}

function checkAll(doc: string): Pieces {
  const p = pieces(doc);
  for (const a of p.aligns) {
    render(`\\begin{align*}\n${a}\n\\end{align*}`, true);
    for (const row of a.split(' \\\\\n')) render(`\\begin{aligned}${row}\\end{aligned}`, false);
  }
  for (const d of p.displays) render(d, true);
  for (const i of p.inlines) render(i, false);
  for (const t of p.prose) render(`\\text{${t}}`, false);
  return p;
}

describe('renderLatex', () => {
  it('emits a standalone article with amsmath and mathtools', () => {
    const doc = renderLatex(lagrangeSample(), { standalone: true });
    expect(doc.startsWith('\\documentclass{article}\n')).toBe(true);
    expect(doc).toContain('\\usepackage{amsmath,amssymb}');
    expect(doc).toContain('\\usepackage{mathtools}');
    expect(doc).toContain('\\begin{document}\n\\maketitle');
    expect(doc.trimEnd().endsWith('\\end{document}')).toBe(true);
    expect(doc.match(/\\section\{/g)).toHaveLength(5);
  });

  it('emits a fragment without preamble, the title as a comment', () => {
    const doc = renderLatex(lagrangeSample());
    expect(doc).not.toContain('\\documentclass');
    expect(doc).not.toContain('\\begin{document}');
    expect(doc.startsWith('% Minimise x^2 + y^2 subject to x + y = 1\n\\section{Problem}')).toBe(true);
  });

  it('every math string renders with KaTeX (throwOnError, strict), whole align* blocks and each row', () => {
    const p = checkAll(renderLatex(lagrangeSample(), { standalone: true }));
    expect(p.aligns).toHaveLength(3);
    expect(p.aligns.reduce((n, a) => n + a.split(' \\\\\n').length, 0)).toBe(11);
    expect(p.displays).toHaveLength(1);
    expect(p.inlines).toEqual(['\\lambda', '\\frac{1}{2}', '\\frac{1}{2}', '\\lambda', '1']); // a paragraph's λ, then table cells
    expect(p.prose.length).toBeGreaterThan(10);
  });

  it('writes rows as lhs &rel rhs && \\text{note}', () => {
    const doc = renderLatex(lagrangeSample());
    expect(doc).toContain('\\frac{\\partial \\mathcal{L}}{\\partial x} &= 2x - \\lambda && \\text{stationarity in x} \\\\\n');
    expect(doc).toContain('2x - 2y &\\Rightarrow x - y && \\text{subtract; so x = y}');
    expect(doc).toContain('  2x - \\lambda &= 0 \\\\\n');
  });

  it('maps every relation to a command KaTeX knows', () => {
    const relations = Object.keys(RELATION_LATEX) as EquationRelation[];
    const d: Derivation = {
      title: 'relations',
      steps: [{ title: 'all', blocks: [{ kind: 'equations', rows: relations.map((relation) => ({ lhs: sym('x'), relation, rhs: num(1) })) }] }],
    };
    const doc = renderLatex(d);
    checkAll(doc);
    for (const cmd of ['\\le', '\\ge', '\\approx', '\\coloneqq', '\\Rightarrow', '\\Leftrightarrow', '\\in']) expect(doc).toContain(`x &${cmd} 1`);
  });

  it('never emits commands KaTeX rejects', () => {
    const doc = renderLatex(lagrangeSample(), { standalone: true }) + renderLatex(hostileDoc(), { standalone: true });
    expect(doc).not.toMatch(/\\label|\\eqref|\\DeclareMathOperator/);
  });

  it('escapes user text so that it typesets as written, everywhere', () => {
    const doc = renderLatex(hostileDoc(), { standalone: true });
    const p = checkAll(doc);
    const hostile = p.prose.filter((t) => t.includes('script'));
    expect(hostile).toHaveLength(6); // title, section, paragraph, header cell, body cell, caption
    for (const t of hostile) expect(typesetText(t)).toBe(HOSTILE);
    expect(doc).toContain(`&& \\text{${escapeLatexText(HOSTILE)}}`);
    // Nothing unescaped leaks: every %, #, _, & outside math is preceded by a backslash.
    const prose = renderLatex(hostileDoc()).replace(/^%.*$/m, '').replace(/\\begin\{align\*\}[\s\S]*?\\end\{align\*\}/g, '');
    expect(prose).not.toMatch(/(?<!\\)[%#_]/);
  });

  it('turns Greek letters and symbols in prose into inline math, and drops control characters', () => {
    expect(escapeLatexText('λ ≈ 2 ≤ μ·σ² \u0007')).toBe('$\\lambda$ $\\approx$ 2 $\\le$ $\\mu$$\\cdot$$\\sigma$$^2$ ');
    expect(typesetText(escapeLatexText('grad f = λ grad g, ∂L/∂x ≠ 0'))).toBe('grad f = λ grad g, ∂L/∂x ≠ 0');
    expect(escapeLatexText('a\nb\tc')).toBe('a b c');
  });
});
