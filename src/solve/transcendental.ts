/**
 * Systems that are not polynomial in the unknowns. Tried in order:
 *
 * 1. Radicals: when every obstacle is a fractional power u^(p/q), each base gets a new
 *    unknown t >= 0 with t^Q = u; the system becomes polynomial and takes the exact path.
 * 2. Isolation: an unknown that occurs once in an equation, under invertible operations
 *    (sums, products, integer and rational powers, exp, log, sinh, cosh, tanh, abs,
 *    constant^u), is solved for (log(p) = c gives p = exp(c); exp(u) = c gives u = log(c)
 *    when c > 0), substituted into the other equations, and the smaller system is solved
 *    recursively. Inverses with several branches (even powers, cosh, abs) give all of them.
 * 3. One equation in one unknown that is a polynomial in a single transcendental
 *    subterm (exp(2x) - 3 exp(x) + 2 = 0 is quadratic in t = exp(x)): solve for t, then
 *    invert.
 * 4. Otherwise the verified numeric search.
 */
import {
  Assumptions,
  add,
  call,
  dependsOn,
  div,
  DomainError,
  freeSymbols,
  log,
  mul,
  neg,
  num,
  pow,
  sqrt,
  sub,
  substitute,
  sym,
  transform,
  Rational,
  ONE,
  ZERO,
  nodeCount,
  simplify,
  toText,
  type Expr,
} from '../expr/index.js';
import { collectAtoms } from './poly/convert.js';
import { numericSolve } from './numeric.js';
import { evaluate } from '../compile/index.js';
import { inverseSimplify } from './verify.js';
import type { Solution, SolutionCondition, SolveContext, SolveResult } from './types.js';

/** Entry from solveInternal for non-polynomial systems. */
export function solveTranscendental(eqs: readonly Expr[], unknowns: readonly string[], obstacles: readonly Expr[], ctx: SolveContext): SolveResult {
  if (ctx.depth > 8) return numericSolve(eqs, unknowns, ctx);
  const deeper: SolveContext = { ...ctx, depth: ctx.depth + 1 };
  const radical = viaRadicals(eqs, unknowns, obstacles, deeper);
  if (radical) return radical;
  const iso = viaIsolation(eqs, unknowns, deeper);
  if (iso) return iso;
  if (unknowns.length === 1 && eqs.length === 1) {
    const sub1 = viaSubstitution(eqs[0]!, unknowns[0]!, deeper);
    if (sub1) return sub1;
  }
  return numericSolve(eqs, unknowns, ctx);
}

/**
 * A tidier equal form of a closed-form value: the expression room's `simplify` (named,
 * safe identities: exp(a)*exp(b) = exp(a+b), log(exp(a)) = a, log(1/3) = -log(3), ...)
 * under the parameters' assumptions, kept only when it is not larger.
 */
function tidy(e: Expr, ctx: SolveContext): Expr {
  if (e.kind === 'num' || e.kind === 'sym' || nodeCount(e) > 300) return e;
  try {
    const r = simplify(e, { assumptions: ctx.options.assumptions ?? Assumptions.NONE });
    return nodeCount(r) <= nodeCount(e) ? r : e;
  } catch {
    return e;
  }
}

// ---------------------------------------------------------------------------
// 1. Radicals

