/**
 * The text printer of matrix expressions, in the contract's syntax (INTERFACE.md,
 * "Vectors and matrices"): `(A + A')*x`, `2*eps/(g'*inv(F)*g)*inv(F)*g`. Its output
 * converts back (under the same declarations) to the identical node; a 1×1 product
 * inside a product is parenthesised so that it stays a scalar.
 */
import { Rational } from '../rational.js';
import { toText } from '../print.js';
import { num } from '../nodes.js';
import { mscalar } from './leaves.js';
import { mtopologicalOrder, type MExpr } from './nodes.js';
import { isScalarShape } from './shape.js';

const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const POSTFIX = 5;
const ATOM = 6;

interface Printed {
  readonly text: string;
  readonly prec: number;
}

const cache = new WeakMap<MExpr, Printed>();

/** Prints a matrix expression as text in the input syntax. */
export function mtoText(e: MExpr): string {
  // Fill the cache bottom-up so that printing is iterative in the depth.
  for (const node of mtopologicalOrder([e])) if (!cache.has(node)) cache.set(node, printNode(node));
  return cache.get(e)!.text;
}

function p(e: MExpr): Printed {
  return cache.get(e) ?? printNode(e);
}

function wrap(x: Printed, min: number): string {
  return x.prec < min ? `(${x.text})` : x.text;
}

function scalarPrinted(text: string, kind: string): Printed {
  if (text.startsWith('-')) return { text, prec: SUM };
  if (kind === 'add') return { text, prec: SUM };
  if (kind === 'mul') return { text, prec: PRODUCT };
  if (kind === 'pow') return { text, prec: text.startsWith('sqrt(') ? ATOM : POWER };
  if (kind === 'num' && text.includes('/')) return { text, prec: PRODUCT };
  return { text, prec: ATOM };
}

/** A numeric coefficient of -1 or a negative number, for writing `a - b`. */
function negativeCoefficient(e: MExpr): Rational | undefined {
  if (e.kind === 'scalar' && e.expr.kind === 'num' && e.expr.value.isNegative) return e.expr.value;
  if (e.kind === 'mul' && e.scalars[0]?.kind === 'scalar') {
    const c = e.scalars[0].expr;
    if (c.kind === 'num' && c.value.isNegative) return c.value;
    if (c.kind === 'mul' && c.factors[0]!.kind === 'num' && c.factors[0].value.isNegative) return c.factors[0].value;
  }
  return undefined;
}

function printNode(e: MExpr): Printed {
  switch (e.kind) {
    case 'scalar':
      return scalarPrinted(toText(e.expr), e.expr.kind);
    case 'var':
      return { text: e.name, prec: ATOM };
    case 'transpose':
      return { text: `${wrap(p(e.arg), ATOM)}'`, prec: POSTFIX };
    case 'eye':
      return { text: `eye(${e.shape.rows})`, prec: ATOM };
    case 'ones':
      return { text: e.shape.cols === 1 ? `ones(${e.shape.rows})` : `ones(${e.shape.rows},${e.shape.cols})`, prec: ATOM };
    case 'zero':
      return { text: `0*${e.shape.cols === 1 ? `ones(${e.shape.rows})` : `ones(${e.shape.rows},${e.shape.cols})`}`, prec: PRODUCT };
    case 'inv':
      return { text: `inv(${p(e.arg).text})`, prec: ATOM };
    case 'diag':
    case 'sum':
    case 'norm':
    case 'tr':
    case 'det':
    case 'logdet':
      return { text: `${e.kind}(${p(e.arg).text})`, prec: ATOM };
    case 'map':
      return { text: `${e.fn}(${p(e.arg).text})`, prec: ATOM };
    case 'pow':
      if (e.exp.kind === 'scalar' && e.exp.expr.kind === 'num' && e.exp.expr.value.isNegative) return isScalarShape(e.shape) ? printProduct([e], []) : printHadamard([e]);
      return printPow(e.base, e.exp);
    case 'add':
      return printSum(e.terms);
    case 'mul':
      return printProduct(e.scalars, e.chain);
    case 'hadamard':
      return printHadamard(e.factors);
  }
}

