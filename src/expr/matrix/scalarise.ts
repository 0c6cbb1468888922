/**
 * Scalarisation: with numbers for the dimensions, a matrix expression becomes a grid of
 * scalar expressions of the existing scalar IR, one per entry, over entry symbols
 * `x[i]` and `A[i,j]` (1-based). This is the independent path the matrix calculus is
 * checked against: the scalar core differentiates the entries one by one.
 *
 * Symmetric (and positive (semi)definite) matrices share one symbol per pair of
 * entries, diagonal ones have zeros off the diagonal. Determinants expand by minors
 * with memoisation over column subsets, so the size is limited (MAX_SCALARISED_SIZE).
 */
import { add, call, mul, num, pow, substitute, sym, ZERO, ONE, sqrt, log, type Expr, type Sym } from '../index.js';
import { mtopologicalOrder, type MExpr, type MVar } from './nodes.js';
import { hasProperty } from './leaves.js';
import { ShapeError, type Dim } from './shape.js';

/** Largest square matrix whose determinant or inverse is scalarised (expansion by minors). */
export const MAX_SCALARISED_SIZE = 7;

/** A grid of scalar expressions, row-major. */
export interface ScalarGrid {
  readonly rows: number;
  readonly cols: number;
  readonly entries: readonly Expr[];
}

/** The scalar symbol of entry (i, j) of a declared matrix or vector (0-based indices). */
export function entrySymbol(v: MVar, i: number, j: number): Sym {
  if (v.shape.cols === 1) return sym(`${v.name}[${i + 1}]`);
  if (hasProperty(v, 'symmetric') && i > j) return sym(`${v.name}[${j + 1},${i + 1}]`);
  return sym(`${v.name}[${i + 1},${j + 1}]`);
}

/** The entry grid of a declared variable (zeros off the diagonal of a diagonal matrix). */
export function variableGrid(v: MVar, rows: number, cols: number): ScalarGrid {
  const entries: Expr[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) entries.push(hasProperty(v, 'diagonal') && i !== j ? ZERO : entrySymbol(v, i, j));
  }
  return { rows, cols, entries };
}

function dimNumber(d: Dim, dims: Readonly<Record<string, number>>): number {
  if (typeof d === 'number') return d;
  const v = dims[d];
  if (v === undefined) throw new ShapeError(`no number given for the dimension '${d}'`);
  return v;
}

function grid(rows: number, cols: number, f: (i: number, j: number) => Expr): ScalarGrid {
  const entries: Expr[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) entries.push(f(i, j));
  return { rows, cols, entries };
}

const at = (g: ScalarGrid, i: number, j: number): Expr => g.entries[i * g.cols + j]!;

function matmul(a: ScalarGrid, b: ScalarGrid): ScalarGrid {
  return grid(a.rows, b.cols, (i, j) => add(...Array.from({ length: a.cols }, (_, k) => mul(at(a, i, k), at(b, k, j)))));
}

/** det of the square submatrix on the rows from `row` down and the columns in `mask`, memoised. */
function det(g: ScalarGrid): Expr {
  const n = g.rows;
  if (n > MAX_SCALARISED_SIZE) throw new ShapeError(`scalarising det or inv of a ${n}×${n} matrix is limited to ${MAX_SCALARISED_SIZE}×${MAX_SCALARISED_SIZE}`);
  const memo = new Map<number, Expr>();
  const minor = (row: number, mask: number): Expr => {
    if (row === n) return ONE;
    const hit = memo.get(mask);
    if (hit) return hit;
    const terms: Expr[] = [];
    let sign = 1;
    for (let j = 0; j < n; j++) {
      if (!(mask & (1 << j))) continue;
      terms.push(mul(num(sign), at(g, row, j), minor(row + 1, mask & ~(1 << j))));
      sign = -sign;
    }
    const d = add(...terms);
    memo.set(mask, d);
    return d;
  };
  return minor(0, (1 << n) - 1);
}

function inverse(g: ScalarGrid): ScalarGrid {
  const n = g.rows;
  const d = det(g);
  const without = (r: number, c: number): ScalarGrid =>
    grid(n - 1, n - 1, (i, j) => at(g, i < r ? i : i + 1, j < c ? j : j + 1));
  return grid(n, n, (i, j) => mul(num((i + j) % 2 === 0 ? 1 : -1), n === 1 ? ONE : det(without(j, i)), pow(d, num(-1))));
}

/**
 * The entries of a matrix expression as scalar expressions, with numbers for the
 * dimension names (which also replace dimension names that appear as scalars).
 */
export function scalarise(e: MExpr, dims: Readonly<Record<string, number>>): ScalarGrid {
  const memo = new Map<MExpr, ScalarGrid>();
  const dimSubst: Record<string, Expr> = {};
  for (const [k, v] of Object.entries(dims)) dimSubst[k] = num(v);
  const g = (x: MExpr): ScalarGrid => memo.get(x)!;
  const s = (x: MExpr): Expr => memo.get(x)!.entries[0]!;
  for (const node of mtopologicalOrder([e])) {
    const rows = dimNumber(node.shape.rows, dims);
    const cols = dimNumber(node.shape.cols, dims);
    let out: ScalarGrid;
    switch (node.kind) {
      case 'scalar':
        out = grid(1, 1, () => substitute(node.expr, dimSubst));
        break;
      case 'var':
        out = variableGrid(node, rows, cols);
        break;
      case 'eye':
        out = grid(rows, cols, (i, j) => (i === j ? ONE : ZERO));
        break;
      case 'ones':
        out = grid(rows, cols, () => ONE);
        break;
      case 'zero':
        out = grid(rows, cols, () => ZERO);
        break;
      case 'add':
        out = grid(rows, cols, (i, j) => add(...node.terms.map((t) => at(g(t), i, j))));
        break;
      case 'mul': {
        const c = mul(...node.scalars.map(s));
        let acc: ScalarGrid | undefined;
        for (const f of node.chain) acc = acc ? matmul(acc, g(f)) : g(f);
        out = acc ? grid(rows, cols, (i, j) => mul(c, at(acc!, i, j))) : grid(1, 1, () => c);
        break;
      }
      case 'transpose':
        out = grid(rows, cols, (i, j) => at(g(node.arg), j, i));
        break;
      case 'inv':
        out = inverse(g(node.arg));
        break;
      case 'hadamard':
        out = grid(rows, cols, (i, j) => mul(...node.factors.map((f) => at(g(f), i, j))));
        break;
      case 'pow':
        out = grid(rows, cols, (i, j) => pow(at(g(node.base), i, j), s(node.exp)));
        break;
      case 'map':
        out = grid(rows, cols, (i, j) => call(node.fn, at(g(node.arg), i, j)));
        break;
      case 'sum':
        out = grid(1, 1, () => add(...g(node.arg).entries));
        break;
      case 'norm':
        out = grid(1, 1, () => sqrt(add(...g(node.arg).entries.map((x) => pow(x, num(2))))));
        break;
      case 'tr': {
        const a = g(node.arg);
        out = grid(1, 1, () => add(...Array.from({ length: a.rows }, (_, i) => at(a, i, i))));
        break;
      }
      case 'det':
        out = grid(1, 1, () => det(g(node.arg)));
        break;
      case 'logdet':
        out = grid(1, 1, () => log(det(g(node.arg))));
        break;
      case 'diag': {
        const a = g(node.arg);
        out = a.cols === 1 ? grid(rows, cols, (i, j) => (i === j ? at(a, i, 0) : ZERO)) : grid(rows, 1, (i) => at(a, i, i));
        break;
      }
    }
    memo.set(node, out);
  }
  return memo.get(e)!;
}
