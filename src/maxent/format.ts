/**
 * Printing expressions that carry floating-point numbers (numeric multipliers) and the
 * unknown function p(x). The IR holds exact rationals only, and a double turned into a
 * rational prints as a long fraction; so numbers enter the expression as placeholder
 * symbols, the expression is printed by the expr room's printers (all layout decisions
 * are theirs), and each placeholder's printed token is replaced by the number's decimal
 * text. Text stays parseable: a decimal such as `0.371` or `1.5e-7` is valid input.
 */
import { freeSymbols, num, sym, toLatex, toText, neg, substitute, ZERO, type Expr, type Sym } from '../expr/index.js';

/** Decimal text of a double that parses back to (almost) the same value: up to 15 significant digits. */
export function numberText(v: number, digits = 15): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot print ${v} as a number`);
  if (v === 0) return '0';
  const s = Number(v.toPrecision(digits)).toString();
  return s;
}

/** LaTeX of a double: `0.371`, `1.5 \times 10^{-7}`. */
export function numberLatex(v: number, digits = 10): string {
  const s = Number(v.toPrecision(digits)).toString();
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const exp = Number(m[2]);
  return m[1] === '1' ? `10^{${exp}}` : `${m[1]} \\times 10^{${exp}}`;
}

/** An expression with numeric placeholders: `numbers` maps each placeholder symbol to its value. */
export interface NumericExpr {
  readonly expr: Expr;
  readonly numbers: ReadonlyMap<Sym, number>;
}

/** Builds expressions with numeric placeholders; names never clash with the expression's own symbols. */
export class NumberSlots {
  private readonly numbers = new Map<Sym, number>();
  private counter = 0;
  constructor(private readonly reserved: ReadonlySet<string> = new Set()) {}

  /**
   * A placeholder for v (a positive magnitude; the sign is carried by the IR as −1 ·
   * placeholder, so the printers place the minus sign as they would for a symbol).
   */
  of(v: number): Expr {
    if (v === 0) return ZERO;
    const s = this.slot(Math.abs(v));
    return v < 0 ? neg(s) : s;
  }

  private slot(v: number): Sym {
    let name: string;
    // Upper-case first: placeholders sort before ordinary names, so coefficients print first (`0.5*x`).
    do name = `AAzqnum${letters(this.counter++)}`;
    while (this.reserved.has(name));
    const s = sym(name);
    this.numbers.set(s, v);
    return s;
  }

  /** The placeholders made so far. */
  values(): ReadonlyMap<Sym, number> {
    return this.numbers;
  }
}

/** 0 → a, 25 → z, 26 → ba: letters only, so the LaTeX printer sets a placeholder as one \mathit word. */
function letters(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** Text of an expression whose placeholders are replaced by decimal numbers. */
export function textWithNumbers(e: Expr, numbers: ReadonlyMap<Sym, number>, digits = 15): string {
  return replaceTokens(toText(e), numbers, (s) => s.name, (v) => numberText(v, digits));
}

/** LaTeX of an expression whose placeholders are replaced by decimal numbers. */
export function latexWithNumbers(e: Expr, numbers: ReadonlyMap<Sym, number>, digits = 10): string {
  let out = toLatex(e);
  // A number juxtaposed after a digit (`2 \mathit{AAzqnuma}`) would read as one number: put \cdot between.
  for (const [s] of numbers) {
    const t = toLatex(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(\\d)\\s*${t}`, 'g'), `$1 \\cdot ${toLatex(s)}`);
  }
  return replaceTokens(out, numbers, (s) => toLatex(s), (v) => numberLatex(v, digits));
}

function replaceTokens(out: string, numbers: ReadonlyMap<Sym, number>, token: (s: Sym) => string, value: (v: number) => string): string {
  const pairs = [...numbers].map(([s, v]) => [token(s), value(v)] as const);
  // Longer tokens first: `AAzqnumba` must not be hit by the replacement of `AAzqnumb`.
  pairs.sort((a, b) => b[0].length - a[0].length);
  for (const [t, v] of pairs) out = out.split(t).join(v);
  return out;
}

/** The expression with each placeholder replaced by its number as an exact rational (for evaluation). */
export function exactNumbers(e: Expr, numbers: ReadonlyMap<Sym, number>): Expr {
  const mapping = new Map<Expr, Expr>();
  for (const [s, v] of numbers) mapping.set(s, num(v));
  return substitute(e, mapping);
}

/** Names used by an expression (so placeholders can avoid them). */
export function namesOf(...es: Expr[]): Set<string> {
  const out = new Set<string>();
  for (const e of es) for (const n of freeSymbols(e)) out.add(n);
  return out;
}

/** Substitutes numbers for parameters, as placeholders (for printing a numeric instance). */
export function withNumericParameters(e: Expr, values: ReadonlyMap<string, number>, slots: NumberSlots): Expr {
  const mapping = new Map<Expr, Expr>();
  for (const [name, v] of values) mapping.set(sym(name), slots.of(v));
  return substitute(e, mapping);
}