function printPow(base: MExpr, exp: MExpr): Printed {
  const op = isScalarShape(base.shape) ? '^' : '.^';
  if (exp.kind === 'scalar' && exp.expr.kind === 'num' && exp.expr.value.equals(Rational.of(1n, 2n))) {
    return { text: `sqrt(${p(base).text})`, prec: ATOM };
  }
  return { text: `${wrap(p(base), POSTFIX)}${op}${wrap(p(exp), ATOM)}`, prec: POWER };
}

function printSum(terms: readonly MExpr[]): Printed {
  const positive = terms.filter((t) => !negativeCoefficient(t));
  const negative = terms.filter((t) => negativeCoefficient(t));
  const parts: string[] = [];
  for (const t of positive) parts.push(parts.length === 0 ? p(t).text : ` + ${p(t).text}`);
  for (const t of negative) {
    const text = p(t).text;
    const body = text.startsWith('-') ? text.slice(1) : text;
    parts.push(parts.length === 0 ? `-${body}` : ` - ${body}`);
  }
  return { text: parts.join(''), prec: SUM };
}

/** Splits scalar factors into numerator and denominator (negative numeric exponents). */
function splitDenominator(scalars: readonly MExpr[]): [MExpr[], Printed[]] {
  const num: MExpr[] = [];
  const den: Printed[] = [];
  for (const s of scalars) {
    if (s.kind === 'pow' && s.exp.kind === 'scalar' && s.exp.expr.kind === 'num' && s.exp.expr.value.isNegative) {
      const k = s.exp.expr.value.neg();
      den.push(k.isOne ? p(s.base) : { text: `${wrap(p(s.base), POSTFIX)}^${k.isInteger ? k.toString() : `(${k.toString()})`}`, prec: POWER });
    } else num.push(s);
  }
  return [num, den];
}

function printProduct(scalars: readonly MExpr[], chain: readonly MExpr[]): Printed {
  const [numer, den] = splitDenominator(scalars);
  const parts: string[] = [];
  let sign = '';
  numer.forEach((s, i) => {
    const pr = p(s);
    if (i === 0 && s.kind === 'scalar') {
      const c = s.expr;
      const negativeNumber = c.kind === 'num' && c.value.isNegative;
      const negativeProduct = c.kind === 'mul' && c.factors[0]!.kind === 'num' && c.factors[0].value.isNegative;
      if (pr.text === '-1') {
        sign = '-';
        return;
      }
      if ((negativeNumber || negativeProduct) && pr.text.startsWith('-')) {
        sign = '-';
        parts.push(pr.text.slice(1));
        return;
      }
      parts.push(wrap(pr, PRODUCT));
      return;
    }
    parts.push(wrap(pr, POWER));
  });
  let text = parts.length > 0 ? parts.join('*') : '';
  if (den.length > 0) {
    if (!text) text = '1';
    const denText = den.length === 1 ? wrap(den[0]!, POWER) : `(${den.map((d) => wrap(d, POWER)).join('*')})`;
    text = `${text}/${denText}`;
  }
  const chainText = chain.map((f) => wrap(p(f), POWER)).join('*');
  if (chainText) text = text ? `${text}*${chainText}` : chainText;
  return { text: sign + text, prec: sign ? SUM : PRODUCT };
}

function printHadamard(factors: readonly MExpr[]): Printed {
  const numer: string[] = [];
  const den: string[] = [];
  for (const f of factors) {
    // x.^(-k) is written `./ x.^k` (it reads back as the same node: (x.^k).^-1 is x.^-k).
    if (f.kind === 'pow' && f.exp.kind === 'scalar' && f.exp.expr.kind === 'num' && f.exp.expr.value.isNegative) {
      const k = f.exp.expr.value.neg();
      den.push(k.isOne ? wrap(p(f.base), POWER) : wrap(printPow(f.base, mscalar(num(k))), POWER));
    } else numer.push(wrap(p(f), POWER));
  }
  let text = numer.length > 0 ? numer.join(' .* ') : '1';
  for (const d of den) text += ` ./ ${d}`;
  return { text, prec: PRODUCT - 0.5 };
}

/** The precedence levels, for the LaTeX printer's use of the same structure. */
export const TEXT_PRECEDENCE = { SUM, PRODUCT, UNARY, POWER, POSTFIX, ATOM } as const;
