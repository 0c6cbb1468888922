/**
 * `simplify`: rewriting with named, safe identities, then a choice by size between the
 * rewritten form and its expansion.
 *
 * Safe means: the rewritten expression equals the original at every real point, under
 * the assumptions, where the original is defined (it may be defined at more points:
 * `log(exp(a))` → `a`). Identities that need a sign (`exp(log(p))` → `p`) fire only
 * when sign inference (`assume.ts`) proves it. The rules are data (`SIMPLIFY_RULES`),
 * each with a name in the style of egg's rewrites, so a derivation can say which rule
 * produced a step (`simplifyWithSteps`).
 *
 * Strategy: bottom-up over the DAG, each distinct node once. At a node whose children are
 * simplified, the first rule that applies rewrites it and the result is simplified again
 * (bounded). Then, for sums, products and powers, the expansion of the node is simplified
 * too and kept when it has fewer nodes (`(x+1)^2 - x^2 - 2*x` → 1).
 */
import { Assumptions, isNegative, isNonnegative, isNonpositive, isPositive } from './assume.js';
import { expand } from './expand.js';
import { DomainError, MINUS_ONE, ONE, add, call, children, mul, neg, num, pow, rebuild, splitCoefficient, type Call, type Expr } from './nodes.js';
import { freeSymbols, nodeCount, topologicalOrder } from './traverse.js';

/** A named rewrite rule. */
export interface RewriteRule {
  /** Stable name, e.g. `exp-log`; cited by derivations. */
  readonly name: string;
  /** The identity and its side condition, for a reader. */
  readonly description: string;
  /** Rewrites one node (children already simplified); undefined when the rule does not apply. */
  readonly apply: (node: Expr, assumptions: Assumptions) => Expr | undefined;
}

/** One rewrite that fired. */
export interface RewriteStep {
  readonly rule: string;
  readonly before: Expr;
  readonly after: Expr;
}

/** Options for `simplify`. */
export interface SimplifyOptions {
  /** Sign facts about symbols; none by default. */
  readonly assumptions?: Assumptions;
  /** Names of the rules to use (default: all of SIMPLIFY_RULES). */
  readonly rules?: readonly string[];
  /** Compare each sum, product and power with its expansion (default true). */
  readonly expand?: boolean;
  /** Bound on the terms of one expansion tried by simplify (default 64: a longer expansion is rarely smaller). */
  readonly maxExpandTerms?: number;
}

const isCall = (e: Expr, fn: Call['fn']): e is Call => e.kind === 'call' && e.fn === fn;
const factorsOf = (e: Expr): readonly Expr[] => (e.kind === 'mul' ? e.factors : [e]);

