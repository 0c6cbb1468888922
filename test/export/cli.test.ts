/**
 * `lagrangian export`: the code it prints runs and gives the values worked by hand;
 * problem files get their layout; bad input is exit 2 with a message, never a trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../src/cli/index.js';
import { flatJs, HAS_PYTHON, importJs, runPython } from './run-exported.js';

const run = (...argv: string[]) => runCli(argv, { env: {} });

describe('lagrangian export', () => {
  it('prints a JavaScript module whose f_grad gives the hand-derived values of x^2*y + sin(x)', async () => {
    const r = await run('export', 'x^2*y + sin(x)', '--lang', 'js');
    expect(r.code).toBe(EXIT.OK);
    const mod = await importJs(r.stdout);
    // f = 4*3 + sin 2, ∂f/∂x = 2xy + cos x = 12 + cos 2, ∂f/∂y = x² = 4 at (x, y) = (2, 3).
    const got = flatJs(mod['f_grad']!([2, 3]));
    [4 * 3 + Math.sin(2), 12 + Math.cos(2), 4].forEach((w, i) => expect(got[i]).toBeCloseTo(w, 14));
  });

  it('follows --wrt for the variable order and documents it in the header', async () => {
    const r = await run('export', 'x - 2*y', '--lang', 'python', '--wrt', 'y,x');
    expect(r.stdout).toContain('#   x[0] = y\n#   x[1] = x');
  });

  it.skipIf(!HAS_PYTHON)('writes a problem FILE in SciPy layout with --output, and --json reports the functions [needs python3]', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagrangian-export-cli-'));
    try {
      const file = join(dir, 'p.json');
      writeFileSync(file, JSON.stringify({ variables: ['x', 'y'], parameters: ['a'], parameter_values: { a: 1 }, maximize: 'x*y', subject_to: ['x + y <= 2*a', 'x - y = 0'] }));
      const out = join(dir, 'p.py');
      const r = await run('export', file, '--lang', 'numpy', '--output', out, '--json');
      expect(r.code).toBe(EXIT.OK);
      const doc = JSON.parse(r.stdout);
      expect(doc.layout).toBe('scipy');
      expect(doc.functions.map((f: { name: string }) => f.name)).toEqual(['fun', 'jac', 'hess', 'eq_fun', 'eq_jac', 'ineq_fun', 'ineq_jac']);
      // Maximise xy with x + y ≤ 2, x = y: the optimum is (1, 1), fun = −xy = −1.
      const extra = `
from scipy.optimize import minimize
r = minimize(m.fun, [0.3, 0.2], jac=m.jac, constraints=m.constraints, method="SLSQP", options={"ftol": 1e-14})
print(json.dumps([float(r.fun)] + [float(v) for v in r.x]))`;
      const { results, extraOutput } = runPython(readFileSync(out, 'utf8'), [{ fn: 'ineq_fun', args: [[3, 0]] }], extra);
      expect(results[0]).toEqual([-1]); // -(x + y - 2) at (3, 0)
      const [f, x, y] = JSON.parse(extraOutput[0]!) as number[];
      expect(f).toBeCloseTo(-1, 8);
      expect(x).toBeCloseTo(1, 6);
      expect(y).toBeCloseTo(1, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints IPOPT callbacks for a problem with --lang c', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagrangian-export-cli-'));
    try {
      const file = join(dir, 'p.json');
      writeFileSync(file, JSON.stringify({ variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] }));
      const c = await run('export', file, '--lang', 'c');
      expect(c.code).toBe(EXIT.OK);
      for (const fn of ['eval_f', 'eval_grad_f', 'eval_g', 'eval_jac_g', 'eval_h']) expect(c.stdout).toContain(`Bool ${fn}(`);
      expect(c.stdout).toContain('NELE_JAC = 2, NELE_HESS = 2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad input with exit 2 and a message', async () => {
    const cases: [string[], RegExp][] = [
      [['export', 'x^2'], /missing --lang/],
      [['export', 'x^2', '--lang', 'fortran'], /unknown language/],
      [['export', 'x^2 +', '--lang', 'c'], /EXPR/],
      [['export', 'x*y', '--lang', 'c', '--wrt', 'x'], /"y", which --wrt does not list/],
      [['export', 'x', '--lang', 'c', '--loops', 'sometimes'], /--loops/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(EXIT.BAD_INPUT);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('needs numbers for a problem\'s parameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagrangian-export-cli-'));
    try {
      const file = join(dir, 'p.json');
      writeFileSync(file, JSON.stringify({ variables: ['x'], parameters: ['a'], minimize: '(x - a)^2' }));
      const r = await run('export', file, '--lang', 'python');
      expect(r.code).toBe(EXIT.BAD_INPUT);
      expect(r.stderr).toContain('parameter_values');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
