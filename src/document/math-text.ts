/**
 * Mathematics printed both ways: an expression's text (in the input syntax, parses back)
 * and its LaTeX, as one `MathText`. Every place that needs the pair asks here, so the
 * pair is always printed by the same two printers.
 */
import { parse, sym, toLatex, toText, type Expr } from '../expr/index.js';
import { mtoLatex, mtoText, type MExpr, type ShapeDeclaration } from '../expr/matrix/index.js';
import { inline, isMathText, tex, type MathItem, type MathText, type Prose } from './model.js';

/** The expression as text and LaTeX. */
export function mathTextOf(e: Expr): MathText {
  return { text: toText(e), latex: toLatex(e) };
}

/** A matrix expression as text (matrix input syntax) and LaTeX. */
export function matrixMathText(e: MExpr): MathText {
  return { text: mtoText(e), latex: mtoLatex(e) };
}

/** A shaped declaration as a reader writes it: `S ∈ R^{n×n}` (text `S: n×n`), its properties in words. */
export function declarationMath(d: ShapeDeclaration): Prose {
  const shape = (d.shape ?? []).map(String);
  const dims = shape.map((k) => (/^[A-Za-z]$/.test(k) || /^\d+$/.test(k) ? k : `\\mathit{${k}}`)).join(' \\times ');
  const props = d.properties?.length ? ` (${d.properties.map((x) => x.replace(/_/g, ' ')).join(', ')})` : '';
  return inline`${tex(`${d.name}: ${shape.join('×')}`, `${toLatex(sym(d.name))} \\in \\mathbb{R}^{${dims}}`)}${props}`;
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

const RELATIONS: readonly [string, string][] = [['<=', '\\le'], ['>=', '\\ge'], ['!=', '\\ne'], ['≤', '\\le'], ['≥', '\\ge'], ['≠', '\\ne'], ['=', '='], ['<', '<'], ['>', '>']];
const MAX_FORMULA_WORDS = 80;

/** `a = b <= c` (relations outside parentheses) as mathematics, or undefined when a side does not parse. */
function formulaOf(text: string): MathText | undefined {
  const sides: string[] = [];
  const rels: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth < 0) return undefined;
    if (depth !== 0) continue;
    const r = RELATIONS.find(([op]) => text.startsWith(op, i));
    if (!r) continue;
    sides.push(text.slice(start, i));
    rels.push(r[1]);
    i += r[0].length - 1;
    start = i + 1;
  }
  if (depth !== 0) return undefined;
  sides.push(text.slice(start));
  try {
    // |x| is how the solver's sentences write abs(x).
    const latex = sides.map((x) => toLatex(parse(x.replace(/\|([^|]+)\|/g, 'abs($1)')))).reduce((acc, x, i) => `${acc} ${rels[i - 1]} ${x}`);
    return { text, latex };
  } catch {
    return undefined;
  }
}

/** Is a candidate span a formula worth typesetting: an operator, a relation, a call or a subscript (not a hyphenated word)? */
function looksLikeFormula(span: string): boolean {
  if (!/[-+*/^=<>≤≥≠(_|]/.test(span)) return false;
  if (/[A-Za-z0-9_.)]\s+[A-Za-z0-9_(|]/.test(span)) return false; // words side by side: prose, not a product
  if (!/\s/.test(span) && !/[+*/^=<>≤≥≠(_]/.test(span)) return false; // groebner-lex, 2-D: words with hyphens
  return !/^\(.*\)$/.test(span) || /[+*/^=<>≤≥≠_]/.test(span);
}

/**
 * A sentence the solver wrote with formulas in the input syntax (`x^2 + y^2 = 4 bounds
 * x, y`, `Rejected: d1 = -sqrt(eps)*g1/...`) as prose whose formulas are math items:
 * each longest run of words that parses as an expression or a relation chain, and has
 * an operator, a call or a subscript, becomes a formula; the rest stays words.
 */
export function formulasInText(text: string): Prose {
  const words = text.split(/(\s+)/); // words at even indices, spaces at odd
  const parts: (string | MathText)[] = [];
  const pushWord = (w: string) => {
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + w;
    else parts.push(w);
  };
  for (let i = 0; i < words.length; i += 2) {
    let found: { end: number; lead: string; math: MathText; trail: string } | undefined;
    for (let j = Math.min(words.length - 1, i + 2 * MAX_FORMULA_WORDS); j >= i; j -= 2) {
      const span = words.slice(i, j + 1).join('');
      // An opening parenthesis or quote before, and punctuation, quotes and a closing parenthesis after, stay words.
      const m = /^([("“]?)(.*?)([",.:;”]*\)?[",.:;”]*)$/s.exec(span)!;
      const tries: [string, string, string][] = [[m[1]!, m[2]!, m[3]!], ['', span, ''], [m[1]!, m[2]! + m[3]!.replace(/[",.:;”]+$/, ''), m[3]!.match(/[",.:;”]+$/)?.[0] ?? '']];
      for (const [lead, core, trail] of tries) {
        if (core === '' || !looksLikeFormula(core)) continue;
        const math = formulaOf(core);
        if (math) {
          found = { end: j, lead, math, trail };
          break;
        }
      }
      if (found) break;
    }
    if (found) {
      if (found.lead) pushWord(found.lead);
      parts.push(found.math);
      if (found.trail) pushWord(found.trail);
      if (found.end + 1 < words.length) pushWord(words[found.end + 1]!);
      i = found.end;
    } else {
      pushWord(words[i]!);
      if (i + 1 < words.length) pushWord(words[i + 1]!);
    }
  }
  return parts.filter((p) => p !== '');
}
