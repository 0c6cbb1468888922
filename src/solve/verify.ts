/**
 * The last gate before a solution is returned: substitution into the original equations.
 *
 * - Symbolically: substitute, apply the inverse-function identities that hold on the
 *   equations' domain (log(exp(u)) = u; exp(log(u)) = u where log(u) is defined), then the
 *   expression room's `simplify`, and compare with 0 through the canonical form.
 * - Numerically: evaluate at the point in double precision. A value is accepted when
 *   |f_i| <= 1e-9 * (1 + S_i), S_i the sum of the absolute values of f_i's terms at the
 *   point (the magnitude that cancels to produce f_i). Polynomial candidates were already
 *   checked exactly (polysolve.ts); this guards the conversions to expressions.
 * - Parametric: the same numeric check at random parameter values that satisfy the
 *   assumptions (samples where a radicand or logarithm is out of its domain are skipped).
 */
import { add, Assumptions, call, freeSymbols, mul, nodeCount, pow, simplify, substitute, transform, SIGN_NEG, SIGN_POS, SIGN_ZERO, ZERO, type Expr } from '../expr/index.js';
import { evaluate, UnboundSymbolError } from '../compile/index.js';
import type { PolyForm } from './poly/convert.js';
import { drawSamples } from '../parameters/index.js';
import type { Solution, SolveContext } from './types.js';

type Fact = 'positive' | 'nonnegative' | 'nonzero' | undefined;

/**
 * Sign facts per ring variable of a polynomial form (unknowns: none), in the three kinds
 * the polynomial path uses; a negative parameter is nonzero there (its sign still reaches
 * `simplify` through the Assumptions themselves).
 */
export function factsFor(form: PolyForm, assumptions: Assumptions = Assumptions.NONE): Fact[] {
  const positive = (name: string): boolean => assumptions.signOfSymbol(name) === SIGN_POS;
  return form.varExprs.map((v, i) => {
    if (i < form.nu) return undefined;
    if (v.kind === 'sym') {
      const s = assumptions.signOfSymbol(v.name);
      return s === SIGN_POS ? 'positive' : (s & SIGN_NEG) === 0 ? 'nonnegative' : (s & SIGN_ZERO) === 0 ? 'nonzero' : undefined;
    }
    return atomFact(v, positive);
  });
}

function atomFact(a: Expr, positive: (name: string) => boolean): Fact {
  if (a.kind === 'call' && a.fn === 'exp') return 'positive';
  if (a.kind === 'const') return 'positive';
  if (freeSymbols(a).size === 0) {
    const v = evaluate(a, {});
    return v > 0 ? 'positive' : v < 0 ? undefined : undefined;
  }
  if (a.kind === 'pow' && [...freeSymbols(a)].every(positive)) return 'positive';
  if (a.kind === 'pow') return 'nonnegative';
  return undefined;
}

/** Applies log(exp(u)) → u and exp(log(u)) → u (valid wherever the original expression is defined). */
export function inverseSimplify(e: Expr): Expr {
  return transform([e], (_node, rebuilt) => {
    if (rebuilt.kind !== 'call') return undefined;
    const a = rebuilt.arg;
    if (rebuilt.fn === 'log' && a.kind === 'call' && a.fn === 'exp') return a.arg;
    if (rebuilt.fn === 'exp' && a.kind === 'call' && a.fn === 'log') return a.arg;
    if (rebuilt.fn === 'exp' && a.kind === 'mul' && a.factors.length === 2) {
      // exp(k*log(u)) = u^k for a rational k
      const [k, l] = a.factors as [Expr, Expr];
      if (k.kind === 'num' && l.kind === 'call' && l.fn === 'log') return pow(l.arg, k);
    }
    if (rebuilt.fn === 'exp' && a.kind === 'add') {
      // exp(u + log(v)) = v*exp(u)
      const logs = a.terms.filter((t) => t.kind === 'call' && t.fn === 'log');
      if (logs.length > 0) {
        const rest = a.terms.filter((t) => !logs.includes(t));
        return mul(...logs.map((l) => (l as Extract<Expr, { kind: 'call' }>).arg), call('exp', add(...rest)));
      }
    }
    return undefined;
  })[0]!;
}

const exactlyVerified = new WeakSet<Solution>();

/** Marks a solution as verified in exact arithmetic upstream (the polynomial path's field check). */
export function markVerifiedExactly(s: Solution): Solution {
  exactlyVerified.add(s);
  return s;
}