/** The rule list, in the order they are tried at each node. */
export const SIMPLIFY_RULES: readonly RewriteRule[] = [
  {
    name: 'log-exp',
    description: 'log(exp(a)) = a',
    apply: (e) => (isCall(e, 'log') && isCall(e.arg, 'exp') ? e.arg.arg : undefined),
  },
  {
    name: 'exp-log',
    description: 'exp(c*log(p) + r) = p^c * exp(r) for p > 0 (c may be any factor, e.g. exp(log(p)) = p)',
    apply: (e, a) => {
      if (!isCall(e, 'exp')) return undefined;
      const terms = e.arg.kind === 'add' ? e.arg.terms : [e.arg];
      const powers: Expr[] = [];
      const rest: Expr[] = [];
      for (const t of terms) {
        const fs = factorsOf(t);
        const logs = fs.filter((f) => isCall(f, 'log'));
        const p = logs.length === 1 ? (logs[0] as Call).arg : undefined;
        if (p && isPositive(p, a)) powers.push(pow(p, mul(...fs.filter((f) => f !== logs[0]))));
        else rest.push(t);
      }
      return powers.length === 0 ? undefined : mul(...powers, call('exp', add(...rest)));
    },
  },
  {
    name: 'log-product',
    description:
      'log(a*b) = log(a) + log(b) when all factors but at most one are positive; constant factors stay together (log(2*pi*s) = log(2*pi) + log(s))',
    apply: (e, a) => {
      if (!isCall(e, 'log') || e.arg.kind !== 'mul') return undefined;
      const constant = e.arg.factors.filter((f) => freeSymbols(f).size === 0);
      const rest = e.arg.factors.filter((f) => freeSymbols(f).size > 0);
      if (rest.length === 0) return undefined;
      const c = mul(...constant);
      if (!isPositive(c, a)) return undefined;
      if (rest.filter((f) => !isPositive(f, a)).length > 1) return undefined;
      return add(call('log', c), ...rest.map((f) => call('log', f)));
    },
  },
  {
    name: 'log-reciprocal',
    description: 'log(1/q) = -log(q) for a positive integer q',
    apply: (e) => {
      if (!isCall(e, 'log') || e.arg.kind !== 'num') return undefined;
      const r = e.arg.value;
      if (r.num !== 1n || r.isInteger) return undefined;
      return neg(call('log', num(r.den)));
    },
  },
  {
    name: 'log-power',
    description: 'log(a^r) = r*log(a) when a > 0, or when a^r > 0 forces a > 0 (r an odd integer, or r = p/q with p odd or q even)',
    apply: (e, a) => {
      if (!isCall(e, 'log') || e.arg.kind !== 'pow') return undefined;
      const { base, exp } = e.arg;
      if (isPositive(base, a)) return mul(exp, call('log', base));
      if (exp.kind === 'num' && (exp.value.num % 2n !== 0n || exp.value.den % 2n === 0n)) return mul(exp, call('log', base));
      return undefined;
    },
  },
  {
    name: 'log-even-power',
    description: 'log(a^r) = r*log(|a|) for r = p/q with p even',
    apply: (e) => {
      if (!isCall(e, 'log') || e.arg.kind !== 'pow' || e.arg.exp.kind !== 'num') return undefined;
      const r = e.arg.exp.value;
      if (r.num % 2n !== 0n) return undefined;
      return mul(e.arg.exp, call('log', call('abs', e.arg.base)));
    },
  },
  {
    name: 'exp-product',
    description: 'exp(a)*exp(b) = exp(a + b)',
    apply: (e) => {
      if (e.kind !== 'mul') return undefined;
      const exps = e.factors.filter((f) => isCall(f, 'exp')) as Call[];
      if (exps.length < 2) return undefined;
      return mul(...e.factors.filter((f) => !isCall(f, 'exp')), call('exp', add(...exps.map((f) => f.arg))));
    },
  },
  {
    name: 'power-of-power',
    description: '(a^m)^r = a^(m*r) when a >= 0, or when a^m is defined only for a >= 0 (m = p/q with q even)',
    apply: (e, a) => {
      if (e.kind !== 'pow' || e.base.kind !== 'pow') return undefined;
      const { base, exp: m } = e.base;
      if (isNonnegative(base, a) || (m.kind === 'num' && m.value.den % 2n === 0n)) return pow(base, mul(m, e.exp));
      return undefined;
    },
  },
  {
    name: 'root-of-even-power',
    description: '(a^m)^r = |a|^(m*r) for an even integer m (sqrt(x^2) = |x|)',
    apply: (e) => {
      if (e.kind !== 'pow' || e.base.kind !== 'pow') return undefined;
      const { base, exp: m } = e.base;
      if (m.kind !== 'num' || !m.value.isInteger || m.value.num % 2n !== 0n) return undefined;
      return pow(call('abs', base), mul(m, e.exp));
    },
  },
  {
    name: 'power-of-product',
    description: '(a*b)^r = a^r * b^r when every factor is >= 0 (> 0 for a symbolic r); constant factors stay together (sqrt(2*pi*s^2) = sqrt(2*pi)*s)',
    apply: (e, a) => {
      if (e.kind !== 'pow' || e.base.kind !== 'mul') return undefined;
      const ok = e.exp.kind === 'num' ? (f: Expr) => isNonnegative(f, a) : (f: Expr) => isPositive(f, a);
      if (!e.base.factors.every(ok)) return undefined;
      const constant = e.base.factors.filter((f) => freeSymbols(f).size === 0);
      const rest = e.base.factors.filter((f) => freeSymbols(f).size > 0);
      if (rest.length === 0) return undefined;
      return mul(pow(mul(...constant), e.exp), ...rest.map((f) => pow(f, e.exp)));
    },
  },
  {
    name: 'abs-nonneg',
    description: '|a| = a for a >= 0',
    apply: (e, a) => (isCall(e, 'abs') && isNonnegative(e.arg, a) ? e.arg : undefined),
  },
  {
    name: 'abs-nonpos',
    description: '|a| = -a for a <= 0',
    apply: (e, a) => (isCall(e, 'abs') && isNonpositive(e.arg, a) ? neg(e.arg) : undefined),
  },
  {
    name: 'abs-product',
    description: '|a*b| = |a|*|b|, used when some factor has a known sign',
    apply: (e, a) => {
      if (!isCall(e, 'abs') || e.arg.kind !== 'mul') return undefined;
      const fs = e.arg.factors;
      if (!fs.some((f) => isNonnegative(f, a) || isNonpositive(f, a))) return undefined;
      return mul(...fs.map((f) => call('abs', f)));
    },
  },
  {
    name: 'abs-even-power',
    description: '|a|^n = a^n for an even integer n',
    apply: (e) => {
      if (e.kind !== 'pow' || !isCall(e.base, 'abs') || e.exp.kind !== 'num') return undefined;
      const r = e.exp.value;
      return r.isInteger && r.num % 2n === 0n ? pow(e.base.arg, e.exp) : undefined;
    },
  },
  {
    name: 'sign-known',
    description: 'sign(a) = 1 for a > 0, -1 for a < 0',
    apply: (e, a) => {
      if (!isCall(e, 'sign')) return undefined;
      if (isPositive(e.arg, a)) return ONE;
      if (isNegative(e.arg, a)) return MINUS_ONE;
      return undefined;
    },
  },
  {
    name: 'pythagorean',
    description: 'c*R*sin(u)^2 + d*R*cos(u)^2 = c*R + (d - c)*R*cos(u)^2 (or the same with sin and cos exchanged); c*R when c = d',
    apply: (e) => squarePairs(e, 'sin', 'cos', 1),
  },
  {
    name: 'hyperbolic-pythagorean',
    description: 'c*R*cosh(u)^2 - c*R*sinh(u)^2 = c*R',
    apply: (e) => squarePairs(e, 'cosh', 'sinh', -1),
  },
];