function viaRadicals(eqs: readonly Expr[], unknowns: readonly string[], obstacles: readonly Expr[], ctx: SolveContext): SolveResult | undefined {
  const isRadical = (a: Expr): boolean => a.kind === 'pow' && a.exp.kind === 'num' && !a.exp.value.isInteger;
  if (!obstacles.every(isRadical)) return undefined;
  // Group by base: t = base^(1/Q), Q the lcm of the exponents' denominators.
  const byBase = new Map<Expr, bigint>();
  for (const a of obstacles) {
    const p = a as Extract<Expr, { kind: 'pow' }>;
    const q = (p.exp as Extract<Expr, { kind: 'num' }>).value.den;
    const prev = byBase.get(p.base) ?? 1n;
    byBase.set(p.base, lcm(prev, q));
  }
  const mapping = new Map<Expr, Expr>();
  const extra: Expr[] = [];
  const tNames: string[] = [];
  let k = 0;
  for (const [base, Q] of byBase) {
    const name = `_t${ctx.depth}_${k++}`;
    tNames.push(name);
    const t = sym(name);
    extra.push(sub(pow(t, num(Q)), base));
    for (const a of obstacles) {
      const p = a as Extract<Expr, { kind: 'pow' }>;
      if (p.base !== base) continue;
      const e = (p.exp as Extract<Expr, { kind: 'num' }>).value.mul(Rational.of(Q));
      mapping.set(a, pow(t, num(e)));
    }
  }
  const replaced = transform(eqs, (node) => mapping.get(node));
  const result = ctx.solve([...replaced, ...extra], [...unknowns, ...tNames], ctx);
  if (result.method === 'newton-multistart' || result.method === 'none') return undefined;
  const solutions: Solution[] = [];
  for (const s of result.solutions) {
    // t is the principal root: it must be non-negative.
    let keep = true;
    const conditions: SolutionCondition[] = [...(s.conditions ?? [])];
    for (const n of tNames) {
      const v = s.values.get(n)!;
      const sign = numericSign(v);
      if (sign === -1) keep = false;
      else if (sign === undefined) conditions.push({ expr: v, relation: 'nonnegative' });
    }
    if (!keep) continue;
    solutions.push(restrict(s, unknowns, conditions));
  }
  return {
    solutions,
    completeness: result.completeness,
    method: `radicals+${result.method}`,
    notes: [`fractional powers replaced by new unknowns t >= 0 with t^q = base`, ...result.notes],
  };
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}

