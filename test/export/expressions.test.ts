/**
 * Exported code, run in its own language, against the JS closures of src/compile at 20
 * seeded random points per expression: |exported − closure| ≤ 1e-12 · max(1, |closure|)
 * for f, the gradient, f with the gradient, the Hessian and Hessian-vector products.
 * Python (`python3` with NumPy) and C (`gcc -O2 -lm`) tests skip with a message when the
 * tool is missing; JAX is skipped when `import jax` fails (it is not installable here).
 */
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, parse, type Expr } from '../../src/expr/index.js';
import { compile, compileGradient, compileHessian, compileHvp } from '../../src/compile/index.js';
import { seededRandom } from '../../src/numeric/random.js';
import { exportExpression, type Language, type LoopPolicy } from '../../src/export/index.js';
import { wellsExpr } from '../support/wells-004.js';
import { flatJs, HAS_GCC, HAS_JAX, HAS_PYTHON, importJs, runC, runPython, worstError, type Call, type CKind } from './run-exported.js';
import { rosenbrock as rosenbrockLandscape } from '../../src/optimize/index.js';

/** Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², from the library's own builder. */
function rosenbrock(n: number): { e: Expr; vars: string[] } {
  const { expression, variables } = rosenbrockLandscape(n);
  return { e: expression, vars: variables };
}

/** A sum with every built-in function, each at an argument inside its domain. */
function everyFunction(names: readonly string[] = FUNCTION_NAMES): { e: Expr; vars: string[] } {
  const arg: Record<string, string> = { log: '(2 + tanh(x))', acosh: '(2 + x^2)' };
  const text = names.map((fn, i) => `${i + 1}/7 * ${fn}(${arg[fn] ?? '(0.5 * tanh(x + y/2))'}) * (1 + y^2)`).join(' + ');
  return { e: parse(text), vars: ['x', 'y'] };
}

interface Case {
  readonly name: string;
  readonly e: Expr;
  readonly vars: string[];
  readonly loops?: LoopPolicy;
  readonly hessian: boolean;
  /** The exported gradient must hold at least one loop. */
  readonly expectLoops?: boolean;
  /** Only these languages (default: all). */
  readonly langs?: readonly Language[];
}

const CASES: Case[] = [
  { name: "seed 001's f", e: parse('exp(exp(x) + exp(x)^2) + sin(exp(x) + exp(x)^2)'), vars: ['x'], hessian: true },
  { name: 'Rosenbrock n = 3', ...rosenbrock(3), hessian: true },
  { name: 'Rosenbrock n = 200', ...rosenbrock(200), hessian: false, expectLoops: true },
  { name: "seed 004's wells (loops with per-well constants)", e: wellsExpr(), vars: ['x', 'y'], loops: 'always', hessian: true, expectLoops: true },
  // erf, once FUNCTION_NAMES has it, goes through math.erf, erf_ (SciPy or the fallback), <math.h> erf and the JS helper.
  { name: 'every function', ...everyFunction(), hessian: true },
];
const runs = (c: Case, lang: Language): boolean => !c.langs || c.langs.includes(lang);

const POINTS = 20;

/** The calls and what the closures give for them. */
function reference(c: Case): { calls: Call[]; want: number[][] } {
  const rnd = seededRandom(20261204 + c.vars.length);
  const n = c.vars.length;
  const f = compile(c.e, c.vars);
  const fg = compileGradient(c.e, c.vars);
  const h = c.hessian ? compileHessian(c.e, c.vars) : undefined;
  const hv = compileHvp(c.e, c.vars);
  const calls: Call[] = [];
  const want: number[][] = [];
  for (let p = 0; p < POINTS; p++) {
    const x = Array.from({ length: n }, () => 3 * rnd() - 1.5);
    const v = Array.from({ length: n }, () => 2 * rnd() - 1);
    const xa = Float64Array.from(x);
    const g = new Float64Array(n);
    const value = fg.valueAndGradient(xa, g);
    calls.push({ fn: 'f', args: [x] }, { fn: 'grad', args: [x] }, { fn: 'f_grad', args: [x] }, { fn: 'hvp', args: [x, v] });
    want.push([f.evaluate(xa)[0]!], [...g], [value, ...g], [...hv.evaluate(xa, Float64Array.from(v))]);
    if (h) {
      calls.push({ fn: 'hess', args: [x] });
      want.push([...h.evaluate(xa)]);
    }
  }
  return { calls, want };
}

