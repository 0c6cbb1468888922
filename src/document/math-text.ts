/**
 * Mathematics printed both ways: an expression's text (in the input syntax, parses back)
 * and its LaTeX, as one `MathText`. Every place that needs the pair asks here, so the
 * pair is always printed by the same two printers.
 */
import { toLatex, toText, type Expr } from '../expr/index.js';
import { mtoLatex, mtoText, type MExpr } from '../expr/matrix/index.js';
import { isMathText, type MathItem, type MathText, type Prose } from './model.js';

/** The expression as text and LaTeX. */
export function mathTextOf(e: Expr): MathText {
  return { text: toText(e), latex: toLatex(e) };
}

/** A matrix expression as text (matrix input syntax) and LaTeX. */
export function matrixMathText(e: MExpr): MathText {
  return { text: mtoText(e), latex: mtoLatex(e) };
}

/** Plain text of a math item, in the input syntax where possible. */
export function mathItemText(item: MathItem): string {
  return isMathText(item) ? item.text : toText(item);
}

/**
 * Plain text of prose (words as written, mathematics in its text form): what a JSON
 * field or a terminal shows of a sentence that a page typesets.
 */
export function proseToText(p: string | Prose): string {
  return typeof p === 'string' ? p : p.map((x) => (typeof x === 'string' ? x : mathItemText(x))).join('');
}

/**
 * A double as mathematics: the shortest decimal that reads back as the same double
 * (never the double's exact binary fraction), with LaTeX's `\\times 10^{k}` for exponents.
 * Used wherever a numeric (not exact) value is printed.
 */
export function decimalMathText(v: number): MathText {
  const text = String(v);
  if (!Number.isFinite(v)) return { text, latex: Number.isNaN(v) ? '\\mathrm{NaN}' : v > 0 ? '\\infty' : '-\\infty' };
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(text);
  return { text, latex: m ? `${m[1]} \\times 10^{${Number(m[2])}}` : text };
}

/** An expression as INTERFACE.md prints it: text, LaTeX and, when evaluated at a point, the value. */
export interface ExprJson extends MathText {
  /** The value at the point; null where it is not a finite double (JSON has no Infinity/NaN). */
  value?: number | null;
}

/** The JSON object of an expression, with its value when given. */
export function exprJson(e: Expr, value?: number): ExprJson {
  const out: ExprJson = { ...mathTextOf(e) };
  if (value !== undefined) out.value = Number.isFinite(value) ? value : null;
  return out;
}
