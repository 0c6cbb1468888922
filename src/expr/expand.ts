/**
 * Explicit expansion: products distributed over sums, positive integer powers of sums
 * multiplied out (multinomial), everywhere in the expression (inside function arguments
 * and exponents too). Canonical construction then collects like terms, so
 * `(x+1)^2 - x^2 - 2*x` expands to 1.
 *
 * Each distinct node is expanded once (memoised by node identity), so the cost is linear
 * in the DAG size plus the size of the expanded result. A negative integer power of a
 * sum expands its denominator (`1/(x+1)^2` → `1/(x^2 + 2*x + 1)`), as SymPy does.
 */
import { DomainError, MINUS_ONE, ONE, ZERO, add, call, mul, num, pow, splitCoefficient, type Expr } from './nodes.js';
import { Rational } from './rational.js';
import { NodeMemo } from './memo.js';

/** Options for `expand`. */
export interface ExpandOptions {
  /**
   * A product or power whose expansion would have more terms than this, or would take
   * more than 20 products of terms per allowed term to compute, is left factored (its
   * factors still expanded), so one `(a+b+c)^500` cannot exhaust time or memory.
   * Default 10,000.
   */
  readonly maxTerms?: number;
  /**
   * A budget for the whole call (optional; without it only the per-node bound applies):
   * every product of two terms is charged 1 plus the product of their coefficients' sizes
   * in 64-bit words (long rationals cost that much more), and once `used` passes `limit`
   * the expansion stops with `ExpandBudgetExceeded`. Counted work, never time, so the
   * outcome is the same on every machine; the call then expands with a fresh memo, so
   * what was expanded before cannot change what is charged.
   */
  readonly work?: ExpandWork;
}

/** The counter of `ExpandOptions.work`. */
export interface ExpandWork {
  used: number;
  readonly limit: number;
}

/** Raised by `expand` when `ExpandOptions.work` runs out. */
export class ExpandBudgetExceeded extends Error {
  override name = 'ExpandBudgetExceeded';
}

/** Default bound on the number of terms one product or power may expand into. */
export const DEFAULT_MAX_TERMS = 10_000;

/** One memo per bound (results depend on it); nodes are immutable, so entries never go stale. */
const memos = new Map<number, NodeMemo<Expr>>();

/** Expands products of sums and integer powers of sums, recursively. */
export function expand(e: Expr, options: ExpandOptions = {}): Expr {
  const maxTerms = options.maxTerms ?? DEFAULT_MAX_TERMS;
  if (options.work) return new Expander(maxTerms, new NodeMemo(), options.work).expand(e);
  let memo = memos.get(maxTerms);
  if (!memo) {
    memo = new NodeMemo();
    if (memos.size < 16) memos.set(maxTerms, memo);
  }
  return new Expander(maxTerms, memo).expand(e);
}

/** Raised inside the expander when a product would exceed the work budget; caught per node. */
class TooBig extends Error {}

class Expander {
  /** Products of terms computed for the node being expanded; at most WORK_PER_TERM * maxTerms. */
  private work = 0;

  constructor(
    private readonly maxTerms: number,
    private readonly memo: NodeMemo<Expr>,
    private readonly budget?: ExpandWork,
  ) {}

  expand(e: Expr): Expr {
    const done = this.memo.get(e);
    if (done) return done;
    let r: Expr;
    try {
      r = this.expandUncached(e);
    } catch (err) {
      // Undefined everywhere (a sum that expands to 0 raised to a negative power, log of
      // it): the node stays as it is, like anything too big to expand.
      if (!(err instanceof DomainError)) throw err;
      r = e;
    }
    this.memo.set(e, r);
    // The result is expanded too: remember that, so expanding it again is free.
    if (r !== e && !this.memo.has(r)) this.memo.set(r, r);
    return r;
  }

  private expandUncached(e: Expr): Expr {
    switch (e.kind) {
      case 'num':
      case 'sym':
      case 'const':
        return e;
      case 'call':
        return call(e.fn, this.expand(e.arg));
      case 'add':
        return sumOf(e.terms.map((t) => this.expand(t)));
      case 'mul': {
        const factors = e.factors.map((f) => this.expand(f));
        return this.bounded(() => this.product(factors), () => mul(...factors));
      }
      case 'pow': {
        const base = this.expand(e.base);
        const exp = this.expand(e.exp);
        if (base.kind === 'add' && exp.kind === 'num' && exp.value.isInteger) {
          const n = exp.value.num;
          const k = n < 0n ? -n : n;
          if (multinomialCount(base.terms.length, k) <= this.maxTerms) {
            const positive = this.bounded(() => this.power(base.terms, Number(k)), () => undefined);
            if (positive) return n < 0n ? pow(positive, MINUS_ONE) : positive;
          }
        }
        return pow(base, exp);
      }
    }
  }

  /**
   * Runs one node's expansion within its own work budget; on overflow returns the
   * fallback. The budget is per node, not per call, so a node's expansion never depends
   * on what was expanded before it (results are memoised across calls).
   */
  private bounded<T>(run: () => T, fallback: () => T): T {
    const outer = this.work;
    this.work = 0;
    try {
      return run();
    } catch (err) {
      if (!(err instanceof TooBig)) throw err;
      return fallback();
    } finally {
      this.work = outer;
    }
  }

