/**
 * Entrywise operations (`.*`, `./`, `.^`, scalar functions applied entry by entry),
 * `diag`, and the reductions to a scalar (`sum`, `norm`, `tr`, `det`, `logdet`), each
 * canonical and shape-checked. On 1×1 operands the entrywise operations are the scalar
 * ones, and on pure scalars they are the scalar IR's own constructors.
 */
import { call, DomainError, mul as smul, num, pow as spow, ZERO, type Expr, type FunctionName } from '../nodes.js';
import { children } from '../node-types.js';
import { topologicalOrder } from '../traverse.js';
import { dimScalar, eye, isZeroM, MONE, MZERO, mscalar, ones, zeros } from './leaves.js';
import { compareM, hashParts, hashText, internM, type MExpr, type ReductionKind } from './nodes.js';
import { formatShape, isColumnShape, isScalarShape, sameShape, shapeOf, ShapeError, SCALAR_SHAPE, type Shape } from './shape.js';

/** The sum and product constructors `entrywise` builds with (those of build.ts). */
export interface SumAndProduct {
  readonly madd: (...xs: MExpr[]) => MExpr;
  readonly mmul: (...xs: MExpr[]) => MExpr;
}

// build.ts's products call the constructors here (a power of a product splits, `diag`
// of a sum is collected) and these call its sum and product back: build.ts hands its
// two constructors over when it loads, so that the files are no import cycle.
let sumAndProduct: SumAndProduct | undefined;

/** Called once by build.ts when it loads: the sum and product the entrywise constructors use. */
export function useSumAndProduct(constructors: SumAndProduct): void {
  sumAndProduct = constructors;
}

function ring(): SumAndProduct {
  if (sumAndProduct === undefined) throw new Error('expr/matrix: build.ts was not loaded; import matrix constructors from expr/matrix/index.ts');
  return sumAndProduct;
}
const madd = (...xs: MExpr[]): MExpr => ring().madd(...xs);
const mmul = (...xs: MExpr[]): MExpr => ring().mmul(...xs);

function hadamardNode(factors: MExpr[], shape: Shape): MExpr {
  const key = `.*:${factors.map((f) => f.id).join(',')}`;
  return internM(key, (id) => ({ kind: 'hadamard', id, hash: hashParts(0xada, factors.map((f) => f.hash)), shape, factors: Object.freeze(factors) }));
}
function powNode(base: MExpr, exp: MExpr): MExpr {
  const key = `.^:${base.id},${exp.id}`;
  return internM(key, (id) => ({ kind: 'pow', id, hash: hashParts(0x5e, [base.hash, exp.hash]), shape: base.shape, base, exp }));
}
function mapNode(fn: FunctionName, arg: MExpr): MExpr {
  const key = `f:${fn}:${arg.id}`;
  return internM(key, (id) => ({ kind: 'map', id, hash: hashParts(hashText(fn), [arg.hash]), shape: arg.shape, fn, arg }));
}
function reduceNode(kind: ReductionKind, arg: MExpr): MExpr {
  const key = `${kind}:${arg.id}`;
  return internM(key, (id) => ({ kind, id, hash: hashParts(hashText(kind), [arg.hash]), shape: SCALAR_SHAPE, arg }));
}
function diagNode(arg: MExpr, shape: Shape): MExpr {
  const key = `diag:${arg.id}`;
  return internM(key, (id) => ({ kind: 'diag', id, hash: hashParts(0xd1a, [arg.hash]), shape, arg }));
}

/** The pure scalar integer value of a node, if it is one. */
function integerValue(e: MExpr): bigint | undefined {
  if (e.kind !== 'scalar' || e.expr.kind !== 'num' || !e.expr.value.isInteger) return undefined;
  return e.expr.value.num;
}

/**
 * Entrywise product of operands of one shape; 1×1 operands scale (`2 .* x` is `2*x`).
 * Flattened, ones dropped, equal bases merged (`x .* x` → `x.^2`), ordered.
 */