/**
 * Exact zero test through the IR: the inverse-function identities, then (for small
 * expressions) the expression room's `simplify` under the parameters' assumptions.
 */
function isZeroSymbolically(e: Expr, ctx: SolveContext): boolean {
  const r = inverseSimplify(e);
  if (r === ZERO) return true;
  if (nodeCount(r) > 200) return false;
  try {
    return simplify(r, { assumptions: ctx.options.assumptions ?? Assumptions.NONE }) === ZERO;
  } catch {
    return false;
  }
}

/** Verdict of the final check. */
export type Verdict = { ok: true; solution: Solution } | { ok: false; reason: string };

const TOL = 1e-9;

/** Terms of an equation, for the residual scale. */
function termsOf(e: Expr): readonly Expr[] {
  return e.kind === 'add' ? e.terms : [e];
}

/** Checks a solution against the original equations (see the file comment). */
export function checkSolution(eqs: readonly Expr[], s: Solution, ctx: SolveContext): Verdict {
  const unknownValues = s.values;
  const substituted = eqs.map((e) => substitute(e, Object.fromEntries(unknownValues)));
  const free = new Set<string>();
  for (const e of substituted) for (const v of freeSymbols(e)) free.add(v);
  for (const v of unknownValues.values()) for (const f of freeSymbols(v)) free.add(f);
  const symbolicZero = s.exact && substituted.every((e) => e === ZERO || isZeroSymbolically(e, ctx));
  if (free.size === 0) {
    // Numeric check at the point.
    const point = new Map<string, number>();
    if (s.numericValues) for (const [k, v] of s.numericValues) point.set(k, v);
    else {
      for (const [k, v] of unknownValues) point.set(k, evaluate(v, {}));
    }
    const r = residualAt(eqs, point);
    if (!r.ok) {
      if (symbolicZero) return { ok: true, solution: withNumeric(s, point, 0) };
      return { ok: false, reason: `residual ${r.worst.toExponential(2)} at ${[...point].map(([k, v]) => `${k}=${v}`).join(', ')}` };
    }
    const residual = s.exact ? (symbolicZero || s.residual === 0 ? 0 : r.worst) : Math.max(s.residual, r.worst);
    return { ok: true, solution: withNumeric(s, point, residual) };
  }
  // Parametric (or free unknowns): sample.
  // The parameters room's sampler (the assumptions' signs and relations hold at every sample).
  const samples = drawSamples([...free], ctx.options.assumptions ?? Assumptions.NONE, { seed: 12345, count: 40, attempts: 400 });
  let valid = 0;
  for (const env of samples) {
    if (valid >= 4) break;
    const point = new Map(env);
    let finite = true;
    for (const [k, v] of unknownValues) {
      const val = evalWith(v, env);
      if (!Number.isFinite(val)) finite = false;
      point.set(k, val);
    }
    if (!finite) continue;
    const r = residualAt(eqs, point);
    if (!Number.isFinite(r.worst)) continue;
    valid++;
    if (!r.ok && !symbolicZero) return { ok: false, reason: `residual ${r.worst.toExponential(2)} at sampled parameters` };
  }
  if (valid === 0 && !symbolicZero && !exactlyVerified.has(s)) {
    return { ok: false, reason: 'no parameter sample satisfied its conditions, so it could not be checked' };
  }
  return { ok: true, solution: s };
}

function evalWith(e: Expr, env: ReadonlyMap<string, number>): number {
  try {
    return evaluate(e, env);
  } catch (err) {
    if (err instanceof UnboundSymbolError) return NaN;
    throw err;
  }
}

/** Max residual and whether every equation is within tolerance at the point. */
export function residualAt(eqs: readonly Expr[], point: ReadonlyMap<string, number>): { ok: boolean; worst: number } {
  let worst = 0;
  let ok = true;
  for (const e of eqs) {
    const terms = termsOf(e);
    const v = evalWith(e, point);
    let scale = 0;
    for (const t of terms) scale += Math.abs(evalWith(t, point));
    if (!Number.isFinite(v)) return { ok: false, worst: NaN };
    worst = Math.max(worst, Math.abs(v));
    if (!(Math.abs(v) <= TOL * (1 + scale))) ok = false;
  }
  return { ok, worst };
}

function withNumeric(s: Solution, point: ReadonlyMap<string, number>, residual: number): Solution {
  const numericValues = new Map<string, number>();
  for (const k of s.values.keys()) numericValues.set(k, point.get(k)!);
  return { ...s, residual, numericValues };
}

