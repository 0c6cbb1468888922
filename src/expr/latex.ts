/**
 * The LaTeX printer. Every string it returns renders with KaTeX (`throwOnError: true`),
 * whatever the symbol names, a property tested on random expressions and names.
 *
 * Conventions (each chosen to read as a mathematician would write it):
 * - Terms of a sum come in the text printer's display order (`displayTerms`), with
 *   `-` for negative coefficients.
 * - A product with negative numeric powers or a non-integer rational coefficient is one
 *   `\frac{numerator}{denominator}` (`-\frac{1}{2\sigma^{2}}`); factors are juxtaposed
 *   (`2x`, `x y`, `2\sqrt{2}`), with `\cdot` only before a factor that starts with a digit
 *   (`3 \cdot 2^{x}`), where juxtaposition would read as one number.
 * - Functions of a single symbol, constant or natural number drop their parentheses
 *   (`\sin x`, `\log 2`); such bare applications are moved to the end of a product so
 *   nothing follows them that could be read as part of the argument
 *   (`\left(y + 1\right) \sin x`, never `\sin x \left(y + 1\right)`).
 *   Positive integer powers of trigonometric and hyperbolic functions are written
 *   `\sin^{2} x`. `abs` is `\left|x\right|`; other names come from FUNCTIONS' `latex`.
 * - exp(a) is `\\mathrm{e}^{a}` (Euler's number upright, as ISO 80000-2 writes it, so a
 *   variable named e stays distinct) when a is short (at most EXP_INLINE_MAX_SYMBOLS visible symbols) and
 *   its LaTeX has no `\frac` (a fraction in a superscript is hard to read);
 *   otherwise `\exp\left(a\right)`. exp(1) is `e`.
 * - x^(1/2) is `\sqrt{x}`, x^(1/n) is `\sqrt[n]{x}`, other rational exponents are inline
 *   (`x^{3/2}`). Parentheses are `\left( \right)` and only where precedence needs them.
 * - Names: see `latexSymbolName`.
 */
import { FUNCTIONS } from './functions.js';
import { E, mul, num, type Call, type Expr, type Mul, type Num } from './nodes.js';
import { NAME_PATTERN } from './parse.js';
import { displayFactorCompare, displayFactors, displayOrder } from './print.js';
import { LARGE_SUM, monomialDisplayFactors, visitOrder } from './display-order.js';
import { monomialStart } from './display-key.js';
import { Rational } from './rational.js';
import { memoizedBottomUp } from './traverse.js';

/**
 * exp(a) prints as e^{a} when a's LaTeX has no fraction and at most this many visible
 * symbols (`visibleLength`): `e^{-\lambda_{0} - \lambda_{1} x - \lambda_{2} x^{2}}` (12)
 * is inline, a quartic polynomial in the exponent is not.
 */
export const EXP_INLINE_MAX_SYMBOLS = 14;

// Precedence of printed forms.
const SUM = 1;
const UNARY = 2;
const PRODUCT = 3;
const POWER = 4;
const ATOM = 5;

interface Tex {
  readonly tex: string;
  readonly prec: number;
  /** A function applied without parentheses (`\sin x`): nothing may be juxtaposed after it. */
  readonly bare: boolean;
}

/** Prints an expression as LaTeX (math mode, no delimiters). */
export function toLatex(e: Expr): string {
  if (e.kind === 'add' && e.terms.length >= LARGE_SUM) return latexLargeSum(e.terms);
  return latex(e).tex;
}

/** `toLatex` through the generic walk only (no large-sum path): the reference the fast path is tested against. */
export function toLatexGeneral(e: Expr): string {
  return latex(e).tex;
}

/** The LaTeX of e: children first, in one iterative walk over the DAG (no recursion on depth). */
const latex: (e: Expr) => Tex = memoizedBottomUp((node) => latexUncached(node));

const tex = (s: string, prec: number, bare = false): Tex => ({ tex: s, prec, bare });
const paren = (s: string): string => `\\left(${s}\\right)`;

function latexUncached(e: Expr): Tex {
  switch (e.kind) {
    case 'num':
      return latexNumber(e.value);
    case 'sym':
      return tex(latexSymbolName(e.name), ATOM);
    case 'const':
      return tex('\\pi', ATOM);
    case 'call':
      return latexCall(e);
    case 'add':
      return latexSum(e.terms);
    case 'mul': {
      const first = e.factors[0]!;
      return first.kind === 'num' ? latexProduct(first.value, e.factors.slice(1)) : latexProduct(Rational.ONE, e.factors);
    }
    case 'pow':
      if (e.exp.kind === 'num' && e.exp.value.isNegative) return latexProduct(Rational.ONE, [e]);
      return latexPower(e.base, e.exp);
  }
}

