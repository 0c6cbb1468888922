/**
 * Coercivity of the objective (issue 14, global certificates for parametric problems):
 * f (−f for maximise) grows without bound as |x| grows, so on a closed nonempty feasible
 * set its minimum is attained, and it is a KKT or irregular point. Proved structurally on
 * the expanded polynomial, with parameter coefficients decided by the assumptions:
 * - the highest-degree part is c_1 x_1^d + ... + c_n x_n^d with d even and every c_i > 0
 *   (every other term has lower degree, so it is dominated: |rest| ≤ C(1 + |x|^(d−1)));
 * - or f is separable (no term mixes variables) and each variable's highest power is even
 *   with a positive coefficient (each part tends to +∞ and is bounded below).
 */
import { ZERO, add, expand, freeSymbols, mul, neg, num, pow, sym, toText, type Expr } from '../expr/index.js';
import { provedSign, type ParameterContext } from '../parameters/index.js';
import { isEverywhereSmooth } from './geometry.js';
import type { Problem } from './problem.js';

/** Longest formula quoted in the proof (beyond it, its size is stated). */
const MAX_SHOWN = 120;

/** Largest expansion of the objective examined. */
const MAX_TERMS = 2000;

/** One term: its coefficient (in the parameters) and the exponent of each variable. */
interface Term {
  readonly coefficient: Expr;
  readonly exponents: ReadonlyMap<string, number>;
  readonly degree: number;
}

/** A proof, in words, that the objective (for its sense) is coercive, or undefined. */
export function proveCoercive(problem: Problem, ctx: ParameterContext): string | undefined {
  const vars = problem.variables;
  const F = problem.sense === 'minimize' ? problem.objective : neg(problem.objective);
  if (!isEverywhereSmooth(F)) return undefined;
  let expanded: Expr;
  try {
    expanded = expand(F, { maxTerms: MAX_TERMS });
  } catch {
    return undefined;
  }
  const terms = polynomialTerms(expanded, vars);
  if (!terms) return undefined;
  const positive = (c: Expr): boolean => provedSign(c, ctx) === 'positive';
  const what = problem.sense === 'minimize' ? 'f' : '-f';

  // Highest-degree part: pure even powers of every variable with positive coefficients.
  const d = Math.max(...terms.map((t) => t.degree));
  if (d >= 2 && d % 2 === 0) {
    const top = terms.filter((t) => t.degree === d);
    const pure = top.every((t) => t.exponents.size === 1);
    const coefficient = (v: string): Expr => add(...top.filter((t) => t.exponents.has(v)).map((t) => t.coefficient));
    if (pure && vars.every((v) => top.some((t) => t.exponents.has(v)) && positive(coefficient(v)))) {
      const part = add(...vars.map((v) => mul(coefficient(v), powOf(v, d))));
      const text = toText(part);
      const shown = text.length <= MAX_SHOWN ? `, ${text},` : ` (degree ${d} in ${vars.length} variables)`;
      return `the highest-degree part of ${what}${shown} is a sum of even powers of every variable with positive coefficients, so ${what} tends to +infinity as |x| grows (coercive)`;
    }
  }
  // Separable: each variable's own polynomial has an even leading power with a positive coefficient.
  if (terms.every((t) => t.exponents.size <= 1)) {
    const leads: string[] = [];
    for (const v of vars) {
      const own = terms.filter((t) => t.exponents.has(v));
      if (own.length === 0) return undefined;
      const k = Math.max(...own.map((t) => t.degree));
      const c = add(...own.filter((t) => t.degree === k).map((t) => t.coefficient));
      if (k < 2 || k % 2 !== 0 || !positive(c)) return undefined;
      leads.push(toText(mul(c, powOf(v, k))));
    }
    const text = leads.join(', ');
    const shown = text.length <= MAX_SHOWN ? ` ${text}` : ` (${vars.length} variables)`;
    return `${what} is a sum of one polynomial per variable whose leading terms${shown} are even powers with positive coefficients, so ${what} tends to +infinity as |x| grows (coercive)`;
  }
  return undefined;
}

function powOf(v: string, k: number): Expr {
  return pow(sym(v), num(k));
}

/** The terms of a polynomial in `vars` (coefficients may hold parameters), or undefined if it is not one. */
function polynomialTerms(e: Expr, vars: readonly string[]): Term[] | undefined {
  if (e === ZERO) return [];
  const out: Term[] = [];
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    const exponents = new Map<string, number>();
    const coefficient: Expr[] = [];
    for (const f of t.kind === 'mul' ? t.factors : [t]) {
      if (f.kind === 'sym' && vars.includes(f.name)) exponents.set(f.name, (exponents.get(f.name) ?? 0) + 1);
      else if (f.kind === 'pow' && f.base.kind === 'sym' && vars.includes(f.base.name) && f.exp.kind === 'num' && f.exp.value.isInteger && !f.exp.value.isNegative) {
        exponents.set(f.base.name, (exponents.get(f.base.name) ?? 0) + Number(f.exp.value.num));
      } else if (vars.some((v) => freeSymbols(f).has(v))) return undefined;
      else coefficient.push(f);
    }
    const degree = [...exponents.values()].reduce((a, b) => a + b, 0);
    out.push({ coefficient: mul(...coefficient), exponents, degree });
  }
  return out;
}
