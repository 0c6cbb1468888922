/**
 * The LaTeX renderer: a derivation as a LaTeX fragment (to `\input` into a paper) or a
 * complete article. Every math string it emits is one that KaTeX also renders (tested):
 * `align*` for systems, `\[ \]` for single formulas, `$ $` in table cells, and no
 * `\label`, `\eqref` or `\DeclareMathOperator`.
 */
import { type Block, type Cell, type Derivation, type EquationRow, type MathItem, type Prose } from '../document/index.js';
import { escapeLatexText, mathLatex, proseLatex, RELATION_LATEX } from './math.js';

/** Options of `renderLatex`. */
export interface LatexOptions {
  /** A complete document (`\documentclass{article}`, amsmath, mathtools) instead of a fragment. */
  readonly standalone?: boolean;
}

/**
 * Renders a derivation as LaTeX. Each step is a `\section`. As a fragment, the title is
 * a comment (the including document has its own); standalone, it is the `\maketitle`.
 */
export function renderLatex(d: Derivation, options: LatexOptions = {}): string {
  const body: string[] = [];
  for (const step of d.steps) {
    body.push(`\\section{${step.heading ? proseLatex(step.heading) : escapeLatexText(step.title)}}`, '');
    for (const block of step.blocks) body.push(renderBlock(block), '');
  }
  const content = body.join('\n');
  if (!options.standalone) return `% ${oneLine(d.title)}\n${content}`;
  return [
    '\\documentclass{article}',
    '\\usepackage[utf8]{inputenc}',
    '\\usepackage[T1]{fontenc}',
    '\\usepackage{amsmath,amssymb}',
    // mathtools for \\coloneqq where installed; else a definition, so a minimal TeX (Debian's texlive-latex-base) compiles the file.
    '\\IfFileExists{mathtools.sty}{\\usepackage{mathtools}}{\\providecommand{\\coloneqq}{\\mathrel{\\vcenter{\\hbox{:}}}=}}',
    `\\title{${escapeLatexText(d.title)}}`,
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
    '',
    content,
    '\\end{document}',
    '',
  ].join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'text':
      return block.text
        .split(/\n\s*\n/)
        .map((p) => escapeLatexText(p.trim()))
        .filter((p) => p !== '')
        .join('\n\n');
    case 'prose':
      return proseLatex(block.parts);
    case 'math':
      return `\\[\n  ${mathLatex(block.item)}\n\\]`;
    case 'equations':
      return alignBlock(block.rows);
    case 'table':
      return tabular(block.header, block.rows);
    case 'figure':
      // An SVG cannot be inlined in LaTeX; say where the picture is rather than drop it silently.
      return [
        '\\begin{figure}[htbp]',
        '  \\centering',
        '  \\fbox{\\parbox{0.8\\linewidth}{\\centering\\small (SVG figure: see the HTML report.)}}',
        `  \\caption{${escapeLatexText(block.caption)}}`,
        '\\end{figure}',
      ].join('\n');
  }
}

/** The `align*` environment of a system of rows: `lhs &rel rhs && \text{note}`. */
export function alignBlock(rows: readonly EquationRow[]): string {
  return `\\begin{align*}\n${alignRows(rows)}\n\\end{align*}`;
}

/** The rows of an `align*` body, joined by `\\`. */
export function alignRows(rows: readonly EquationRow[]): string {
  return rows
    .map((r) => {
      const note = r.note !== undefined && r.note.length > 0 ? ` && \\text{${proseLatex(r.note)}}` : '';
      return `  ${mathLatex(r.lhs)} &${RELATION_LATEX[r.relation]} ${mathLatex(r.rhs)}${note}`;
    })
    .join(' \\\\\n');
}

function tabular(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const ncol = Math.max(1, header.length, ...rows.map((r) => r.length));
  const line = (cells: readonly string[]) => `  ${Array.from({ length: ncol }, (_, j) => cells[j] ?? '').join(' & ')} \\\\`;
  return [
    '\\begin{center}',
    `\\begin{tabular}{${'l'.repeat(ncol)}}`,
    '  \\hline',
    line(header.map(cellLatex)),
    '  \\hline',
    ...rows.map((r) => line(r.map(cellLatex))),
    '  \\hline',
    '\\end{tabular}',
    '\\end{center}',
  ].join('\n');
}

function cellLatex(cell: Cell): string {
  if (typeof cell === 'string') return escapeLatexText(cell);
  if (Array.isArray(cell)) return proseLatex(cell as Prose);
  return `$${mathLatex(cell as MathItem)}$`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