function latexNumber(r: Rational): Tex {
  if (r.isNegative) return tex(`-${latexNumber(r.neg()).tex}`, UNARY);
  if (r.isInteger) return tex(r.num.toString(), ATOM);
  return tex(`\\frac{${r.num}}{${r.den}}`, PRODUCT);
}

// ---------------------------------------------------------------------------
// Sums and products

function latexSum(terms: readonly Expr[]): Tex {
  const parts: string[] = [];
  displayOrder(terms).forEach((t, i) => parts.push(termLatex(t, i === 0)));
  return tex(parts.join(''), SUM);
}

/** A term of a sum as printed there: with its ` + ` or ` - ` unless it is the first. */
function termLatex(t: Expr, first: boolean): string {
  const negative = coefficient(t).isNegative;
  return signed(latex(negative ? mul(num(-1), t) : t), negative, first);
}

function signed(magnitude: Tex, negative: boolean, first: boolean): string {
  const body = magnitude.prec < PRODUCT ? paren(magnitude.tex) : magnitude.tex;
  if (first) return negative ? `-${body}` : body;
  return negative ? ` - ${body}` : ` + ${body}`;
}

/**
 * The LaTeX of a large sum (at least LARGE_SUM terms, printed at the top of `toLatex`):
 * `latexSum` without a memo entry per term. A monomial in symbols is put together from
 * its factors' LaTeX, each made once per call; any other term goes through the generic
 * printer. The same LaTeX as `latexSum`, pinned by test/expr/large-sum-print.test.ts.
 */
function latexLargeSum(terms: readonly Expr[]): string {
  const ordered = displayOrder(terms);
  const pieces = new Array<string>(ordered.length);
  const factorParts = new Map<Expr, FactorTex>();
  const classes = new Map<Expr, number>();
  const scratch: Expr[] = [];
  const visit = visitOrder(ordered);
  for (let q = 0; q < visit.length; q++) {
    const i = visit[q]!;
    const t = ordered[i]!;
    const monomial = monomialStart(t) >= 0;
    if (!monomial && t.kind !== 'mul') {
      pieces[i] = termLatex(t, i === 0);
      continue;
    }
    const start = t.kind === 'mul' && t.factors[0]!.kind === 'num' ? 1 : 0;
    // The magnitude of c*m is |c|*m, whose LaTeX is latexProduct(|c|, factors of m) (a lone
    // symbol or power prints as the one factor it is); any other product's factors are
    // ordered as `latexProduct` orders them, each factor's class looked up once per sum.
    const coeff = start === 1 ? ((t as Mul).factors[0] as Num).value : Rational.ONE;
    const numer: Tex[] = [];
    const denom: Tex[] = [];
    const factors = monomial ? monomialDisplayFactors(t, start, scratch) : displayFactors((t as Mul).factors, start, classes, scratch);
    for (const f of factors) {
      let part = factorParts.get(f);
      if (part === undefined) factorParts.set(f, (part = factorTex(f)));
      (part.denominator ? denom : numer).push(part.tex);
    }
    pieces[i] = signed(productTex(coeff.abs(), numer, denom), coeff.isNegative, i === 0);
  }
  return pieces.join('');
}

function coefficient(t: Expr): Rational {
  if (t.kind === 'num') return t.value;
  if (t.kind === 'mul' && t.factors[0]!.kind === 'num') return t.factors[0].value;
  return Rational.ONE;
}

/** A factor of a product as LaTeX: below the bar (a negative numeric power, with the opposite exponent) or above. */
interface FactorTex {
  readonly tex: Tex;
  readonly denominator: boolean;
}

function factorTex(f: Expr): FactorTex {
  if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative) {
    const k = f.exp.value.neg();
    return { tex: k.isOne ? latex(f.base) : latexPower(f.base, num(k)), denominator: true };
  }
  return { tex: latex(f), denominator: false };
}

/** coeff * factors, with negative numeric powers and the coefficient's denominator below a \frac bar. */
function latexProduct(coeff: Rational, factors: readonly Expr[]): Tex {
  const numer: Tex[] = [];
  const denom: Tex[] = [];
  for (const f of [...factors].sort(displayFactorCompare)) {
    const part = factorTex(f);
    (part.denominator ? denom : numer).push(part.tex);
  }
  return productTex(coeff, numer, denom);
}

