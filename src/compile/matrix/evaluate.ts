/**
 * Numeric instances of matrix expressions: with numbers for the dimensions and values
 * for the symbols, any matrix expression evaluates to a dense matrix. This is the plain
 * reference evaluator (one literal loop per node, in topological order, memoised per
 * call) that the compiled loop nests and the matrix calculus are tested against.
 */
import { FUNCTIONS } from '../../expr/index.js';
import { mtopologicalOrder, type MExpr, type Dim, type Shape } from '../../expr/matrix/index.js';
import { luFactor, luSolveFactored, SingularMatrixError } from '../../linalg/lu.js';
import { evaluate as evaluateScalar } from '../interpret.js';

/** A dense row-major matrix (a column vector has cols = 1, a scalar is 1×1). */
export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A value given for a symbol: a number, a vector as a list, a matrix as a list of rows. */
export type MatrixValue = number | readonly number[] | readonly (readonly number[])[];

/** Numbers for the dimension names and values for the symbols. */
export interface Instance {
  readonly dims: Readonly<Record<string, number>>;
  readonly values: Readonly<Record<string, MatrixValue | Dense>>;
}

/** Raised when an instance does not fit the expression (a missing value, a wrong size, an unbound dimension). */
export class InstanceError extends Error {
  override name = 'InstanceError';
}

/** The number a dimension has in the instance. */
export function resolveDim(d: Dim, dims: Readonly<Record<string, number>>): number {
  if (typeof d === 'number') return d;
  const v = dims[d];
  if (v === undefined) throw new InstanceError(`no number given for the dimension '${d}'`);
  return v;
}

/** The numeric shape of a node in the instance. */
export function resolveShape(s: Shape, dims: Readonly<Record<string, number>>): [number, number] {
  return [resolveDim(s.rows, dims), resolveDim(s.cols, dims)];
}

/** A value converted to a dense matrix of the expected size. */
export function toDense(name: string, v: MatrixValue | Dense, rows: number, cols: number): Dense {
  if (typeof v === 'object' && 'data' in v) {
    if (v.rows !== rows || v.cols !== cols) throw new InstanceError(`'${name}' is ${v.rows}×${v.cols}, expected ${rows}×${cols}`);
    return v;
  }
  const data = new Float64Array(rows * cols);
  if (typeof v === 'number') {
    if (rows !== 1 || cols !== 1) throw new InstanceError(`'${name}' needs ${rows}×${cols} values, got a number`);
    data[0] = v;
    return { rows, cols, data };
  }
  const list = v as readonly (number | readonly number[])[];
  if (cols === 1 && list.every((x) => typeof x === 'number')) {
    if (list.length !== rows) throw new InstanceError(`'${name}' needs ${rows} entries, got ${list.length}`);
    list.forEach((x, i) => (data[i] = x as number));
    return { rows, cols, data };
  }
  if (list.length !== rows) throw new InstanceError(`'${name}' needs ${rows} rows, got ${list.length}`);
  list.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) throw new InstanceError(`row ${i + 1} of '${name}' needs ${cols} entries`);
    row.forEach((x: number, j: number) => (data[i * cols + j] = x));
  });
  return { rows, cols, data };
}

/** A dense matrix as nested lists (a vector as a flat list, a scalar as a number). */
export function fromDense(d: Dense): MatrixValue {
  if (d.rows === 1 && d.cols === 1) return d.data[0]!;
  if (d.cols === 1) return Array.from(d.data);
  return Array.from({ length: d.rows }, (_, i) => Array.from(d.data.subarray(i * d.cols, (i + 1) * d.cols)));
}

function dense(rows: number, cols: number): Dense {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

function matmul(a: Dense, b: Dense): Dense {
  const out = dense(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j]! += aik * b.data[k * b.cols + j]!;
    }
  }
  return out;
}

function scale(s: number, a: Dense): Dense {
  const out = dense(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = s * a.data[i]!;
  return out;
}

function transpose(a: Dense): Dense {
  const out = dense(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return out;
}

function inverse(a: Dense): Dense {
  const n = a.rows;
  const f = luFactor(a.data, n);
  const out = dense(n, n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = luSolveFactored(f, e);
    for (let i = 0; i < n; i++) out.data[i * n + j] = col[i]!;
  }
  return out;
}

function determinant(a: Dense): number {
  try {
    const f = luFactor(a.data, a.rows);
    let d = permutationParity(f.perm);
    for (let i = 0; i < a.rows; i++) d *= f.lu[i * a.rows + i]!;
    return d;
  } catch (err) {
    if (err instanceof SingularMatrixError) return 0;
    throw err;
  }
}

/** The sign of a permutation, from the lengths of its cycles. */
function permutationParity(perm: Int32Array): number {
  const seen = new Uint8Array(perm.length);
  let parity = 1;
  for (let i = 0; i < perm.length; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = perm[j]!) {
      seen[j] = 1;
      len++;
    }
    if (len % 2 === 0) parity = -parity;
  }
  return parity;
}

function entrywise(a: Dense, f: (x: number) => number): Dense {
  const out = dense(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i]!);
  return out;
}

