/**
 * Canonical construction of sums, products, transposes and inverses of matrix
 * expressions, with shape checking. The identities a reader expects hold by
 * construction: `(A')' = A`, `(A*B)' = B'*A'`, `A' = A` for symmetric `A`,
 * `inv(A)' = inv(A')`, `A*inv(A) = eye(n)`, like terms collected and a common right
 * (then left) factor taken out of a sum: `A*x + A'*x` is `(A + A')*x`, which is `2*A*x`
 * when `A` is symmetric.
 */
import { add as sadd, mul as smul, ONE, ZERO, type Expr } from '../nodes.js';
import { hasProperty, isZeroM, MONE, mscalar, eye, zeros, ones } from './leaves.js';
import { compareLists, compareM, hashParts, internM, type MExpr, type MMul } from './nodes.js';
import { formatShape, isColumnShape, isRowShape, isScalarShape, sameShape, shapeOf, ShapeError, SCALAR_SHAPE, type Shape } from './shape.js';
import { mergeEqualBases, mdiag, mhadamard, mmap, mpow, useSumAndProduct } from './entrywise.js';

// ---------------------------------------------------------------------------
// Raw nodes (canonical inputs only)

function addNode(terms: MExpr[], shape: Shape): MExpr {
  const key = `+:${terms.map((t) => t.id).join(',')}`;
  return internM(key, (id) => ({ kind: 'add', id, hash: hashParts(0xadd, terms.map((t) => t.hash)), shape, terms: Object.freeze(terms) }));
}

function mulNode(scalars: MExpr[], chain: MExpr[]): MExpr {
  const shape = chain.length === 0 ? SCALAR_SHAPE : shapeOf(chain[0]!.shape.rows, chain[chain.length - 1]!.shape.cols);
  const key = `*:${scalars.map((t) => t.id).join(',')}|${chain.map((t) => t.id).join(',')}`;
  return internM(key, (id): MMul => ({
    kind: 'mul', id, shape,
    hash: hashParts(0x3a1, [...scalars.map((t) => t.hash), 0x7c, ...chain.map((t) => t.hash)]),
    scalars: Object.freeze(scalars), chain: Object.freeze(chain),
  }));
}

function unaryNode(kind: 'transpose' | 'inv', arg: MExpr, shape: Shape): MExpr {
  const key = `${kind}:${arg.id}`;
  return internM(key, (id) => ({ kind, id, hash: hashParts(kind === 'inv' ? 0x1a7 : 0x7a5, [arg.hash]), shape, arg }));
}

// ---------------------------------------------------------------------------
// Sums

/** Splits a term into its pure scalar coefficient and the rest (`2*eps*A*x` → `2*eps`, `A*x`). */
export function splitScalarCoefficient(x: MExpr): [Expr, MExpr] {
  if (x.kind === 'scalar') return [x.expr, MONE];
  if (x.kind === 'mul' && x.scalars[0]?.kind === 'scalar') {
    const rest = x.scalars.slice(1);
    if (rest.length === 0 && x.chain.length === 1) return [x.scalars[0].expr, x.chain[0]!];
    if (rest.length === 1 && x.chain.length === 0) return [x.scalars[0].expr, rest[0]!];
    return [x.scalars[0].expr, mulNode(rest, [...x.chain])];
  }
  return [ONE, x];
}

function scaleBy(c: Expr, rest: MExpr): MExpr {
  if (c === ONE) return rest;
  if (rest === MONE) return mscalar(c);
  return mmul(mscalar(c), rest);
}

/**
 * Canonical sum of terms of one shape: flattened, like terms collected (coefficients
 * are scalar expressions, so `2*x + eps*x` is `(eps + 2)*x`), zeros dropped, a common
 * last (then first) matrix factor taken out, ordered.
 */
