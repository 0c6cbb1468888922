/**
 * Matrix calculus benchmarks (issue 12): compiled value-and-gradient of least squares
 * `norm(A*x - b)^2` and logistic regression `sum(log(ones(m) + exp(-y.*(X*w))))` for
 * n = 10, 100, 1000 (m = 2n), against hand-written loops, and the gradient's cost
 * against the function alone; derivation time of the documented forms at n = 10 and 100
 * (matrix notation: independent of n) against the scalarised path (entry by entry).
 *
 * The compiled plans run WebAssembly SIMD loops (`info.backend`, checked below), with
 * fused multiply-adds where the engine has relaxed SIMD (`info.fma`; on Node 20 the
 * vitest setup file sets the flag) and, alongside, multiply then add (`fma: false`). Two
 * ways of passing the data: **in place** (the data filled once into the plan's own
 * arrays, `array(name)`, and those passed to every call; only the point changes) and
 * **copied** (plain Float64Arrays, copied into the plan's memory on every call). NumPy
 * takes its arrays in place, so in place is the like-for-like comparison with
 * scripts/bench-matrix-sympy.py; both are reported. The JS fused loops (`backend: 'js'`)
 * are measured alongside.
 *
 *   npx vitest bench --run test/matrix.bench.ts
 *   python3 scripts/bench-matrix-sympy.py      # SymPy lambdify + NumPy on the same shapes
 */
import { bench, describe } from 'vitest';
import { compileMatrix, compileValueAndGradient, type CompiledMatrix } from '../src/compile/matrix/index.js';
import { relaxedSimd } from '../src/compile/index.js';
import { mgradient } from '../src/diff/matrix/index.js';
import { gradient } from '../src/diff/index.js';
import { declare, declaredNode, parseMatrix, scalarise, variableGrid, type MExpr, type MVar } from '../src/expr/matrix/index.js';
import { seededRandom } from '../src/numeric/random.js';
import { keep } from './support/bench-keep.js';


const OPTS = { time: 600, warmupTime: 300 };

function randomArray(len: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: len }, () => 2 * r() - 1);
}

const decls = declare([
  { name: 'A', shape: ['m', 'n'] }, { name: 'x', shape: ['n'] }, { name: 'b', shape: ['m'] },
  { name: 'X', shape: ['m', 'n'] }, { name: 'w', shape: ['n'] }, { name: 'y', shape: ['m'] },
]);
const leastSquares = parseMatrix('norm(A*x - b)^2', decls);
const logistic = parseMatrix('sum(log(ones(m) + exp(-y.*(X*w))))', decls);

/** Hand-written least squares: f = |Ax - b|^2, g = 2 A'(Ax - b). */
function handLeastSquares(A: Float64Array, x: Float64Array, b: Float64Array, m: number, n: number, r: Float64Array, g: Float64Array): number {
  let f = 0;
  for (let i = 0; i < m; i++) {
    let s = -b[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) s += A[row + j]! * x[j]!;
    r[i] = s;
    f += s * s;
  }
  g.fill(0);
  for (let i = 0; i < m; i++) {
    const ri = 2 * r[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) g[j]! += A[row + j]! * ri;
  }
  return f;
}

/** Hand-written logistic loss: f = sum log(1 + exp(-y_i (Xw)_i)), g = -X'(y .* sigma(-y .* Xw)). */
function handLogistic(X: Float64Array, w: Float64Array, y: Float64Array, m: number, n: number, c: Float64Array, g: Float64Array): number {
  let f = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += X[row + j]! * w[j]!;
    const e = Math.exp(-y[i]! * s);
    f += Math.log(1 + e);
    c[i] = (-y[i]! * e) / (1 + e);
  }
  g.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = c[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) g[j]! += X[row + j]! * ci;
  }
  return f;
}

