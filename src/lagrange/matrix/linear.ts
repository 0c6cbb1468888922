/**
 * The algebra the matrix solver needs on top of src/expr/matrix: the linear part of an
 * expression in a vector (`G = M*x + r`), and the bridge between 1×1 matrix expressions
 * and the scalar IR (so that a scalar equation such as `g'*inv(F)*g/(2*mu_1^2) = eps`
 * goes to the scalar solver with `g'*inv(F)*g` standing as one positive symbol).
 */
import { add, call, mul, pow, sym, num, freeSymbols, substitute, ZERO, type Expr } from '../../expr/index.js';
import { derivative } from '../../diff/index.js';
import { eye, madd, mmul, mmap, mnorm, mpow, mscalar, mtranspose, mtopologicalOrder, mchildren, isScalarShape, type MExpr, type MScalar } from '../../expr/matrix/index.js';

/** The nodes of `e` that depend on `x` (x itself included). */
function dependents(e: MExpr, x: MExpr): Set<MExpr> {
  const dep = new Set<MExpr>();
  const name = x.kind === 'scalar' && x.expr.kind === 'sym' ? x.expr.name : undefined;
  for (const node of mtopologicalOrder([e])) {
    if (node === x || mchildren(node).some((c) => dep.has(c)) || (name !== undefined && node.kind === 'scalar' && freeSymbols(node.expr).has(name))) dep.add(node);
  }
  return dep;
}

/** Does `e` depend on `x`? */
export function mentionsLeaf(e: MExpr, x: MExpr): boolean {
  return dependents(e, x).has(e);
}

/** `e = coef*x + rest`; a null part is zero. */
export interface LinearParts {
  readonly coef: MExpr | null;
  readonly rest: MExpr | null;
}

function times(left: readonly MExpr[], e: MExpr | null): MExpr | null {
  return e === null ? null : left.length === 0 ? e : mmul(...left, e);
}
function plus(a: MExpr | null, b: MExpr | null): MExpr | null {
  return a === null ? b : b === null ? a : madd(a, b);
}

/**
 * The linear part of `e` in the column vector (or scalar) `x`: `e = coef*x + rest` with
 * neither part depending on `x`, or undefined when `e` is not affine in `x`. Recursion
 * follows the sums and products of a gradient the solver built, whose depth is that of
 * the objective's product structure.
 */
export function linearParts(e: MExpr, x: MExpr): LinearParts | undefined {
  const dep = dependents(e, x);
  const n = x.shape.rows;
  const walk = (node: MExpr): LinearParts | undefined => {
    if (!dep.has(node)) return { coef: null, rest: node };
    if (node === x) return { coef: isScalarShape(x.shape) ? mscalar(1) : eye(n), rest: null };
    if (node.kind === 'scalar' && x.kind === 'scalar' && x.expr.kind === 'sym') {
      // a scalar expression in a scalar symbol: affine when its derivative is free of the symbol
      const d = derivative(node.expr, x.expr.name);
      if (freeSymbols(d).has(x.expr.name)) return undefined;
      const rest = substitute(node.expr, { [x.expr.name]: ZERO });
      return { coef: mscalar(d), rest: rest === ZERO ? null : mscalar(rest) };
    }
    if (node.kind === 'add') {
      let coef: MExpr | null = null;
      let rest: MExpr | null = null;
      for (const t of node.terms) {
        const p = walk(t);
        if (!p) return undefined;
        coef = plus(coef, p.coef);
        rest = plus(rest, p.rest);
      }
      return { coef, rest };
    }
    if (node.kind !== 'mul') return undefined;
    const depScalars = node.scalars.filter((s) => dep.has(s));
    const depChain = node.chain.map((c, i) => (dep.has(c) ? i : -1)).filter((i) => i >= 0);
    if (depScalars.length + depChain.length !== 1) return undefined;
    if (depScalars.length === 1) {
      const s = depScalars[0]!;
      const others = [...node.scalars.filter((t) => t !== s), ...node.chain];
      // a 1×1 factor x'*Q*... is its own transpose: (Q*...)'*x
      const inner = s.kind === 'mul' && s.chain[0]?.kind === 'transpose' && s.chain[0].arg === x ? mtranspose(s) : s;
      const p = walk2(inner);
      if (!p) return undefined;
      return { coef: times(others, p.coef), rest: times(others, p.rest) };
    }
    const k = depChain[0]!;
    const before = [...node.scalars, ...node.chain.slice(0, k)];
    const f = node.chain[k]!;
    if (k === node.chain.length - 1) {
      const p = walk(f);
      if (!p) return undefined;
      return { coef: times(before, p.coef), rest: times(before, p.rest) };
    }
    if (k === 0 && f.kind === 'transpose' && f.arg === x && isScalarShape(node.shape)) {
      return { coef: mtranspose(mmul(...node.scalars, ...node.chain.slice(1))), rest: null };
    }
    return undefined;
  };
  const walk2 = (node: MExpr): LinearParts | undefined => (dep.has(node) || node === x ? walk(node) : linearParts(node, x));
  return walk(e);
}