export function madd(...xs: MExpr[]): MExpr {
  if (xs.length === 0) throw new ShapeError('an empty sum has no shape');
  const shape = xs[0]!.shape;
  for (const x of xs) {
    if (!sameShape(x.shape, shape)) {
      const hint = isScalarShape(shape) || isScalarShape(x.shape) ? ' (write c*ones(n) for a constant vector)' : '';
      throw new ShapeError(`cannot add ${formatShape(shape)} and ${formatShape(x.shape)}: + and - need equal shapes${hint}`);
    }
  }
  const coeffs = new Map<MExpr, Expr[]>();
  const stack = [...xs].reverse();
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === 'add') {
      for (let i = x.terms.length - 1; i >= 0; i--) stack.push(x.terms[i]!);
      continue;
    }
    if (isZeroM(x)) continue;
    const [c, rest] = splitScalarCoefficient(x);
    const list = coeffs.get(rest);
    if (list) list.push(c);
    else coeffs.set(rest, [c]);
  }
  let terms: MExpr[] = [];
  for (const [rest, cs] of coeffs) {
    const c = cs.length === 1 ? cs[0]! : sadd(...cs);
    if (c === ZERO) continue;
    terms.push(scaleBy(c, rest));
  }
  if (terms.length === 0) return zeros(shape);
  if (terms.length === 1) return terms[0]!;
  const factored = mergeDiagonals(terms) ?? factorCommon(terms, 'right') ?? factorCommon(terms, 'left');
  if (factored) return madd(...factored);
  terms = terms.sort(compareM);
  return addNode(terms, shape);
}

/**
 * Takes a common last (or first) matrix factor out of the terms that share it:
 * `A*x + B*x` → `(A + B)*x`. Returns undefined when no two terms share one.
 */
function factorCommon(terms: readonly MExpr[], side: 'right' | 'left'): MExpr[] | undefined {
  const groups = new Map<MExpr, MExpr[]>();
  for (const t of terms) {
    if (t.kind !== 'mul' || t.chain.length < 2) continue;
    const f = side === 'right' ? t.chain[t.chain.length - 1]! : t.chain[0]!;
    const list = groups.get(f);
    if (list) list.push(t);
    else groups.set(f, [t]);
  }
  let any = false;
  for (const list of groups.values()) if (list.length >= 2) any = true;
  if (!any) return undefined;
  const out: MExpr[] = [];
  const done = new Set<MExpr>();
  for (const [f, list] of groups) {
    if (list.length < 2) continue;
    const rests = list.map((t) => {
      const m = t as MMul;
      const chain = side === 'right' ? m.chain.slice(0, -1) : m.chain.slice(1);
      return mmul(...m.scalars, ...chain);
    });
    const [c, inner] = commonCoefficient(rests);
    out.push(side === 'right' ? mmul(c, madd(...inner), f) : mmul(c, f, madd(...inner)));
    for (const t of list) done.add(t);
  }
  for (const t of terms) if (!done.has(t)) out.push(t);
  return out;
}

/** The pure scalar coefficient all terms share, and the terms without it (`A/2 + A'/2` → 1/2, [A, A']). */
function commonCoefficient(terms: readonly MExpr[]): [MExpr, MExpr[]] {
  const split = terms.map(splitScalarCoefficient);
  const c = split[0]![0];
  if (c === ONE || !split.every(([k]) => k === c)) return [MONE, [...terms]];
  return [mscalar(c), split.map(([, rest]) => rest)];
}

/**
 * Diagonal matrices of vectors add as their vectors: `diag(u) - diag(v)` → `diag(u - v)`.
 * Returns undefined when fewer than two terms are such diagonals.
 */
function mergeDiagonals(terms: readonly MExpr[]): MExpr[] | undefined {
  const diags: MExpr[] = [];
  const others: MExpr[] = [];
  for (const t of terms) {
    const [c, rest] = splitScalarCoefficient(t);
    if (rest.kind === 'diag' && isColumnShape(rest.arg.shape)) diags.push(mmul(mscalar(c), rest.arg));
    else others.push(t);
  }
  if (diags.length < 2) return undefined;
  return [...others, mdiag(madd(...diags))];
}

// ---------------------------------------------------------------------------
// Products

/**
 * Canonical product. A scalar (1×1) factor scales; the other factors multiply as
 * matrices, in order, and must fit (`n×k` times `k×m`). Scalar factors are collected in
 * front with equal bases merged (`norm(r)*norm(r)^-1` → 1); `eye` drops out of a chain;
 * `X*inv(X)`, `Q'*Q` for orthogonal `Q` become the identity; `diag(u)*v` is `u .* v` and
 * `v'*diag(u)` is `(v .* u)'`; a
 * 1×1 chain is written in the smaller of its two transposed forms (`y'*x` or `x'*y`).
 */