export function mhadamard(...xs: MExpr[]): MExpr {
  const scalars: MExpr[] = [];
  const factors: MExpr[] = [];
  let shape: Shape | undefined;
  const stack = [...xs].reverse();
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (isScalarShape(x.shape)) {
      scalars.push(x);
      continue;
    }
    if (shape && !sameShape(shape, x.shape)) throw new ShapeError(`cannot multiply entrywise ${formatShape(shape)} and ${formatShape(x.shape)}: .* and ./ need equal shapes`);
    shape = x.shape;
    if (x.kind === 'hadamard') for (let i = x.factors.length - 1; i >= 0; i--) stack.push(x.factors[i]!);
    else if (x.kind === 'mul' && x.chain.length === 1) {
      scalars.push(...x.scalars);
      stack.push(x.chain[0]!);
    } else if (x.kind !== 'ones') factors.push(x);
  }
  if (!shape) return mmul(...scalars);
  if (factors.some(isZeroM) || scalars.some(isZeroM)) return zeros(shape);
  const { merged, rebuild } = mergeEqualBases(factors, (p, base) => p.kind !== 'pow' && p !== base);
  if (rebuild) return mmul(...scalars, mhadamard(...merged, ones(shape.rows, shape.cols)));
  if (merged.length === 0) return mmul(...scalars, ones(shape.rows, shape.cols));
  if (merged.length === 1) return mmul(...scalars, merged[0]!);
  merged.sort(compareM);
  return mmul(...scalars, hadamardNode(merged, shape));
}

/**
 * Entrywise power `base .^ exp` (the power itself for a 1×1 base). The exponent must be
 * a scalar. Rewrites that hold for every real base: `x.^0` → ones, `x.^1` → x,
 * `(x.^a).^n` → `x.^(a*n)` for integer n, `(x .* y).^n` → `x.^n .* y.^n` for integer n,
 * `exp(u).^p` → `exp(p*u)`.
 */
export function mpow(base: MExpr, exp: MExpr): MExpr {
  if (!isScalarShape(exp.shape)) throw new ShapeError(`the exponent of .^ must be a scalar, got ${formatShape(exp.shape)}`);
  if (base.kind === 'scalar' && exp.kind === 'scalar') return mscalar(spow(base.expr, exp.expr));
  if (exp.kind === 'scalar' && exp.expr === ZERO) return ones(base.shape.rows, base.shape.cols);
  if (exp === MONE) return base;
  if (base.kind === 'ones') return base;
  if (isZeroM(base)) {
    if (exp.kind === 'scalar' && exp.expr.kind === 'num' && exp.expr.value.sign > 0) return base;
    throw new DomainError('0 raised to a power that is not positive');
  }
  const k = integerValue(exp);
  if (k !== undefined) {
    if (base.kind === 'pow') return mpow(base.base, mmul(base.exp, exp));
    if (base.kind === 'hadamard') return mhadamard(...base.factors.map((f) => mpow(f, exp)));
    if (base.kind === 'mul' && (isScalarShape(base.shape) || base.chain.length === 1)) {
      const parts = base.scalars.map((s) => mpow(s, exp));
      if (base.chain.length === 1) parts.push(mpow(base.chain[0]!, exp));
      else if (base.chain.length > 1) parts.push(powNode(mmul(...base.chain), exp));
      return mmul(...parts);
    }
  }
  if (base.kind === 'map' && base.fn === 'exp') return mmap('exp', mmul(exp, base.arg));
  return powNode(base, exp);
}

/** The values of functions of 0, entry by entry, when they are 0 or 1. */
const AT_ZERO: Partial<Record<FunctionName, 0 | 1>> = { exp: 1, cos: 1, cosh: 1, sin: 0, tan: 0, sinh: 0, tanh: 0, abs: 0, sign: 0 };

/** A scalar function applied entry by entry (the function itself on a 1×1 argument). */
export function mmap(fn: FunctionName, arg: MExpr): MExpr {
  if (arg.kind === 'scalar') return mscalar(call(fn, arg.expr));
  if (arg.kind === 'zero') {
    const v = AT_ZERO[fn];
    if (fn === 'log') throw new DomainError('log(0) is not finite');
    if (v !== undefined) return v === 1 ? ones(arg.shape.rows, arg.shape.cols) : arg;
  }
  return mapNode(fn, arg);
}

