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
  num,
  Rational,

  ONE,
  pow,
  sub,
  sym,
  topologicalOrder,
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
 * the order of `children(node)`. This is the one place where the calculus of each node
 * kind lives; function rules come from the FUNCTIONS table.
 */
export function localPartials(node: Expr): Expr[] {
  switch (node.kind) {
    case 'num':
    case 'sym':
    case 'const':
      return [];
    case 'add':
      return node.terms.map(() => ONE);
    case 'mul': {
      const fs = node.factors;
      // d/df_i of prod f = prod_{j != i} f_j, built from prefix and suffix products.
      const prefix: Expr[] = [ONE];
      for (let i = 0; i < fs.length - 1; i++) prefix.push(mul(prefix[i]!, fs[i]!));
      const out: Expr[] = new Array(fs.length);
      let suffix: Expr = ONE;
      for (let i = fs.length - 1; i >= 0; i--) {
        out[i] = fs[i]!.kind === 'num' ? ZERO : mul(prefix[i]!, suffix);
        suffix = mul(fs[i]!, suffix);
      }
      return out;
    }
    case 'pow': {
      const { base, exp } = node;
      // d/db b^e = e*b^(e-1); d/de b^e = b^e * log(b) (only needed when e is not constant).
      // A numeric exponent is decremented directly: no temporary sum per power.
      const dBase = mul(exp, pow(base, exp.kind === 'num' ? num(exp.value.sub(Rational.ONE)) : sub(exp, ONE)));
      // A constant base of 0 or 1 gives a constant power (0^e = 0 where defined), and log(0)
      // would not even construct: the partial in e is 0.
      const constantPower = base.kind === 'num' && (base.value.isOne || base.value.isZero);
      const dExp = exp.kind === 'num' || constantPower ? ZERO : mul(node, log(base));
      return [dBase, dExp];
    }
    case 'call':
      return [FUNCTIONS[node.fn].derivative(node.arg, node)];
  }
}

/**
 * d e / d x by forward mode, memoised per node (iteratively, in topological order: no
 * recursion on depth). A node none of whose children has a derivative is constant in x,
 * so no free-symbol query is needed.
 */
export function derivative(e: Expr, x: Variable): Expr {
  const v = asSym(x);
  const d = new Map<Expr, Expr>();
  for (const node of topologicalOrder([e])) {
    if (node === v) {
      d.set(node, ONE);
      continue;
    }
    const kids = children(node);
    let partials: Expr[] | undefined;
    const terms: Expr[] = [];
    for (let i = 0; i < kids.length; i++) {
      const dk = d.get(kids[i]!)!;
      if (dk === ZERO) continue;
      partials ??= localPartials(node);
      terms.push(times(partials[i]!, dk));
    }
    d.set(node, terms.length === 0 ? ZERO : terms.length === 1 ? terms[0]! : addAll(terms));
  }
  return d.get(e)!;
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
 * adjoints times the local partials.
 */
export function gradient(e: Expr, xs: readonly Variable[]): Expr[] {
  const vars = xs.map(asSym);
  const adjoints = reverseSweep(e, new Set(vars.map((v) => v.name)));
  return vars.map((v) => adjoints.get(v) ?? ZERO);
}

/** Adjoints of every node of e's DAG that depends on one of the names (the seed adjoint of e is 1). */
export function reverseSweep(e: Expr, names: ReadonlySet<string>): Map<Expr, Expr> {
  const order = topologicalOrder([e]);
  // Does a node depend on one of the names? Bottom-up over the order, local to this
  // sweep: linear however many names there are.
  const relevant = new Set<Expr>();
  for (const node of order) {
    if (node.kind === 'sym' ? names.has(node.name) : children(node).some((k) => relevant.has(k))) relevant.add(node);
  }
  const contributions = new Map<Expr, Expr[]>();
  contributions.set(e, [ONE]);
  const adjoints = new Map<Expr, Expr>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const parts = contributions.get(node);
    if (!parts) continue;
    contributions.delete(node);
    const adj = parts.length === 1 ? parts[0]! : addAll(parts);
    adjoints.set(node, adj);
    if (adj === ZERO) continue;
    const kids = children(node);
    if (kids.length === 0) continue;
    const partials = localPartials(node);
    kids.forEach((k, j) => {
      if (!relevant.has(k) || partials[j] === ZERO) return;
      const c = times(adj, partials[j]!);
      const list = contributions.get(k);
      if (list) list.push(c);
      else contributions.set(k, [c]);
    });
  }
  return adjoints;
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