/** A product from its factors' LaTeX in display order (numerator and denominator) and its coefficient. */
function productTex(coeff: Rational, numer: Tex[], denom: Tex[]): Tex {
  const c = coeff.abs();
  if (c.num !== 1n) numer.unshift(tex(c.num.toString(), ATOM));
  if (c.den !== 1n) denom.unshift(tex(c.den.toString(), ATOM));
  let body: Tex;
  if (denom.length === 0) {
    body = juxtapose(numer);
  } else {
    const top = numer.length === 0 ? '1' : juxtapose(numer).tex;
    body = tex(`\\frac{${top}}{${juxtapose(denom).tex}}`, PRODUCT);
  }
  if (!coeff.isNegative) return body;
  return tex(`-${body.prec < PRODUCT ? paren(body.tex) : body.tex}`, UNARY);
}

/**
 * Juxtaposes factors: bare function applications last, sums in parentheses, `\cdot`
 * before a factor that starts with a digit. A single factor is returned as it is
 * (inside \frac{}{} a lone sum needs no parentheses).
 */
function juxtapose(items: readonly Tex[]): Tex {
  if (items.length === 1) return items[0]!;
  const ordered = items.some((t) => t.bare) ? [...items.filter((t) => !t.bare), ...items.filter((t) => t.bare)] : items;
  let out = '';
  let previous = '';
  for (let i = 0; i < ordered.length; i++) {
    const t = ordered[i]!;
    const s = t.prec < PRODUCT ? paren(t.tex) : t.tex;
    if (i > 0) out += separator(previous, s);
    out += s;
    previous = s;
  }
  return tex(out, PRODUCT, ordered[ordered.length - 1]!.bare);
}

/**
 * The separator between the previous factor and the next. It looks at one character
 * of each: reading the end of the growing product (a regex anchored at `$`) flattened
 * it on every factor, quadratic in its length.
 */
function separator(left: string, right: string): string {
  const r = right.charCodeAt(0);
  if (isDigit(r) || r === 46 /* . */) return ' \\cdot ';
  if (isDigit(left.charCodeAt(left.length - 1)) && ((r >= 65 && r <= 90) || (r >= 97 && r <= 122) || r === 92 /* \\ */)) return '';
  return ' ';
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

// ---------------------------------------------------------------------------
// Powers

const TRIG = new Set(['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh']);

/** base^exp for an exponent that is not a negative number. */
function latexPower(base: Expr, exp: Expr): Tex {
  if (exp.kind === 'num') {
    const r = exp.value;
    if (r.num === 1n && r.den === 2n) return tex(`\\sqrt{${latex(base).tex}}`, ATOM);
    if (r.num === 1n && !r.isInteger) return tex(`\\sqrt[${r.den}]{${latex(base).tex}}`, ATOM);
    if (r.isInteger && base.kind === 'call' && TRIG.has(base.fn)) {
      // \sin^{2} x: the reader's convention for powers of trigonometric functions.
      const [op, arg] = functionParts(base);
      return tex(`${op}^{${r}}${arg.bare ? ' ' : ''}${arg.tex}`, arg.bare ? PRODUCT : ATOM, arg.bare);
    }
  }
  const b = latex(base);
  // A function's closing parenthesis would take the exponent as its argument's:
  // `\sinh\left(u\right)^{b}` reads as sinh(u^b), so the whole call is wrapped.
  const call = base.kind === 'call' && base.fn !== 'abs';
  const baseTex = b.prec < ATOM || b.bare || call ? paren(b.tex) : b.tex;
  const expTex = exp.kind === 'num' && !exp.value.isInteger ? `${exp.value.num}/${exp.value.den}` : latex(exp).tex;
  return tex(`${baseTex}^{${expTex}}`, POWER);
}

// ---------------------------------------------------------------------------
// Function calls

function latexCall(e: Call): Tex {
  if (e === E) return tex('\\mathrm{e}', ATOM);
  if (e.fn === 'abs') return tex(`\\left|${latex(e.arg).tex}\\right|`, ATOM);
  if (e.fn === 'exp') {
    const a = latex(e.arg);
    // The length cap keeps nested exponentials linear: no symbol takes 64 characters of LaTeX.
    if (a.tex.length <= 64 * EXP_INLINE_MAX_SYMBOLS && visibleLength(a.tex) <= EXP_INLINE_MAX_SYMBOLS && !a.tex.includes('\\frac')) {
      return tex(`\\mathrm{e}^{${a.tex}}`, POWER);
    }
    return tex(`\\exp${paren(a.tex)}`, ATOM);
  }
  const [op, arg] = functionParts(e);
  return arg.bare ? tex(`${op} ${arg.tex}`, PRODUCT, true) : tex(`${op}${arg.tex}`, ATOM);
}

/** The operator name and the argument, bare (`x`) for atoms, else parenthesised. */
function functionParts(e: Call): [string, { tex: string; bare: boolean }] {
  const op = FUNCTIONS[e.fn].latex;
  const a = e.arg;
  const atom = a.kind === 'sym' || a.kind === 'const' || a === E || (a.kind === 'num' && a.value.isInteger && !a.value.isNegative);
  return [op, atom ? { tex: latex(a).tex, bare: true } : { tex: paren(latex(a).tex), bare: false }];
}

/**
 * Rough count of the symbols a reader sees: each command (`\\lambda`, `\\sin`) is one,
 * braces, scripts markers, `\\left`/`\\right` and spaces are none.
 */
export function visibleLength(latex: string): number {
  return latex
    .replace(/\\mathrm\{e\}/g, 'e')
    .replace(/\\(left|right)(?![A-Za-z])/g, '')
    .replace(/\\[A-Za-z]+/g, 'c')
    .replace(/[{}^_\\\s]/g, '').length;
}

// ---------------------------------------------------------------------------
// Names

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
  'Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa', 'Lambda', 'Mu', 'Nu', 'Xi',
  'Omicron', 'Pi', 'Rho', 'Sigma', 'Tau', 'Upsilon', 'Phi', 'Chi', 'Psi', 'Omega',
  'varepsilon', 'vartheta', 'varpi', 'varrho', 'varsigma', 'varphi', 'varkappa', 'digamma',
]);

