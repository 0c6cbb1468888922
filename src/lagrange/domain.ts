/**
 * The domain of a continuum of KKT points (INTERFACE.md `free` and `domain`): the
 * conditions on its free names under which a member is a KKT point. A family solves the
 * active-set system identically, so a member is a KKT point when
 * - it is real and the functions are defined there (radicands ≥ 0, log arguments > 0,
 *   denominators ≠ 0, in its values, in f and the constraints, and in the gradients that
 *   stationarity uses), which includes the solver's side conditions on its parametrisation,
 * - its active multipliers are ≥ 0, and
 * - its inactive inequalities hold (g_j ≤ 0);
 * apart from the solver's generic caveats (a denominator of the parametrisation that
 * vanishes where another solution branch takes over), also only then.
 * Each condition is simplified where that is exact: expanded, scaled to coprime integer
 * coefficients, dropped when the sign rules prove it for every member; A − k·sqrt(B) ≥ 0
 * (k > 0, A free of roots) becomes A ≥ 0 and A² − k²B ≥ 0, A + k·sqrt(B) ≥ 0 with A ≤ 0
 * becomes k²B ≥ A², c + k·log(A) ≥ 0 a bound on A; e ≥ 0 with e ≠ 0 is e > 0, and a weaker
 * bound on the same expression is dropped. The domain is their conjunction, printed with
 * the free-name terms on the left (`3*z^2 <= 2`, `y >= 1`, `z >= -2`).
 */
import {
  ONE,
  Rational,
  add,
  exp as expFn,
  expand,
  freeSymbols,
  gcd,
  mul,
  neg,
  num,
  pow,
  signName,
  splitCoefficient,
  sub,
  substitute,
  sym,
  toText,
  topologicalOrder,
  type Expr,
} from '../expr/index.js';
import { gradient } from '../diff/index.js';
import type { SolutionCondition } from '../solve/index.js';
import { isExactlyZero, signOf, type ParameterContext } from '../parameters/index.js';
import type { Problem } from './problem.js';

/** What must hold of an expression: the solver's relations. */
type ConditionRelation = SolutionCondition['relation'];

/** One condition e (relation) 0. */
export interface DomainCondition {
  readonly expr: Expr;
  readonly relation: ConditionRelation;
}

/** The domain of a family, or why it has no member that is a KKT point. */
export type FamilyDomain =
  | {
      /** Conditions on the free names (simplified), as printed. */
      readonly domain: string[];
      /** The same conditions as expressions. */
      readonly exprs: DomainCondition[];
      /** Undecided conditions on the parameters alone (as for single points). */
      readonly conditions: string[];
    }
  | { readonly empty: string };

/** Largest expansion tried when simplifying a condition (beyond it, the condition is kept as is). */
const EXPAND_TERMS = 400;

/**
 * The domain of a family: `values` maps every variable and multiplier to its expression
 * in the free names; `active` are the inequalities taken as active (0-based).
 */
export function familyDomain(
  problem: Problem,
  ctx: ParameterContext,
  free: readonly string[],
  values: ReadonlyMap<string, Expr>,
  active: readonly number[],
  solverConditions: readonly SolutionCondition[],
): FamilyDomain {
  const freeSet = new Set(free);
  const raw: DomainCondition[] = [...solverConditions];
  const binding = new Map<Expr, Expr>([...values].map(([k, v]) => [sym(k), v] as [Expr, Expr]));
  const at = (e: Expr): Expr | undefined => {
    try {
      return substitute(e, binding);
    } catch {
      return undefined; // a construction with no real value (1/0) for every member
    }
  };
  // f, the constraints and the gradients stationarity uses (f, equalities, active inequalities) at the member.
  const fns = [problem.objective, ...problem.constraints.map((c) => c.fn)];
  const differentiated = [problem.objective, ...problem.equalities.map((c) => c.fn), ...active.map((j) => problem.inequalities[j]!.fn)];
  const instances = [...fns, ...differentiated.flatMap((e) => gradient(e, problem.variables))].map(at);
  if (instances.some((e) => e === undefined)) return { empty: 'the functions are undefined at every member' };
  raw.push(...definedness([...values.values(), ...(instances as Expr[])]));
  for (const j of active) raw.push({ expr: values.get(problem.inequalities[j]!.multiplier)!, relation: 'nonnegative' });
  problem.inequalities.forEach((c, j) => {
    if (!active.includes(j)) raw.push({ expr: neg(at(c.fn)!), relation: 'nonnegative' });
  });

  const domain: DomainCondition[] = [];
  const conditions: string[] = [];
  const seen = new Set<string>();
  for (const c of raw) {
    if (![...freeSymbols(c.expr)].some((s) => freeSet.has(s))) {
      // A condition on the parameters alone: decided by the parameter samples, as for points.
      const verdict = decideParametric(c, ctx);
      if (verdict === 'fails') return { empty: `needs ${render(c, freeSet)}, which fails` };
      if (verdict === 'condition') conditions.push(render(c, freeSet));
      continue;
    }
    const parts = simplify(c, ctx);
    if (parts === 'fails') return { empty: `needs ${render(c, freeSet)}, which fails for every member` };
    for (const p of parts) {
      const text = render(p, freeSet);
      if (seen.has(text)) continue;
      seen.add(text);
      domain.push(p);
    }
  }
  const kept = dropImplied(mergeStrict(domain));
  return { domain: kept.map((d) => render(d, freeSet)), exprs: kept, conditions: [...new Set(conditions)] };
}