export function mmul(...xs: MExpr[]): MExpr {
  let coeff: Expr = ONE;
  const atoms: MExpr[] = [];
  const chain: MExpr[] = [];
  const visitScalar = (x: MExpr): void => {
    if (x.kind === 'scalar') coeff = smul(coeff, x.expr);
    else atoms.push(x);
  };
  for (const x of xs) {
    if (x.kind === 'mul') {
      for (const s of x.scalars) visitScalar(s);
      if (isScalarShape(x.shape) && x.chain.length > 0) atoms.push(mulNode([], [...x.chain]));
      else chain.push(...x.chain);
    } else if (isScalarShape(x.shape)) visitScalar(x);
    else chain.push(x);
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i]!.shape;
    const b = chain[i + 1]!.shape;
    if (a.cols !== b.rows) {
      throw new ShapeError(`cannot multiply ${formatShape(a)} by ${formatShape(b)}: the columns of the left (${a.cols}) must equal the rows of the right (${b.rows})`);
    }
  }
  const shape = chain.length === 0 ? SCALAR_SHAPE : shapeOf(chain[0]!.shape.rows, chain[chain.length - 1]!.shape.cols);
  if (coeff === ZERO || chain.some(isZeroM) || atoms.some(isZeroM)) return zeros(shape);

  // Merge equal scalar bases by adding exponents.
  const { merged, rebuild } = mergeEqualBases(atoms, (p) => p.kind === 'scalar' || p.kind === 'mul');
  if (rebuild) return mmul(mscalar(coeff), ...merged, ...chain);

  const out = simplifyChain(chain);
  if (out.length === 0 && chain.length > 0) out.push(eye(shape.rows));
  let finalChain = out;
  if (isScalarShape(shape) && out.length > 0) {
    // Of the two equal forms, the one with fewer transposes (x'*inv(F)*g, not g'*inv(F')*x), then the smaller.
    const alt = [...out].reverse().map(mtranspose);
    const d = transposeCount(alt) - transposeCount(out);
    if (d < 0 || (d === 0 && compareLists(alt, out) < 0)) finalChain = alt;
  }
  merged.sort(compareM);
  const scalars = coeff === ONE ? merged : [mscalar(coeff), ...merged];
  if (finalChain.length === 0) {
    if (scalars.length === 0) return MONE;
    if (scalars.length === 1) return scalars[0]!;
    return mulNode(scalars, []);
  }
  if (scalars.length === 0 && finalChain.length === 1) return finalChain[0]!;
  return mulNode(scalars, finalChain);
}

function transposeCount(chain: readonly MExpr[]): number {
  let n = 0;
  for (const f of chain) if (f.kind === 'transpose' || (f.kind === 'inv' && f.arg.kind === 'transpose')) n++;
  return n;
}

