/**
 * Symbolic differentiation over the shared DAG.
 *
 * Forward mode (`derivative`) memoises d(node)/dx per node; reverse mode (`gradient`)
 * accumulates adjoints per node in reverse topological order: the adjoint equations of
 * the Lagrangian of the expression's computation graph (seed 001). Either way each
 * distinct node is differentiated once, so the result has O(n) nodes for an n-node DAG,
 * where tree-based differentiation (mathjs `derivative`, nerdamer `diff`) swells
 * exponentially with nesting depth.
 */
import {
  addAll,
  children,
  FUNCTIONS,
  log,
  mul,
  mulAll,
  num,
  Rational,

  ONE,
  pow,
  sub,
  sym,
  bottomUp,
  IdSet,
  IdTable,
  ZERO,
  type Expr,
  type Sym,
} from '../expr/index.js';

type Variable = Sym | string;

/** a*b, without building a product when one side is 1 (the usual adjoint of a sum's terms). */
const times = (a: Expr, b: Expr): Expr => (a === ONE ? b : b === ONE ? a : mul(a, b));
const asSym = (v: Variable): Sym => (typeof v === 'string' ? sym(v) : v);

/**
 * The local partial derivatives of a node with respect to each of its children, in
 * the order of `children(node)` (see `localPartial`).
 */
export function localPartials(node: Expr): Expr[] {
  return children(node).map((_, i) => localPartial(node, i));
}

/**
 * The local partial derivative of a node with respect to its i-th child. This is the one
 * place where the calculus of each node kind lives; function rules come from the
 * FUNCTIONS table. One partial costs O(1) beyond the children it copies, so a sweep that
 * asks only for the partials of dependent children stays linear in a long product.
 */
export function localPartial(node: Expr, i: number): Expr {
  switch (node.kind) {
    case 'num':
    case 'sym':
    case 'const':
      throw new RangeError(`a ${node.kind} has no children`);
    case 'add':
      return ONE;
    case 'mul': {
      // d/df_i of prod f = prod_{j != i} f_j, one product over the other factors (prefix
      // and suffix products would flatten k factors k times over).
      const fs = node.factors;
      if (fs[i]!.kind === 'num') return ZERO;
      return mulAll(fs.filter((_, j) => j !== i));
    }
    case 'pow': {
      const { base, exp } = node;
      if (i === 0) {
        // d/db b^e = e*b^(e-1). A numeric exponent is decremented directly: no temporary sum per power.
        return mul(exp, pow(base, exp.kind === 'num' ? num(exp.value.sub(Rational.ONE)) : sub(exp, ONE)));
      }
      // d/de b^e = b^e * log(b), only needed when e is not constant. A constant base of 0
      // or 1 gives a constant power (0^e = 0 where defined), and log(0) would not even
      // construct: the partial in e is 0.
      const constantPower = base.kind === 'num' && (base.value.isOne || base.value.isZero);
      return exp.kind === 'num' || constantPower ? ZERO : mul(node, log(base));
    }
    case 'call':
      return FUNCTIONS[node.fn].derivative(node.arg, node);
  }
}

/**
 * A chain-rule product not yet flattened: `factor` times `rest`. Canonical products
 * flatten, so multiplying each level's partial into the product below it would rebuild
 * a product of k factors at level k of a chain (D²/2 operands for sin(sin(...x...)) D
 * deep). Instead a single-dependence chain grows by one cell per level, sharing its
 * tail, and becomes a node only where it is used: in a sum, or as a result. Each such
 * product is one `mulAll` over the chain's factors, the same node as the level-by-level
 * products (a product's canonical form does not depend on grouping, up to the
 * number-times-one-sum rule described at `mul`).
 */
interface Chain {
  readonly factor: Expr;
  readonly rest: Lazy;
  /** The product as a node, once built. */
  node?: Expr;
}
/** A derivative or adjoint while a sweep runs: a node, or a chain to build on demand. */
type Lazy = Expr | Chain;

const isChain = (v: Lazy): v is Chain => !('kind' in v);

/** partial * d, growing a chain where d is already a product (or a chain). */
function chainTimes(partial: Expr, d: Lazy): Lazy {
  if (partial === ONE) return d;
  if (partial === ZERO) return ZERO;
  if (isChain(d) || d.kind === 'mul') return { factor: partial, rest: d };
  return times(partial, d);
}

/** The node of a lazy value: one product over a chain's factors, built once per chain. */
function force(v: Lazy): Expr {
  if (!isChain(v)) return v;
  if (v.node) return v.node;
  const factors: Expr[] = [];
  let cur: Lazy = v;
  while (isChain(cur)) {
    if (cur.node) break; // a built tail: its (flat) node is one operand
    factors.push(cur.factor);
    cur = cur.rest;
  }
  factors.push(isChain(cur) ? cur.node! : cur);
  v.node = mulAll(factors);
  return v.node;
}

/**
 * d e / d x by forward mode, memoised per node (one iterative bottom-up walk: no
 * recursion on depth). A node none of whose children has a derivative is constant in x,
 * so no free-symbol query is needed, and a node older than x is not entered. Linear in
 * the DAG on chains (see `Chain`).
 */
