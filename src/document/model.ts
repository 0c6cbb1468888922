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
export type Relation = '=' | '<=' | '>=' | '<' | '>' | '≈' | ':=' | '=>' | '<=>' | 'in';

/** One row of an aligned block: lhs relation rhs, with an optional note ("stationarity in x"). */
export interface EquationRow {
  readonly lhs: MathItem;
  readonly relation: Relation;
  readonly rhs: MathItem;
  readonly note?: string;
}

/** A block of a step. */
export type Block =
  /** Prose; plain text (no markup). */
  | { readonly kind: 'text'; readonly text: string }
  /** An aligned system of equations (LaTeX `align*`). */
  | { readonly kind: 'equations'; readonly rows: readonly EquationRow[] }
  /** One display formula. */
  | { readonly kind: 'math'; readonly item: MathItem }
  /** A table whose cells are plain strings or mathematics. */
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly (string | MathItem)[])[] }
  /** A picture, as a self-contained SVG string, with its caption. */
  | { readonly kind: 'figure'; readonly svg: string; readonly caption: string };

/** One step of a derivation: a titled list of blocks. */
export interface Step {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** A whole derivation, in the order a reader should follow it. */
export interface Derivation {
  readonly title: string;
  readonly steps: readonly Step[];
}

/** Is the item a prepared MathText rather than an expression node? */
export function isMathText(item: MathItem): item is MathText {
  return (item as { kind?: unknown }).kind === undefined;
}