function simplifyChain(chain: readonly MExpr[]): MExpr[] {
  const out: MExpr[] = [];
  for (const f of chain) {
    if (f.kind === 'eye') continue;
    const prev = out[out.length - 1];
    if (prev) {
      const inverses =
        (prev.kind === 'inv' && prev.arg === f) ||
        (f.kind === 'inv' && f.arg === prev) ||
        (hasProperty(f, 'orthogonal') && prev.kind === 'transpose' && prev.arg === f) ||
        (hasProperty(prev, 'orthogonal') && f.kind === 'transpose' && f.arg === prev);
      if (inverses) {
        out.pop();
        continue;
      }
      if (prev.kind === 'diag' && isColumnShape(prev.arg.shape) && isColumnShape(f.shape)) {
        out.pop();
        out.push(mhadamard(prev.arg, f));
        continue;
      }
      if (f.kind === 'diag' && isColumnShape(f.arg.shape) && isRowShape(prev.shape)) {
        // A row times a diagonal is a row: ones(1,n)*diag(v) is v', u'*diag(v) is (u .* v)'.
        out.pop();
        out.push(mtranspose(mhadamard(mtranspose(prev), f.arg)));
        continue;
      }
      if (prev.kind === 'diag' && f.kind === 'diag' && isColumnShape(prev.arg.shape) && isColumnShape(f.arg.shape)) {
        out.pop();
        out.push(mdiag(mhadamard(prev.arg, f.arg)));
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Transpose

const transposeCache = new Map<MExpr, MExpr>();

/** The parts of a node whose transposes its own transpose is built from. */
function transposeParts(e: MExpr): readonly MExpr[] {
  switch (e.kind) {
    case 'add':
      return e.terms;
    case 'mul':
      return e.chain;
    case 'hadamard':
      return e.factors;
    case 'inv':
    case 'map':
      return [e.arg];
    case 'pow':
      return [e.base];
    default:
      return [];
  }
}

/**
 * The transpose, pushed down to declared matrices and vectors. A 1×1 node is its own
 * transpose. Memoised for the process (like interning) and iterative, so transposing
 * deep expressions neither overflows the stack nor repeats work.
 */
export function mtranspose(e: MExpr): MExpr {
  if (isScalarShape(e.shape)) return e;
  const hit = transposeCache.get(e);
  if (hit) return hit;
  const stack: MExpr[] = [e];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (transposeCache.has(top)) {
      stack.pop();
      continue;
    }
    const pending = transposeParts(top).filter((p) => !isScalarShape(p.shape) && !transposeCache.has(p));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    transposeCache.set(top, transposeShallow(top));
  }
  return transposeCache.get(e)!;
}

function t(e: MExpr): MExpr {
  return isScalarShape(e.shape) ? e : transposeCache.get(e)!;
}

function transposeShallow(e: MExpr): MExpr {
  const flipped = shapeOf(e.shape.cols, e.shape.rows);
  switch (e.kind) {
    case 'eye':
      return e;
    case 'ones':
      return ones(flipped.rows, flipped.cols);
    case 'zero':
      return zeros(flipped);
    case 'var':
      return hasProperty(e, 'symmetric') ? e : unaryNode('transpose', e, flipped);
    case 'transpose':
      return e.arg;
    case 'add':
      return madd(...e.terms.map(t));
    case 'mul':
      return mmul(...e.scalars, ...[...e.chain].reverse().map(t));
    case 'inv':
      return minv(t(e.arg));
    case 'hadamard':
      return mhadamard(...e.factors.map(t));
    case 'pow':
      return mpow(t(e.base), e.exp);
    case 'map':
      return mmap(e.fn, t(e.arg));
    case 'diag':
      return isColumnShape(e.arg.shape) ? e : unaryNode('transpose', e, flipped);
    default:
      return unaryNode('transpose', e, flipped);
  }
}

// ---------------------------------------------------------------------------
// Inverse

/**
 * The inverse of a square matrix: `inv(inv(X)) = X`, `inv(eye) = eye`, `inv(Q) = Q'`
 * for orthogonal `Q`, `inv(diag(v)) = diag(v.^-1)`, `inv(c*X) = c^-1*inv(X)`; a 1×1
 * argument is the reciprocal.
 */
export function minv(x: MExpr): MExpr {
  if (x.shape.rows !== x.shape.cols) throw new ShapeError(`inv needs a square matrix, got ${formatShape(x.shape)}`);
  if (isScalarShape(x.shape)) return mpow(x, mscalar(-1));
  if (isZeroM(x)) throw new ShapeError('inv of a zero matrix');
  switch (x.kind) {
    case 'eye':
      return x;
    case 'inv':
      return x.arg;
    case 'var':
      if (hasProperty(x, 'orthogonal')) return mtranspose(x);
      break;
    case 'diag':
      if (isColumnShape(x.arg.shape)) return mdiag(mpow(x.arg, mscalar(-1)));
      break;
    case 'mul':
      if (x.scalars.length > 0) return mmul(mpow(mmul(...x.scalars), mscalar(-1)), minv(mmul(...x.chain)));
      break;
    default:
      break;
  }
  return unaryNode('inv', x, x.shape);
}

/** -a */
export function mneg(a: MExpr): MExpr {
  return mmul(mscalar(-1), a);
}
/** a - b */
export function msub(a: MExpr, b: MExpr): MExpr {
  return madd(a, mneg(b));
}

useSumAndProduct({ madd, mmul });
