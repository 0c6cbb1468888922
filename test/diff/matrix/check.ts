/**
 * The independent checks every matrix-calculus result goes through in the tests: on a
 * random instance, the matrix-notation derivative evaluated numerically must agree with
 * (1) the scalar path — scalarise the expression, differentiate each entry with the
 * scalar core (src/diff) — and (2) central differences of the evaluated expression.
 */
import { evaluate } from '../../../src/compile/index.js';
import { evaluateMatrix, type Dense, type Instance } from '../../../src/compile/matrix/index.js';
import { gradient, hessian } from '../../../src/diff/index.js';
import type { Sym } from '../../../src/expr/index.js';
import { mtopologicalOrder, type MExpr, type MVar } from '../../../src/expr/matrix/index.js';
import { scalarise, variableGrid } from '../../../src/expr/matrix/scalarise.js';
import { seededRandom } from '../../../src/numeric/random.js';

/** How to draw a variable's values. */
export type Draw = 'general' | 'positive' | 'spd' | 'dominant';

/** Draws values for every declared variable of the expressions, and the scalar symbols listed. */
export function randomInstance(roots: readonly MExpr[], dims: Record<string, number>, seed: number, draws: Record<string, Draw> = {}, scalars: Record<string, number> = {}): Instance {
  const rand = seededRandom(seed);
  const u = (): number => 2 * rand() - 1;
  const values: Record<string, Dense | number> = { ...scalars };
  for (const node of mtopologicalOrder(roots)) {
    if (node.kind !== 'var' || node.name in values) continue;
    const rows = typeof node.shape.rows === 'number' ? node.shape.rows : dims[node.shape.rows]!;
    const cols = typeof node.shape.cols === 'number' ? node.shape.cols : dims[node.shape.cols]!;
    const data = new Float64Array(rows * cols);
    const draw = draws[node.name] ?? 'general';
    for (let i = 0; i < data.length; i++) data[i] = draw === 'positive' ? 0.5 + rand() : u();
    if (draw === 'spd' || draw === 'dominant' || node.props.includes('symmetric')) {
      if (draw === 'spd' || node.props.includes('positive_definite')) {
        // R'R + I
        const r = Float64Array.from(data);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
          let s = i === j ? 1 : 0;
          for (let k = 0; k < rows; k++) s += r[k * cols + i]! * r[k * cols + j]!;
          data[i * cols + j] = s;
        }
      } else if (node.props.includes('symmetric')) {
        for (let i = 0; i < rows; i++) for (let j = 0; j < i; j++) data[i * cols + j] = data[j * cols + i]!;
      }
      if (draw === 'dominant') for (let i = 0; i < rows; i++) data[i * cols + i]! += rows + 1;
      if (node.props.includes('diagonal')) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i !== j) data[i * cols + j] = 0;
    }
    values[node.name] = { rows, cols, data };
  }
  return { dims, values };
}

/** Scalar environment of an instance: entry symbols `x[i]`, `A[i,j]`, scalars and dimensions. */
export function scalarEnvironment(roots: readonly MExpr[], inst: Instance): Record<string, number> {
  const env: Record<string, number> = { ...inst.dims };
  for (const [k, v] of Object.entries(inst.values)) if (typeof v === 'number') env[k] = v;
  for (const node of mtopologicalOrder(roots)) {
    if (node.kind !== 'var') continue;
    const d = inst.values[node.name] as Dense;
    const g = variableGrid(node, d.rows, d.cols);
    g.entries.forEach((s, idx) => {
      if (s.kind === 'sym') env[s.name] = d.data[idx]!;
    });
  }
  return env;
}

function withEntry(inst: Instance, name: string, idx: number, delta: number, symmetric: boolean, cols: number): Instance {
  const d = inst.values[name] as Dense;
  const data = Float64Array.from(d.data);
  data[idx]! += delta;
  if (symmetric) {
    const i = Math.floor(idx / cols);
    const j = idx % cols;
    if (i !== j) data[j * cols + i]! += delta;
  }
  return { dims: inst.dims, values: { ...inst.values, [name]: { rows: d.rows, cols: d.cols, data } } };
}

/** Largest |a - b| relative to max(1, |b|). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

/**
 * The matrix gradient of scalar f w.r.t. x evaluated at the instance, next to the scalar
 * path's gradient and central differences (entry order of x, row-major). A symmetric
 * x is perturbed symmetrically, so its reference is the sum of the two mirrored entries.
 */
export function gradientReferences(f: MExpr, x: MVar, G: MExpr, inst: Instance): { matrix: number[]; scalar: number[]; central: number[] } {
  const dense = evaluateMatrix(G, inst);
  const xv = inst.values[x.name] as Dense;
  const symmetric = x.props.includes('symmetric');
  const matrix = Array.from(dense.data);
  if (symmetric) {
    for (let i = 0; i < xv.rows; i++) for (let j = 0; j < xv.cols; j++) if (i !== j) matrix[i * xv.cols + j] = dense.data[i * xv.cols + j]! + dense.data[j * xv.cols + i]!;
  }
  // Scalar path.
  const fx = scalarise(f, inst.dims).entries[0]!;
  const grid = variableGrid(x, xv.rows, xv.cols);
  const env = scalarEnvironment([f], inst);
  const syms = grid.entries.map((s) => (s.kind === 'sym' ? s : undefined));
  const distinct = [...new Set(syms.filter((s) => s !== undefined))];
  const grads = gradient(fx, distinct);
  const byName = new Map(distinct.map((s, i) => [s!.name, evaluate(grads[i]!, env)]));
  const scalar = syms.map((s) => (s ? byName.get(s.name)! : 0));
  // Central differences.
  const h = 1e-6;
  const central = matrix.map((_, idx) => {
    const up = evaluateMatrix(f, withEntry(inst, x.name, idx, h, symmetric, xv.cols)).data[0]!;
    const down = evaluateMatrix(f, withEntry(inst, x.name, idx, -h, symmetric, xv.cols)).data[0]!;
    return (up - down) / (2 * h);
  });
  return { matrix, scalar, central };
}

/**
 * The matrix Hessian H of scalar f w.r.t. the vector x evaluated at the instance (n×n,
 * row-major), next to the scalar path's Hessian (scalarise f, differentiate each entry
 * twice with the scalar core) and central differences of the scalar path's gradient.
 */
export function hessianReferences(f: MExpr, x: MVar, H: MExpr, inst: Instance): { matrix: number[]; scalar: number[]; central: number[] } {
  const matrix = Array.from(evaluateMatrix(H, inst).data);
  const xv = inst.values[x.name] as Dense;
  const fx = scalarise(f, inst.dims).entries[0]!;
  const syms = variableGrid(x, xv.rows, xv.cols).entries as Sym[];
  const env = scalarEnvironment([f], inst);
  const scalar = hessian(fx, syms).flat().map((h) => evaluate(h, env));
  const g = gradient(fx, syms);
  const h = 1e-5;
  const central: number[] = [];
  for (let i = 0; i < syms.length; i++) {
    for (let j = 0; j < syms.length; j++) {
      const at = (d: number): number => evaluate(g[i]!, { ...env, [syms[j]!.name]: env[syms[j]!.name]! + d });
      central.push((at(h) - at(-h)) / (2 * h));
    }
  }
  return { matrix, scalar, central };
}
