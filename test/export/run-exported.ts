/**
 * Runs exported code in its own language: Python modules under `python3`, C files
 * compiled with `gcc -O2 -lm` against a small generated driver, JavaScript modules by
 * import. Each runner takes a list of calls (function name and argument arrays) and
 * returns the results as flat number arrays, printed with 17 significant digits.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Whether a command runs (`python3 --version`, `gcc --version`). */
function available(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

export const HAS_PYTHON = available('python3', ['-c', 'import numpy']);
export const HAS_GCC = available('gcc', ['--version']);
export const HAS_JAX = HAS_PYTHON && available('python3', ['-c', 'import jax']);
export const HAS_SCIPY = HAS_PYTHON && available('python3', ['-c', 'import scipy.optimize']);

/** One call: function name and its arguments (arrays, or a number for a scalar argument). */
export interface Call {
  readonly fn: string;
  readonly args: readonly (readonly number[] | number)[];
}

function withTmp<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'lagrangian-export-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Flattens whatever a Python function returned (float, list, tuple, ndarray) into floats. */
const PY_FLATTEN = `
def flat(v):
    import numpy as _np
    if isinstance(v, tuple):
        out = []
        for item in v:
            out.extend(flat(item))
        return out
    return [float(a) for a in _np.asarray(v, dtype=float).ravel()]
`;

/** Runs the calls against a Python module; `extra` is more driver code (it may print JSON lines). */
export function runPython(code: string, calls: readonly Call[], extra = ''): { results: number[][]; extraOutput: string[] } {
  return withTmp((dir) => {
    writeFileSync(join(dir, 'exported.py'), code);
    writeFileSync(join(dir, 'calls.json'), JSON.stringify(calls));
    const driver = `import json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
import exported as m
${PY_FLATTEN}
calls = json.load(open(${JSON.stringify(join(dir, 'calls.json'))}))
results = [flat(getattr(m, c["fn"])(*c["args"])) for c in calls]
print(json.dumps(results))
${extra}
`;
    writeFileSync(join(dir, 'driver.py'), driver);
    const r = spawnSync('python3', [join(dir, 'driver.py')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    return { results: JSON.parse(lines[0]!) as number[][], extraOutput: lines.slice(1) };
  });
}

/** How a C function of the export is called: its prototype shape. */
export type CKind = 'scalar' | 'vector' | 'scalar+vector' | 'ipopt_f' | 'ipopt_vec' | 'ipopt_g' | 'ipopt_jac' | 'ipopt_h' | 'ipopt_jac_structure' | 'ipopt_h_structure';

/** Runs the calls against a C file: `kinds` says how each function is called, `sizes` its output length. */
export function runC(code: string, calls: readonly Call[], kinds: Readonly<Record<string, CKind>>, sizes: Readonly<Record<string, number>>): number[][] {
  return withTmp((dir) => {
    writeFileSync(join(dir, 'exported.c'), code);
    const main: string[] = ['#include <stdio.h>', '#include <stdlib.h>', '#include "exported.c"', '', 'int main(void) {', '    static double buf[200000];', '    static int ir[200000], jc[200000];', '    (void)ir; (void)jc;'];
    calls.forEach((c, k) => {
      const arrays = c.args.map((a, i) => {
        if (typeof a === 'number') return `${a}`;
        main.push(`    static double a${k}_${i}[] = {${a.length > 0 ? a.map((v) => v.toPrecision(17)).join(', ') : '0'}};`);
        return `a${k}_${i}`;
      });
      const size = sizes[c.fn] ?? 0;
      const kind = kinds[c.fn];
      const x = arrays[0]!;
      switch (kind) {
        case 'scalar':
          main.push(`    buf[0] = ${c.fn}(${arrays.join(', ')});`);
          break;
        case 'scalar+vector':
          main.push(`    buf[0] = ${c.fn}(${arrays.join(', ')}, buf + 1);`);
          break;
        case 'vector':
          main.push(`    ${c.fn}(${arrays.join(', ')}, buf);`);
          break;
        case 'ipopt_f':
          main.push(`    ${c.fn}(N_VARIABLES, ${x}, 1, buf, NULL);`);
          break;
        case 'ipopt_vec':
          main.push(`    ${c.fn}(N_VARIABLES, ${x}, 1, buf, NULL);`);
          break;
        case 'ipopt_g':
          main.push(`    ${c.fn}(N_VARIABLES, ${x}, 1, M_CONSTRAINTS, buf, NULL);`);
          break;
        case 'ipopt_jac':
          main.push(`    ${c.fn}(N_VARIABLES, ${x}, 1, M_CONSTRAINTS, NELE_JAC, NULL, NULL, buf, NULL);`);
          break;
        case 'ipopt_h':
          main.push(`    ${c.fn}(N_VARIABLES, ${x}, 1, ${arrays[1]}, M_CONSTRAINTS, ${arrays[2]}, 1, NELE_HESS, NULL, NULL, buf, NULL);`);
          break;
        case 'ipopt_jac_structure':
        case 'ipopt_h_structure': {
          const jac = kind === 'ipopt_jac_structure';
          const count = jac ? 'NELE_JAC' : 'NELE_HESS';
          main.push(jac ? `    eval_jac_g(N_VARIABLES, NULL, 1, M_CONSTRAINTS, NELE_JAC, ir, jc, NULL, NULL);` : `    eval_h(N_VARIABLES, NULL, 1, 1.0, M_CONSTRAINTS, NULL, 1, NELE_HESS, ir, jc, NULL, NULL);`);
          main.push(`    for (int i = 0; i < ${count}; i++) { buf[i] = ir[i]; buf[${count} + i] = jc[i]; }`);
          main.push(`    for (int i = 0; i < 2 * ${count}; i++) printf("%s%.17g", i ? " " : "", buf[i]);`, '    printf("\\n");');
          return;
        }
        default:
          throw new Error(`no kind for ${c.fn}`);
      }
      const count = kind === 'scalar' || kind === 'ipopt_f' ? 1 : kind === 'scalar+vector' ? size + 1 : size;
      main.push(`    for (int i = 0; i < ${count}; i++) printf("%s%.17g", i ? " " : "", buf[i]);`, '    printf("\\n");');
    });
    main.push('    return 0;', '}');
    writeFileSync(join(dir, 'main.c'), main.join('\n'));
    const cc = spawnSync('gcc', ['-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-o', join(dir, 'main'), join(dir, 'main.c'), '-lm'], { encoding: 'utf8', cwd: dir });
    if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
    const r = spawnSync(join(dir, 'main'), [], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`the compiled driver failed: ${r.stderr}`);
    return r.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (line.trim() === '' ? [] : line.trim().split(' ').map(Number)));
  });
}

/** Imports a JavaScript module from its text. */
export async function importJs(code: string): Promise<Record<string, (...args: unknown[]) => unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'lagrangian-export-'));
  const file = join(dir, 'exported.mjs');
  writeFileSync(file, code);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, (...args: unknown[]) => unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Flattens a JS result (number, Float64Array, [value, grad]). */
export function flatJs(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(flatJs);
  return Array.from(v as Float64Array);
}

/** |a − b| ≤ tol · max(1, |b|) for each entry; returns the worst ratio (≤ 1 passes). */
export function worstError(got: readonly number[], want: readonly number[], tol = 1e-12): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  got.forEach((g, i) => {
    const w = want[i]!;
    const err = Math.abs(g - w) / (tol * Math.max(1, Math.abs(w)));
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  });
  return worst;
}
