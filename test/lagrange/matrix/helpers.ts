/** Independent numerics for the matrix-solve tests: random SPD matrices and plain linear algebra (no code under test). */
import { seededRandom } from '../../../src/numeric/index.js';

export type Mat = number[][];
export function randn(rand: () => number): number {
  return 2 * rand() - 1;
}
export function randMat(rand: () => number, m: number, n: number): Mat {
  return Array.from({ length: m }, () => Array.from({ length: n }, () => randn(rand)));
}
export function randVec(rand: () => number, n: number): number[] {
  return Array.from({ length: n }, () => randn(rand));
}
export function transpose(A: Mat): Mat {
  return A[0]!.map((_, j) => A.map((r) => r[j]!));
}
export function matmul(A: Mat, B: Mat): Mat {
  return A.map((r) => B[0]!.map((_, j) => r.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
}
export function matvec(A: Mat, x: number[]): number[] {
  return A.map((r) => r.reduce((s, a, k) => s + a * x[k]!, 0));
}
export function dot(a: number[], b: number[]): number {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}
/** B'B + I: symmetric positive definite. */
export function spd(rand: () => number, n: number): Mat {
  const B = randMat(rand, n, n);
  const S = matmul(transpose(B), B);
  return S.map((r, i) => r.map((v, j) => v + (i === j ? 1 : 0)));
}
/** Gaussian elimination with partial pivoting, written here so the tests do not use the library's LU. */
export function solveLinear(A: Mat, b: number[]): number[] {
  const n = A.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}
export function rng(seed: number): () => number {
  return seededRandom(seed);
}
export function close(a: number | readonly number[], b: number | readonly number[], tol = 1e-7): boolean {
  const xs = typeof a === 'number' ? [a] : a;
  const ys = typeof b === 'number' ? [b] : b;
  if (xs.length !== ys.length) return false;
  const scale = 1 + Math.max(...ys.map(Math.abs));
  return xs.every((v, i) => Math.abs(v - ys[i]!) <= tol * scale);
}
