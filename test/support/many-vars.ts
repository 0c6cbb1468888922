/**
 * Objectives over many variables, written out as text, for the many-variable `diff`
 * benchmark (docs/benchmarks.md, "Gradients over many variables") and its size test.
 *
 *   npx tsx test/support/many-vars.ts KIND N OUT_DIR   writes OUT_DIR/KIND-N.txt (the
 *   expression) and OUT_DIR/KIND-N.wrt (x1,...,xN)
 *   npx tsx test/support/many-vars.ts lib KIND N...     the library path, phase by phase
 *
 * KIND: chain   sum_i (x_i - x_{i+1})^2 + sin(x_i)*x_{i+2}   (indices past N dropped)
 *       quad    sum_i x_i^2 + x_i*x_{i+1} (a banded quadratic form) + exp(x_1 + ... + x_N)
 *       lse     log(sum_i exp(x_i / i))   (a log-sum-exp)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type ManyVarsKind = 'chain' | 'quad' | 'lse';

export const manyVarNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `x${i + 1}`);

/** The text of the objective of this kind over x1..xn. */
export function manyVarsText(kind: ManyVarsKind, n: number): string {
  const x = (i: number) => `x${i}`;
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    if (kind === 'chain') {
      if (i + 1 <= n) parts.push(`(${x(i)} - ${x(i + 1)})^2`);
      if (i + 2 <= n) parts.push(`sin(${x(i)})*${x(i + 2)}`);
    } else if (kind === 'quad') {
      parts.push(`${x(i)}^2`);
      if (i + 1 <= n) parts.push(`${x(i)}*${x(i + 1)}`);
    } else {
      parts.push(`exp(${x(i)}/${i})`);
    }
  }
  if (kind === 'quad') parts.push(`exp(${manyVarNames(n).join(' + ')})`);
  return kind === 'lse' ? `log(${parts.join(' + ')})` : parts.join(' + ');
}

/** ∂f/∂x_k worked out by hand (1-based k; x(i) the value of x_i), for the tests. */
export const manyVarsHand: Record<ManyVarsKind, (x: (i: number) => number, k: number, n: number) => number> = {
  // f = sum_{i<n} (x_i - x_{i+1})^2 + sum_{i<n-1} sin(x_i)*x_{i+2}
  chain: (x, k, n) =>
    (k < n ? 2 * (x(k) - x(k + 1)) : 0) -
    (k > 1 ? 2 * (x(k - 1) - x(k)) : 0) +
    (k < n - 1 ? Math.cos(x(k)) * x(k + 2) : 0) +
    (k > 2 ? Math.sin(x(k - 2)) : 0),
  // f = sum x_i^2 + sum_{i<n} x_i*x_{i+1} + exp(x_1 + ... + x_n)
  quad: (x, k, n) => {
    let s = 0;
    for (let i = 1; i <= n; i++) s += x(i);
    return 2 * x(k) + (k > 1 ? x(k - 1) : 0) + (k < n ? x(k + 1) : 0) + Math.exp(s);
  },
  // f = log(S), S = sum_i exp(x_i/i): ∂f/∂x_k = exp(x_k/k)/(k S)
  lse: (x, k, n) => {
    let s = 0;
    for (let i = 1; i <= n; i++) s += Math.exp(x(i) / i);
    return Math.exp(x(k) / k) / (k * s);
  },
};

/**
 * The library path, phase by phase, one JSON line per n: parse, `gradient`, the choice of
 * printed forms (`displayGradient`), and toText + toLatex of each shown derivative, with
 * milliseconds (for docs/benchmarks.md only; tests count work) and the work counters.
 * LAGRANGIAN_SRC=/path/to/src runs another checkout's sources (a before/after pair).
 */
async function libraryRun(kind: ManyVarsKind, ns: readonly number[]): Promise<void> {
  const src = process.env['LAGRANGIAN_SRC'] ?? '../../src';
  const ex = (await import(`${src}/expr/index.js`)) as typeof import('../../src/expr/index.js');
  const df = (await import(`${src}/diff/index.js`)) as typeof import('../../src/diff/index.js');
  for (const n of ns) {
    const text = manyVarsText(kind, n);
    const names = manyVarNames(n);
    const row: Record<string, number | string> = { kind, n, chars: text.length };
    const phase = <T>(name: string, run: () => T): T => {
      const walked = ex.walkedNodeCount?.() ?? 0;
      const t0 = performance.now();
      const out = run();
      row[`${name}_ms`] = Math.round(performance.now() - t0);
      if (ex.walkedNodeCount) row[`${name}_walked`] = ex.walkedNodeCount() - walked;
      return out;
    };
    const f = phase('parse', () => ex.parse(text));
    const grad = phase('gradient', () => df.gradient(f, names));
    const shown = phase('display', () => df.displayGradient(f, names, grad));
    row['printed_chars'] = phase('print', () => shown.reduce((sum, g) => sum + ex.toText(g).length + ex.toLatex(g).length, 0));
    row['rss_mb'] = Math.round(process.memoryUsage().rss / 2 ** 20);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'lib') {
    const [kind, ...ns] = rest;
    await libraryRun(kind as ManyVarsKind, ns.map(Number));
  } else {
    const [n, out] = rest;
    if (!first || !n || !out) throw new Error('usage: many-vars.ts KIND N OUT_DIR | many-vars.ts lib KIND N...');
    mkdirSync(out, { recursive: true });
    const base = join(out, `${first}-${n}`);
    writeFileSync(`${base}.txt`, `${manyVarsText(first as ManyVarsKind, Number(n))}\n`);
    writeFileSync(`${base}.wrt`, manyVarNames(Number(n)).join(','));
  }
}
