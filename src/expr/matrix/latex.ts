/**
 * The LaTeX printer of matrix expressions, as a textbook writes them: bold vectors and
 * matrices (`\boldsymbol{x}`), `A^{\top}`, `A^{-1}`, `\operatorname{tr}`, `\odot` for the
 * entrywise product, `\lVert x \rVert` for the norm. Scalars go through the scalar
 * printer (`../latex.ts`).
 */
import { FUNCTIONS } from '../functions.js';
import { latexSymbolName, toLatex } from '../latex.js';
import { num as numExpr } from '../nodes.js';
import { Rational } from '../rational.js';
import { mtopologicalOrder, type MExpr } from './nodes.js';
import { isScalarShape } from './shape.js';

const SUM = 1;
const PRODUCT = 2;
const POWER = 4;
const ATOM = 6;

interface Printed {
  readonly tex: string;
  readonly prec: number;
}

const cache = new WeakMap<MExpr, Printed>();

/** Prints a matrix expression as LaTeX. */
export function mtoLatex(e: MExpr): string {
  for (const node of mtopologicalOrder([e])) if (!cache.has(node)) cache.set(node, printNode(node));
  return cache.get(e)!.tex;
}

const p = (e: MExpr): Printed => cache.get(e) ?? printNode(e);
const wrap = (x: Printed, min: number): string => (x.prec < min ? `\\left(${x.tex}\\right)` : x.tex);
const paren = (x: Printed): string => `\\left(${x.tex}\\right)`;

function dim(d: number | string): string {
  return typeof d === 'number' ? String(d) : latexSymbolName(d);
}

function negativeNumber(e: MExpr): boolean {
  if (e.kind !== 'scalar') return false;
  const c = e.expr;
  return (c.kind === 'num' && c.value.isNegative) || (c.kind === 'mul' && c.factors[0]!.kind === 'num' && c.factors[0].value.isNegative);
}

function printNode(e: MExpr): Printed {
  switch (e.kind) {
    case 'scalar': {
      const k = e.expr.kind;
      const tex = toLatex(e.expr);
      return { tex, prec: k === 'add' || tex.startsWith('-') ? SUM : k === 'mul' ? PRODUCT : k === 'pow' ? POWER : ATOM };
    }
    case 'var':
      return { tex: `\\boldsymbol{${latexSymbolName(e.name)}}`, prec: ATOM };
    case 'transpose':
      return { tex: `${wrap(p(e.arg), ATOM)}^{\\top}`, prec: POWER };
    case 'inv':
      if (e.arg.kind === 'transpose') return { tex: `${wrap(p(e.arg.arg), ATOM)}^{-\\top}`, prec: POWER };
      return { tex: `${wrap(p(e.arg), ATOM)}^{-1}`, prec: POWER };
    case 'eye':
      return { tex: '\\boldsymbol{I}', prec: ATOM };
    case 'ones':
      return { tex: '\\boldsymbol{1}', prec: ATOM };
    case 'zero':
      return { tex: '\\boldsymbol{0}', prec: ATOM };
    case 'sum':
      return { tex: `\\operatorname{sum}${paren(p(e.arg))}`, prec: ATOM };
    case 'norm':
      return { tex: `\\left\\lVert ${p(e.arg).tex} \\right\\rVert`, prec: ATOM };
    case 'tr':
      return { tex: `\\operatorname{tr}${paren(p(e.arg))}`, prec: ATOM };
    case 'det':
      return { tex: `\\det${paren(p(e.arg))}`, prec: ATOM };
    case 'logdet':
      return { tex: `\\log\\det${paren(p(e.arg))}`, prec: ATOM };
    case 'diag':
      return { tex: `\\operatorname{diag}${paren(p(e.arg))}`, prec: ATOM };
    case 'map':
      return { tex: `${FUNCTIONS[e.fn].latex}${paren(p(e.arg))}`, prec: ATOM };
    case 'pow': {
      const scalarBase = isScalarShape(e.base.shape);
      const ex = e.exp;
      if (scalarBase && ex.kind === 'scalar' && ex.expr.kind === 'num') {
        const v = ex.expr.value;
        if (v.equals(Rational.of(1n, 2n))) return { tex: `\\sqrt{${p(e.base).tex}}`, prec: ATOM };
        if (v.isNegative) return printProduct([e], []);
      }
      const expTex = ex.kind === 'scalar' ? toLatex(ex.expr) : p(ex).tex;
      return { tex: `${wrap(p(e.base), ATOM)}^{${scalarBase ? '' : '\\circ '}${expTex}}`, prec: POWER };
    }
    case 'add': {
      const parts: string[] = [];
      const ordered = [...e.terms.filter((t) => !leadingMinus(t)), ...e.terms.filter(leadingMinus)];
      for (const t of ordered) {
        const tex = p(t).tex;
        if (parts.length === 0) parts.push(tex);
        else parts.push(tex.startsWith('-') ? ` - ${tex.slice(1)}` : ` + ${tex}`);
      }
      return { tex: parts.join(''), prec: SUM };
    }
    case 'mul':
      return printProduct(e.scalars, e.chain);
    case 'hadamard': {
      const num: string[] = [];
      const den: string[] = [];
      for (const f of e.factors) {
        if (f.kind === 'pow' && f.exp.kind === 'scalar' && f.exp.expr.kind === 'num' && f.exp.expr.value.isNegative) {
          const k = f.exp.expr.value.neg();
          den.push(k.isOne ? wrap(p(f.base), POWER) : `${wrap(p(f.base), ATOM)}^{\\circ ${toLatex(numExpr(k))}}`);
        } else num.push(wrap(p(f), POWER));
      }
      let tex = num.length > 0 ? num.join(' \\odot ') : '\\boldsymbol{1}';
      for (const d of den) tex += ` \\oslash ${d}`;
      return { tex, prec: PRODUCT - 0.5 };
    }
  }
}

function leadingMinus(t: MExpr): boolean {
  return negativeNumber(t) || (t.kind === 'mul' && t.scalars[0] !== undefined && negativeNumber(t.scalars[0]));
}

function printProduct(scalars: readonly MExpr[], chain: readonly MExpr[]): Printed {
  const num: string[] = [];
  const den: string[] = [];
  let sign = '';
  scalars.forEach((s, i) => {
    if (s.kind === 'pow' && s.exp.kind === 'scalar' && s.exp.expr.kind === 'num' && s.exp.expr.value.isNegative) {
      const k = s.exp.expr.value.neg();
      den.push(k.isOne ? p(s.base).tex : `${wrap(p(s.base), ATOM)}^{${k.toString()}}`);
      return;
    }
    const pr = p(s);
    if (i === 0 && negativeNumber(s) && pr.tex.startsWith('-')) {
      sign = '-';
      const rest = pr.tex.slice(1);
      if (rest !== '1') num.push(rest);
      return;
    }
    num.push(wrap(pr, PRODUCT + (i === 0 ? 0 : 1)));
  });
  let tex = num.join(' ');
  if (den.length > 0) tex = `\\frac{${tex || '1'}}{${den.join(' ')}}`;
  const chainTex = chain.map((f) => wrap(p(f), POWER)).join(' ');
  if (chainTex) tex = tex ? `${tex} ${chainTex}` : chainTex;
  return { tex: sign + tex, prec: sign ? SUM : PRODUCT };
}
