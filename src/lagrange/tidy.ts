/**
 * Presentation of exact answers: the expression room's `simplify` under the problem's
 * assumptions, then pulling factors common to every term of a sum out of it
 * (`sqrt(e)*a^2/sqrt(a^2+b^2) + sqrt(e)*b^2/sqrt(a^2+b^2)` → `sqrt(e)*sqrt(a^2+b^2)`,
 * once the canonical product merges the powers of a^2+b^2). The smaller form wins.
 * Both steps are identities, so a tidied answer is the same number; it is verified
 * again by substitution all the same.
 */
import { add, mul, nodeCount, num, pow, simplify, type Expr } from '../expr/index.js';
import type { ParameterContext } from '../parameters/index.js';

/** Factors of a term with their exponents (numeric coefficient left out). */
function factorsOf(t: Expr): Map<Expr, Expr> {
  const out = new Map<Expr, Expr>();
  const fs = t.kind === 'mul' ? t.factors : [t];
  for (const f of fs) {
    if (f.kind === 'num') continue;
    if (f.kind === 'pow' && f.exp.kind === 'num') out.set(f.base, f.exp);
    else out.set(f, num(1));
  }
  return out;
}

/** Pulls out the factors that every term of a sum shares (with the smallest exponent). */
export function factorCommon(e: Expr): Expr {
  if (e.kind !== 'add') return e;
  const maps = e.terms.map(factorsOf);
  const common: [Expr, Expr][] = [];
  for (const [base, exp] of maps[0]!) {
    if (exp.kind !== 'num') continue;
    let min = exp.value;
    let everywhere = true;
    for (const m of maps.slice(1)) {
      const other = m.get(base);
      if (!other || other.kind !== 'num' || other.value.sign !== exp.value.sign) {
        everywhere = false;
        break;
      }
      if (exp.value.sign > 0 ? other.value.compare(min) < 0 : other.value.compare(min) > 0) min = other.value;
    }
    if (everywhere) common.push([base, num(min)]);
  }
  if (common.length === 0) return e;
  const factor = mul(...common.map(([b, x]) => pow(b, x)));
  const inverse = mul(...common.map(([b, x]) => pow(b, mul(num(-1), x))));
  return mul(factor, add(...e.terms.map((t) => mul(t, inverse))));
}

/** A tidier equal form of an exact answer (never larger than the input). */
export function tidy(e: Expr, ctx: ParameterContext): Expr {
  let best = e;
  let size = nodeCount(e);
  const consider = (x: Expr): void => {
    const n = nodeCount(x);
    if (n < size) {
      best = x;
      size = n;
    }
  };
  try {
    const s = simplify(e, ctx.assumptions);
    consider(s);
    consider(factorCommon(s));
    consider(simplify(factorCommon(s), ctx.assumptions));
  } catch {
    // simplification is presentation only; keep the verified form
  }
  return best;
}