/** e ≥ 0 and e ≠ 0 together are e > 0, and e > 0 makes e ≥ 0 and e ≠ 0 redundant (one condition instead of two). */
function mergeStrict(cs: readonly DomainCondition[]): DomainCondition[] {
  const nonzero = new Set(cs.filter((c) => c.relation === 'nonzero').map((c) => c.expr));
  const strict = new Set(cs.filter((c) => c.relation === 'positive' || (c.relation === 'nonnegative' && nonzero.has(c.expr))).map((c) => c.expr));
  const out: DomainCondition[] = [];
  for (const c of cs) {
    const d: DomainCondition = strict.has(c.expr) ? { expr: c.expr, relation: 'positive' } : c;
    if (!out.some((o) => o.expr === d.expr && o.relation === d.relation)) out.push(d);
  }
  return out;
}

/**
 * Drops conditions implied by a tighter bound on the same expression: each condition
 * c0 + k·R ≥ 0 (or > 0) is a bound R ≥ −c0/k (k > 0) or R ≤ −c0/k (k < 0) on the
 * non-constant part R (first coefficient 1); of the bounds on one R in one direction, the
 * tightest is kept (`4*y^2 <= 3` makes `y^2 <= 1` redundant).
 */
function dropImplied(cs: readonly DomainCondition[]): DomainCondition[] {
  const bounds = cs.map((c) => {
    if (c.relation === 'nonzero') return undefined;
    const terms = c.expr.kind === 'add' ? c.expr.terms : [c.expr];
    const c0 = terms[0]!.kind === 'num' ? terms[0].value : Rational.ZERO;
    const rest = terms.filter((t) => t.kind !== 'num');
    if (rest.length === 0) return undefined;
    const k = splitCoefficient(rest[0]!)[0];
    const R = add(...rest.map((t) => mul(num(Rational.ONE.div(k)), t)));
    return { key: `${R.id}:${k.sign}`, bound: c0.neg().div(k), upper: k.isNegative, strict: c.relation === 'positive' };
  });
  return cs.filter((_, i) => {
    const b = bounds[i];
    if (!b) return true;
    return !bounds.some((o, j) => {
      if (!o || j === i || o.key !== b.key) return false;
      const cmp = o.bound.compare(b.bound);
      const tighter = b.upper ? cmp < 0 : cmp > 0;
      // Equal bounds: the strict one wins, and of two equal conditions the first is kept.
      return tighter || (cmp === 0 && ((o.strict && !b.strict) || (o.strict === b.strict && j < i)));
    });
  });
}