for (const n of [10, 100, 1000]) {
  const m = 2 * n;
  const dims = { n, m };
  const reps = n === 10 ? 200 : n === 100 ? 10 : 1;
  const A = randomArray(m * n, 1);
  const x = randomArray(n, 2);
  const b = randomArray(m, 3);
  const y = Float64Array.from(randomArray(m, 4), (v) => (v > 0 ? 1 : -1));
  const r = new Float64Array(m);
  const g = new Float64Array(n);

  // Inputs in call order for each form; the data filled once into each plan's own arrays.
  const lsArgs = [A, b, x];
  const lgArgs = [A, x, y];
  const own = (plan: CompiledMatrix, names: readonly string[], args: readonly Float64Array[]): Float64Array[] =>
    names.map((name, i) => {
      const a = plan.array(name);
      a.set(args[i]!);
      return a;
    });
  const forms = [
    { label: `least squares norm(A*x - b)^2`, f: leastSquares, v: 'x', names: ['A', 'b', 'x'], args: lsArgs, point: 2,
      hand: () => keep(handLeastSquares(A, x, b, m, n, r, g)) },
    { label: `logistic sum(log(ones(m) + exp(-y.*(X*w))))`, f: logistic, v: 'w', names: ['X', 'w', 'y'], args: lgArgs, point: 1,
      hand: () => keep(handLogistic(A, x, y, m, n, r, g)) },
  ];
  for (const form of forms) {
    // One thread, so that the rows below compare like with like (NumPy held to one thread);
    // the plan with the default threads is its own row where its loop runs in chunks.
    const plan = compileValueAndGradient(form.f, declaredNode(form.v, decls), dims, form.names, { threads: 1 });
    const planThreads = compileValueAndGradient(form.f, declaredNode(form.v, decls), dims, form.names);
    const planMul = compileValueAndGradient(form.f, declaredNode(form.v, decls), dims, form.names, { fma: false, threads: 1 });
    const planF = compileMatrix([form.f], form.names, dims, { threads: 1 });
    const planJs = compileMatrix([form.f, mgradient(form.f, declaredNode(form.v, decls) as MVar)], form.names, dims, { backend: 'js' });
    if (plan.info.backend !== 'wasm' || planF.info.backend !== 'wasm') throw new Error(`expected WebAssembly plans: ${plan.info.fallback}`);
    // Fused multiply-adds where the engine has relaxed SIMD (Node 20: the flag the setup file sets).
    if (plan.info.fma !== relaxedSimd() || planMul.info.fma !== false) throw new Error('expected the FMA plan and the multiply-then-add plan');
    const inPlace = own(plan, form.names, form.args);
    const inPlaceThreads = own(planThreads, form.names, form.args);
    const inPlaceMul = own(planMul, form.names, form.args);
    const inPlaceF = own(planF, form.names, form.args);
    describe(`${form.label}, n = ${n}, m = ${m} (${reps} calls per iteration)`, () => {
      bench('hand-written loops: f and gradient', () => {
        for (let k = 0; k < reps; k++) form.hand();
      }, OPTS);
      bench('compiled plan (WebAssembly), in place: f and gradient', () => {
        for (let k = 0; k < reps; k++) keep(plan.evaluate(inPlace)[0]![0]!);
      }, OPTS);
      if ((planThreads.info.threads ?? 1) > 1) {
        bench(`compiled plan (WebAssembly, ${planThreads.info.threads} threads), in place: f and gradient`, () => {
          for (let k = 0; k < reps; k++) keep(planThreads.evaluate(inPlaceThreads)[0]![0]!);
        }, OPTS);
      }
      bench('compiled plan (WebAssembly, multiply then add), in place: f and gradient', () => {
        for (let k = 0; k < reps; k++) keep(planMul.evaluate(inPlaceMul)[0]![0]!);
      }, OPTS);
      bench('compiled plan (WebAssembly), inputs copied: f and gradient', () => {
        for (let k = 0; k < reps; k++) keep(plan.evaluate(form.args)[0]![0]!);
      }, OPTS);
      bench('compiled plan (WebAssembly), in place: f alone', () => {
        for (let k = 0; k < reps; k++) keep(planF.evaluate(inPlaceF)[0]![0]!);
      }, OPTS);
      bench('compiled plan (JS fused loops): f and gradient', () => {
        for (let k = 0; k < reps; k++) keep(planJs.evaluate(form.args)[0]![0]!);
      }, OPTS);
      if (n <= 100) {
        // 100 points sharing the data, as the NumPy script's batch.
        const xs = Array.from({ length: 100 }, (_, k) => Float64Array.from(form.args[form.point]!, (t) => t + 0.01 * k));
        const withPoint = (args: readonly Float64Array[], xk: Float64Array): Float64Array[] => args.map((a, i) => (i === form.point ? xk : a));
        const batchInPlace = xs.map((xk) => withPoint(inPlace, xk));
        const batchCopied = xs.map((xk) => withPoint(form.args, xk));
        bench('batch of 100 points (evaluateBatch), data in place', () => {
          keep(plan.evaluateBatch(batchInPlace).length);
        }, OPTS);
        bench('batch of 100 points (evaluateBatch), data copied (once per batch)', () => {
          keep(plan.evaluateBatch(batchCopied).length);
        }, OPTS);
      }
    });
  }
}