export function derivative(e: Expr, x: Variable): Expr {
  const v = asSym(x);
  const d = new IdTable<Lazy>();
  const de = bottomUp(
    e,
    d,
    (node) => {
      if (node === v) return ONE;
      const kids = children(node);
      const terms: Lazy[] = [];
      for (let i = 0; i < kids.length; i++) {
        const dk = d.get(kids[i]!.id)!;
        if (dk === ZERO) continue;
        terms.push(chainTimes(localPartial(node, i), dk));
      }
      return terms.length === 0 ? ZERO : terms.length === 1 ? terms[0]! : addAll(terms.map(force));
    },
    // A node made before x cannot contain it (children are made first): derivative 0, not walked.
    (node) => (node.id < v.id ? ZERO : undefined),
  );
  return force(de);
}

/** The n-th derivative d^n e / dx^n. */
export function nthDerivative(e: Expr, x: Variable, n: number): Expr {
  let out = e;
  for (let i = 0; i < n; i++) out = derivative(out, x);
  return out;
}

/**
 * The gradient of e with respect to the variables, by reverse mode: one sweep over the
 * DAG in reverse topological order, each node's adjoint the sum of its parents'
 * adjoints times the local partials. Only the variables' adjoints become nodes: along a
 * chain the adjoints stay lazy products (see `Chain`), so the sweep is linear in the DAG.
 */
export function gradient(e: Expr, xs: readonly Variable[]): Expr[] {
  const vars = xs.map(asSym);
  const { adjoints } = sweep(e, vars);
  return vars.map((v) => {
    const a = adjoints.get(v.id);
    return a === undefined ? ZERO : force(a);
  });
}

/** Adjoints of every node of e's DAG that depends on one of the names (the seed adjoint of e is 1). */
export function reverseSweep(e: Expr, names: ReadonlySet<string>): Map<Expr, Expr> {
  const { order, adjoints } = sweep(e, [...names].map(asSym));
  const out = new Map<Expr, Expr>();
  for (let i = order.length - 1; i >= 0; i--) {
    const a = adjoints.get(order[i]!.id);
    if (a !== undefined) out.set(order[i]!, force(a));
  }
  return out;
}

/**
 * The reverse sweep, with adjoints left lazy where they are single chain-rule products.
 * Returns the nodes that got an adjoint, children first, and their adjoints.
 */
function sweep(e: Expr, vars: readonly Sym[]): { order: Expr[]; adjoints: IdTable<Lazy> } {
  // The nodes that depend on a variable, children first, found bottom-up in one walk
  // local to this sweep (linear however many variables there are). Ids count up and
  // children are made before their parents, so a node made before every variable (id
  // below theirs) cannot contain one: the walk does not enter it. (A variable that e
  // does not contain was made by `sym` after e, if not before, so it prunes nothing
  // it should not.)
  let first = Infinity;
  const varIds = new IdSet();
  for (const v of vars) {
    varIds.add(v.id);
    if (v.id < first) first = v.id;
  }
  const depends = new IdTable<boolean>();
  const order: Expr[] = [];
  bottomUp(
    e,
    depends,
    (node) => {
      if (node.kind === 'sym') {
        if (!varIds.has(node.id)) return false;
        order.push(node);
        return true;
      }
      const kids = children(node);
      for (let j = 0; j < kids.length; j++) {
        if (depends.get(kids[j]!.id) === true) {
          order.push(node);
          return true;
        }
      }
      return false;
    },
    (node) => (node.id < first ? false : undefined),
  );
  // e gets the seed adjoint even when it depends on no variable.
  if (order[order.length - 1] !== e) order.push(e);
  const contributions = new IdTable<Lazy[]>();
  contributions.set(e.id, [ONE]);
  const adjoints = new IdTable<Lazy>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const parts = contributions.get(node.id);
    if (!parts) continue;
    contributions.delete(node.id);
    const adj = parts.length === 1 ? parts[0]! : addAll(parts.map(force));
    adjoints.set(node.id, adj);
    if (adj === ZERO) continue;
    const kids = children(node);
    for (let j = 0; j < kids.length; j++) {
      const k = kids[j]!;
      if (depends.get(k.id) !== true) continue;
      const partial = localPartial(node, j);
      if (partial === ZERO) continue;
      const c = chainTimes(partial, adj);
      const list = contributions.get(k.id);
      if (list) list.push(c);
      else contributions.set(k.id, [c]);
    }
  }
  return { order, adjoints };
}

/** Rows are outputs, columns variables. Each row is one reverse sweep. */
export function jacobian(es: readonly Expr[], xs: readonly Variable[]): Expr[][] {
  return es.map((e) => gradient(e, xs));
}

/** The Hessian of e: reverse mode over the gradient (symmetric by construction of the rows). */
export function hessian(e: Expr, xs: readonly Variable[]): Expr[][] {
  const g = gradient(e, xs);
  const rows = g.map((gi) => gradient(gi, xs));
  // Mixed partials are equal for smooth e; keep one of each pair so the matrix is exactly symmetric.
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < i; j++) rows[i]![j] = rows[j]![i]!;
  return rows;
}

/**
 * The Hessian-vector product H(e) v, as expressions in xs and the direction vs, without
 * forming H: the gradient of (gradient(e) . v), so its size stays O(n).
 */
export function hessianVectorProduct(e: Expr, xs: readonly Variable[], vs: readonly (Expr | Variable)[]): Expr[] {
  if (vs.length !== xs.length) throw new RangeError(`direction has ${vs.length} components, expected ${xs.length}`);
  const g = gradient(e, xs);
  const dir = vs.map((v) => (typeof v === 'string' ? sym(v) : v));
  const gv = addAll(g.map((gi, i) => mul(gi, dir[i]!)));
  return gradient(gv, xs);
}
