/**
 * The loop nests compiled matrix expressions run: dense row-major kernels over
 * Float64Arrays (matrix-vector with or without transposing the matrix,
 * matrix-matrix, entrywise maps). They are ordinary functions written here once: the
 * compiled plan chooses and chains them (`fuse.ts` generates fused loops for the nodes
 * that share a row index and calls these for the rest). The dot product is linalg's `dot`.
 */
import { FUNCTIONS, type FunctionName } from '../../expr/index.js';
import { luFactor, SingularMatrixError } from '../../linalg/lu.js';

/** out = A x for A (m×n), x (n). Four accumulators per row, so the loop is not one long dependency chain. */
export function gemv(A: Float64Array, x: Float64Array, m: number, n: number, out: Float64Array): void {
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < n4; j += 4) {
      s0 += A[row + j]! * x[j]!;
      s1 += A[row + j + 1]! * x[j + 1]!;
      s2 += A[row + j + 2]! * x[j + 2]!;
      s3 += A[row + j + 3]! * x[j + 3]!;
    }
    for (; j < n; j++) s0 += A[row + j]! * x[j]!;
    out[i] = s0 + s1 + s2 + s3;
  }
}

/** out = A' x for A (m×n), x (m): reads A by rows (two at a time), never forms A'. */
export function gemvT(A: Float64Array, x: Float64Array, m: number, n: number, out: Float64Array): void {
  out.fill(0, 0, n);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const x0 = x[i]!;
    const x1 = x[i + 1]!;
    const r0 = i * n;
    const r1 = r0 + n;
    for (let j = 0; j < n; j++) out[j]! += A[r0 + j]! * x0 + A[r1 + j]! * x1;
  }
  if (i < m) {
    const xi = x[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += A[row + j]! * xi;
  }
}

/** out = x' A for x (m), A (m×n), as an n-vector (a row). */
export function gevm(x: Float64Array, A: Float64Array, m: number, n: number, out: Float64Array): void {
  gemvT(A, x, m, n, out);
}

/**
 * out = op(A) op(B) with op the identity or the transpose; op(A) is m×k, op(B) k×n.
 * i-k-j order for the untransposed case so that the inner loop runs along rows.
 */
export function gemm(A: Float64Array, tA: boolean, B: Float64Array, tB: boolean, m: number, k: number, n: number, out: Float64Array): void {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const orow = i * n;
    for (let p = 0; p < k; p++) {
      const a = tA ? A[p * m + i]! : A[i * k + p]!;
      if (a === 0) continue;
      if (tB) for (let j = 0; j < n; j++) out[orow + j]! += a * B[j * k + p]!;
      else {
        const brow = p * n;
        for (let j = 0; j < n; j++) out[orow + j]! += a * B[brow + j]!;
      }
    }
  }
}

/** out = transpose of A (m×n). */
export function transposeInto(A: Float64Array, m: number, n: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = A[i * n + j]!;
}

/** An entrywise map out[i] = f(a[i]) over `len` entries, one loop per function. */
export type EntrywiseKernel = (a: Float64Array, out: Float64Array, len: number) => void;

/** Literal loops for the common functions, so the call inside is monomorphic. */
const LITERAL_KERNELS: Partial<Record<FunctionName, EntrywiseKernel>> = {
  exp: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(a[i]!); },
  log: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(a[i]!); },
  sin: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sin(a[i]!); },
  cos: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cos(a[i]!); },
  tan: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tan(a[i]!); },
  sinh: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sinh(a[i]!); },
  cosh: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cosh(a[i]!); },
  tanh: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tanh(a[i]!); },
  abs: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]!); },
  sign: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sign(a[i]!); },
};

/** The entrywise kernel of a built-in function: a literal loop, or a loop over the FUNCTIONS table's evaluator. */
export function mapKernel(fn: FunctionName): EntrywiseKernel {
  const literal = LITERAL_KERNELS[fn];
  if (literal) return literal;
  const f = FUNCTIONS[fn].evaluate;
  return (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = f(a[i]!);
  };
}

/** out[i] = a[i]^p, with the common exponents as plain arithmetic. */
export function powInto(a: Float64Array, p: number, out: Float64Array, n: number): void {
  if (p === 2) for (let i = 0; i < n; i++) out[i] = a[i]! * a[i]!;
  else if (p === -1) for (let i = 0; i < n; i++) out[i] = 1 / a[i]!;
  else if (p === 0.5) for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]!);
  else if (p === -2) for (let i = 0; i < n; i++) out[i] = 1 / (a[i]! * a[i]!);
  else for (let i = 0; i < n; i++) out[i] = Math.pow(a[i]!, p);
}

/** out = sum_t c_t * terms_t entrywise. */
export function linearCombination(terms: readonly Float64Array[], coeffs: Float64Array, out: Float64Array, n: number): void {
  const first = terms[0]!;
  const c0 = coeffs[0]!;
  for (let i = 0; i < n; i++) out[i] = c0 * first[i]!;
  for (let t = 1; t < terms.length; t++) {
    const b = terms[t]!;
    const c = coeffs[t]!;
    if (c === 1) for (let i = 0; i < n; i++) out[i]! += b[i]!;
    else if (c === -1) for (let i = 0; i < n; i++) out[i]! -= b[i]!;
    else for (let i = 0; i < n; i++) out[i]! += c * b[i]!;
  }
}

/** out = a .* b .* ... entrywise. */
export function hadamardInto(factors: readonly Float64Array[], out: Float64Array, n: number): void {
  const first = factors[0]!;
  for (let i = 0; i < n; i++) out[i] = first[i]!;
  for (let t = 1; t < factors.length; t++) {
    const b = factors[t]!;
    for (let i = 0; i < n; i++) out[i]! *= b[i]!;
  }
}

/** out = s * a entrywise (in place allowed). */
export function scaleInto(s: number, a: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = s * a[i]!;
}

/** The determinant by LU factorisation (0 for a singular matrix). */
export function determinant(a: Float64Array, n: number): number {
  let f;
  try {
    f = luFactor(a, n);
  } catch (err) {
    if (err instanceof SingularMatrixError) return 0;
    throw err;
  }
  let d = 1;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    d *= f.lu[i * n + i]!;
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = f.perm[j]!) {
      seen[j] = 1;
      len++;
    }
    if (len % 2 === 0) d = -d;
  }
  return d;
}
