/**
 * How integrals over the support, p(x) and the constraints are written, in text and in
 * LaTeX. The IR has no integral node (see src/diff/functional.ts for why), so these are
 * composed here from the expr printers' output.
 */
import { toLatex, toText, sym, type Expr } from '../expr/index.js';
import { functionalLatex, jetSymbol, type Bound, type UnknownFunction } from '../diff/index.js';
import type { MaxentProblem, MaxentSupport } from './problem.js';
import { mathTextOf, type MathText } from '../document/index.js';

/** Text of a bound: `-inf`, `inf`, or the expression. */
export function boundText(b: Bound): string {
  return b === '-inf' ? '-inf' : b === 'inf' ? 'inf' : toText(b);
}

/** LaTeX of a bound. */
export function boundLatex(b: Bound): string {
  return b === '-inf' ? '-\\infty' : b === 'inf' ? '\\infty' : toLatex(b);
}

/** The support as text: `(-inf, inf)`, `[0, inf)`, `[a, b]`, `{1, 2, 3}`. */
export function supportText(s: MaxentSupport): string {
  if (s.kind === 'discrete') return `{${s.values.map(toText).join(', ')}}`;
  const open = s.lower === '-inf' ? '(' : '[';
  const close = s.upper === 'inf' ? ')' : ']';
  return `${open}${boundText(s.lower)}, ${boundText(s.upper)}${close}`;
}

/** The support in LaTeX. */
export function supportLatex(s: MaxentSupport): string {
  if (s.kind === 'discrete') return `\\{${s.values.map(toLatex).join(', ')}\\}`;
  const open = s.lower === '-inf' ? '(' : '[';
  const close = s.upper === 'inf' ? ')' : ']';
  return `${open}${boundLatex(s.lower)}, ${boundLatex(s.upper)}${close}`;
}

/** p(x) as text and LaTeX. */
export function densityAt(fn: UnknownFunction): MathText {
  return { text: `${fn.name}(${fn.variable})`, latex: functionalLatex(jetSymbol(fn, 0), fn) };
}

/**
 * ∫ over the support of an integrand (or Σ over the values of a discrete support), with
 * the integrand given as text and LaTeX.
 */
export function integral(problem: MaxentProblem, body: MathText): MathText {
  const x = problem.variable;
  const xl = toLatex(sym(x));
  const s = problem.support;
  if (s.kind === 'discrete') {
    return {
      text: `sum over ${x} in ${supportText(s)} of ${body.text}`,
      latex: `\\sum_{${xl} \\in ${supportLatex(s)}} ${body.latex}`,
    };
  }
  return {
    text: `integral over ${supportText(s)} of ${body.text} d${x}`,
    latex: `\\int_{${boundLatex(s.lower)}}^{${boundLatex(s.upper)}} ${body.latex}\\,d${xl}`,
  };
}

/** An expression containing p(x) (as a jet symbol), printed. */
export function withDensity(e: Expr, fn: UnknownFunction): MathText {
  return { text: toText(e), latex: functionalLatex(e, fn) };
}

/** A plain expression, printed. */
export function printed(e: Expr): MathText {
  return mathTextOf(e);
}

/** f(x)·p(x) as the body of a moment integral: parentheses around a sum. */
export function momentBody(f: Expr, fn: UnknownFunction): MathText {
  const p = densityAt(fn);
  const ft = toText(f);
  const fl = toLatex(f);
  const sum = f.kind === 'add';
  return {
    text: `${sum ? `(${ft})` : ft}*${p.text}`,
    latex: `${sum ? `\\left(${fl}\\right)` : fl} \\, ${p.latex}`,
  };
}

/** The constraint of multiplier k (0 = normalisation), e.g. `integral ... of x*p(x) dx = mu`. */
export function constraintPrinted(problem: MaxentProblem, k: number): MathText {
  if (k === 0) {
    const i = integral(problem, densityAt(problem.fn));
    return { text: `${i.text} = 1`, latex: `${i.latex} = 1` };
  }
  const m = problem.moments[k - 1]!;
  const i = integral(problem, momentBody(m.f, problem.fn));
  return { text: `${i.text} = ${toText(m.value)}`, latex: `${i.latex} = ${toLatex(m.value)}` };
}
