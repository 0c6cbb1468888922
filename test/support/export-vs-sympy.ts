/**
 * The export benchmark: exported C and NumPy (f with its gradient) against SymPy's
 * lambdify(cse=True) and cse + ccode on the same expressions, for speed and size.
 *
 *   npx tsx test/support/export-vs-sympy.ts
 *
 * prints a Markdown table (docs/benchmarks.md, "Export"). NumPy: one vectorised call
 * over 10^4 points, median of 7 (test/support/export_vs_sympy.py). C: both functions
 * compiled with gcc -O2 into one driver, each called at 10^4 points, best of 5 passes
 * (clock_gettime); compile time and object size per file. Needs python3 with NumPy and
 * SymPy, and gcc.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, toText, type Expr } from '../../src/expr/index.js';
import { expressionFunctions } from '../../src/export/specs.js';
import { printC } from '../../src/export/c.js';
import { printPython } from '../../src/export/python.js';
import { wellsExpr } from './wells-004.js';
import { rosenbrock as rosenbrockLandscape } from '../../src/optimize/index.js';

/** Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², from the library's own builder. */
function rosenbrock(n: number): { e: Expr; vars: string[] } {
  const { expression, variables } = rosenbrockLandscape(n);
  return { e: expression, vars: variables };
}

const POINTS = 10_000;
const CASES: { name: string; e: Expr; vars: string[] }[] = [
  { name: 'seed001', e: parse('exp(exp(x) + exp(x)^2) + sin(exp(x) + exp(x)^2)'), vars: ['x'] },
  { name: 'wells', e: wellsExpr(), vars: ['x', 'y'] },
  { name: 'rosenbrock10', ...rosenbrock(10) },
  { name: 'rosenbrock100', ...rosenbrock(100) },
  { name: 'rosenbrock1000', ...rosenbrock(1000) },
];

function sh(cmd: string, args: string[], cwd: string): { stdout: string; seconds: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { stdout: r.stdout, seconds };
}

const dir = mkdtempSync(join(tmpdir(), 'export-bench-'));
try {
  const ours = CASES.map((c) => {
    const fgrad = expressionFunctions(c.e, c.vars).filter((f) => f.name === 'f_grad');
    const py = printPython('numpy', { header: [], functions: fgrad });
    const cc = printC({ header: [], functions: fgrad });
    writeFileSync(join(dir, `ours_${c.name}.py`), py);
    writeFileSync(join(dir, `ours_${c.name}.c`), cc);
    return { py, cc };
  });
  const job = { dir, cases: CASES.map((c) => ({ name: c.name, text: toText(c.e), vars: c.vars, ours_py: join(dir, `ours_${c.name}.py`), points: POINTS })) };
  writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
  const sympy = JSON.parse(sh('python3', [join(import.meta.dirname, 'export_vs_sympy.py'), join(dir, 'job.json')], dir).stdout) as Record<string, number>[];

  const rows: string[] = [];
  CASES.forEach((c, k) => {
    const s = sympy[k]!;
    const n = c.vars.length;
    // Compile each file alone (time, object size), then one driver timing both.
    const compile = (file: string): { seconds: number; bytes: number } => {
      const { seconds } = sh('gcc', ['-O2', '-c', '-o', `${file}.o`, file], dir);
      return { seconds, bytes: statSync(join(dir, `${file}.o`)).size };
    };
    const oc = compile(`ours_${c.name}.c`);
    const sc = compile(`sympy_${c.name}.c`);
    const driver = `#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
double f_grad(const double *x, double *grad);
double sympy_f_grad(const double *x, double *grad);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(void) {
  const int n = ${n}, P = ${POINTS};
  double *X = malloc(sizeof(double) * n * P), *g = malloc(sizeof(double) * n), *h = malloc(sizeof(double) * n);
  unsigned s = 12345u;
  for (int i = 0; i < n * P; i++) { s = s * 1664525u + 1013904223u; X[i] = 3.0 * (s / 4294967296.0) - 1.5; }
  double worst = 0, best[2] = {1e30, 1e30}, sink = 0;
  for (int p = 0; p < P; p += 97) {
    double a = f_grad(X + p * n, g), b = sympy_f_grad(X + p * n, h);
    double e = (a - b) / (fabs(b) > 1 ? fabs(b) : 1); if (e < 0) e = -e; if (e > worst) worst = e;
    for (int i = 0; i < n; i++) { double d = (g[i] - h[i]) / (fabs(h[i]) > 1 ? fabs(h[i]) : 1); if (d < 0) d = -d; if (d > worst) worst = d; }
  }
  for (int rep = 0; rep < 5; rep++) {
    double t = now();
    for (int p = 0; p < P; p++) sink += f_grad(X + p * n, g) + g[0];
    t = now() - t; if (t < best[0]) best[0] = t;
    t = now();
    for (int p = 0; p < P; p++) sink += sympy_f_grad(X + p * n, h) + h[0];
    t = now() - t; if (t < best[1]) best[1] = t;
  }
  printf("%.6g %.6g %.3g %g\\n", best[0], best[1], worst, sink);
  return 0;
}
`;
    writeFileSync(join(dir, `driver_${c.name}.c`), driver.replace('#include <time.h>', '#include <time.h>\n#include <math.h>'));
    sh('gcc', ['-O2', '-o', `driver_${c.name}`, `driver_${c.name}.c`, `ours_${c.name}.c.o`, `sympy_${c.name}.c.o`, '-lm'], dir);
    const [tOurs, tSympy, cDiff] = sh(join(dir, `driver_${c.name}`), [], dir).stdout.trim().split(' ').map(Number);
    const us = (sec: number): string => (sec * 1e6 / POINTS).toPrecision(3);
    const ratio = (a: number, b: number): string => (b / a).toFixed(2);
    rows.push(
      `| ${c.name} | ${n} | ${us(s['numpy_ours_s']!)} | ${us(s['numpy_sympy_s']!)} | ${ratio(s['numpy_ours_s']!, s['numpy_sympy_s']!)} | ${ours[k]!.py.length} | ${s['numpy_sympy_chars']} | ` +
        `${us(tOurs!)} | ${us(tSympy!)} | ${ratio(tOurs!, tSympy!)} | ${ours[k]!.cc.length} | ${s['c_sympy_chars']} | ${oc.seconds.toFixed(2)} / ${sc.seconds.toFixed(2)} | ${oc.bytes} / ${sc.bytes} | ${s['sympy_build_s']!.toFixed(2)} | ${Math.max(cDiff!, s['max_rel_diff']!).toExponential(1)} |`,
    );
  });
  console.log('| case | n | NumPy ours µs/pt | NumPy SymPy µs/pt | SymPy/ours | NumPy ours chars | NumPy SymPy chars | C ours µs/pt | C SymPy µs/pt | SymPy/ours | C ours chars | C SymPy chars | gcc -O2 s ours / SymPy | .o bytes ours / SymPy | SymPy diff+lambdify s | max rel diff |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  if (!process.env['KEEP']) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
  void readFileSync;
}