/**
 * `diag(v)`: the diagonal matrix of a column vector; `diag(M)`: the diagonal of a square
 * matrix as a column vector. `diag(diag(v)) = v`, `diag(ones(n)) = eye(n)`.
 */
export function mdiag(x: MExpr): MExpr {
  if (isScalarShape(x.shape)) return x;
  if (isColumnShape(x.shape)) {
    if (x.kind === 'ones') return eye(x.shape.rows);
    if (x.kind === 'zero') return zeros(shapeOf(x.shape.rows, x.shape.rows));
    if (x.kind === 'mul' && x.scalars.length > 0 && x.chain.length === 1) return mmul(...x.scalars, mdiag(x.chain[0]!));
    return diagNode(x, shapeOf(x.shape.rows, x.shape.rows));
  }
  if (x.shape.rows !== x.shape.cols) throw new ShapeError(`diag needs a column vector or a square matrix, got ${formatShape(x.shape)}`);
  if (x.kind === 'eye') return ones(x.shape.rows);
  if (x.kind === 'zero') return zeros(shapeOf(x.shape.rows));
  if (x.kind === 'diag') return x.arg;
  if (x.kind === 'mul' && x.scalars.length > 0 && x.chain.length === 1) return mmul(...x.scalars, mdiag(x.chain[0]!));
  return diagNode(x, shapeOf(x.shape.rows));
}

function requireSquare(name: string, x: MExpr): void {
  if (x.shape.rows !== x.shape.cols) throw new ShapeError(`${name} needs a square matrix, got ${formatShape(x.shape)}`);
}

/** Pulls pure scalar coefficients out of a reduction that is linear (`sum(2*x)` → `2*sum(x)`). */
function linearCoefficient(x: MExpr): [MExpr[], MExpr] | undefined {
  if (x.kind === 'mul' && x.scalars.length > 0 && x.chain.length > 0) return [[...x.scalars], mmul(...x.chain)];
  return undefined;
}

/** sum(X): the sum of the entries. */
export function msum(x: MExpr): MExpr {
  if (isScalarShape(x.shape)) return x;
  if (x.kind === 'zero') return MZERO;
  if (x.kind === 'ones') return mmul(dimScalar(x.shape.rows), dimScalar(x.shape.cols));
  const lin = linearCoefficient(x);
  if (lin) return mmul(...lin[0], msum(lin[1]));
  if (x.kind === 'transpose') return msum(x.arg);
  return reduceNode('sum', x);
}

/** norm(X): Euclidean norm of a vector, Frobenius norm of a matrix (|x| for a scalar). */
export function mnorm(x: MExpr): MExpr {
  if (isScalarShape(x.shape)) return mmap('abs', x);
  if (x.kind === 'zero') return MZERO;
  if (x.kind === 'transpose') return mnorm(x.arg);
  return reduceNode('norm', x);
}

/** tr(A): the trace of a square matrix. */
export function mtr(x: MExpr): MExpr {
  requireSquare('tr', x);
  if (isScalarShape(x.shape)) return x;
  if (x.kind === 'zero') return MZERO;
  if (x.kind === 'eye') return dimScalar(x.shape.rows);
  if (x.kind === 'transpose') return mtr(x.arg);
  const lin = linearCoefficient(x);
  if (lin) return mmul(...lin[0], mtr(lin[1]));
  return reduceNode('tr', x);
}

/** det(A): `det(A') = det(A)`, `det(inv(A)) = det(A)^-1`, `det(eye) = 1`. */
export function mdet(x: MExpr): MExpr {
  requireSquare('det', x);
  if (isScalarShape(x.shape)) return x;
  if (x.kind === 'zero') return MZERO;
  if (x.kind === 'eye') return MONE;
  if (x.kind === 'transpose') return mdet(x.arg);
  if (x.kind === 'inv') return mpow(mdet(x.arg), mscalar(-1));
  return reduceNode('det', x);
}

