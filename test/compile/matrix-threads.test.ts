/**
 * Large loops of compiled matrix plans in chunks on worker threads (src/compile/wasm/pool.ts,
 * `chunkLoops` in fuse-wasm.ts). A loop of 2^18 multiply-adds or more splits its rows
 * into chunks fixed by the sizes alone; each chunk sums into its own partial block and the
 * blocks are added in chunk order. So: the values are the same bits with one thread,
 * two or three; and they are right, against hand-written loops of the textbook formulas
 * (logistic regression, least squares, an outer-product gradient, sums, norms, dot
 * products), at sizes that leave remainders (odd columns, rows not a multiple of the rows
 * per iteration). Last, a process that compiles and drops threaded plans keeps its memory
 * flat (the workers hold no dropped plan's memory for long).
 */
import { describe, expect, it } from 'vitest';
import { compileMatrix, compileValueAndGradient, type CompiledMatrix } from '../../src/compile/matrix/index.js';
import { declare, declaredNode, parseMatrix, type MVar } from '../../src/expr/matrix/index.js';
import { seededRandom } from '../../src/numeric/random.js';
import { chunksRunByThread } from '../../src/compile/wasm/pool.js';
import { jsonLinesOf } from '../support/child-json.js';

type Shapes = Record<string, readonly string[]>;

/** Compiles `text` (value, or value and gradient w.r.t. `wrt`) with `threads`, fills the plan's arrays with `data`, returns copies of the outputs and the plan. */
function run(text: string, shapes: Shapes, dims: Record<string, number>, data: Record<string, Float64Array>, threads: number, wrt?: string): { out: Float64Array[]; plan: CompiledMatrix } {
  const decls = declare(Object.entries(shapes).map(([name, shape]) => ({ name, shape: [...shape] })));
  const f = parseMatrix(text, decls);
  const inputs = Object.keys(shapes);
  const plan = wrt ? compileValueAndGradient(f, declaredNode(wrt, decls) as MVar, dims, inputs, { threads }) : compileMatrix([f], inputs, dims, { threads });
  const args = inputs.map((name) => {
    const a = plan.array(name);
    a.set(data[name]!);
    return a;
  });
  return { out: plan.evaluate(args).map((a) => a.slice()), plan };
}

function randomVector(rand: () => number, length: number): Float64Array {
  return Float64Array.from({ length }, () => 2 * rand() - 1);
}

/** The largest error relative to max(1, |reference|). */
function relativeError(got: Float64Array, want: Float64Array): number {
  expect(got.length).toBe(want.length);
  let e = 0;
  for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  return e;
}

/** Every output, bit for bit (Object.is tells -0 from 0 and NaN from NaN). */
function sameBits(a: readonly Float64Array[], b: readonly Float64Array[]): boolean {
  return a.length === b.length && a.every((x, i) => x.length === b[i]!.length && x.every((v, j) => Object.is(v, b[i]![j])));
}

/**
 * Compiles `text` once per thread count, and checks what every large case must give: on
 * WebAssembly, one chunked loop, the thread count asked for, values within `tolerance`
 * of the hand loop's `want` (one array per output), and the same bits on every count.
 * Returns the runs.
 */
function checkOnThreads(text: string, shapes: Shapes, dims: Record<string, number>, data: Record<string, Float64Array>, wrt: string | undefined, counts: readonly number[], want: readonly Float64Array[], tolerance: number): { out: Float64Array[]; plan: CompiledMatrix }[] {
  const runs = counts.map((threads) => run(text, shapes, dims, data, threads, wrt));
  runs.forEach((r, k) => {
    expect(r.plan.info.backend, text).toBe('wasm');
    expect(r.plan.info.chunkedLoops, text).toBe(1);
    // Workers are started for what is asked (the test setup installs the thread host), cores or not.
    expect(r.plan.info.threads, text).toBe(counts[k]);
  });
  want.forEach((w, i) => expect(relativeError(runs[0]!.out[i]!, w), `${text}, output ${i}`).toBeLessThan(tolerance));
  for (const r of runs.slice(1)) expect(sameBits(runs[0]!.out, r.out), text).toBe(true);
  return runs;
}