/** Where the expressions are real and defined: radicands, log arguments, denominators, inverse-function arguments. */
function definedness(es: readonly Expr[]): DomainCondition[] {
  const out: DomainCondition[] = [];
  for (const node of topologicalOrder(es)) {
    if (node.kind === 'pow' && freeSymbols(node.base).size > 0) {
      if (node.exp.kind !== 'num') {
        out.push({ expr: node.base, relation: 'positive' });
        continue;
      }
      const r = node.exp.value;
      if (!r.isInteger && r.den % 2n === 0n) out.push({ expr: node.base, relation: r.isNegative ? 'positive' : 'nonnegative' });
      else if (r.isNegative) out.push({ expr: node.base, relation: 'nonzero' });
    } else if (node.kind === 'call' && freeSymbols(node.arg).size > 0) {
      const a = node.arg;
      if (node.fn === 'log') out.push({ expr: a, relation: 'positive' });
      else if (node.fn === 'asin' || node.fn === 'acos') out.push({ expr: sub(ONE, pow(a, num(2))), relation: 'nonnegative' });
      else if (node.fn === 'atanh') out.push({ expr: sub(ONE, pow(a, num(2))), relation: 'positive' });
      else if (node.fn === 'acosh') out.push({ expr: sub(a, ONE), relation: 'nonnegative' });
    }
  }
  return out;
}

function decideParametric(c: DomainCondition, ctx: ParameterContext): 'holds' | 'fails' | 'condition' {
  const s = signOf(c.expr, ctx).sign;
  const holds =
    c.relation === 'positive' ? s === 'positive' : c.relation === 'nonnegative' ? s === 'positive' || s === 'zero' || s === 'nonnegative' : s === 'positive' || s === 'negative' || s === 'nonzero';
  if (holds) return 'holds';
  const fails = c.relation === 'positive' ? s === 'negative' || s === 'zero' || s === 'nonpositive' : c.relation === 'nonnegative' ? s === 'negative' : s === 'zero';
  return fails ? 'fails' : 'condition';
}

/**
 * A condition in the free names, simplified: [] when the sign rules prove it for every
 * member, 'fails' when they refute it, else one or two equivalent conditions.
 */
function simplify(c: DomainCondition, ctx: ParameterContext, depth = 0): DomainCondition[] | 'fails' {
  // B^r ≠ 0 (r > 0) is B ≠ 0.
  let base = c.expr;
  if (c.relation === 'nonzero') while (base.kind === 'pow' && base.exp.kind === 'num' && !base.exp.value.isNegative) base = base.base;
  const e = normalise(tryExpand(base));
  if (isExactlyZero(e)) return c.relation === 'nonnegative' ? [] : 'fails';
  const s = signName(ctx.assumptions.sign(e));
  if (c.relation === 'nonnegative') {
    if (s === 'positive' || s === 'nonnegative' || s === 'zero') return [];
    if (s === 'negative') return 'fails';
  } else if (c.relation === 'positive') {
    if (s === 'positive') return [];
    if (s === 'negative' || s === 'nonpositive' || s === 'zero') return 'fails';
  } else {
    if (s === 'positive' || s === 'negative' || s === 'nonzero') return [];
    if (s === 'zero') return 'fails';
  }
  if (depth === 0 && c.relation !== 'nonzero') {
    // c0 + k·log(A) ≥ 0  ⇔  A ≥ exp(−c0/k) (k > 0) or A ≤ exp(−c0/k) (k < 0): log is increasing (A > 0 is required anyway).
    const terms = e.kind === 'add' ? e.terms : [e];
    const c0 = terms.length === 2 && terms[0]!.kind === 'num' ? terms[0].value : terms.length === 1 ? Rational.ZERO : undefined;
    const [k, lg] = splitCoefficient(terms[terms.length - 1]!);
    if (c0 && lg.kind === 'call' && lg.fn === 'log') {
      const bound = expFn(num(c0.neg().div(k)));
      return simplify({ expr: k.isNegative ? sub(bound, lg.arg) : sub(lg.arg, bound), relation: c.relation }, ctx, depth + 1);
    }
    const split = splitRoot(e);
    const aSign = split ? signName(ctx.assumptions.sign(split.A)) : 'unknown';
    if (split && (split.k.isNegative || aSign === 'negative' || aSign === 'nonpositive' || aSign === 'zero')) {
      // A − k·sqrt(B) ≥ 0 (k > 0)  ⇔  A ≥ 0 and A² ≥ k²B; A + k·sqrt(B) ≥ 0 with A ≤ 0  ⇔
      // k²B ≥ A² (B ≥ 0 is required anyway); likewise strictly.
      const { A, k, B } = split;
      const parts: DomainCondition[] = k.isNegative
        ? [
            { expr: A, relation: c.relation },
            { expr: sub(pow(A, num(2)), mul(num(k.mul(k)), B)), relation: c.relation },
          ]
        : [{ expr: sub(mul(num(k.mul(k)), B), pow(A, num(2))), relation: c.relation }];
      const out: DomainCondition[] = [];
      for (const part of [{ expr: B, relation: 'nonnegative' as const }, ...parts]) {
        const r = simplify(part, ctx, depth + 1);
        if (r === 'fails') return 'fails';
        out.push(...r);
      }
      return out;
    }
  }
  return [{ expr: e, relation: c.relation }];
}

