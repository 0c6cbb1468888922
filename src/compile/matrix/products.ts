/**
 * Products of matrix plans (plan.ts): a chain of factors multiplied in the cheapest
 * order (`A'*(A*x)` before `(A'*A)*x`, by dynamic programming over the dimensions), a
 * transposed factor read in place by the kernels, never formed.
 */
import { dot } from '../../linalg/vector.js';
import { gemm, gemv, gemvT, scaleInto, transposeInto } from './kernels.js';

/** An operand of a product: a buffer read as stored or as its transpose. */
export interface ProductFactor {
  readonly get: () => Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** The buffer holds the transpose (cols×rows) of the operand. */
  readonly transposed: boolean;
}

/** A product step: scalar factors times the chain multiplied in the cheapest order. */
export function productStep(scalarIdx: readonly number[], chain: readonly ProductFactor[], outIdx: number, buffers: Float64Array[], len: number): () => void {
  if (chain.length === 0) {
    return () => {
      let s = 1;
      for (const i of scalarIdx) s *= buffers[i]![0]!;
      buffers[outIdx]![0] = s;
    };
  }
  const tree = chainOrder(chain);
  const evalTree = buildTree(tree, chain);
  return () => {
    let s = 1;
    for (const i of scalarIdx) s *= buffers[i]![0]!;
    const out = buffers[outIdx]!;
    const v = evalTree(out);
    if (v !== out) scaleInto(s, v, out, len);
    else if (s !== 1) scaleInto(s, out, out, len);
  };
}

type Tree = number | [Tree, Tree];

/** The cheapest parenthesisation of a chain (dynamic programming over the dimensions). */
function chainOrder(chain: readonly ProductFactor[]): Tree {
  const p = chain.length;
  const d = [chain[0]!.rows, ...chain.map((c) => c.cols)];
  const cost: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const split: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let span = 1; span < p; span++) {
    for (let i = 0; i + span < p; i++) {
      const j = i + span;
      cost[i]![j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + d[i]! * d[k + 1]! * d[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = k;
        }
      }
    }
  }
  const build = (i: number, j: number): Tree => (i === j ? i : [build(i, split[i]![j]!), build(split[i]![j]! + 1, j)]);
  return build(0, p - 1);
}

/** Returns a function that fills `out` (or returns a leaf buffer) with the product of the tree. */
function buildTree(tree: Tree, chain: readonly ProductFactor[]): (out: Float64Array) => Float64Array {
  if (typeof tree === 'number') {
    const op = chain[tree]!;
    if (!op.transposed || op.rows === 1 || op.cols === 1) return () => op.get();
    return (out) => {
      transposeInto(op.get(), op.cols, op.rows, out);
      return out;
    };
  }
  const [lt, rt] = tree;
  const left = shapeOfTree(lt, chain);
  const right = shapeOfTree(rt, chain);
  const lLeaf = typeof lt === 'number' ? chain[lt]! : undefined;
  const rLeaf = typeof rt === 'number' ? chain[rt]! : undefined;
  const lFill = lLeaf ? undefined : buildTree(lt, chain);
  const rFill = rLeaf ? undefined : buildTree(rt, chain);
  const lTmp = lLeaf ? undefined : new Float64Array(left.rows * left.cols);
  const rTmp = rLeaf ? undefined : new Float64Array(right.rows * right.cols);
  const m = left.rows;
  const k = left.cols;
  const n = right.cols;
  const tA = lLeaf?.transposed === true && m !== 1 && k !== 1;
  const tB = rLeaf?.transposed === true && k !== 1 && n !== 1;
  return (out) => {
    const A = lLeaf ? lLeaf.get() : lFill!(lTmp!);
    const B = rLeaf ? rLeaf.get() : rFill!(rTmp!);
    if (n === 1 && m === 1) out[0] = dot(A, B, k);
    else if (n === 1) (tA ? gemvT(A, B, k, m, out) : gemv(A, B, m, k, out));
    else if (m === 1) (tB ? gemv(B, A, n, k, out) : gemvT(B, A, k, n, out));
    else gemm(A, tA, B, tB, m, k, n, out);
    return out;
  };
}

function shapeOfTree(t: Tree, chain: readonly ProductFactor[]): { rows: number; cols: number } {
  let first = t;
  while (typeof first !== 'number') first = first[0];
  let last = t;
  while (typeof last !== 'number') last = last[1];
  return { rows: chain[first]!.rows, cols: chain[last]!.cols };
}