// Derivation time: matrix notation (no dimension involved) against the scalarised path.
const FORMS: [string, string][] = [
  ["0.5*x'*A2*x", 'x'],
  ['norm(A*x - b)^2', 'x'],
  ['sum(log(ones(m) + exp(-y.*(X*w))))', 'w'],
  ["tr(A2*X2'*B2*X2*C2)", 'X2'],
  ['log(det(inv(X2)))', 'X2'],
];
const formDecls = declare([
  { name: 'A', shape: ['m', 'n'] }, { name: 'x', shape: ['n'] }, { name: 'b', shape: ['m'] }, { name: 'X', shape: ['m', 'n'] },
  { name: 'w', shape: ['n'] }, { name: 'y', shape: ['m'] }, { name: 'A2', shape: ['n', 'n'] }, { name: 'B2', shape: ['n', 'n'] },
  { name: 'C2', shape: ['n', 'n'] }, { name: 'X2', shape: ['n', 'n'] },
]);
const forms = FORMS.map(([text, wrt]) => ({ text, f: parseMatrix(text, formDecls), x: declaredNode(wrt, formDecls) as MVar }));

/**
 * The scalarised derivation: the entries of f over entry symbols, differentiated by the
 * scalar core with respect to every entry of x (det and inv expand by minors, so the
 * determinant forms are measured only at n = 5).
 */
function scalarisedDerivation(f: MExpr, x: MVar, n: number): void {
  const grid = scalarise(f, { n, m: 2 * n });
  const syms = variableGrid(x, n, x.shape.cols === 1 ? 1 : n).entries.filter((s) => s.kind === 'sym');
  keep(gradient(grid.entries[0]!, syms as never).length);
}

describe('derivation time of the documented forms', () => {
  bench('matrix notation, all five forms (independent of n)', () => {
    // Fresh expressions each time would hit the interning table; the derivation itself is what runs.
    for (const { f, x } of forms) keep(mgradient(f, x).id);
  }, { time: 300, warmupTime: 100 });
  for (const n of [5, 10]) {
    bench(`scalarised path, n = ${n} (least squares, logistic, quadratic form)`, () => {
      for (const { f, x, text } of forms) {
        if (text.includes('det') || text.includes('tr(')) continue;
        scalarisedDerivation(f, x, n);
      }
    }, { time: 300, warmupTime: 100, iterations: 3 });
  }
  bench('scalarised path, n = 5 (trace and log-det forms)', () => {
    for (const { f, x, text } of forms) if (text.includes('det') || text.includes('tr(')) scalarisedDerivation(f, x, 5);
  }, { time: 300, warmupTime: 100, iterations: 3 });
});