function tryExpand(e: Expr): Expr {
  try {
    return expand(e, { maxTerms: EXPAND_TERMS });
  } catch {
    return e;
  }
}

/** e scaled by a positive rational to coprime integer coefficients (same sign everywhere). */
function normalise(e: Expr): Expr {
  const terms = e.kind === 'add' ? e.terms : [e];
  const split = terms.map(splitCoefficient);
  let den = 1n;
  let g = 0n;
  for (const [c] of split) den = (den * c.den) / gcd(den, c.den);
  for (const [c] of split) g = gcd(g, ((c.num < 0n ? -c.num : c.num) * den) / c.den);
  if (g === 0n) return e;
  const factor = Rational.of(den, g);
  if (factor.isOne) return e;
  return add(...split.map(([c, rest]) => mul(num(c.mul(factor)), rest)));
}

/** e = A + k·sqrt(B) with k rational and A free of roots of expressions with symbols? */
function splitRoot(e: Expr): { A: Expr; k: Rational; B: Expr } | undefined {
  if (e.kind !== 'add') return undefined;
  const isRoot = (f: Expr): boolean => f.kind === 'pow' && f.exp.kind === 'num' && !f.exp.value.isInteger && freeSymbols(f.base).size > 0;
  const hasRoot = (t: Expr): boolean => topologicalOrder([t]).some(isRoot);
  const withRoot = e.terms.filter(hasRoot);
  if (withRoot.length !== 1) return undefined;
  const [k, rest] = splitCoefficient(withRoot[0]!);
  if (rest.kind !== 'pow' || rest.exp.kind !== 'num' || !rest.exp.value.equals(Rational.of(1, 2))) return undefined;
  const A = add(...e.terms.filter((t) => t !== withRoot[0]));
  return { A, k, B: rest.base };
}

/**
 * The text of a condition: terms with free names on the left, the rest on the right, the
 * left made positive (`3*z^2 <= 2`, `y >= 1`, `z >= -2`, `y*z <= 0`); where the free-name
 * terms have both signs, positive terms on the left (`x >= y`).
 */
function render(c: DomainCondition, freeSet: ReadonlySet<string>): string {
  const e = c.expr;
  const terms = e.kind === 'add' ? e.terms : [e];
  const ops = c.relation === 'nonnegative' ? ['>=', '<='] : c.relation === 'positive' ? ['>', '<'] : ['!=', '!='];
  const sum = (ts: Expr[]): Expr => (ts.length ? add(...ts) : num(0));
  const isFree = (t: Expr): boolean => [...freeSymbols(t)].some((s) => freeSet.has(s));
  const negative = (t: Expr): boolean => splitCoefficient(t)[0].isNegative;
  const withFree = terms.filter(isFree);
  const rest = terms.filter((t) => !isFree(t));
  // e = F + C (rel) 0  ⇔  F (rel) −C  ⇔  −F (flipped rel) C.
  if (withFree.length > 0 && withFree.every((t) => !negative(t))) return `${toText(sum(withFree))} ${ops[0]} ${toText(neg(sum(rest)))}`;
  if (withFree.length > 0 && withFree.every(negative)) return `${toText(neg(sum(withFree)))} ${ops[1]} ${toText(sum(rest))}`;
  // Mixed signs: pos − negs (rel) 0  ⇔  P (rel) N.
  const P = sum(terms.filter((t) => !negative(t)));
  const N = sum(terms.filter(negative).map((t) => neg(t)));
  return `${toText(P)} ${ops[0]} ${toText(N)}`;
}