describe('large loops in chunks on threads', () => {
  it('logistic regression at 2000×1000: one loop in chunks, the same bits on 1, 2 and 3 threads, right against the hand loop', () => {
    const m = 2000;
    const n = 1000;
    const rand = seededRandom(11);
    const X = randomVector(rand, m * n);
    const w = randomVector(rand, n);
    const y = Float64Array.from({ length: m }, () => (rand() > 0.5 ? 1 : -1));
    // f = Σ log(1 + exp(-y_i x_i·w)), ∇f = -Σ y_i σ(-y_i x_i·w) x_i.
    let value = 0;
    const grad = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      let z = 0;
      for (let j = 0; j < n; j++) z += X[i * n + j]! * w[j]!;
      const t = Math.exp(-y[i]! * z);
      value += Math.log1p(t);
      const c = (-y[i]! * t) / (1 + t);
      for (let j = 0; j < n; j++) grad[j] += c * X[i * n + j]!;
    }
    checkOnThreads('sum(log(ones(m) + exp(-y.*(X*w))))', { X: ['m', 'n'], w: ['n'], y: ['m'] }, { m, n }, { X, w, y }, 'w', [1, 2, 3], [Float64Array.of(value), grad], 1e-12);
  });

  it('least squares with remainders (2003×1001: odd columns, rows not a multiple of six), the same bits on 1 and 3 threads', () => {
    const m = 2003;
    const n = 1001;
    const rand = seededRandom(12);
    const A = randomVector(rand, m * n);
    const x = randomVector(rand, n);
    const b = randomVector(rand, m);
    // f = |Ax - b|², ∇f = 2 A'(Ax - b).
    let value = 0;
    const grad = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      let r = -b[i]!;
      for (let j = 0; j < n; j++) r += A[i * n + j]! * x[j]!;
      value += r * r;
      for (let j = 0; j < n; j++) grad[j] += 2 * r * A[i * n + j]!;
    }
    checkOnThreads('norm(A*x - b)^2', { A: ['m', 'n'], x: ['n'], b: ['m'] }, { m, n }, { A, x, b }, 'x', [1, 3], [Float64Array.of(value), grad], 1e-11);
  });

  it("an outer-product gradient (u'*exp(W*x) w.r.t. W, 1500×999): rows written apart, no partial sums", () => {
    const m = 1500;
    const n = 999;
    const rand = seededRandom(13);
    const W = randomVector(rand, m * n).map((v) => v / 30);
    const x = randomVector(rand, n);
    const u = randomVector(rand, m);
    // ∂/∂W_ij of Σ_i u_i exp(W_i·x) = u_i exp(W_i·x) x_j.
    const grad = new Float64Array(m * n);
    let value = 0;
    for (let i = 0; i < m; i++) {
      let z = 0;
      for (let j = 0; j < n; j++) z += W[i * n + j]! * x[j]!;
      value += u[i]! * Math.exp(z);
      for (let j = 0; j < n; j++) grad[i * n + j] = u[i]! * Math.exp(z) * x[j]!;
    }
    checkOnThreads("u'*exp(W*x)", { W: ['m', 'n'], x: ['n'], u: ['m'] }, { m, n }, { W, x, u }, 'W', [1, 2], [Float64Array.of(value), grad], 1e-12);
  });

  it("u'*tanh(W*x + b) and its vector-Jacobian product at 2000×1000: one chunked loop on WebAssembly, the same bits on 1 and 2 threads, right against the hand loop", () => {
    const m = 2000;
    const n = 1000;
    const rand = seededRandom(15);
    const W = randomVector(rand, m * n).map((v) => v / 10);
    const x = randomVector(rand, n);
    const b = randomVector(rand, m);
    const u = randomVector(rand, m);
    // f = Σ u_i tanh(z_i), z = W x + b; ∂f/∂x_j = Σ_i u_i (1 − tanh(z_i)²) W_ij.
    let value = 0;
    const grad = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      let z = b[i]!;
      for (let j = 0; j < n; j++) z += W[i * n + j]! * x[j]!;
      const t = Math.tanh(z);
      value += u[i]! * t;
      for (let j = 0; j < n; j++) grad[j] += u[i]! * (1 - t * t) * W[i * n + j]!;
    }
    checkOnThreads("u'*tanh(W*x + b)", { W: ['m', 'n'], x: ['n'], b: ['m'], u: ['m'] }, { m, n }, { W, x, b, u }, 'x', [1, 2], [Float64Array.of(value), grad], 1e-12);
  });

  it("u'*sin(W*x + b) at 2000×1000 with rows beyond sin's vector range: worker threads call their own Math.sin and Math.cos, the same bits as one thread", async () => {
    const m = 2000;
    const n = 1000;
    const rand = seededRandom(16);
    const W = randomVector(rand, m * n).map((v) => v / 10);
    const x = randomVector(rand, n);
    // Every seventh row near 1e7, past the three-part reduction (|z| ≤ 8.2e5).
    const b = Float64Array.from({ length: m }, (_, i) => (i % 7 === 3 ? 1e7 * (1 + rand()) : 2 * rand() - 1));
    const u = randomVector(rand, m);
    let value = 0;
    const grad = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      let z = b[i]!;
      for (let j = 0; j < n; j++) z += W[i * n + j]! * x[j]!;
      value += u[i]! * Math.sin(z);
      for (let j = 0; j < n; j++) grad[j] += u[i]! * Math.cos(z) * W[i * n + j]!;
    }
    const shapes = { W: ['m', 'n'], x: ['n'], b: ['m'], u: ['m'] };
    const [one, two] = [1, 2].map((threads) => run("u'*sin(W*x + b)", shapes, { m, n }, { W, x, b, u }, threads, 'x'));
    expect(one!.plan.info.backend).toBe('wasm');
    expect(one!.plan.info.chunkedLoops).toBe(1);
    expect(two!.plan.info.threads).toBe(2);
    // z near 1e7 carries the rounding of its sum (ulp 2e-9) into sin and cos: a looser bound.
    expect(relativeError(one!.out[0]!, Float64Array.of(value))).toBeLessThan(1e-7);
    expect(relativeError(one!.out[1]!, grad)).toBeLessThan(1e-7);
    expect(sameBits(one!.out, two!.out)).toBe(true);
    // The workers instantiated the module (it imports Math.sin and Math.cos): one that
    // could not would have died, and the pool would give later plans one thread only.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = run("u'*sin(W*x + b)", shapes, { m, n }, { W, x, b, u }, 2, 'x');
    expect(again.plan.info.threads).toBe(2);
    expect(sameBits(one!.out, again.out)).toBe(true);
  });

  it("sums, norms and scaled dot products of 2^21 + 1 entries: partial sums added in chunk order, then the root and the factor", () => {
    const n = 2 ** 21 + 1;
    const rand = seededRandom(14);
    const x = randomVector(rand, n);
    const y = randomVector(rand, n);
    let sumExp = 0;
    let squares = 0;
    let dot = 0;
    for (let i = 0; i < n; i++) {
      sumExp += Math.exp(x[i]!);
      squares += x[i]! * x[i]!;
      dot += x[i]! * y[i]!;
    }
    const cases: [string, number][] = [['sum(exp(x))', sumExp], ['norm(x)', Math.sqrt(squares)], ["3*x'*y", 3 * dot]];
    for (const [text, want] of cases) {
      const shapes: Shapes = text.includes('y') ? { x: ['n'], y: ['n'] } : { x: ['n'] };
      const one = run(text, shapes, { n }, { x, y }, 1);
      const two = run(text, shapes, { n }, { x, y }, 2);
      expect(one.plan.info.chunkedLoops, text).toBe(1);
      expect(Math.abs(one.out[0]![0]! - want) / Math.abs(want), text).toBeLessThan(1e-11);
      expect(sameBits(one.out, two.out), text).toBe(true);
    }
  });

  it('a loop below 2^18 multiply-adds (400×200: 1.6·10^5) runs whole, on this thread', () => {
    const m = 400;
    const n = 200;
    const rand = seededRandom(15);
    const data = { A: randomVector(rand, m * n), x: randomVector(rand, n), b: randomVector(rand, m) };
    const { plan } = run('norm(A*x - b)^2', { A: ['m', 'n'], x: ['n'], b: ['m'] }, { m, n }, data, 4, 'x');
    expect(plan.info.chunkedLoops).toBe(0);
    expect(plan.info.threads).toBe(1);
  });

  it('a plan asking for two threads runs on two, even after another plan started more workers', () => {
    const m = 600;
    const n = 500;
    const rand = seededRandom(17);
    const data = { A: randomVector(rand, m * n), x: randomVector(rand, n), b: randomVector(rand, m) };
    const shapes = { A: ['m', 'n'], x: ['n'], b: ['m'] };
    // Four threads: the pool has three workers, and workers 2 and 3 are seen taking chunks
    // (they start in the background; calls until both have, at most 50,000).
    const four = run('norm(A*x - b)^2', shapes, { m, n }, data, 4, 'x').plan;
    expect(four.info.threads).toBe(4);
    const fourArgs = four.inputs.map((name) => four.array(name));
    const start = chunksRunByThread();
    for (let k = 0; k < 50_000; k++) {
      const now = chunksRunByThread();
      if (now[2]! > start[2]! && now[3]! > start[3]!) break;
      four.evaluate(fourArgs);
    }
    const up = chunksRunByThread();
    expect(up[2]! > start[2]! && up[3]! > start[3]!).toBe(true);
    const { plan } = run('norm(A*x - b)^2', shapes, { m, n }, data, 2, 'x');
    expect(plan.info.threads).toBe(2);
    const args = plan.inputs.map((name) => plan.array(name));
    const before = chunksRunByThread();
    for (let k = 0; k < 2000; k++) plan.evaluate(args);
    const ran = chunksRunByThread().map((c, t) => c - before[t]!);
    // Every chunk of the 2,000 calls (two a call: 6·10^5 multiply-adds, 2^18 per chunk),
    // by this thread and worker 1 only.
    expect(ran[0]! + ran[1]!).toBe(4000);
    expect(ran.slice(2)).toEqual(new Array(ran.length - 2).fill(0));
  });
});

interface Checkpoint {
  plans: number;
  rss: number;
  threads: number;
  sink: boolean;
}

function churn(args: number[]): Promise<Checkpoint[]> {
  return jsonLinesOf<Checkpoint>('test/support/plan-churn.ts', args);
}

describe('memory of a process that compiles threaded plans', () => {
  it('stays flat over 120 plans of 16 MB run on two threads and dropped', { timeout: 300_000 }, async () => {
    const [early, late] = await churn([20, 120]);
    expect(early!.threads).toBe(2);
    expect(early!.sink && late!.sink).toBe(true);
    // 100 more plans of 16 MB: 1.6 GB if the workers kept them; allow 150 MB of noise.
    expect(late!.rss - early!.rss).toBeLessThan(150 * 2 ** 20);
  });
});