/** logdet(A) = log(det(A)) for a matrix of positive determinant. */
export function mlogdet(x: MExpr): MExpr {
  requireSquare('logdet', x);
  if (isScalarShape(x.shape)) return mmap('log', x);
  if (x.kind === 'eye') return MZERO;
  if (x.kind === 'transpose') return mlogdet(x.arg);
  if (x.kind === 'inv') return mmul(mscalar(-1), mlogdet(x.arg));
  return reduceNode('logdet', x);
}

/** a / b for a scalar b (a of any shape). */
export function mdiv(a: MExpr, b: MExpr): MExpr {
  if (!isScalarShape(b.shape)) throw new ShapeError(`cannot divide by ${formatShape(b.shape)}: / needs a scalar divisor (use ./ or inv)`);
  if (a.kind === 'scalar' && b.kind === 'scalar') return mscalar(smul(a.expr, spow(b.expr, num(-1))));
  return mmul(a, mpow(b, mscalar(-1)));
}

/** a ./ b entry by entry; a scalar on either side applies to every entry. */
export function mediv(a: MExpr, b: MExpr): MExpr {
  if (isScalarShape(b.shape)) return mdiv(a, b);
  return mhadamard(a, mpow(b, mscalar(-1)));
}

/**
 * Merges equal bases of a product by adding their exponents (x^a times x^b is x^(a+b)),
 * for the matrix product's scalar atoms and for entrywise products alike. `changed`
 * says when a merged power is no longer a plain power of its base, so that the caller
 * rebuilds the product from the merged factors.
 */
export function mergeEqualBases(factors: readonly MExpr[], changed: (merged: MExpr, base: MExpr) => boolean): { merged: MExpr[]; rebuild: boolean } {
  const exps = new Map<MExpr, MExpr[]>();
  const original = new Map<MExpr, MExpr>();
  for (const f of factors) {
    const [base, e] = f.kind === 'pow' ? [f.base, f.exp] : [f, MONE];
    const list = exps.get(base);
    if (list) list.push(e);
    else exps.set(base, [e]);
    original.set(base, f);
  }
  const merged: MExpr[] = [];
  let rebuild = false;
  for (const [base, es] of exps) {
    if (es.length === 1) {
      merged.push(original.get(base)!);
      continue;
    }
    const p = mpow(base, madd(...es));
    if (changed(p, base)) rebuild = true;
    merged.push(p);
  }
  return { merged, rebuild };
}

/**
 * The matrix expression lifted from a scalar one whose nodes in `stands` stand for
 * matrix expressions of one shape (or 1×1): sums, products, powers and calls act entry
 * by entry (`1 - t^2` with t for `tanh(z)` is `ones - tanh(z).^2`); a 1×1 term of a
 * sum with a vector is broadcast (`c*ones(n)`). Nodes that depend on no stand-in are
 * scalars.
 */
export function liftEntrywise(e: Expr, stands: ReadonlyMap<Expr, MExpr>): MExpr {
  const done = new Map<Expr, MExpr>();
  const dep = new Set<Expr>();
  const get = (k: Expr): MExpr => stands.get(k) ?? done.get(k)!;
  if (stands.has(e)) return stands.get(e)!;
  for (const x of topologicalOrder([e], (k) => stands.has(k))) {
    if (!children(x).some((k) => stands.has(k) || dep.has(k))) {
      done.set(x, mscalar(x));
      continue;
    }
    dep.add(x);
    let out: MExpr;
    switch (x.kind) {
      case 'add': {
        const terms = x.terms.map(get);
        const wide = terms.find((t) => !isScalarShape(t.shape));
        out = madd(...(wide ? terms.map((t) => (isScalarShape(t.shape) ? mmul(t, ones(wide.shape.rows, wide.shape.cols)) : t)) : terms));
        break;
      }
      case 'mul':
        out = mhadamard(...x.factors.map(get));
        break;
      case 'pow':
        out = mpow(get(x.base), get(x.exp));
        break;
      case 'call':
        out = mmap(x.fn, get(x.arg));
        break;
      default:
        throw new Error(`internal: cannot lift ${x.kind}`);
    }
    done.set(x, out);
  }
  return get(e);
}