/**
 * LaTeX for a symbol name. Rules, for names `[A-Za-z][A-Za-z0-9_]*`:
 * - Split at `_`: the first part is the head, the others are subscripts joined by commas
 *   (`x_1` → `x_{1}`, `mu_12` → `\mu_{12}`, `x_i_j` → `x_{i,j}`, `x_max` → `x_{\mathrm{max}}`).
 * - A head that is one letter or a greek name followed by digits takes the digits as its
 *   first subscript (`x1` → `x_{1}`, `lambda0` → `\lambda_{0}`).
 * - Greek names become the KaTeX command of the same spelling, case included
 *   (`sigma` → `\sigma`, `Sigma` → `\Sigma`, `epsilon` → `\epsilon`,
 *   `varepsilon` → `\varepsilon`, `varphi` → `\varphi`); one letter stays itself (italic);
 *   any other head is `\mathit{name}` (one italic word, not a product of letters).
 * - In subscripts: digits and single letters as they are, greek names as commands, other
 *   words upright (`\mathrm{max}`), the convention for labels.
 * - A name with an empty part (`x_`, `a__b`) prints whole as `\mathit{a\_\_b}`.
 * Any other string (the IR accepts any symbol name, e.g. from code) is printed as
 * escaped `\text{}` so the LaTeX can never break.
 */
export function latexSymbolName(name: string): string {
  if (name === '') return '\\varnothing';
  if (!NAME_PATTERN.test(name)) return `\\text{${escapeText(name)}}`;
  const parts = name.split('_');
  if (parts.some((p) => p === '')) return `\\mathit{${name.replace(/_/g, '\\_')}}`;
  let head = parts[0]!;
  const subs = parts.slice(1);
  const digits = /^([A-Za-z]+?)(\d+)$/.exec(head);
  if (digits && (digits[1]!.length === 1 || GREEK.has(digits[1]!))) {
    head = digits[1]!;
    subs.unshift(digits[2]!);
  }
  const headTex = GREEK.has(head) ? `\\${head}` : GREEK_SHORT[head] ?? (head.length === 1 ? head : `\\mathit{${head}}`);
  if (subs.length === 0) return headTex;
  return `${headTex}_{${subs.map(subscriptPart).join(',')}}`;
}

/** Customary short spellings of greek letters (`eps` is ε, as in `eps > 0`). */
const GREEK_SHORT: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, { eps: '\\varepsilon' });

function subscriptPart(p: string): string {
  if (/^\d+$/.test(p) || /^[A-Za-z]$/.test(p)) return p;
  if (GREEK.has(p)) return `\\${p}`;
  return `\\mathrm{${p}}`;
}

const TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Escapes any string for \text{}: printable ASCII kept or escaped, everything else as U+XXXX. */
function escapeText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (TEXT_ESCAPES[ch] !== undefined) out += TEXT_ESCAPES[ch];
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}
