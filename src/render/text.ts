/**
 * The terminal renderer: a derivation as plain text with numbered steps, equation rows
 * aligned on their relation (as `align*` would), wrapped prose and aligned tables.
 * ANSI colour only when asked, so piped output and tests see plain text.
 */
import { type Block, type Cell, type Derivation, type MathItem, type Prose } from '../document/index.js';
import { mathText, proseText, RELATION_TEXT } from './math.js';

/** Options of `renderText`. */
export interface TextOptions {
  /** Emit ANSI colour and bold (default false: plain text). */
  readonly color?: boolean;
  /** Total line width used to wrap prose (default 80). */
  readonly width?: number;
}

const INDENT = '   ';
const MATH_INDENT = '     ';

interface Style {
  title(s: string): string;
  step(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}
const PLAIN: Style = { title: (s) => s, step: (s) => s, dim: (s) => s, bold: (s) => s };
const ANSI: Style = {
  title: (s) => `\x1b[1m${s}\x1b[0m`,
  step: (s) => `\x1b[1;36m${s}\x1b[0m`,
  dim: (s) => `\x1b[2m${s}\x1b[0m`,
  bold: (s) => `\x1b[1m${s}\x1b[0m`,
};

/** Renders a derivation for the terminal; the result ends with one newline. */
export function renderText(d: Derivation, options: TextOptions = {}): string {
  const style = options.color ? ANSI : PLAIN;
  const width = Math.max(40, options.width ?? 80);
  const out: string[] = [style.title(d.title), style.title('='.repeat(Math.max(3, displayWidth(d.title))))];
  d.steps.forEach((step, i) => {
    out.push('', style.step(`${i + 1}. ${step.title}`));
    for (const block of step.blocks) out.push('', ...renderBlock(block, style, width));
  });
  return out.join('\n') + '\n';
}

function renderBlock(block: Block, style: Style, width: number): string[] {
  switch (block.kind) {
    case 'text':
      return wrap(block.text, width - INDENT.length).map((l) => (l === '' ? '' : INDENT + l));
    case 'prose':
      return wrap(proseTextUnbreakable(block.parts), width - INDENT.length).map((l) => (l === '' ? '' : INDENT + unbreakable(l)));
    case 'math':
      return [MATH_INDENT + mathText(block.item)];
    case 'equations':
      return equationLines(block.rows, style);
    case 'table':
      return tableLines(block.header, block.rows, style);
    case 'figure':
      return wrap(`[figure: ${oneLine(block.caption)}]`, width - INDENT.length).map((l) => INDENT + style.dim(l));
  }
}

type Rows = Extract<Block, { kind: 'equations' }>['rows'];

/** lhs right-aligned, relation column padded, rhs padded when any row has a note. */
function equationLines(rows: Rows, style: Style): string[] {
  const cells = rows.map((r) => ({ lhs: mathText(r.lhs), rel: RELATION_TEXT[r.relation], rhs: mathText(r.rhs), note: r.note === undefined ? undefined : proseText(r.note) }));
  const wl = Math.max(0, ...cells.map((c) => displayWidth(c.lhs)));
  const wr = Math.max(0, ...cells.map((c) => displayWidth(c.rel)));
  const wh = Math.max(0, ...cells.map((c) => displayWidth(c.rhs)));
  return cells.map((c) => {
    const head = `${MATH_INDENT}${padStart(c.lhs, wl)} ${padEnd(c.rel, wr)} `;
    if (c.note === undefined || c.note === '') return (head + c.rhs).trimEnd();
    return `${head}${padEnd(c.rhs, wh)}   ${style.dim(`(${oneLine(c.note)})`)}`;
  });
}

function tableLines(header: readonly Cell[], rows: readonly (readonly Cell[])[], style: Style): string[] {
  const body = rows.map((r) => r.map(cellText));
  const head = header.map(cellText);
  const ncol = Math.max(header.length, ...body.map((r) => r.length));
  const widths = Array.from({ length: ncol }, (_, j) =>
    Math.max(displayWidth(head[j] ?? ''), ...body.map((r) => displayWidth(r[j] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    (INDENT + widths.map((w, j) => padEnd(cells[j] ?? '', w)).join(' | ')).trimEnd();
  return [style.bold(line(head)), INDENT + widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)];
}

function cellText(cell: Cell): string {
  return typeof cell === 'string' || Array.isArray(cell) ? oneLine(proseText(cell as string | Prose)) : mathText(cell as MathItem);
}

// Stands for a space inside an inline formula while wrapping, so a line never breaks inside one
// (a private-use character: never in our prose). A formula wider than the line gets a line of its own.
const KEEP = '\uE000';

/** Prose as text with the spaces of each formula protected from wrapping (see `unbreakable`). */
function proseTextUnbreakable(parts: Prose): string {
  return parts.map((x) => (typeof x === 'string' ? x.replaceAll(KEEP, ' ') : mathText(x).replace(/\s+/g, KEEP))).join('');
}

/** A wrapped line with its protected spaces restored. */
function unbreakable(line: string): string {
  return line.replaceAll(KEEP, ' ');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Greedy word wrap per paragraph (blank-line separated); a word longer than the width stays whole. */
function wrap(text: string, width: number): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => wrapParagraph(p, width))
    .filter((p) => p.length > 0);
  return paragraphs.flatMap((p, i) => (i === 0 ? p : ['', ...p]));
}

function wrapParagraph(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (displayWidth(line) + 1 + displayWidth(word) <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - displayWidth(s)));
}
function padStart(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - displayWidth(s))) + s;
}

/**
 * Columns a string occupies in a terminal: East Asian wide characters (Hangul, CJK)
 * take two, combining marks none. Enough for the documents this tool writes
 * (seed 002 is Korean).
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