function exported(c: Case, lang: Language) {
  return exportExpression(c.e, c.vars, { lang, hessian: c.hessian, hvp: true, loops: c.loops });
}

function expectAgree(got: number[][], want: number[][], calls: readonly Call[]): void {
  want.forEach((w, k) => {
    const worst = worstError(got[k]!, w);
    if (!(worst <= 1)) expect.fail(`${calls[k]!.fn} at call ${k}: got [${got[k]!.slice(0, 6).join(', ')}...], want [${w.slice(0, 6).join(', ')}...] (worst error ${worst} x tolerance)`);
  });
}

describe.each(CASES)('export of $name', (c) => {
  const { calls, want } = reference(c);

  it('holds loops where the structure repeats', () => {
    const out = exported(c, runs(c, 'c') ? 'c' : 'js');
    const grad = out.functions.find((f) => f.name === 'grad')!;
    if (c.expectLoops) expect(grad.loops).toBeGreaterThan(0);
    if (runs(c, 'c')) expect(out.code).toContain(c.expectLoops ? 'for (int j0 = 0;' : 'double f(const double *x)');
  });

  it.skipIf(!runs(c, 'js'))('JavaScript module agrees with the closures', async () => {
    const mod = await importJs(exported(c, 'js').code);
    const got = calls.map((call) => flatJs(mod[call.fn]!(...call.args)));
    expectAgree(got, want, calls);
  });

  it.skipIf(!HAS_PYTHON || !runs(c, 'python'))('Python (math) agrees with the closures [needs python3]', () => {
    const { results } = runPython(exported(c, 'python').code, calls);
    expectAgree(results, want, calls);
  });

  it.skipIf(!HAS_PYTHON || !runs(c, 'numpy'))('NumPy agrees with the closures, per point and for all points in one vectorised call [needs python3 with numpy]', () => {
    const code = exported(c, 'numpy').code;
    const n = c.vars.length;
    // All f calls at once: x of shape (n, POINTS).
    const fCalls = calls.filter((call) => call.fn === 'f');
    const columns = Array.from({ length: n }, (_, i) => fCalls.map((call) => (call.args[0] as number[])[i]!));
    const batch: Call = { fn: 'f', args: [columns as unknown as number[]] };
    const { results } = runPython(code, [...calls, batch]);
    expectAgree(results.slice(0, calls.length), want, calls);
    const fWant = want.filter((_, k) => calls[k]!.fn === 'f').map((w) => w[0]!);
    expect(worstError(results[calls.length]!, fWant)).toBeLessThanOrEqual(1);
  });

  it.skipIf(!HAS_JAX || !runs(c, 'jax'))('JAX agrees with the closures [skipped: `import jax` fails; JAX is not installable from the reachable registries]', () => {
    const { results } = runPython(exported(c, 'jax').code, calls);
    expectAgree(results, want, calls);
  });

  it.skipIf(!HAS_GCC || !runs(c, 'c'))('C (gcc -O2 -lm) agrees with the closures [needs gcc]', () => {
    const n = c.vars.length;
    const kinds: Record<string, CKind> = { f: 'scalar', grad: 'vector', f_grad: 'scalar+vector', hess: 'vector', hvp: 'vector' };
    const sizes = { f: 1, grad: n, f_grad: n, hess: n * n, hvp: n };
    const got = runC(exported(c, 'c').code, calls, kinds, sizes);
    expectAgree(got, want, calls);
  });
});