/** Sign of a constant expression (undefined when it has free symbols or is not finite). */
function numericSign(e: Expr): -1 | 0 | 1 | undefined {
  if (freeSymbols(e).size > 0) return undefined;
  const v = evaluate(e, {});
  if (!Number.isFinite(v)) return undefined;
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function restrict(s: Solution, unknowns: readonly string[], conditions: SolutionCondition[]): Solution {
  const values = new Map<string, Expr>();
  for (const u of unknowns) values.set(u, s.values.get(u)!);
  const numericValues = s.numericValues ? new Map(unknowns.map((u) => [u, s.numericValues!.get(u)!] as [string, number])) : undefined;
  return {
    values,
    exact: s.exact,
    residual: s.residual,
    ...(numericValues ? { numericValues } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(s.free ? { free: s.free.filter((f) => unknowns.includes(f)) } : {}),
  };
}

// ---------------------------------------------------------------------------
// 2. Isolation

interface Branch {
  readonly value: Expr;
  readonly conditions: SolutionCondition[];
}

/** Number of occurrences of a symbol in the expression tree (shared subterms counted per use). */
function occurrences(e: Expr, v: string): number {
  const memo = new Map<Expr, number>();
  const count = (x: Expr): number => {
    const m = memo.get(x);
    if (m !== undefined) return m;
    let c = 0;
    if (x.kind === 'sym') c = x.name === v ? 1 : 0;
    else if (!dependsOn(x, v)) c = 0;
    else if (x.kind === 'add') c = x.terms.reduce((s, t) => s + count(t), 0);
    else if (x.kind === 'mul') c = x.factors.reduce((s, t) => s + count(t), 0);
    else if (x.kind === 'pow') c = count(x.base) + count(x.exp);
    else if (x.kind === 'call') c = count(x.arg);
    memo.set(x, c);
    return c;
  };
  return count(e);
}

/** Solves e = 0 for v when v occurs once under invertible operations; all real branches. */
export function isolate(e: Expr, v: string): Branch[] | undefined {
  if (occurrences(e, v) !== 1) return undefined;
  try {
    return isolateRec(e, ZERO, v, []);
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
}

function isolateRec(lhs: Expr, rhs: Expr, v: string, conds: SolutionCondition[]): Branch[] | undefined {
  if (lhs.kind === 'sym' && lhs.name === v) return [{ value: inverseSimplify(rhs), conditions: conds }];
  switch (lhs.kind) {
    case 'add': {
      const inner = lhs.terms.find((t) => dependsOn(t, v))!;
      const rest = add(...lhs.terms.filter((t) => t !== inner));
      return isolateRec(inner, sub(rhs, rest), v, conds);
    }
    case 'mul': {
      const inner = lhs.factors.find((t) => dependsOn(t, v))!;
      const rest = mul(...lhs.factors.filter((t) => t !== inner));
      const c = rest.kind === 'num' ? conds : [...conds, { expr: rest, relation: 'nonzero' as const }];
      return isolateRec(inner, div(rhs, rest), v, c);
    }
    case 'pow': {
      if (dependsOn(lhs.base, v)) {
        if (lhs.exp.kind !== 'num') return undefined;
        return invertPower(lhs.base, lhs.exp.value, rhs, v, conds);
      }
      // c^f(v) = rhs with a constant base c > 0: f = log(rhs)/log(c), or exactly k when rhs = c^k.
      if (lhs.base.kind === 'num' && lhs.base.value.sign > 0 && !lhs.base.value.isOne) {
        const k = rhs.kind === 'num' ? rationalLog(lhs.base.value, rhs.value) : undefined;
        if (k !== undefined) return isolateRec(lhs.exp, num(k), v, conds);
        return isolateRec(lhs.exp, div(log(rhs), log(lhs.base)), v, [...conds, { expr: rhs, relation: 'positive' }]);
      }
      return undefined;
    }
    case 'call': {
      const a = lhs.arg;
      const r = rhs;
      switch (lhs.fn) {
        case 'exp':
          return isolateRec(a, log(r), v, [...conds, { expr: r, relation: 'positive' }]);
        case 'log':
          return isolateRec(a, call('exp', r), v, conds);
        case 'sinh':
          return isolateRec(a, log(add(r, sqrt(add(pow(r, num(2)), ONE)))), v, conds);
        case 'tanh':
          return isolateRec(a, mul(num(Rational.of(1n, 2n)), log(div(add(ONE, r), sub(ONE, r)))), v, conds);
        case 'cosh': {
          const w = log(add(r, sqrt(sub(pow(r, num(2)), ONE))));
          return both(isolateRec(a, w, v, conds), isolateRec(a, neg(w), v, conds));
        }
        case 'abs': {
          const c2 = [...conds, { expr: r, relation: 'nonnegative' as const }];
          return both(isolateRec(a, r, v, c2), isolateRec(a, neg(r), v, c2));
        }
        default:
          return undefined; // periodic or not injective: infinitely many or no closed form
      }
    }
    default:
      return undefined;
  }
}

/** k = p/q (|p| <= 64, q <= 12) with c^k = r exactly, when there is one: 2^x = 8 gives x = 3. */
function rationalLog(c: Rational, r: Rational): Rational | undefined {
  if (r.sign <= 0) return undefined;
  const approx = Math.log(r.toNumber()) / Math.log(c.toNumber());
  if (!Number.isFinite(approx)) return undefined;
  for (let q = 1n; q <= 12n; q++) {
    const p = BigInt(Math.round(approx * Number(q)));
    if (p > 64n || p < -64n) continue;
    // c^(p/q) = r  <=>  c^p = r^q
    if (c.powInt(p).equals(r.powInt(q))) return Rational.of(p, q);
  }
  return undefined;
}

function both(a: Branch[] | undefined, b: Branch[] | undefined): Branch[] | undefined {
  if (!a || !b) return undefined;
  return [...a, ...b];
}

/** base^k = rhs, k rational: the real branches for base. */
function invertPower(base: Expr, k: Rational, rhs: Expr, v: string, conds: SolutionCondition[]): Branch[] | undefined {
  const p = k.num < 0n ? -k.num : k.num;
  const q = k.den;
  const r = k.num < 0n ? pow(rhs, num(-1)) : rhs;
  const c0 = k.num < 0n ? [...conds, { expr: rhs, relation: 'nonzero' as const }] : conds;
  const inv = num(Rational.of(q, p)); // base = r^(q/p) up to sign
  if (q % 2n === 0n) {
    // base >= 0 (the power is a principal even root): one branch, r >= 0.
    return isolateRec(base, pow(r, inv), v, [...c0, { expr: r, relation: 'nonnegative' }]);
  }
  if (p % 2n === 0n) {
    const c2 = [...c0, { expr: r, relation: 'nonnegative' as const }];
    return both(isolateRec(base, pow(r, inv), v, c2), isolateRec(base, neg(pow(r, inv)), v, c2));
  }
  // Odd numerator and denominator: the real root keeps the sign of r.
  if (p === 1n && q === 1n) return isolateRec(base, r, v, c0);
  return both(
    isolateRec(base, pow(r, inv), v, [...c0, { expr: r, relation: 'nonnegative' }]),
    isolateRec(base, neg(pow(neg(r), inv)), v, [...c0, { expr: neg(r), relation: 'positive' }]),
  );
}

interface IsolationChoice {
  readonly eq: number;
  readonly v: string;
  readonly branches: Branch[];
  readonly score: number;
}

function viaIsolation(eqs: readonly Expr[], unknowns: readonly string[], ctx: SolveContext): SolveResult | undefined {
  let best: IsolationChoice | undefined;
  eqs.forEach((e, i) => {
    const present = unknowns.filter((u) => dependsOn(e, u));
    for (const v of present) {
      const branches = isolate(e, v);
      if (!branches) continue;
      const others = branches.some((b) => unknowns.some((u) => dependsOn(b.value, u)));
      const condCount = branches.reduce((s, b) => s + b.conditions.length, 0);
      const score = present.length * 100 + (others ? 50 : 0) + branches.length * 10 + condCount;
      if (!best || score < best.score) best = { eq: i, v, branches, score };
    }
  });
  if (!best) return undefined;
  const choice: IsolationChoice = best;
  const rest = eqs.filter((_, i) => i !== choice.eq);
  const remaining = unknowns.filter((u) => u !== choice.v);
  const solutions: Solution[] = [];
  const notes: string[] = [];
  let completeness: SolveResult['completeness'] = 'complete';
  const methods = new Set<string>();
  for (const br of choice.branches) {
    const keptConds = br.conditions.filter((c) => !unknowns.some((u) => dependsOn(c.expr, u)));
    if (keptConds.some((c) => violated(c))) continue;
    const reduced = rest.map((e) => inverseSimplify(substitute(e, { [choice.v]: br.value })));
    let sub: SolveResult;
    if (remaining.length === 0) {
      if (reduced.some((e) => e !== ZERO && numericSign(e) !== 0 && freeSymbols(e).size === 0)) continue;
      sub = { solutions: [{ values: new Map(), exact: true, residual: 0 }], completeness: 'complete', method: '', notes: [] };
    } else {
      sub = ctx.solve(reduced, remaining, ctx);
    }
    if (sub.method) methods.add(sub.method);
    notes.push(...sub.notes);
    completeness = merge(completeness, sub.completeness);
    for (const s of sub.solutions) {
      const values = new Map(s.values);
      let value: Expr;
      try {
        value = inverseSimplify(substitute(br.value, Object.fromEntries(s.values)));
      } catch (err) {
        if (err instanceof DomainError) continue;
        throw err;
      }
      if (s.exact) value = tidy(value, ctx);
      else {
        const x = constantValue(value);
        if (x === undefined || !Number.isFinite(x)) continue;
        value = num(Rational.fromNumber(x));
      }
      values.set(choice.v, value);
      const conds = [...(s.conditions ?? []), ...keptConds.map((c) => ({ expr: substitute(c.expr, Object.fromEntries(s.values)), relation: c.relation }))].filter(
        (c) => freeSymbols(c.expr).size > 0,
      );
      const numericValues = s.numericValues ? new Map(s.numericValues) : undefined;
      if (numericValues) numericValues.set(choice.v, constantValue(value) ?? NaN);
      solutions.push({
        values: new Map(unknowns.map((u) => [u, values.get(u)!] as [string, Expr])),
        exact: s.exact,
        residual: s.residual,
        ...(numericValues ? { numericValues } : {}),
        ...(conds.length > 0 ? { conditions: conds } : {}),
        ...(s.free ? { free: s.free } : {}),
      });
    }
  }
  return {
    solutions,
    completeness,
    method: `isolation${methods.size > 0 ? '+' + [...methods].join('+') : ''}`,
    notes: [`isolated ${choice.v} (it occurs once, under invertible operations)`, ...notes],
  };
}

function merge(a: SolveResult['completeness'], b: SolveResult['completeness']): SolveResult['completeness'] {
  const rank = { complete: 0, inconsistent: 0, underdetermined: 1, partial: 2 } as const;
  if (a === 'inconsistent') return b === 'inconsistent' ? 'inconsistent' : b;
  if (b === 'inconsistent') return a;
  return rank[a] >= rank[b] ? a : b;
}

function violated(c: SolutionCondition): boolean {
  const s = numericSign(c.expr);
  if (s === undefined) return false;
  if (c.relation === 'positive') return s <= 0;
  if (c.relation === 'nonnegative') return s < 0;
  return s === 0;
}

function constantValue(e: Expr): number | undefined {
  if (freeSymbols(e).size > 0) return undefined;
  return evaluate(e, {});
}

// ---------------------------------------------------------------------------
// 3. Polynomial in one transcendental subterm

function viaSubstitution(e: Expr, x: string, ctx: SolveContext): SolveResult | undefined {
  const atoms = collectAtoms([e]).filter((a) => dependsOn(a, x));
  if (atoms.length === 0) return undefined;
  const tName = `_u${ctx.depth}`;
  const t = sym(tName);
  let mapping: Map<Expr, Expr>;
  let inner: Expr; // t = f(inner)
  let invert: (tv: Expr) => Expr; // inner = invert(t)
  let positiveT = false;
  if (atoms.every((a) => a.kind === 'call' && a.fn === 'exp')) {
    // exp(c_i + k_i * u), c_i free of x: exp(c_i) * t^(k_i d) with t = exp(u / d), every k_i d an integer.
    const args = atoms.map((a) => (a as Extract<Expr, { kind: 'call' }>).arg);
    const split = args.map((a) => {
      const terms = a.kind === 'add' ? a.terms : [a];
      return { c: add(...terms.filter((t) => !dependsOn(t, x))), v: add(...terms.filter((t) => dependsOn(t, x))) };
    });
    const ratios: Rational[] = [];
    for (const { v } of split) {
      let r: Expr;
      try {
        r = div(v, split[0]!.v);
      } catch {
        return undefined;
      }
      if (r.kind !== 'num') return undefined;
      ratios.push(r.value);
    }
    let d = 1n;
    for (const r of ratios) d = lcm(d, r.den);
    inner = div(split[0]!.v, num(d));
    mapping = new Map(
      atoms.map((a, i) => [a, mul(call('exp', split[i]!.c), pow(t, num(ratios[i]!.mul(Rational.of(d)))))] as [Expr, Expr]),
    );
    invert = (tv) => log(tv);
    positiveT = true;
  } else if (atoms.every((a) => a === atoms[0])) {
    const a = atoms[0]!;
    if (a.kind !== 'call') return undefined;
    inner = a.arg;
    mapping = new Map([[a, t]]);
    const inv = INVERSES[a.fn];
    if (!inv) return undefined;
    invert = inv;
  } else return undefined;
  const replaced = transform([e], (node) => mapping.get(node))[0]!;
  if (dependsOn(replaced, x)) return undefined;
  const tResult = ctx.solve([replaced], [tName], ctx);
  const solutions: Solution[] = [];
  const tExpr = positiveT ? call('exp', inner) : atoms[0]!;
  const notes = [`solved as a polynomial in t = ${toText(tExpr)}, then inverted`, ...tResult.notes];
  let completeness = tResult.completeness;
  for (const s of tResult.solutions) {
    const tv = s.values.get(tName)!;
    if (positiveT) {
      const sg = numericSign(tv);
      if (sg !== undefined && sg <= 0) continue;
    }
    let target: Expr;
    try {
      target = tidy(invert(tv), ctx);
    } catch {
      continue;
    }
    const xr = ctx.solve([sub(inner, target)], [x], ctx);
    completeness = merge(completeness, xr.completeness);
    notes.push(...xr.notes);
    for (const xs of xr.solutions) {
      const values = new Map([...xs.values].map(([k, v]) => [k, xs.exact && s.exact ? tidy(v, ctx) : v] as [string, Expr]));
      solutions.push({ ...xs, values, exact: xs.exact && s.exact });
    }
  }
  return { solutions, completeness, method: `substitution+${tResult.method}`, notes };
}

/** Inverses of the injective functions, for the substitution rule. */
const INVERSES: Partial<Record<string, (t: Expr) => Expr>> = {
  log: (t) => call('exp', t),
  exp: (t) => log(t),
  sinh: (t) => log(add(t, sqrt(add(pow(t, num(2)), ONE)))),
  tanh: (t) => mul(num(Rational.of(1n, 2n)), log(div(add(ONE, t), sub(ONE, t)))),
};
