/**
 * The derivation document model: the one data structure that every command's
 * derivation is built as, and that the renderers print as text, LaTeX and HTML.
 * It sits below the domain rooms (lagrange, maxent, adjoint build documents) and below
 * `render` (which only prints them), so no domain room imports upward. JSON output is command-specific (INTERFACE.md) and is built from each
 * command's result, not from this document.
 */
import type { Expr } from '../expr/index.js';

/** Prepared mathematics, for items that are not a single expression (e.g. an integral written out). */
export interface MathText {
  /** Plain-text form, in the input syntax where possible. */
  readonly text: string;
  /** LaTeX form; must render with KaTeX (throwOnError). */
  readonly latex: string;
}

/** A piece of mathematics: an expression (printed by the expr printers) or prepared text + LaTeX. */
export type MathItem = Expr | MathText;

/** Relations an equation row may state. */
export type EquationRelation = '=' | '<=' | '>=' | '<' | '>' | '≈' | ':=' | '=>' | '<=>' | 'in';

/**
 * A run of prose with mathematics inline, in reading order: plain words (strings, no
 * markup) and math items, which every renderer typesets as mathematics (KaTeX on a
 * page, `$...$` in LaTeX, the text form in a terminal). Formulas in prose are math
 * items, never ASCII spelled into a string.
 */
export type Prose = readonly (string | MathItem)[];

/** A table cell: words, one formula, or words with formulas inline. */
export type Cell = string | MathItem | Prose;

/** One row of an aligned block: lhs relation rhs, with an optional note ("stationarity in x"). */
export interface EquationRow {
  readonly lhs: MathItem;
  readonly relation: EquationRelation;
  readonly rhs: MathItem;
  readonly note?: string | Prose;
}

/** A block of a step. */
export type Block =
  /** Prose; plain text (no markup). */
  | { readonly kind: 'text'; readonly text: string }
  /** Prose with inline mathematics. */
  | { readonly kind: 'prose'; readonly parts: Prose }
  /** An aligned system of equations (LaTeX `align*`). */
  | { readonly kind: 'equations'; readonly rows: readonly EquationRow[] }
  /** One display formula. */
  | { readonly kind: 'math'; readonly item: MathItem }
  /** A table whose cells are plain strings, mathematics, or prose with inline mathematics. */
  | { readonly kind: 'table'; readonly header: readonly Cell[]; readonly rows: readonly (readonly Cell[])[] }
  /** A picture, as a self-contained SVG string, with its caption. */
  | { readonly kind: 'figure'; readonly svg: string; readonly caption: string };

/** One step of a derivation: a titled list of blocks. */
export interface Step {
  /** The heading as plain text (terminal, table of contents, messages). */
  readonly title: string;
  /** The heading with its mathematics typeset, when it has any (pages and LaTeX use it). */
  readonly heading?: Prose;
  readonly blocks: readonly Block[];
}

/** A whole derivation, in the order a reader should follow it. */
export interface Derivation {
  readonly title: string;
  readonly steps: readonly Step[];
}

/** Mathematics given directly as text and LaTeX (for formulas that are not one expression). */
export function tex(text: string, latex: string): MathText {
  return { text, latex };
}

/**
 * Prose with inline mathematics from a template: interpolated math items stay math,
 * strings and numbers stay words. `prose\`the multiplier ${mu} is ${tex('>= 0', '\\ge 0')}\``.
 */
export function inline(strings: TemplateStringsArray, ...values: readonly (string | number | MathItem)[]): Prose {
  const parts: (string | MathItem)[] = [];
  strings.forEach((s, i) => {
    if (s !== '') parts.push(s);
    if (i < values.length) {
      const v = values[i]!;
      parts.push(typeof v === 'number' ? String(v) : v);
    }
  });
  // Adjacent words merge, so renderers see one string per run of prose.
  return parts.reduce<(string | MathItem)[]>((acc, p) => {
    const last = acc[acc.length - 1];
    if (typeof p === 'string' && typeof last === 'string') acc[acc.length - 1] = last + p;
    else acc.push(p);
    return acc;
  }, []);
}

/** A prose block from a template (see `inline`). */
export function prose(strings: TemplateStringsArray, ...values: readonly (string | number | MathItem)[]): Block {
  return { kind: 'prose', parts: inline(strings, ...values) };
}

/** Is the item a prepared MathText rather than an expression node? */
export function isMathText(item: MathItem): item is MathText {
  return (item as { kind?: unknown }).kind === undefined;
}
