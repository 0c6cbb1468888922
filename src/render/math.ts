/**
 * What every renderer needs to know about a piece of mathematics: its text, its LaTeX,
 * how a relation is written, and how prose is escaped for LaTeX. Kept in one place so
 * the terminal, LaTeX and HTML outputs never disagree about a relation or an escape.
 */
import { toLatex } from '../expr/index.js';
import { isMathText, mathItemText, proseToText, type MathItem, type Prose, type EquationRelation } from '../document/index.js';

/** Raised when a document cannot be rendered (invalid LaTeX in a MathText, unsafe SVG); names the place. */
export class RenderError extends Error {
  override name = 'RenderError';
}

/** Plain text of a math item, in the input syntax where possible. */
export function mathText(item: MathItem): string {
  return mathItemText(item);
}

/** Plain text of prose or a plain string: words as written, mathematics in its text form. */
export function proseText(p: string | Prose): string {
  return proseToText(p);
}

/** LaTeX text-mode of prose or a plain string: words escaped, mathematics as `$...$`. */
export function proseLatex(p: string | Prose): string {
  return typeof p === 'string' ? escapeLatexText(p) : p.map((x) => (typeof x === 'string' ? escapeLatexText(x) : `$${mathLatex(x)}$`)).join('');
}

/** LaTeX of a math item (expressions through the expr room's printer). */
export function mathLatex(item: MathItem): string {
  return isMathText(item) ? item.latex : toLatex(item);
}

/** How each relation reads in the terminal. ASCII where the input syntax has a spelling. */
export const RELATION_TEXT: Readonly<Record<EquationRelation, string>> = {
  '=': '=',
  '<=': '<=',
  '>=': '>=',
  '<': '<',
  '>': '>',
  '≈': '≈',
  ':=': ':=',
  '=>': '=>',
  '<=>': '<=>',
  in: 'in',
};

/** LaTeX of each relation; every entry renders in KaTeX and in LaTeX with mathtools loaded (for \coloneqq). */
export const RELATION_LATEX: Readonly<Record<EquationRelation, string>> = {
  '=': '=',
  '<=': '\\le',
  '>=': '\\ge',
  '<': '<',
  '>': '>',
  '≈': '\\approx',
  ':=': '\\coloneqq',
  '=>': '\\Rightarrow',
  '<=>': '\\Leftrightarrow',
  in: '\\in',
};

// Characters that are special in LaTeX text mode; the commands chosen all work in KaTeX's \text too.
const LATEX_TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  $: '\\$',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

// Symbols users write in prose that text fonts lack (KaTeX warns, pdflatex fails): set them as inline math.
const GREEK = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega';
const GREEK_LETTERS = 'αβγδεζηθικλμνξπρστυφχψω';
const MATH_IN_TEXT: ReadonlyMap<string, string> = new Map<string, string>([
  ...GREEK.split(' ').map((n, i): [string, string] => [[...GREEK_LETTERS][i]!, `\\${n}`]),
  ['Γ', '\\Gamma'],
  ['Δ', '\\Delta'],
  ['Θ', '\\Theta'],
  ['Λ', '\\Lambda'],
  ['Π', '\\Pi'],
  ['Σ', '\\Sigma'],
  ['Φ', '\\Phi'],
  ['Ψ', '\\Psi'],
  ['Ω', '\\Omega'],
  ['≈', '\\approx'],
  ['≤', '\\le'],
  ['≥', '\\ge'],
  ['≠', '\\ne'],
  ['→', '\\to'],
  ['⇒', '\\Rightarrow'],
  ['⇔', '\\Leftrightarrow'],
  ['∈', '\\in'],
  ['∇', '\\nabla'],
  ['∂', '\\partial'],
  ['·', '\\cdot'],
  ['×', '\\times'],
  ['±', '\\pm'],
  ['∞', '\\infty'],
  ['√', '\\surd'],
  ['∑', '\\sum'],
  ['∫', '\\int'],
  ['−', '-'],
  ['²', '^2'],
  ['³', '^3'],
]);

/**
 * Escapes plain text for LaTeX text mode (a paragraph, a table cell, or inside `\text{}`):
 * the ten special characters become commands, line breaks become spaces, and Greek
 * letters and common mathematical symbols become inline math so they render in KaTeX
 * without warnings and in pdflatex without a Unicode font.
 */
export function escapeLatexText(text: string): string {
  let out = '';
  for (const ch of text) {
    const esc = LATEX_TEXT_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (MATH_IN_TEXT.has(ch)) out += `$${MATH_IN_TEXT.get(ch)!}$`;
    else if (ch === '\n' || ch === '\r' || ch === '\t') out += ' ';
    else if (ch < ' ' || ch === '\u007f') continue; // control characters have no printed form
    else out += ch;
  }
  return out;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
