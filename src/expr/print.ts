/**
 * The text printer. Its output parses back (with `parse`) to the identical node, a
 * property tested on random expressions. Display order differs from canonical order:
 * terms of a sum go by descending degree, then alphabetically (`x^2 + 2*x + 1`).
 */
import { E, mul, num, type Expr, type Mul } from './nodes.js';
import { Rational } from './rational.js';

// Precedence levels of the printed forms.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

/** Prints an expression as text in the input syntax. */
export function toText(e: Expr): string {
  return print(e).text;
}

interface Printed {
  readonly text: string;
  readonly prec: number;
}

const cache = new WeakMap<Expr, Printed>();

function print(e: Expr): Printed {
  let p = cache.get(e);
  if (!p) {
    p = printUncached(e);
    cache.set(e, p);
  }
  return p;
}

function wrap(p: Printed, min: number): string {
  return p.prec < min ? `(${p.text})` : p.text;
}

function printNumber(r: Rational): Printed {
  if (r.isNegative) return { text: `-${printNumber(r.neg()).text}`, prec: UNARY };
  return r.isInteger ? { text: r.toString(), prec: ATOM } : { text: r.toString(), prec: PRODUCT };
}

function printUncached(e: Expr): Printed {
  switch (e.kind) {
    case 'num':
      return printNumber(e.value);
    case 'sym':
    case 'const':
      return { text: e.name, prec: ATOM };
    case 'call':
      if (e === E) return { text: 'e', prec: ATOM };
      return { text: `${e.fn}(${print(e.arg).text})`, prec: ATOM };
    case 'add':
      return printSum(e.terms);
    case 'mul':
    case 'pow':
      return printProduct(e);
  }
}

function printSum(terms: readonly Expr[]): Printed {
  const ordered = [...terms].sort(displayCompare);
  let text = '';
  ordered.forEach((t, i) => {
    const { negative, magnitude } = splitSign(t);
    const body = magnitude === undefined ? '' : wrap(print(magnitude), i === 0 && !negative ? SUM : PRODUCT);
    if (i === 0) text = negative ? `-${wrapUnary(magnitude!)}` : body;
    else text += negative ? ` - ${body}` : ` + ${body}`;
  });
  return { text, prec: SUM };
}

function wrapUnary(e: Expr): string {
  // After a leading minus, a sum needs parentheses; anything of product level or above does not.
  return wrap(print(e), PRODUCT);
}

/** Splits a term into a sign and its magnitude (`-3*x` → negative, `3*x`). */
function splitSign(t: Expr): { negative: boolean; magnitude: Expr | undefined } {
  const [c] = coefficientOf(t);
  if (!c.isNegative) return { negative: false, magnitude: t };
  return { negative: true, magnitude: negateTerm(t) };
}

function coefficientOf(t: Expr): [Rational, readonly Expr[]] {
  if (t.kind === 'num') return [t.value, []];
  if (t.kind === 'mul') {
    return t.factors[0]!.kind === 'num' ? [t.factors[0].value, t.factors.slice(1)] : [Rational.ONE, t.factors];
  }
  return [Rational.ONE, [t]];
}

function negateTerm(t: Expr): Expr {
  return mul(num(-1), t);
}

/** Prints a product (or a lone power) as numerator / denominator. */
function printProduct(e: Mul | Extract<Expr, { kind: 'pow' }>): Printed {
  const [coeff, factors] = e.kind === 'mul' ? coefficientOf(e) : [Rational.ONE, [e] as readonly Expr[]];
  const numer: string[] = [];
  const denom: string[] = [];
  const ordered = [...factors].sort(displayCompare);
  for (const f of ordered) {
    if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative) {
      denom.push(printPowerPart(f.base, f.exp.value.neg()));
    } else {
      numer.push(printPowerPart(f.kind === 'pow' ? f.base : f, f.kind === 'pow' ? f.exp : undefined));
    }
  }
  const negative = coeff.isNegative;
  const c = coeff.abs();
  if (c.num !== 1n) numer.unshift(c.num.toString());
  if (c.den !== 1n) denom.unshift(c.den.toString());
  let text = numer.length === 0 ? '1' : numer.join('*');
  if (denom.length > 0) {
    const d = denom.length === 1 && !denom[0]!.includes('*') && !denom[0]!.includes('/') ? denom[0]! : `(${denom.join('*')})`;
    text = `${text}/${d}`;
  }
  if (negative) return { text: `-${text}`, prec: UNARY };
  const single = numer.length + denom.length === 1 && ordered.length === 1 && c.isOne;
  return { text, prec: single && e.kind === 'pow' ? POWER : PRODUCT };
}

/** Prints base^exp as a factor (exp undefined means exponent 1). */
function printPowerPart(base: Expr, exp: Expr | Rational | undefined): string {
  const expNode = exp instanceof Rational ? (exp.isOne ? undefined : num(exp)) : exp;
  if (expNode === undefined) return wrap(print(base), POWER);
  if (expNode.kind === 'num' && expNode.value.equals(Rational.of(1n, 2n))) return `sqrt(${print(base).text})`;
  const b = wrap(print(base), ATOM);
  const ep = print(expNode);
  return `${b}^${ep.prec >= ATOM && !ep.text.startsWith('-') ? ep.text : `(${ep.text})`}`;
}

// ---------------------------------------------------------------------------
// Display order

const degreeCache = new WeakMap<Expr, number>();

/** Total polynomial degree of a term in its symbols (non-polynomial parts count 0). */
export function displayDegree(e: Expr): number {
  const cached = degreeCache.get(e);
  if (cached !== undefined) return cached;
  let d = 0;
  switch (e.kind) {
    case 'sym':
      d = 1;
      break;
    case 'mul':
      d = e.factors.reduce((s, f) => s + displayDegree(f), 0);
      break;
    case 'pow':
      d = e.exp.kind === 'num' ? displayDegree(e.base) * e.exp.value.toNumber() : 0;
      break;
    case 'add':
      d = Math.max(...e.terms.map(displayDegree));
      break;
    default:
      d = 0;
  }
  degreeCache.set(e, d);
  return d;
}

const DISPLAY_RANK: Record<Expr['kind'], number> = { num: 0, const: 1, sym: 2, pow: 3, mul: 3, call: 4, add: 5 };

function stripCoefficient(e: Expr): Expr {
  if (e.kind === 'mul' && e.factors[0]!.kind === 'num') {
    const rest = e.factors.slice(1);
    return rest.length === 1 ? rest[0]! : mul(...rest);
  }
  return e;
}

/** Order for display: higher degree first in sums, then by the printed text. */
function displayCompare(a: Expr, b: Expr): number {
  if (a.kind === 'num' || b.kind === 'num') return a.kind === 'num' ? (b.kind === 'num' ? 0 : 1) : -1;
  const da = displayDegree(a);
  const db = displayDegree(b);
  if (da !== db) return db - da;
  const sa = stripCoefficient(a);
  const sb = stripCoefficient(b);
  const ka = sa.kind === 'pow' ? sa.base : sa;
  const kb = sb.kind === 'pow' ? sb.base : sb;
  const ra = DISPLAY_RANK[ka.kind];
  const rb = DISPLAY_RANK[kb.kind];
  if (ra !== rb) return ra - rb;
  const ta = toText(sa);
  const tb = toText(sb);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}
