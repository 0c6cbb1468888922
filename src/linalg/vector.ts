/** Level-1 vector helpers over Float64Arrays (no allocation in the loops that call them). */

/** x·y over the first n entries (default: all of x). */
export function dot(x: Float64Array, y: Float64Array, n = x.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
  return s;
}

/** The Euclidean norm, scaled to avoid overflow for huge entries. */
export function norm2(x: Float64Array, n = x.length): number {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]! / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/** max |x_i|. */
export function normInf(x: Float64Array, n = x.length): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    if (!(a <= m)) m = a; // NaN propagates
  }
  return m;
}

/** y ← y + a·x. */
export function axpy(a: number, x: Float64Array, y: Float64Array, n = x.length): void {
  for (let i = 0; i < n; i++) y[i]! += a * x[i]!;
}
