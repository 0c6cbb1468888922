/**
 * Mathematics printed both ways: an expression's text (in the input syntax, parses back)
 * and its LaTeX, as one `MathText`. Every place that needs the pair asks here, so the
 * pair is always printed by the same two printers.
 */
import { toLatex, toText, type Expr } from '../expr/index.js';
import type { MathText } from './model.js';

/** The expression as text and LaTeX. */
export function mathTextOf(e: Expr): MathText {
  return { text: toText(e), latex: toLatex(e) };
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
