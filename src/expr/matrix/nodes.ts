/**
 * Matrix expressions: a closed union of immutable, interned nodes, each with a shape.
 *
 * Invariants (the same contract as the scalar IR in `../nodes.ts`):
 * - Nodes are built only through the smart constructors of `build.ts`, which check
 *   shapes, canonicalise and intern, so `a === b` is structural equality.
 * - A 1×1 node is a scalar. A scalar built only from numbers and scalar symbols is one
 *   `scalar` node wrapping a scalar `Expr`, so scalar arithmetic stays the scalar IR's.
 * - Transposes are pushed down to declared (non-symmetric) matrices and vectors:
 *   `(A*B)'` is `B'*A'`, `inv(A)'` is `inv(A')`, `A'` is `A` for symmetric `A`.
 * - Products keep their scalar factors first (commutative, ordered) and their matrix
 *   factors after, in order (the chain, not commutative).
 */
import { compareNodes, type Expr, type FunctionName } from '../nodes.js';
import { postOrder } from '../traverse.js';
import { type MatrixProperty, type Shape } from './shape.js';

interface MBase {
  /** Unique per structurally distinct node within this process. */
  readonly id: number;
  /** Structural hash, stable across processes. */
  readonly hash: number;
  /** Rows × columns; 1×1 is a scalar. */
  readonly shape: Shape;
}
/** A scalar expression of the scalar IR (numbers, scalar symbols, pi, functions of them). */
export interface MScalar extends MBase {
  readonly kind: 'scalar';
  readonly expr: Expr;
}
/** A declared vector or matrix. */
export interface MVar extends MBase {
  readonly kind: 'var';
  readonly name: string;
  /** Declared properties, sorted. */
  readonly props: readonly MatrixProperty[];
}
/** The identity matrix eye(n). */
export interface MEye extends MBase {
  readonly kind: 'eye';
}
/** The all-ones vector or matrix. */
export interface MOnes extends MBase {
  readonly kind: 'ones';
}
/** The zero vector or matrix (the zero scalar is the scalar 0). */
export interface MZero extends MBase {
  readonly kind: 'zero';
}
/** A sum of terms of one shape, like terms collected. */
export interface MAdd extends MBase {
  readonly kind: 'add';
  readonly terms: readonly MExpr[];
}
/**
 * A product: `scalars` (1×1 factors, ordered; a pure scalar coefficient first) times
 * the `chain` of matrix factors in order (possibly empty: a product of scalars).
 */
export interface MMul extends MBase {
  readonly kind: 'mul';
  readonly scalars: readonly MExpr[];
  readonly chain: readonly MExpr[];
}
/** The transpose of a declared matrix or vector (or of a node transposes do not pass). */
export interface MTranspose extends MBase {
  readonly kind: 'transpose';
  readonly arg: MExpr;
}
/** The inverse of a square matrix. */
export interface MInv extends MBase {
  readonly kind: 'inv';
  readonly arg: MExpr;
}
/** The entrywise product `.*` of factors of one shape (commutative, ordered). */
export interface MHadamard extends MBase {
  readonly kind: 'hadamard';
  readonly factors: readonly MExpr[];
}
/** The entrywise power `base.^exp` with a scalar exponent (for a 1×1 base, the power). */
export interface MPow extends MBase {
  readonly kind: 'pow';
  readonly base: MExpr;
  readonly exp: MExpr;
}
/** A scalar function applied entry by entry (for a 1×1 argument, the function). */
export interface MMap extends MBase {
  readonly kind: 'map';
  readonly fn: FunctionName;
  readonly arg: MExpr;
}
/** Reductions to a scalar: sum of entries, Euclidean/Frobenius norm, trace, determinant, log-determinant. */
export interface MReduce extends MBase {
  readonly kind: 'sum' | 'norm' | 'tr' | 'det' | 'logdet';
  readonly arg: MExpr;
}
/** diag(v): the diagonal matrix of a vector; diag(M): the diagonal of a square matrix as a vector. */
export interface MDiag extends MBase {
  readonly kind: 'diag';
  readonly arg: MExpr;
}
/** Every matrix expression node. */
export type MExpr = MScalar | MVar | MEye | MOnes | MZero | MAdd | MMul | MTranspose | MInv | MHadamard | MPow | MMap | MReduce | MDiag;
/** The kind tag of a matrix node. */
export type MKind = MExpr['kind'];
/** The kinds that reduce their argument to a scalar. */
export const REDUCTIONS = ['sum', 'norm', 'tr', 'det', 'logdet'] as const;
/** A reduction kind. */
export type ReductionKind = (typeof REDUCTIONS)[number];