// ---------------------------------------------------------------------------
// 1×1 matrix expressions ↔ the scalar IR

/** The 1×1 matrix subexpressions that stand as scalar symbols in a scalar equation. */
export class ScalarBridge {
  private readonly byNode = new Map<MExpr, { name: string; squared: boolean }>();
  private readonly byName = new Map<string, MExpr>();
  /** Placeholder names and whether each stands for a norm (positive when its argument is nonzero). */
  readonly placeholders: { name: string; node: MExpr }[] = [];

  constructor(private readonly prefix: string) {}

  private placeholder(node: MExpr): Expr {
    // v'*v is norm(v)^2: the symbol stands for norm(v), so that square roots come out as norms
    let key = node;
    let squared = false;
    if (node.kind === 'mul' && node.scalars.length === 0 && node.chain.length === 2 && node.chain[0]!.kind === 'transpose' && node.chain[0]!.arg === node.chain[1]) {
      key = mnorm(node.chain[1]!);
      squared = true;
    }
    let found = this.byNode.get(key);
    if (!found) {
      found = { name: `${this.prefix}${this.placeholders.length + 1}`, squared: false };
      this.byNode.set(key, found);
      this.byName.set(found.name, key);
      this.placeholders.push({ name: found.name, node: key });
    }
    const s = sym(found.name);
    return squared ? pow(s, num(2)) : s;
  }

  /** The scalar expression of a 1×1 matrix expression, matrix-valued scalars replaced by symbols. */
  toScalar(e: MExpr): Expr {
    switch (e.kind) {
      case 'scalar':
        return e.expr;
      case 'add':
        return add(...e.terms.map((t) => this.toScalar(t)));
      case 'mul': {
        const factors = e.scalars.map((s) => this.toScalar(s));
        if (e.chain.length > 0) factors.push(this.placeholder(e.chain.length === 1 ? e.chain[0]! : mmul(...e.chain)));
        return mul(...factors);
      }
      case 'pow':
        return pow(this.toScalar(e.base), this.toScalar(e.exp));
      case 'map':
        return call(e.fn, this.toScalar(e.arg));
      default:
        return this.placeholder(e);
    }
  }

  /** The matrix expression of a scalar expression, symbols of this bridge replaced by what they stand for. */
  fromScalar(e: Expr): MExpr {
    if (!this.mentions(e)) return mscalar(e);
    switch (e.kind) {
      case 'sym':
        return this.byName.get(e.name)!;
      case 'add':
        return madd(...e.terms.map((t) => this.fromScalar(t)));
      case 'mul':
        return mmul(...e.factors.map((t) => this.fromScalar(t)));
      case 'pow':
        return mpow(this.fromScalar(e.base), this.fromScalar(e.exp));
      case 'call':
        return mmap(e.fn, this.fromScalar(e.arg));
      default:
        return mscalar(e);
    }
  }

  private mentions(e: Expr): boolean {
    if (e.kind === 'sym') return this.byName.has(e.name);
    if (e.kind === 'add') return e.terms.some((t) => this.mentions(t));
    if (e.kind === 'mul') return e.factors.some((t) => this.mentions(t));
    if (e.kind === 'pow') return this.mentions(e.base) || this.mentions(e.exp);
    if (e.kind === 'call') return this.mentions(e.arg);
    return false;
  }
}

/** The scalar node of a pure scalar matrix expression. */
export function isPureScalar(e: MExpr): e is MScalar {
  return e.kind === 'scalar';
}