/**
 * In a sum, finds pairs c*R*f(u)^2 and d*R*g(u)^2 with f^2 + s*g^2 = 1 (s = 1 for
 * sin/cos, -1 for cosh/sinh) and replaces each pair by one term fewer.
 */
function squarePairs(e: Expr, f: 'sin' | 'cosh', g: 'cos' | 'sinh', s: 1 | -1): Expr | undefined {
  if (e.kind !== 'add') return undefined;
  type Entry = { term: Expr; c: ReturnType<typeof splitCoefficient>[0]; rest: Expr; u: Expr };
  const find = (fn: string): Map<string, Entry> => {
    const out = new Map<string, Entry>();
    for (const term of e.terms) {
      const [c, r] = splitCoefficient(term);
      const fs = factorsOf(r);
      const sq = fs.find((x) => x.kind === 'pow' && x.exp.kind === 'num' && x.exp.value.equals(TWO) && isCall(x.base, fn as Call['fn']));
      if (!sq || sq.kind !== 'pow' || sq.base.kind !== 'call') continue;
      const rest = mul(...fs.filter((x) => x !== sq));
      const key = `${rest.id}:${sq.base.arg.id}`;
      if (!out.has(key)) out.set(key, { term, c, rest, u: sq.base.arg });
    }
    return out;
  };
  const fTerms = find(f);
  if (fTerms.size === 0) return undefined;
  const gTerms = find(g);
  const removed = new Set<Expr>();
  const added: Expr[] = [];
  for (const [key, ft] of fTerms) {
    const gt = gTerms.get(key);
    if (!gt) continue;
    const c = ft.c; // coefficient of f(u)^2
    const d = gt.c; // coefficient of g(u)^2
    if (s === 1) {
      // c f^2 + d g^2 = c + (d - c) g^2 = d + (c - d) f^2 (times R); keep a positive remainder.
      removed.add(ft.term).add(gt.term);
      const diff = d.sub(c);
      if (diff.isZero) added.push(mul(num(c), ft.rest));
      else if (!diff.isNegative) added.push(mul(num(c), ft.rest), mul(num(diff), ft.rest, pow(call(g, ft.u), num(2))));
      else added.push(mul(num(d), ft.rest), mul(num(diff.neg()), ft.rest, pow(call(f, ft.u), num(2))));
    } else if (c.add(d).isZero) {
      // c cosh^2 - c sinh^2 = c (times R).
      removed.add(ft.term).add(gt.term);
      added.push(mul(num(c), ft.rest));
    }
  }
  if (removed.size === 0) return undefined;
  return add(...e.terms.filter((t) => !removed.has(t)), ...added);
}