  /** Distributes a product of expanded factors. */
  private product(factors: readonly Expr[]): Expr {
    let size = 1;
    for (const f of factors) size *= f.kind === 'add' ? f.terms.length : 1;
    if (size > this.maxTerms) throw new TooBig();
    let acc: Poly = new Map([[ONE, Rational.ONE]]);
    for (const f of factors) acc = this.multiply(acc, toPoly(f.kind === 'add' ? f.terms : [f]));
    return fromPoly(acc);
  }

  /**
   * (sum of terms)^k for k >= 1, multiplying by the sum k - 1 times (repeated squaring
   * would multiply two large term lists, quadratic in the result).
   */
  private power(terms: readonly Expr[], k: number): Expr {
    const p = toPoly(terms);
    let acc = p;
    for (let i = 1; i < k; i++) acc = this.multiply(acc, p);
    return fromPoly(acc);
  }

  /**
   * Product of two polynomials in monomials (coefficient maps): coefficients multiply as
   * rationals, monomials through `mul` once per distinct pair, so intermediate terms do
   * not become interned nodes.
   */
  private multiply(a: Poly, b: Poly): Poly {
    this.work += a.size * b.size;
    if (this.work > WORK_PER_TERM * this.maxTerms) throw new TooBig();
    if (this.budget) {
      this.budget.used += a.size * b.size + coefficientWords(a) * coefficientWords(b);
      if (this.budget.used > this.budget.limit) throw new ExpandBudgetExceeded(`expansion: budget of ${this.budget.limit} term products exhausted`);
    }
    const out: Poly = new Map();
    for (const [ma, ca] of a) {
      for (const [mb, cb] of b) {
        const c = ca.mul(cb);
        for (const [m, k] of this.monomialProduct(ma, mb)) {
          const prev = out.get(m);
          out.set(m, prev ? prev.add(c.mul(k)) : c.mul(k));
        }
      }
    }
    for (const [m, c] of out) if (c.isZero) out.delete(m);
    return out;
  }

  private readonly products = new Map<string, Poly>();

  /** ma * mb as a polynomial: usually one monomial; merging bases can make a number or a power of a sum. */
  private monomialProduct(ma: Expr, mb: Expr): Poly {
    if (ma === ONE) return new Map([[mb, Rational.ONE]]);
    if (mb === ONE) return new Map([[ma, Rational.ONE]]);
    const key = ma.id < mb.id ? `${ma.id},${mb.id}` : `${mb.id},${ma.id}`;
    let r = this.products.get(key);
    if (!r) {
      const p = mul(ma, mb);
      // Merging bases can create a power of a sum (sqrt(x+1) * (x+1)^(3/2) = (x+1)^2) that
      // needs expanding; a factor that was already there was left factored on purpose.
      const had = new Set([...factorsOf(ma), ...factorsOf(mb)]);
      const fresh = factorsOf(p).some((f) => isExpandable(f) && !had.has(f));
      r = toPoly(termsOf(fresh ? this.expand(p) : p));
      this.products.set(key, r);
    }
    return r;
  }
}

/** A polynomial as monomial → coefficient (ONE for the constant term). */
type Poly = Map<Expr, Rational>;

function toPoly(terms: readonly Expr[]): Poly {
  const out: Poly = new Map();
  for (const t of terms) {
    const [c, m] = splitCoefficient(t);
    const prev = out.get(m);
    out.set(m, prev ? prev.add(c) : c);
  }
  return out;
}

function fromPoly(p: Poly): Expr {
  const terms: Expr[] = [];
  for (const [m, c] of p) if (!c.isZero) terms.push(c.isOne ? m : mul(num(c), m));
  return sumOf(terms);
}

/** The coefficients' total size in 64-bit words (numerators and denominators). */
function coefficientWords(p: Poly): number {
  let w = 0;
  for (const c of p.values()) w += Math.ceil((c.num.toString(16).length + c.den.toString(16).length) / 16);
  return w;
}

/** Products of terms one expansion may compute, per term allowed in its result. */
const WORK_PER_TERM = 20;

/** A sum of many terms, built in chunks: spreading a huge array into add() overflows the stack. */
function sumOf(terms: readonly Expr[]): Expr {
  const CHUNK = 4096;
  if (terms.length <= CHUNK) return add(...terms);
  let acc: Expr = ZERO;
  for (let i = 0; i < terms.length; i += CHUNK) acc = add(acc, ...terms.slice(i, i + CHUNK));
  return acc;
}

function termsOf(e: Expr): Expr[] {
  return e.kind === 'add' ? [...e.terms] : [e];
}

function factorsOf(e: Expr): readonly Expr[] {
  return e.kind === 'mul' ? e.factors : [e];
}

/** A sum, or a positive integer power of a sum. */
function isExpandable(f: Expr): boolean {
  return (
    f.kind === 'add' ||
    (f.kind === 'pow' && f.base.kind === 'add' && f.exp.kind === 'num' && f.exp.value.isInteger && !f.exp.value.isNegative)
  );
}

/** Number of terms of (a_1 + ... + a_m)^k before collection: C(k+m-1, m-1), saturating. */
function multinomialCount(m: number, k: bigint): number {
  if (k > 1_000_000n) return Infinity;
  let c = 1;
  const kk = Number(k);
  for (let i = 1; i < m; i++) {
    c = (c * (kk + i)) / i;
    if (c > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return c;
}