// ---------------------------------------------------------------------------
// Interning

const table = new Map<string, MExpr>();
let nextId = 0;

/** Looks the node up by its structural key, creating it once. Internal to the matrix room. */
export function internM<T extends MExpr>(key: string, make: (id: number) => T): T {
  const found = table.get(key);
  if (found) return found as T;
  const node = Object.freeze(make(nextId++)) as T;
  table.set(key, node);
  return node;
}

/** Number of distinct matrix nodes built so far in this process. */
export function internedMatrixCount(): number {
  return table.size;
}

/** FNV-1a hash of a string (stable across processes). */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
/** Combines hashes in order. */
export function hashParts(seed: number, parts: readonly number[]): number {
  let h = seed >>> 0;
  for (const p of parts) h = (Math.imul(h ^ p, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
  return h;
}
/** Key text of a shape for interning. */
export function shapeKey(s: Shape): string {
  return `${typeof s.rows}${s.rows}|${typeof s.cols}${s.cols}`;
}

// ---------------------------------------------------------------------------
// Structure

/** The direct children of a node. */
export function mchildren(e: MExpr): readonly MExpr[] {
  switch (e.kind) {
    case 'scalar':
    case 'var':
    case 'eye':
    case 'ones':
    case 'zero':
      return [];
    case 'add':
      return e.terms;
    case 'mul':
      return e.scalars.length === 0 ? e.chain : e.chain.length === 0 ? e.scalars : [...e.scalars, ...e.chain];
    case 'hadamard':
      return e.factors;
    case 'pow':
      return [e.base, e.exp];
    default:
      return [e.arg];
  }
}

const KIND_RANK: Record<MKind, number> = {
  scalar: 0, eye: 1, ones: 2, zero: 3, var: 4, transpose: 5, inv: 6, diag: 7, map: 8, pow: 9,
  sum: 10, norm: 11, tr: 12, det: 13, logdet: 14, hadamard: 15, mul: 16, add: 17,
};

/**
 * Total order for canonical child order: by kind, then names, values and structural
 * hashes, never by construction order. Iterative on ties, so deep equal-hash chains
 * cannot overflow the stack.
 */
export function compareM(a: MExpr, b: MExpr): number {
  const stack: [MExpr, MExpr][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    const c = compareShallow(x, y);
    if (c !== 0) return c;
    const xs = mchildren(x);
    const ys = mchildren(y);
    if (xs.length !== ys.length) return xs.length - ys.length;
    for (let i = xs.length - 1; i >= 0; i--) stack.push([xs[i]!, ys[i]!]);
  }
  return 0;
}

function compareShallow(x: MExpr, y: MExpr): number {
  const r = KIND_RANK[x.kind] - KIND_RANK[y.kind];
  if (r !== 0) return r;
  switch (x.kind) {
    case 'scalar':
      return compareNodes(x.expr, (y as MScalar).expr);
    case 'var':
      return x.name < (y as MVar).name ? -1 : x.name > (y as MVar).name ? 1 : 0;
    case 'map':
      if (x.fn !== (y as MMap).fn) return x.fn < (y as MMap).fn ? -1 : 1;
      break;
    default:
      break;
  }
  const sx = shapeKey(x.shape);
  const sy = shapeKey(y.shape);
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (x.hash !== y.hash) return x.hash < y.hash ? -1 : 1;
  return 0;
}

/** Compares two lists of nodes lexicographically. */
export function compareLists(xs: readonly MExpr[], ys: readonly MExpr[]): number {
  if (xs.length !== ys.length) return xs.length - ys.length;
  for (let i = 0; i < xs.length; i++) {
    const c = compareM(xs[i]!, ys[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Nodes reachable from the roots, children before parents. Iterative: deep
 * compositions must not overflow the stack.
 */
export function mtopologicalOrder(roots: readonly MExpr[]): MExpr[] {
  return postOrder(roots, mchildren);
}