const TWO = num(2).value;

/** Simplifies with safe identities under the assumptions, then prefers the smaller of each form and its expansion. */
export function simplify(e: Expr, options: Assumptions | SimplifyOptions = {}): Expr {
  return simplifyWithSteps(e, options).result;
}

/** `simplify`, also returning the rewrites that fired, in order (the rule `expand` marks a chosen expansion). */
export function simplifyWithSteps(e: Expr, options: Assumptions | SimplifyOptions = {}): { result: Expr; steps: RewriteStep[] } {
  const opts: SimplifyOptions = options instanceof Assumptions ? { assumptions: options } : options;
  const s = new Simplifier(opts);
  const result = s.run(e);
  return { result, steps: s.steps };
}

/**
 * Runs a construction that may meet an expression undefined everywhere (a child that
 * simplified to 0 under a negative power or a log): undefined then, and the caller keeps
 * the node as it was.
 */
function attempt(build: () => Expr | undefined): Expr | undefined {
  try {
    return build();
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
}

/** Bound on nested re-simplification of rewritten nodes (the rules shrink expressions; this is a guard). */
const MAX_NESTING = 32;

class Simplifier {
  readonly steps: RewriteStep[] = [];
  private readonly memo = new Map<Expr, Expr>();
  private readonly rules: readonly RewriteRule[];
  private readonly assumptions: Assumptions;
  private readonly useExpand: boolean;
  private readonly maxExpandTerms: number;
  private nesting = 0;

  constructor(opts: SimplifyOptions) {
    this.assumptions = opts.assumptions ?? Assumptions.NONE;
    if (opts.rules) {
      const unknown = opts.rules.filter((n) => !SIMPLIFY_RULES.some((r) => r.name === n));
      if (unknown.length > 0) throw new RangeError(`unknown simplify rules: ${unknown.join(', ')}`);
    }
    this.rules = opts.rules ? SIMPLIFY_RULES.filter((r) => opts.rules!.includes(r.name)) : SIMPLIFY_RULES;
    this.useExpand = opts.expand ?? true;
    this.maxExpandTerms = opts.maxExpandTerms ?? 64;
  }

  /** Simplifies every node under e, children first (iteratively: deep DAGs must not overflow the stack). */
  run(e: Expr): Expr {
    const done = this.memo.get(e);
    if (done) return done;
    for (const node of topologicalOrder([e])) {
      if (this.memo.has(node)) continue;
      const kids = children(node);
      const newKids = kids.map((k) => this.memo.get(k)!);
      const rebuilt = newKids.some((k, i) => k !== kids[i]) ? attempt(() => rebuild(node, newKids)) ?? node : node;
      const r = rebuilt === node ? this.settle(node) : this.run(rebuilt);
      this.memo.set(node, r);
    }
    return this.memo.get(e)!;
  }

  /** Applies the rules at a node whose children are simplified, then the expansion choice. */
  private settle(node: Expr): Expr {
    if (this.nesting >= MAX_NESTING) return node;
    for (const rule of this.rules) {
      const out = attempt(() => rule.apply(node, this.assumptions));
      if (out === undefined || out === node) continue;
      this.steps.push({ rule: rule.name, before: node, after: out });
      return this.nested(out);
    }
    if (this.useExpand && (node.kind === 'add' || node.kind === 'mul' || node.kind === 'pow')) {
      const x = expand(node, { maxTerms: this.maxExpandTerms });
      if (x !== node) {
        this.memo.set(node, node); // the expansion's own simplification must not come back here
        const mark = this.steps.length;
        const y = this.nested(x);
        if (y !== node && nodeCount(y) < nodeCount(node)) {
          this.steps.splice(mark, 0, { rule: 'expand', before: node, after: x });
          return y;
        }
        this.steps.length = mark; // the expansion was not kept, nor were the rewrites inside it
      }
    }
    return node;
  }

  private nested(e: Expr): Expr {
    this.nesting++;
    try {
      return this.run(e);
    } finally {
      this.nesting--;
    }
  }
}