/** Evaluates a matrix expression at an instance. */
export function evaluateMatrix(e: MExpr, instance: Instance): Dense {
  return evaluateMatrices([e], instance)[0]!;
}

/** Evaluates several matrix expressions at an instance, sharing common nodes. */
export function evaluateMatrices(roots: readonly MExpr[], instance: Instance): Dense[] {
  const memo = new Map<MExpr, Dense>();
  const scalarEnv: Record<string, number> = { ...instance.dims };
  for (const [k, v] of Object.entries(instance.values)) if (typeof v === 'number') scalarEnv[k] = v;
  const val = (x: MExpr): Dense => memo.get(x)!;
  const num = (x: MExpr): number => memo.get(x)!.data[0]!;
  for (const node of mtopologicalOrder(roots)) {
    const [rows, cols] = resolveShape(node.shape, instance.dims);
    let out: Dense;
    switch (node.kind) {
      case 'scalar':
        out = { rows: 1, cols: 1, data: Float64Array.of(evaluateScalar(node.expr, scalarEnv)) };
        break;
      case 'var': {
        const v = instance.values[node.name];
        if (v === undefined) throw new InstanceError(`no value given for '${node.name}'`);
        out = toDense(node.name, v, rows, cols);
        break;
      }
      case 'eye':
        out = dense(rows, cols);
        for (let i = 0; i < rows; i++) out.data[i * cols + i] = 1;
        break;
      case 'ones':
        out = dense(rows, cols);
        out.data.fill(1);
        break;
      case 'zero':
        out = dense(rows, cols);
        break;
      case 'add':
        out = dense(rows, cols);
        for (const t of node.terms) {
          const v = val(t).data;
          for (let i = 0; i < v.length; i++) out.data[i]! += v[i]!;
        }
        break;
      case 'mul': {
        let s = 1;
        for (const f of node.scalars) s *= num(f);
        let acc: Dense | undefined;
        for (const f of node.chain) acc = acc ? matmul(acc, val(f)) : val(f);
        out = acc ? scale(s, acc) : { rows: 1, cols: 1, data: Float64Array.of(s) };
        break;
      }
      case 'transpose':
        out = transpose(val(node.arg));
        break;
      case 'inv':
        out = inverse(val(node.arg));
        break;
      case 'hadamard':
        out = entrywise(val(node.factors[0]!), (x) => x);
        for (const f of node.factors.slice(1)) {
          const v = val(f).data;
          for (let i = 0; i < v.length; i++) out.data[i]! *= v[i]!;
        }
        break;
      case 'pow': {
        const p = num(node.exp);
        out = entrywise(val(node.base), (x) => Math.pow(x, p));
        break;
      }
      case 'map':
        out = entrywise(val(node.arg), FUNCTIONS[node.fn].evaluate);
        break;
      case 'sum':
        out = { rows: 1, cols: 1, data: Float64Array.of(val(node.arg).data.reduce((a, b) => a + b, 0)) };
        break;
      case 'norm':
        out = { rows: 1, cols: 1, data: Float64Array.of(Math.sqrt(val(node.arg).data.reduce((a, b) => a + b * b, 0))) };
        break;
      case 'tr': {
        const a = val(node.arg);
        let t = 0;
        for (let i = 0; i < a.rows; i++) t += a.data[i * a.cols + i]!;
        out = { rows: 1, cols: 1, data: Float64Array.of(t) };
        break;
      }
      case 'det':
        out = { rows: 1, cols: 1, data: Float64Array.of(determinant(val(node.arg))) };
        break;
      case 'logdet':
        out = { rows: 1, cols: 1, data: Float64Array.of(Math.log(determinant(val(node.arg)))) };
        break;
      case 'diag': {
        const a = val(node.arg);
        if (a.cols === 1) {
          out = dense(a.rows, a.rows);
          for (let i = 0; i < a.rows; i++) out.data[i * a.rows + i] = a.data[i]!;
        } else {
          out = dense(a.rows, 1);
          for (let i = 0; i < a.rows; i++) out.data[i] = a.data[i * a.cols + i]!;
        }
        break;
      }
    }
    if (out.rows !== rows || out.cols !== cols) throw new InstanceError(`internal: ${node.kind} evaluated to ${out.rows}×${out.cols}, expected ${rows}×${cols}`);
    memo.set(node, out);
  }
  return roots.map((r) => memo.get(r)!);
}
