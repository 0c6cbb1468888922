/**
 * Chained Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)² written by hand: the baseline
 * the compiled closures are measured against (benches and ratio scripts). `o`/`q` offset
 * into a batch of points laid out one after another.
 */
export function rosenbrockValue(x: Float64Array, o = 0, n = x.length): number {
  let s = 0;
  for (let i = o; i < o + n - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    s += 100 * a * a + b * b;
  }
  return s;
}

/** Value, and the gradient written into g[q … q + n). */
export function rosenbrockValueAndGradient(x: Float64Array, g: Float64Array, o = 0, n = x.length, q = 0): number {
  g.fill(0, q, q + n);
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[o + i + 1]! - x[o + i]! * x[o + i]!;
    const b = 1 - x[o + i]!;
    s += 100 * a * a + b * b;
    g[q + i]! += -400 * x[o + i]! * a - 2 * b;
    g[q + i + 1]! += 200 * a;
  }
  return s;
}
